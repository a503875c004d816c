/**
 * The one typed contract of every cloud call: each function, its actions, their request and response.
 * The app calls only through `callCloud` (services/cloud.ts), the functions implement it
 * (cloudfunctions/_lib/serve.ts), and the local gateway serves the same names. WeChat's typings leave
 * callFunction's result untyped; type safety comes from here.
 *
 * Responses are views: whitelisted shapes built field by field from stored documents.
 */
import type { AuditAction } from './audit'
import type { Envelope } from './errors'
import type { AttributeValue, EventInput, GeoPoint } from './event-input'
import type { EventTypeDefinition, MeasureDefinition } from './event-types'
import type { InvitationRequest, InvitationStatus } from './invitation'
import type { CaseActionInput, CaseActionKind, CaseState, CaseStatus, CaseStep } from './lifecycle'
import type { NodeKind } from './org-tree'
import type { Party } from './personal-data'
import type { ConsentRecord } from './privacy'
import type { GrantView, RoleGrant, StaffRole } from './roles'
import type { FigureDefinition, FigureValue, Period, PeriodRequest } from './figures'
import type { RenderedReport } from './report'
import type { MediaState, PublicationStatus, PublicFields } from './publication'

/** What the app may offer this person (each decided by the policy module). */
export interface Abilities {
  readonly logEvents: boolean
  readonly readStreetFigures: boolean
  readonly managePeople: boolean
  readonly manageOrg: boolean
  readonly readAudit: boolean
  readonly managePrivacy: boolean
  readonly manageCatalogue: boolean
  /** The street's figure definitions and report template (figures.manage). */
  readonly manageFigures: boolean
  /** Closing and reopening a year, late-correction exceptions (year.close). */
  readonly closeYear: boolean
  /** Exporting the report (Word) and the ledgers (Excel) (figures.export). */
  readonly exportFigures: boolean
  /** Importing a ledger kept before the product (ledger.import). */
  readonly importLedgers: boolean
  /** Publicising activities to residents (publication.manage). */
  readonly publishActivities: boolean
  /** Deciding on public content held for review (publication.review). */
  readonly reviewPublications: boolean
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

/** Where an event stands in lists: 已记录, a case 办理中 / 已办结, or 已作废. */
export type EventListStatus = 'recorded' | 'open' | 'closed' | 'voided'

/**
 * An activity in the residents' list: only public fields, as staff wrote them for residents and WeChat's
 * content check passed them (built field by field by `publicItemOf`, nothing else of the stored document).
 */
export interface PublicItem {
  readonly id: string
  readonly type: string
  readonly typeLabel: string
  readonly title: string
  /** YYYY-MM-DD, China time. */
  readonly date: string
  /** HH:mm; endTime '' when open-ended. */
  readonly startTime: string
  readonly endTime: string
  readonly place: string
  /** '' when none. */
  readonly speaker: string
  /** The community (or the street) it is held for. */
  readonly where: string
  /** True while it has not passed (an activity of today is upcoming). */
  readonly upcoming: boolean
  /** A temporary URL of the cover's thumbnail, when it has one that passed the image check. */
  readonly thumb?: string
}

/** One activity as a resident opens it. */
export interface PublicDetail extends PublicItem {
  readonly summary: string
  readonly streetName: string
  /** Temporary URLs of the cover and the photos that passed the image check. */
  readonly cover?: string
  readonly photos: readonly string[]
  /** Whether the caller already asked to be reminded. */
  readonly reminded: boolean
  /** Whether a reminder can still be asked for (upcoming, not started). */
  readonly remindable: boolean
}

/** One public image as staff see it: its check and whether residents see it. */
export interface PublicMediaView {
  readonly fileID: string
  readonly url: string
  readonly state: MediaState
  readonly stateLabel: string
  readonly shown: boolean
}

/** One entry of a publication's history. */
export interface PublicationHistoryView {
  readonly at: string
  readonly byName: string
  readonly action: PublicationHistoryAction
  readonly label: string
  readonly reason?: string
  /** Public field → [before, after] for an edit. */
  readonly changes?: Readonly<Record<string, readonly [unknown, unknown]>>
}

export type PublicationHistoryAction =
  'publish' | 'edit' | 'hold' | 'approve' | 'reject' | 'unpublish' | 'held' | 'mediaChecked' | 'mediaDecided'

/** A publication in staff lists. */
export interface PublicationSummaryView {
  readonly id: string
  readonly type: string
  readonly typeLabel: string
  readonly title: string
  readonly date: string
  readonly startTime: string
  readonly nodeName: string
  readonly status: PublicationStatus
  readonly statusLabel: string
  /** An edit held for review while the published version stays shown. */
  readonly pendingReview: boolean
  /** Images waiting for a check or a decision. */
  readonly mediaAttention: number
  /** The activity's event is logged (it happened and is counted). */
  readonly held: boolean
  readonly version: number
}

/** A publication as staff manage it. */
export interface PublicationView extends PublicationSummaryView {
  /** What residents see (absent until a version passed the check or was approved). */
  readonly live?: PublicFields
  /** A version held for review (WeChat's check answered "review"): shown to nobody until decided. */
  readonly pending?: PublicFields
  readonly media: readonly PublicMediaView[]
  readonly unpublishReason?: string
  readonly eventId?: string
  readonly createdByName: string
  readonly history: readonly PublicationHistoryView[]
  /** What the caller may do. */
  readonly mayManage: boolean
  readonly mayReview: boolean
}

/** A filter of the residents' list. */
export interface PublicFilters {
  readonly types: readonly { readonly type: string; readonly label: string }[]
  readonly communities: readonly { readonly id: string; readonly name: string; readonly streetName: string }[]
}

/** A logged event in lists (a whitelisted view of the stored document). */
export interface EventSummary {
  readonly id: string
  readonly type: string
  readonly typeLabel: string
  readonly title: string
  /** 发生日期 (受理/上报 date for a case), YYYY-MM-DD China time. */
  readonly happenedOn: string
  readonly nodeName: string
  readonly status: EventListStatus
  /** 已记录, 调解中, 已办结, 已作废 … */
  readonly statusLabel: string
  /** For an open case: what it waits for (待调解 …). */
  readonly waitingFor?: string
  readonly measures: Readonly<Record<string, number>>
  readonly photoCount: number
  readonly version: number
  readonly createdAt: string
}

/** One step of a case as its readers see it: the step, its label, and who took it when. */
export interface CaseStepView extends CaseStep {
  readonly label: string
  readonly at: string
  readonly byName: string
}

/** A case's lifecycle as its readers see it, with the steps its status allows next. */
export interface CaseInfo extends Omit<CaseState, 'openedOn' | 'lastStepOn'> {
  readonly waitingFor?: string
  readonly ageDays?: number
  readonly steps: readonly CaseStepView[]
  /** Steps the status allows; empty unless the reader may handle the case. */
  readonly nextSteps: readonly CaseActionKind[]
}

/** One event as the people who may read it see it. */
export interface EventDetail extends EventSummary {
  readonly place: string
  readonly attributes: Readonly<Record<string, AttributeValue>>
  /** Photos with temporary download URLs. */
  readonly photos: readonly { readonly fileID: string; readonly url: string }[]
  readonly location?: GeoPoint
  readonly createdByName: string
  readonly updatedAt?: string
  readonly updatedByName?: string
  readonly voidReason?: string
  readonly case?: CaseInfo
  /** Whether the reader may edit or void it. */
  readonly mayEdit: boolean
  readonly mayHandle: boolean
}

/** One entry of an event's version history: who did what, when, and what changed. */
export interface RevisionView {
  readonly at: string
  readonly byName: string
  readonly action: 'event.create' | 'event.update' | 'event.void' | 'event.restore' | 'case.step'
  readonly label: string
  readonly changes?: Readonly<Record<string, readonly [unknown, unknown]>>
}

/** An event someone else already logged that may be the same real-world event. */
export interface SimilarEventView {
  readonly id: string
  readonly title: string
  readonly byName: string
  readonly nodeName: string
  readonly createdAt: string
}

/** A case in the open-cases list: its age and what it waits for. */
export interface OpenCaseView {
  readonly id: string
  readonly type: string
  readonly typeLabel: string
  readonly title: string
  readonly happenedOn: string
  readonly nodeName: string
  readonly status: CaseStatus
  readonly statusLabel: string
  readonly waitingFor: string
  readonly ageDays: number
  readonly handledByMe: boolean
  readonly version: number
}

/** A dispute case as staff who may read it see it; parties only for those who may read them. */
export interface CaseView {
  readonly id: string
  readonly type: 'dispute'
  readonly title: string
  readonly category: string
  readonly happenedOn: string
  readonly status: CaseStatus
  readonly closedOn?: string
  readonly nodeName: string
  readonly partyCount: number
  /** Masked (张*, 138****5678); absent when the reader may not see parties or they were purged. */
  readonly parties?: readonly Party[]
  readonly partiesPurged: boolean
  readonly handledByMe: boolean
}

/** What a street's people log with: the merged catalogue, and where they log by default. */
export interface CatalogueView {
  readonly types: readonly EventTypeDefinition[]
}

/** Filters of 我的记录. `month` is YYYY-MM; `q` searches titles. */
export interface MyEventsQuery {
  readonly type?: string
  readonly month?: string
  readonly status?: EventListStatus
  readonly q?: string
  readonly cursor?: string
  readonly limit?: number
}

/** A figure's definition as the app shows it (next to its value) and the admin edits it. */
export type FigureView = FigureDefinition & { readonly builtIn: boolean }

/** A figure's value in the period, the same period a year earlier, and since the year was closed. */
export interface FigureTotal {
  readonly key: string
  readonly value: FigureValue
  readonly previous: FigureValue
  /** For a closed year: the value in the snapshot, when it differs from today's. */
  readonly closedValue?: FigureValue
}

/** The figures of one org node (and everything below it) for a period. */
export interface TotalsView {
  readonly node: { readonly id: string; readonly name: string; readonly kind: NodeKind }
  readonly period: Period
  readonly previousPeriod: Period
  readonly figures: readonly FigureView[]
  readonly totals: readonly FigureTotal[]
  /** Month by month (YYYY-MM → figure key → value) for trends: COUNT and SUM figures only. */
  readonly byMonth: readonly { readonly month: string; readonly values: Readonly<Record<string, number>> }[]
  /** Each community and grid below the node, with its COUNT and SUM figures. */
  readonly byNode: readonly {
    readonly nodeId: string
    readonly name: string
    readonly kind: NodeKind
    readonly parentId?: string
    readonly values: Readonly<Record<string, number>>
  }[]
  /** The year's close, when the period lies in a closed year. */
  readonly close?: YearCloseView
  /** Whether the caller may open figures to their events (drill-down). */
  readonly mayOpenEvents: boolean
}

/** The report's figures paragraph for a node and period. */
export interface ReportView {
  readonly period: Period
  readonly nodeName: string
  readonly template: string
  readonly isDefaultTemplate: boolean
  readonly rendered: RenderedReport
}

/** A year's close (结账): when, by whom, the definitions' version, exceptions and reopenings. */
export interface YearCloseView {
  readonly year: number
  readonly status: 'closed' | 'reopened'
  readonly closedAt: string
  readonly closedByName: string
  readonly figuresVersion: number
  readonly history: readonly {
    readonly kind: 'close' | 'reopen' | 'exception'
    readonly at: string
    readonly byName: string
    readonly reason?: string
    readonly eventId?: string
  }[]
  /** Events granted one late correction, not yet used. */
  readonly openExceptions: readonly string[]
}

/** A file made by a function: download it through the temporary URL. */
export interface ExportView {
  readonly fileID: string
  readonly url: string
  readonly fileName: string
}

/** One row of an imported ledger that cannot be imported, and why. */
export interface ImportRowError {
  /** The row number as the spreadsheet shows it (the header is row 1). */
  readonly row: number
  /** The column's header, when one column is at fault. */
  readonly column?: string
  readonly message: string
}

export interface ImportResult {
  readonly dryRun: boolean
  readonly type: string
  readonly rows: number
  readonly errors: readonly ImportRowError[]
  /** Rows stored now (0 on a dry run or when there are errors). */
  readonly created: number
  /** Rows already imported before (re-import is idempotent). */
  readonly alreadyImported: number
  /** Headers of the file's columns not read (序号, 备注, 状态, parties …), when there are any. */
  readonly ignoredColumns?: readonly string[]
}

/** What the reconcile found: rollup documents that disagreed with a recount, and what was repaired. */
export interface ReconcileResult {
  readonly streets: number
  readonly checked: number
  readonly drifted: readonly {
    readonly rollupId: string
    readonly expected: number
    readonly stored: number
  }[]
  readonly repaired: number
  /** Documents written to while the reconcile ran: left for the next run. */
  readonly skipped: number
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
    /**
     * Idempotent: the same `id` sent again returns the same event and changes no total. `nodeId`
     * defaults to where the caller logs (their grid). A 矛盾纠纷 carries `event.parties`.
     */
    create: {
      request: { id: string; type: string; nodeId?: string; event: EventInput }
      response: { event: EventDetail; duplicate: boolean }
    }
    get: { request: { id: string }; response: { event: EventDetail } }
    /**
     * Replaces the editable fields. `version` is the version the edit was based on: a stale one is
     * refused (EVENT.STALE_VERSION); `requestId` makes a retried edit harmless.
     */
    update: {
      request: { id: string; version: number; requestId: string; event: EventInput }
      response: { event: EventDetail; duplicate: boolean }
    }
    /** 作废 with a reason: the event stays visible to staff and counts nowhere. */
    void: {
      request: { id: string; version: number; requestId: string; reason: string }
      response: { event: EventDetail; duplicate: boolean }
    }
    restore: {
      request: { id: string; version: number; requestId: string }
      response: { event: EventDetail; duplicate: boolean }
    }
    /** The version history, oldest first. */
    history: { request: { id: string }; response: { revisions: readonly RevisionView[] } }
    /** 我的记录: what the caller logged, newest first, `limit` (≤ 50) a page. */
    mine: { request: MyEventsQuery; response: { events: readonly EventSummary[]; next?: string } }
    /** Events others already logged of this type, on this date, at this node (a possible duplicate). */
    similar: {
      request: { type: string; happenedOn: string; nodeId?: string; id?: string }
      response: { events: readonly SimilarEventView[] }
    }
    /** The catalogue of the caller's street. */
    catalogue: { request: Record<string, never>; response: CatalogueView }
    /**
     * Street admins: adds or changes one of the street's own types (`type` absent: a new one), or adds
     * measures to a built-in type (`extraMeasures`).
     */
    saveType: {
      request: {
        type?: string
        definition?: Untrusted<Pick<EventTypeDefinition, 'label' | 'unit' | 'measures' | 'attributes'>> & {
          retired?: unknown
          publishable?: unknown
        }
        extraMeasures?: readonly Untrusted<MeasureDefinition>[]
      }
      response: CatalogueView
    }
  }
  cases: {
    /** One lifecycle step (受理→调解中→…); `version` and `requestId` as for events.update. */
    step: {
      request: { id: string; version: number; requestId: string; step: CaseActionInput }
      response: { event: EventDetail; duplicate: boolean }
    }
    /** Open cases at the caller's nodes (their handled cases too), oldest first. */
    open: {
      request: { cursor?: string; limit?: number }
      response: { cases: readonly OpenCaseView[]; next?: string }
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
    /** The street's figure definitions and report template (for display and the admin's editing). */
    figures: {
      request: Record<string, never>
      response: {
        figures: readonly FigureView[]
        version: number
        template: string
        isDefaultTemplate: boolean
      }
    }
    /** Figures of a node (default: the caller's street) for a period, from rollups. */
    totals: { request: { nodeId?: string; period: PeriodRequest }; response: TotalsView }
    /** Drill-down: the events behind one figure, newest first, paged. */
    events: {
      request: { figure: string; nodeId?: string; period: PeriodRequest; cursor?: string; limit?: number }
      response: { events: readonly EventSummary[]; next?: string; total: number }
    }
    report: { request: { nodeId?: string; period: PeriodRequest }; response: ReportView }
    /** Street admin: add (no key) or change a figure; `reset` puts a built-in figure back as shipped. */
    saveFigure: {
      request: { key?: string; figure?: Record<string, unknown>; reset?: boolean }
      response: { figures: readonly FigureView[]; version: number }
    }
    /** Street admin: the report template (null: back to the default). */
    saveTemplate: {
      request: { template: string | null }
      response: { template: string; isDefaultTemplate: boolean }
    }
    closes: { request: Record<string, never>; response: { closes: readonly YearCloseView[] } }
    /**
     * A closed year's figure against its snapshot: the events it takes now that it did not at the close
     * (logged late under an exception, a case closed since …) and those it took then but not now.
     */
    closeChanges: {
      /** `nodeId`: the node the figure is read at; a snapshot is of the whole street (elsewhere: not closed). */
      request: { figure: string; year: number; nodeId?: string }
      response: {
        readonly closed: boolean
        readonly added: readonly EventSummary[]
        readonly removed: readonly EventSummary[]
        readonly addedCount: number
        readonly removedCount: number
      }
    }
    /** Street admin: close an ended year (snapshot of every figure with its events). */
    closeYear: { request: { year: number }; response: { close: YearCloseView } }
    reopenYear: { request: { year: number; reason: string }; response: { close: YearCloseView } }
    /** One late correction of one event in a closed year, logged. */
    grantException: {
      request: { year: number; eventId: string; reason: string }
      response: { close: YearCloseView }
    }
    /** Recount the street's rollups of a year from its events; report and repair drift. */
    reconcile: { request: { year: number }; response: ReconcileResult }
  }
  ledgers: {
    /** Excel: the figure table and one sheet per figure listing its events (personal data masked). */
    exportXlsx: { request: { nodeId?: string; period: PeriodRequest }; response: ExportView }
    /** Word: the report section laid out as an official document. */
    exportDocx: { request: { nodeId?: string; period: PeriodRequest }; response: ExportView }
    /** An uploaded ledger (xlsx or csv, Chinese headers) into events of one type; `dryRun` writes nothing. */
    importLedger: {
      request: { fileID: string; type: string; nodeId?: string; dryRun: boolean }
      response: ImportResult
    }
  }
  publications: {
    /**
     * Staff: publish (or edit) the public face of activity `id`: an event already logged, or an announcement
     * of one to come (`type` and `nodeId` then say what and where). `version` is the publication's, absent
     * for a new one. The text passes WeChat's content check first: risky is refused, review is held.
     */
    publish: {
      request: {
        id: string
        type?: string
        nodeId?: string
        version?: number
        fields: Untrusted<PublicFields>
      }
      response: { publication: PublicationView; outcome: 'published' | 'review' }
    }
    /** Staff: take it down (residents no longer see it); publish again to put it back. */
    unpublish: {
      request: { id: string; version: number; reason: string }
      response: { publication: PublicationView }
    }
    /**
     * Street staff: decide on a version (no `fileID`) held for review, or an image (`fileID`) held for
     * review, whose check failed or whose verdict has not arrived.
     */
    decide: {
      request: { id: string; version: number; approve: boolean; reason?: string; fileID?: string }
      response: { publication: PublicationView }
    }
    /** Staff: the announcement's event has been logged (same id): it is held and counted. */
    held: { request: { id: string }; response: { publication: PublicationView } }
    /** Staff: the street's publications the caller may manage, latest start first (20 read a page). */
    manage: {
      request: { status?: PublicationStatus; cursor?: string }
      response: { publications: readonly PublicationSummaryView[]; next?: string }
    }
    get: { request: { id: string }; response: { publication: PublicationView } }
    /** Anyone: published activities, upcoming (soonest first) then past (newest first), 20 a page. */
    list: {
      request: { type?: string; communityId?: string; cursor?: string }
      response: { items: readonly PublicItem[]; next?: string }
    }
    /** Anyone: one published activity. */
    detail: { request: { id: string }; response: { item: PublicDetail } }
    /** Anyone: what the list can be filtered by. */
    filters: { request: Record<string, never>; response: PublicFilters }
    /** Anyone, after accepting the one-time message: remind me before it starts. */
    remind: { request: { id: string }; response: { reminded: true } }
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
