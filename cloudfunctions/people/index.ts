/**
 * people: onboarding by invitation, and the people of a street. A street admin invites a role at a
 * node (the code is shown once; only its hash is stored); the invited person accepts it and their
 * OPENID is bound; admins list, revoke and transfer people. A transfer ends one grant and starts
 * another, so the person's events (logged under their OPENID) and history stay theirs.
 */
import { createHash, randomBytes } from 'node:crypto'
import type { InvitationView } from '../../src/core/contract'
import { AppError, type ErrorCode } from '../../src/core/errors'
import {
  INVITE_ATTEMPTS,
  INVITE_QR_PREFIX,
  invitationStatus,
  newInviteCode,
  parseInviteCode,
  validateInvitation,
} from '../../src/core/invitation'
import { authorize } from '../../src/core/policy'
import {
  isOwnAdminGrant,
  isStaffRole,
  ROLE_NODE_KIND,
  type RoleGrant,
  type StaffRole,
} from '../../src/core/roles'
import { entryOf, writeAuditIn } from '../_lib/audit'
import { addOnce, db, isoOf, type Doc } from '../_lib/cloud'
import { requireConsent } from '../_lib/consent'
import { meOf } from '../_lib/me'
import {
  findNode,
  findNodes,
  findPerson,
  nodeIdsOf,
  personOf,
  personView,
  type GrantHistoryEntry,
  type Person,
  type StoredNode,
} from '../_lib/people'
import { ownStreet } from '../_lib/scope'
import { serve, type Context } from '../_lib/serve'

/** Why an invitation that is no longer open is refused. */
const CLOSED = { used: 'INVITE.USED', revoked: 'INVITE.REVOKED', expired: 'INVITE.EXPIRED' } as const

/** What accepting came to; a refusal names the street it concerns (for the audit log), when known. */
type AcceptOutcome =
  | { refused: ErrorCode; streetId?: string | null; person?: undefined }
  | { refused?: undefined; person: Person }

const hashOf = (code: string): string => createHash('sha256').update(`invite:${code}`).digest('hex')

function invitationView(doc: Doc, now: Date): InvitationView {
  const expiresAt = doc.expiresAt instanceof Date ? doc.expiresAt : new Date(String(doc.expiresAt))
  return {
    id: String(doc._id),
    role: doc.role as StaffRole,
    nodeId: String(doc.nodeId),
    nodeName: String(doc.nodeName),
    name: String(doc.name),
    status: invitationStatus(doc.status as 'open' | 'used' | 'revoked', expiresAt, now),
    expiresAt: expiresAt.toISOString(),
    createdAt: isoOf(doc.createdAt),
    createdByName: String(doc.createdByName ?? ''),
    ...(doc.usedAt ? { usedAt: isoOf(doc.usedAt) } : {}),
  }
}

/** A node a role may be granted at: found, active, of the role's kind, and within the admin's reach. */
async function grantableNode(
  ctx: Context,
  role: StaffRole,
  nodeId: unknown,
  field: string,
): Promise<StoredNode> {
  const node = await findNode(nodeId)
  if (!node) throw new AppError('ORG.NOT_FOUND', { fields: { [field]: '找不到该组织节点' } })
  await ctx.require('people.manage', node)
  if (node.retired) throw new AppError('ORG.NODE_RETIRED', { fields: { [field]: '该组织节点已撤销' } })
  if (node.kind !== ROLE_NODE_KIND[role])
    throw new AppError('ORG.WRONG_NODE_KIND', { fields: { [field]: '该身份只能设在对应层级的节点上' } })
  return node
}

/**
 * The grant an admin names (person, role, node), after the policy allowed managing people at its node.
 * Whether the person still holds it is decided inside the transaction that changes it.
 */
async function namedGrant(
  ctx: Context,
  id: unknown,
  role: unknown,
  nodeId: unknown,
): Promise<{ openid: string; grant: RoleGrant; node: StoredNode }> {
  if (typeof id !== 'string' || id.length === 0 || id.length > 128) throw new AppError('PEOPLE.NOT_FOUND')
  const node = isStaffRole(role) ? await findNode(nodeId) : undefined
  if (!node || !isStaffRole(role)) throw new AppError('PEOPLE.GRANT_NOT_FOUND')
  await ctx.require('people.manage', node)
  if (isOwnAdminGrant(role, id === ctx.openid)) throw new AppError('PEOPLE.SELF')
  return { openid: id, grant: { role, nodeId: node.id }, node }
}

async function viewOf(ctx: Context, person: Person) {
  return personView(person, await findNodes(nodeIdsOf(person)), ctx.openid)
}

const sameGrant = (a: RoleGrant, b: RoleGrant): boolean => a.role === b.role && a.nodeId === b.nodeId

/** Ends `grant` in the history (to, reason); returns the new history. */
const endGrant = (
  history: readonly GrantHistoryEntry[],
  grant: RoleGrant,
  at: Date,
  by: string,
  reason: string,
) => history.map((h) => (sameGrant(h, grant) && !h.to ? { ...h, to: at, by, reason } : h))

const WINDOW_MS = INVITE_ATTEMPTS.windowMinutes * 60_000

/** One counter per person per fixed 15-minute window. */
const windowId = (openid: string, now: Date): string =>
  `invite:${openid}:${Math.floor(now.getTime() / WINDOW_MS)}`

/** The failed attempts of the current window. */
async function failuresSoFar(openid: string, now: Date): Promise<number> {
  const { data } = await db.collection('rateLimits').doc(windowId(openid, now)).get()
  return Number(data?.failures ?? 0)
}

/** Counts one more failure atomically (create-if-missing, then increment), so parallel guesses all count. */
async function countFailure(openid: string, now: Date): Promise<void> {
  const id = windowId(openid, now)
  await addOnce('rateLimits', { _id: id, failures: 0, windowStart: now })
  await db
    .collection('rateLimits')
    .doc(id)
    .update({ data: { failures: db.command.inc(1) } })
}

/**
 * Rewrites a person's grants inside a transaction that re-reads them, so two admins changing the same
 * person at once never undo each other; the audit entry commits with the change.
 */
async function updateGrants(
  ctx: Context,
  openid: string,
  action: 'people.revoke' | 'people.transfer',
  streetId: string | null | undefined,
  change: (person: Person) => { grants: RoleGrant[]; history: GrantHistoryEntry[] } | ErrorCode,
): Promise<Person> {
  const outcome = await db.runTransaction(
    async (
      t,
    ): Promise<{ refused: ErrorCode; person?: undefined } | { refused?: undefined; person: Person }> => {
      const { data } = await t.collection('users').doc(openid).get()
      if (!data) return { refused: 'PEOPLE.NOT_FOUND' }
      const before = personOf(data)
      const next = change(before)
      if (typeof next === 'string') return { refused: next }
      const status = next.grants.length === 0 ? 'revoked' : 'active'
      await t
        .collection('users')
        .doc(openid)
        .update({ data: { ...next, status } })
      await writeAuditIn(
        t,
        ctx.entry(
          action,
          streetId,
          { kind: 'person', id: openid, label: before.name },
          { grants: [before.grants, next.grants], status: [before.status, status] },
        ),
      )
      return { person: personOf({ ...data, ...next, status }) }
    },
  )
  if (outcome.refused !== undefined) throw new AppError(outcome.refused)
  return outcome.person
}

export const main = serve('people', {
  invite: {
    access: 'people.manage',
    async run(request, ctx) {
      const checked = validateInvitation(request)
      if (!checked.ok) throw new AppError('INVITE.INVALID', { fields: checked.fields })
      const { role, nodeId, name, validDays } = checked.value
      const node = await grantableNode(ctx, role, nodeId, 'nodeId')
      const code = newInviteCode((n) => randomBytes(n))
      const now = new Date()
      const doc = {
        _id: hashOf(code),
        role,
        nodeId: node.id,
        nodeName: node.name,
        streetId: node.streetId ?? null,
        name,
        status: 'open',
        createdAt: now,
        expiresAt: new Date(now.getTime() + validDays * 86_400_000),
        createdBy: ctx.openid,
        createdByName: ctx.person?.name ?? '',
      }
      await db.runTransaction(async (t) => {
        await t.collection('invitations').add({ data: doc })
        await writeAuditIn(
          t,
          ctx.entry(
            'people.invite',
            node.streetId,
            { kind: 'invitation', id: doc._id, label: `${name} · ${node.name}` },
            {
              role: [null, role],
              nodeId: [null, node.id],
              expiresAt: [null, doc.expiresAt.toISOString()],
            },
          ),
        )
      })
      return { invitation: invitationView(doc, now), code, qr: `${INVITE_QR_PREFIX}${code}` }
    },
  },

  invitations: {
    access: 'people.manage',
    async run(_request, ctx) {
      const street = await ownStreet(ctx, 'people.manage')
      const { data } = await db
        .collection('invitations')
        .where({ streetId: street.id })
        .orderBy('createdAt', 'desc')
        .limit(100)
        .get()
      const now = new Date()
      return { invitations: data.map((d) => invitationView(d, now)) }
    },
  },

  revokeInvitation: {
    access: 'people.manage',
    async run(request, ctx) {
      const id = typeof request.id === 'string' && /^[0-9a-f]{64}$/.test(request.id) ? request.id : ''
      const { data } = id ? await db.collection('invitations').doc(id).get() : { data: null }
      if (!data) throw new AppError('INVITE.NOT_FOUND')
      const node = await findNode(data.nodeId)
      if (!node) throw new AppError('ORG.NOT_FOUND')
      await ctx.require('people.manage', node)
      const now = new Date()
      // Re-read in the transaction: an invitation accepted meanwhile is not marked revoked.
      const outcome = await db.runTransaction(async (t): Promise<{ refused?: ErrorCode; stored?: Doc }> => {
        const { data: current } = await t.collection('invitations').doc(id).get()
        if (!current) return { refused: 'INVITE.NOT_FOUND' }
        const status = invitationView(current, now).status
        if (status === 'used') return { refused: 'INVITE.USED' }
        if (status === 'revoked') return { stored: current }
        await t
          .collection('invitations')
          .doc(id)
          .update({ data: { status: 'revoked', revokedAt: now } })
        await writeAuditIn(
          t,
          ctx.entry(
            'people.revokeInvitation',
            node.streetId,
            { kind: 'invitation', id, label: `${String(current.name)} · ${node.name}` },
            { status: [status, 'revoked'] },
          ),
        )
        return { stored: { ...current, status: 'revoked' } }
      })
      if (outcome.refused) throw new AppError(outcome.refused)
      return { invitation: invitationView(outcome.stored!, now) }
    },
  },

  accept: {
    access: 'anyone',
    async run(request, ctx) {
      const openid = ctx.openid
      if (!openid) throw new AppError('REQUEST.INVALID')
      const now = new Date()
      if ((await failuresSoFar(openid, now)) >= INVITE_ATTEMPTS.max) await ctx.refuse('INVITE.RATE_LIMITED')
      const consent = await requireConsent(openid)
      const code = parseInviteCode(request.code)
      const id = code ? hashOf(code) : undefined
      const outcome = !id
        ? ({ refused: 'INVITE.NOT_FOUND' } as AcceptOutcome)
        : await db.runTransaction(async (t): Promise<AcceptOutcome> => {
            const { data: inv } = await t.collection('invitations').doc(id).get()
            if (!inv) return { refused: 'INVITE.NOT_FOUND' }
            const streetId = (inv.streetId as string | null) ?? null
            const refuse = (refused: ErrorCode): AcceptOutcome => ({ refused, streetId })
            if (inv.createdBy === openid) return refuse('INVITE.SELF')
            const status = invitationStatus(inv.status as 'open', inv.expiresAt as Date, now)
            if (status !== 'open') return refuse(CLOSED[status])
            // The invitation is only as good as its inviter's right to invite there, now (plain reads:
            // nodes and the inviter are not written here).
            const [node, inviter] = await Promise.all([
              findNode(inv.nodeId),
              findPerson(String(inv.createdBy)),
            ])
            if (!node || node.retired) return refuse('ORG.NODE_RETIRED')
            if (!inviter || !authorize(inviter, 'people.manage', node).allowed)
              return refuse('INVITE.REVOKED')
            const grant: RoleGrant = { role: inv.role as StaffRole, nodeId: node.id }
            const { data: existing } = await t.collection('users').doc(openid).get()
            const person = existing ? personOf(existing) : undefined
            if (person?.grants.some((g) => sameGrant(g, grant))) return refuse('INVITE.ALREADY_HELD')
            // A person works for one street (ADR 0004): joining another needs the first to let them go.
            if (person && person.grants.length > 0 && person.streetId !== streetId)
              return refuse('INVITE.OTHER_STREET')
            const user = {
              name: person?.name || String(inv.name),
              streetId,
              grants: [...(person?.grants ?? []), grant],
              status: 'active',
              history: [...(person?.history ?? []), { ...grant, from: now, by: String(inv.createdBy) }],
              consentVersion: consent.version,
            }
            await t.collection('users').doc(openid).set({ data: user })
            await t
              .collection('invitations')
              .doc(id)
              .update({ data: { status: 'used', usedBy: openid, usedAt: now } })
            // The newcomer is the actor, under the name they now have.
            await writeAuditIn(
              t,
              entryOf(
                { actor: openid, actorName: user.name },
                'people.accept',
                streetId,
                { kind: 'invitation', id, label: `${user.name} · ${node.name}` },
                { grants: [person?.grants ?? [], user.grants] },
              ),
            )
            return { person: personOf({ _id: openid, ...user }) }
          })
      // Only a code that matches nothing counts towards the limit: that is what guessing looks like.
      if (outcome.refused === 'INVITE.NOT_FOUND') await countFailure(openid, now)
      if (outcome.refused !== undefined) return ctx.refuse(outcome.refused, outcome.streetId)
      return { me: await meOf(outcome.person, consent) }
    },
  },

  list: {
    access: 'people.manage',
    async run(_request, ctx) {
      const street = await ownStreet(ctx, 'people.manage')
      // A street has tens to a few hundred people: one page of the platform's maximum.
      const { data } = await db.collection('users').where({ streetId: street.id }).limit(1000).get()
      const people = data.map(personOf)
      const nodes = await findNodes(people.flatMap(nodeIdsOf))
      return {
        people: people
          .map((p) => personView(p, nodes, ctx.openid))
          .sort((a, b) =>
            a.status === b.status ? a.name.localeCompare(b.name, 'zh') : a.status === 'active' ? -1 : 1,
          ),
      }
    },
  },

  revoke: {
    access: 'people.manage',
    async run(request, ctx) {
      const { openid, grant, node } = await namedGrant(ctx, request.id, request.role, request.nodeId)
      const now = new Date()
      const updated = await updateGrants(ctx, openid, 'people.revoke', node.streetId, (p) =>
        p.grants.some((g) => sameGrant(g, grant))
          ? {
              grants: p.grants.filter((g) => !sameGrant(g, grant)),
              history: endGrant(p.history, grant, now, ctx.openid ?? '', '停用'),
            }
          : 'PEOPLE.GRANT_NOT_FOUND',
      )
      return { person: await viewOf(ctx, updated) }
    },
  },

  transfer: {
    access: 'people.manage',
    async run(request, ctx) {
      const { openid, grant } = await namedGrant(ctx, request.id, request.role, request.fromNodeId)
      const to = await grantableNode(ctx, grant.role, request.toNodeId, 'toNodeId')
      if (to.id === grant.nodeId) {
        const person = await findPerson(openid)
        if (!person?.grants.some((g) => sameGrant(g, grant))) throw new AppError('PEOPLE.GRANT_NOT_FOUND')
        return { person: await viewOf(ctx, person) }
      }
      const now = new Date()
      const by = ctx.openid ?? ''
      const moved: RoleGrant = { role: grant.role, nodeId: to.id }
      const updated = await updateGrants(ctx, openid, 'people.transfer', to.streetId, (p) => {
        if (!p.grants.some((g) => sameGrant(g, grant))) return 'PEOPLE.GRANT_NOT_FOUND'
        if (p.grants.some((g) => sameGrant(g, moved))) return 'INVITE.ALREADY_HELD'
        return {
          grants: p.grants.map((g) => (sameGrant(g, grant) ? moved : g)),
          history: [...endGrant(p.history, grant, now, by, '调动'), { ...moved, from: now, by }],
        }
      })
      return { person: await viewOf(ctx, updated) }
    },
  },
})
