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
import { isStaffRole, ROLE_NODE_KIND, type RoleGrant, type StaffRole } from '../../src/core/roles'
import { writeAudit, writeAuditIn } from '../_lib/audit'
import { db, isoOf, type Doc } from '../_lib/cloud'
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
import { adminStreet } from '../_lib/scope'
import { serve, type Context } from '../_lib/serve'

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

/** The person addressed by an admin, with the grant named in the request. */
async function personWithGrant(
  id: unknown,
  role: unknown,
  nodeId: unknown,
): Promise<{ person: Person; grant: RoleGrant }> {
  const person = typeof id === 'string' && id.length <= 128 ? await findPerson(id) : undefined
  if (!person) throw new AppError('PEOPLE.NOT_FOUND')
  const grant = person.grants.find((g) => g.role === role && g.nodeId === nodeId)
  if (!grant || !isStaffRole(role)) throw new AppError('PEOPLE.GRANT_NOT_FOUND')
  return { person, grant }
}

async function viewOf(person: Person) {
  return personView(person, await findNodes(nodeIdsOf(person)))
}

/** Ends `grant` in the history (to, reason); returns the new history. */
const endGrant = (
  history: readonly GrantHistoryEntry[],
  grant: RoleGrant,
  at: Date,
  by: string,
  reason: string,
) =>
  history.map((h) =>
    h.role === grant.role && h.nodeId === grant.nodeId && !h.to ? { ...h, to: at, by, reason } : h,
  )

/** Counts a failed attempt to use an invitation; refuses when the window's allowance is spent. */
async function attemptsLeft(openid: string, now: Date): Promise<{ failures: number; windowStart: Date }> {
  const { data } = await db.collection('rateLimits').doc(`invite:${openid}`).get()
  const windowStart = data?.windowStart instanceof Date ? data.windowStart : now
  const fresh = now.getTime() - windowStart.getTime() > INVITE_ATTEMPTS.windowMinutes * 60_000
  return fresh ? { failures: 0, windowStart: now } : { failures: Number(data?.failures ?? 0), windowStart }
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
      await db.collection('invitations').add({ data: doc })
      await writeAudit(
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
      return { invitation: invitationView(doc, now), code, qr: `${INVITE_QR_PREFIX}${code}` }
    },
  },

  invitations: {
    access: 'people.manage',
    async run(_request, ctx) {
      const street = await adminStreet(ctx, 'people.manage')
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
      const status = invitationView(data, now).status
      if (status === 'used') throw new AppError('INVITE.USED')
      if (status === 'open' || status === 'expired') {
        await db
          .collection('invitations')
          .doc(id)
          .update({ data: { status: 'revoked', revokedAt: now } })
        await writeAudit(
          ctx.entry(
            'people.revokeInvitation',
            node.streetId ?? null,
            { kind: 'invitation', id, label: `${String(data.name)} · ${node.name}` },
            { status: [status, 'revoked'] },
          ),
        )
      }
      return { invitation: invitationView({ ...data, status: 'revoked' }, now) }
    },
  },

  accept: {
    access: 'anyone',
    async run(request, ctx) {
      const openid = ctx.openid
      if (!openid) throw new AppError('REQUEST.INVALID')
      const now = new Date()
      const attempts = await attemptsLeft(openid, now)
      if (attempts.failures >= INVITE_ATTEMPTS.max) await ctx.refuse('INVITE.RATE_LIMITED')
      const consent = await requireConsent(openid)
      const code = parseInviteCode(request.code)
      const outcome = code
        ? await db.runTransaction(async (t): Promise<AcceptOutcome> => {
            const id = hashOf(code)
            const { data: inv } = await t.collection('invitations').doc(id).get()
            if (!inv) return { refused: 'INVITE.NOT_FOUND' as const }
            const status = invitationStatus(inv.status as 'open', inv.expiresAt as Date, now)
            if (status !== 'open') {
              const code =
                status === 'used' ? 'INVITE.USED' : status === 'revoked' ? 'INVITE.REVOKED' : 'INVITE.EXPIRED'
              return { refused: code, streetId: inv.streetId as string | null }
            }
            const grant: RoleGrant = { role: inv.role as StaffRole, nodeId: String(inv.nodeId) }
            const { data: existing } = await t.collection('users').doc(openid).get()
            const person = existing ? personOf(existing) : undefined
            if (person?.grants.some((g) => g.role === grant.role && g.nodeId === grant.nodeId))
              return { refused: 'INVITE.ALREADY_HELD' as const, streetId: inv.streetId as string | null }
            const history: GrantHistoryEntry[] = [
              ...(person?.history ?? []),
              { ...grant, from: now, by: String(inv.createdBy) },
            ]
            const user = {
              name: person?.name || String(inv.name),
              streetId: inv.streetId,
              grants: [...(person?.grants ?? []), grant],
              status: 'active',
              history,
            }
            await t.collection('users').doc(openid).set({ data: user })
            await t
              .collection('invitations')
              .doc(id)
              .update({ data: { status: 'used', usedBy: openid, usedAt: now } })
            await writeAuditIn(t, {
              action: 'people.accept',
              streetId: (inv.streetId as string | null) ?? null,
              actor: openid,
              actorName: user.name,
              outcome: 'ok',
              target: { kind: 'invitation', id, label: `${user.name} · ${String(inv.nodeName)}` },
              changes: { grants: [person?.grants ?? [], user.grants] },
            })
            return { person: personOf({ _id: openid, ...user }) }
          })
        : ({ refused: 'INVITE.NOT_FOUND' } as AcceptOutcome)
      if (outcome.refused !== undefined) {
        if (outcome.refused === 'INVITE.NOT_FOUND') {
          // Only a code that matches nothing counts towards the limit: that is what guessing looks like.
          await db
            .collection('rateLimits')
            .doc(`invite:${openid}`)
            .set({ data: { windowStart: attempts.windowStart, failures: attempts.failures + 1 } })
        }
        return ctx.refuse(outcome.refused, outcome.streetId ?? null)
      }
      return { me: await meOf(outcome.person, consent) }
    },
  },

  list: {
    access: 'people.manage',
    async run(_request, ctx) {
      const street = await adminStreet(ctx, 'people.manage')
      // A street has tens to a few hundred people: one page of the platform's maximum.
      const { data } = await db.collection('users').where({ streetId: street.id }).limit(1000).get()
      const people = data.map(personOf)
      const nodes = await findNodes(people.flatMap(nodeIdsOf))
      return {
        people: people
          .map((p) => personView(p, nodes))
          .sort((a, b) =>
            a.status === b.status ? a.name.localeCompare(b.name, 'zh') : a.status === 'active' ? -1 : 1,
          ),
      }
    },
  },

  revoke: {
    access: 'people.manage',
    async run(request, ctx) {
      const { person, grant } = await personWithGrant(request.id, request.role, request.nodeId)
      const node = await findNode(grant.nodeId)
      await ctx.require('people.manage', node ?? { id: grant.nodeId, ancestors: [] })
      if (person.openid === ctx.openid && grant.role === 'streetAdmin') throw new AppError('PEOPLE.SELF')
      const now = new Date()
      const grants = person.grants.filter((g) => g !== grant)
      const next = {
        grants,
        status: grants.length === 0 ? 'revoked' : 'active',
        history: endGrant(person.history, grant, now, ctx.openid ?? '', '停用'),
      }
      await db.runTransaction(async (t) => {
        await t.collection('users').doc(person.openid).update({ data: next })
        await writeAuditIn(
          t,
          ctx.entry(
            'people.revoke',
            node?.streetId ?? person.streetId ?? null,
            { kind: 'person', id: person.openid, label: person.name },
            { grants: [person.grants, grants], status: [person.status, next.status] },
          ),
        )
      })
      return {
        person: await viewOf(
          personOf({ _id: person.openid, name: person.name, streetId: person.streetId, ...next }),
        ),
      }
    },
  },

  transfer: {
    access: 'people.manage',
    async run(request, ctx) {
      const { person, grant } = await personWithGrant(request.id, request.role, request.fromNodeId)
      const from = await findNode(grant.nodeId)
      await ctx.require('people.manage', from ?? { id: grant.nodeId, ancestors: [] })
      const to = await grantableNode(ctx, grant.role, request.toNodeId, 'toNodeId')
      if (to.id === grant.nodeId) return { person: await viewOf(person) }
      const now = new Date()
      const moved: RoleGrant = { role: grant.role, nodeId: to.id }
      if (person.grants.some((g) => g.role === moved.role && g.nodeId === moved.nodeId))
        throw new AppError('INVITE.ALREADY_HELD')
      const by = ctx.openid ?? ''
      const next = {
        grants: person.grants.map((g) => (g === grant ? moved : g)),
        history: [...endGrant(person.history, grant, now, by, '调动'), { ...moved, from: now, by }],
      }
      await db.runTransaction(async (t) => {
        await t.collection('users').doc(person.openid).update({ data: next })
        await writeAuditIn(
          t,
          ctx.entry(
            'people.transfer',
            to.streetId ?? null,
            { kind: 'person', id: person.openid, label: person.name },
            { nodeId: [grant.nodeId, to.id] },
          ),
        )
      })
      return {
        person: await viewOf(
          personOf({
            _id: person.openid,
            name: person.name,
            streetId: person.streetId,
            status: person.status,
            ...next,
          }),
        ),
      }
    },
  },
})
