/**
 * The one typed contract of every cloud call: each function, its actions, their request and response.
 * The app calls only through `callCloud` (services/cloud.ts), the functions implement it
 * (cloudfunctions/_lib/serve.ts), and the local gateway serves the same names. WeChat's typings leave
 * callFunction's result untyped; type safety comes from here.
 *
 * Responses are views: whitelisted shapes built field by field from stored documents.
 */
import type { AuditAction } from './audit'
import type { CaseStatus, DisputeCategory, DisputeInput } from './dispute'
import type { Envelope } from './errors'
import type { InvitationRequest, InvitationStatus } from './invitation'
import type { Lecture } from './lecture'
import type { NodeKind } from './org-tree'
import type { Party } from './personal-data'
import type { ConsentRecord } from './privacy'
import type { GrantView, RoleGrant, StaffRole } from './roles'
import type { LectureTotals } from './totals'

/** What the app may offer this person (each decided by the policy module). */
export interface Abilities {
  readonly logEvents: boolean
  readonly readStreetFigures: boolean
  readonly managePeople: boolean
  readonly manageOrg: boolean
  readonly readAudit: boolean
  readonly managePrivacy: boolean
}

export interface Me {
  readonly name: string
  readonly grants: readonly GrantView[]
  /** The street the person works in, when known. */
  readonly streetName?: string
  /** True when the person holds any grant. */
  readonly staff: boolean
  /** True when every grant of the person has been revoked. */
  readonly revoked: boolean
  readonly may: Abilities
  /** The consent on record, if any; `consentCurrent` says whether it is to the notice in force. */
  readonly consent?: ConsentRecord
  readonly consentCurrent: boolean
}

/** A logged event as its handlers see it (a whitelisted view of the stored document). */
export interface EventView extends Lecture {
  readonly id: string
  readonly type: 'lecture'
  readonly nodeName: string
  readonly createdAt: string
}

/** A dispute case as staff who may read it see it; parties only for those who may read them. */
export interface CaseView {
  readonly id: string
  readonly type: 'dispute'
  readonly title: string
  readonly category: DisputeCategory
  readonly acceptedOn: string
  readonly status: CaseStatus
  readonly closedOn?: string
  readonly nodeName: string
  readonly partyCount: number
  /** Masked (张*, 138****5678); absent when the reader may not see parties or they were purged. */
  readonly parties?: readonly Party[]
  readonly partiesPurged: boolean
  readonly handledByMe: boolean
}

export interface YearTotals {
  readonly year: number
  readonly streetName: string
  readonly lecture: LectureTotals
}

export interface InvitationView {
  readonly id: string
  readonly role: StaffRole
  readonly nodeId: string
  readonly nodeName: string
  readonly name: string
  readonly status: InvitationStatus
  readonly expiresAt: string
  readonly createdAt: string
  readonly createdByName: string
  readonly usedAt?: string
}

export interface GrantHistoryView {
  readonly role: StaffRole
  readonly nodeName: string
  readonly from: string
  readonly to?: string
  readonly reason?: string
}

export interface PersonView {
  /** The person's OPENID in this mini-program (what revoke and transfer address). */
  readonly id: string
  readonly name: string
  readonly grants: readonly GrantView[]
  readonly status: 'active' | 'revoked'
  readonly history: readonly GrantHistoryView[]
  /** True on the admin's own entry: their own 街道管理员 grant is left to another admin (PEOPLE.SELF). */
  readonly self: boolean
}

export interface OrgNodeView {
  readonly id: string
  readonly kind: NodeKind
  readonly name: string
  readonly parentId: string | null
  readonly retired: boolean
  /** For street admins: people holding a grant at this node. */
  readonly peopleCount?: number
}

export interface AuditEntryView {
  readonly id: string
  readonly at: string
  readonly action: AuditAction
  readonly actorName: string
  readonly outcome: 'ok' | 'refused'
  /** For a refusal: the code it was refused with and what was attempted. */
  readonly code?: string
  readonly attempted?: string
  readonly target?: { readonly kind: string; readonly id: string; readonly label?: string }
  readonly changes?: Readonly<Record<string, readonly [unknown, unknown]>>
}

type Untrusted<T> = { [K in keyof T]: unknown }

export interface Contract {
  session: {
    me: { request: Record<string, never>; response: Me }
    /** Records consent to the privacy notice of `version` (must be the one in force). */
    consent: { request: { version: string }; response: { consent: ConsentRecord } }
  }
  events: {
    /** Idempotent: the same `id` sent again returns the same event and changes no total. */
    create: {
      request: { id: string; type: 'lecture'; lecture: Record<keyof Lecture, unknown> }
      response: { event: EventView; duplicate: boolean }
    }
  }
  cases: {
    /** Accepts (受理) a dispute case with its parties; idempotent on the client-generated id. */
    open: {
      request: { id: string; dispute: Untrusted<DisputeInput> }
      response: { case: CaseView; duplicate: boolean }
    }
    get: { request: { id: string }; response: { case: CaseView } }
    /** The parties unmasked; each reading is written to the audit log. */
    revealParties: { request: { id: string }; response: { parties: readonly Party[] } }
    retention: { request: Record<string, never>; response: { years: number } }
    setRetention: { request: { years: number }; response: { years: number } }
    /** Purges now what the nightly timer would purge; returns how many cases lost their parties. */
    purge: { request: Record<string, never>; response: { purged: number } }
  }
  stats: {
    yearTotals: { request: { year: number }; response: YearTotals }
  }
  people: {
    invite: {
      request: Untrusted<InvitationRequest>
      response: { invitation: InvitationView; code: string; qr: string }
    }
    invitations: { request: Record<string, never>; response: { invitations: readonly InvitationView[] } }
    revokeInvitation: { request: { id: string }; response: { invitation: InvitationView } }
    /** Anyone: binds the caller's OPENID to the invitation's role and node. */
    accept: { request: { code: string }; response: { me: Me } }
    list: { request: Record<string, never>; response: { people: readonly PersonView[] } }
    revoke: { request: { id: string } & RoleGrant; response: { person: PersonView } }
    transfer: {
      request: { id: string; role: StaffRole; fromNodeId: string; toNodeId: string }
      response: { person: PersonView }
    }
  }
  org: {
    /** The caller's part of the tree: their street (or community, grid) and everything below. */
    tree: { request: { includeRetired?: boolean }; response: { nodes: readonly OrgNodeView[] } }
    add: { request: { parentId: string; name: string }; response: { node: OrgNodeView } }
    rename: { request: { id: string; name: string }; response: { node: OrgNodeView } }
    move: { request: { id: string; parentId: string }; response: { node: OrgNodeView } }
    retire: { request: { id: string }; response: { node: OrgNodeView } }
  }
  audit: {
    /** Newest first; `before` is the `next` cursor of the previous page. */
    list: {
      request: { before?: string; limit?: number }
      response: { entries: readonly AuditEntryView[]; next?: string }
    }
  }
}

export type FunctionName = keyof Contract
export type ActionName<F extends FunctionName> = keyof Contract[F] & string
type Spec<F extends FunctionName, A extends ActionName<F>> = Contract[F][A] extends {
  request: infer Q
  response: infer R
}
  ? { request: Q; response: R }
  : never
export type RequestOf<F extends FunctionName, A extends ActionName<F>> = Spec<F, A>['request']
export type ResponseOf<F extends FunctionName, A extends ActionName<F>> = Spec<F, A>['response']

/** What travels as callFunction's data: the action and its request. */
export type CallData<F extends FunctionName, A extends ActionName<F>> = { action: A } & RequestOf<F, A>

export type CloudResult<F extends FunctionName, A extends ActionName<F>> = Envelope<ResponseOf<F, A>>
