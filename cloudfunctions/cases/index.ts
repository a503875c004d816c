/**
 * cases: dispute cases (矛盾纠纷) and their parties' personal details. The case's countable fields live
 * in `events` with every other event; the parties live apart in `caseParties`, read only through
 * `get` (masked) and `revealParties` (unmasked, written to the audit log), and purged once the case
 * has been closed longer than the street's retention period. The nightly timer does the purging; an
 * admin may also run it at once.
 */
import { chinaToday, yearOf } from '../../src/core/china-time'
import type { CaseView } from '../../src/core/contract'
import {
  validateDispute,
  type CaseStatus,
  type DisputeCategory,
  type DisputeInput,
} from '../../src/core/dispute'
import { AppError } from '../../src/core/errors'
import { EVENT_ID } from '../../src/core/lecture'
import {
  isValidRetention,
  maskParty,
  purgeCutoff,
  RETENTION_YEARS,
  type Party,
} from '../../src/core/personal-data'
import { entryOf, writeAudit, writeAuditIn } from '../_lib/audit'
import { addEventOnce, eventOrigin } from '../_lib/events.repository'
import { db, isDuplicateKey, type Doc } from '../_lib/cloud'
import { requireConsent } from '../_lib/consent'
import { nodeOf } from '../_lib/people'
import { eventIdOf, loggingNode, ownStreet } from '../_lib/scope'
import { serve, type PolicyTarget } from '../_lib/serve'

interface StoredCase {
  readonly doc: Doc
  readonly target: PolicyTarget
  readonly handlers: string[]
}

async function findCase(id: unknown): Promise<StoredCase> {
  const { data } =
    typeof id === 'string' && EVENT_ID.test(id) ? await db.collection('events').doc(id).get() : { data: null }
  if (!data || data.type !== 'dispute') throw new AppError('CASE.NOT_FOUND')
  // The node as it was when the case was accepted: a case keeps its node when the tree changes.
  const path = Array.isArray(data.ancestors) ? (data.ancestors as string[]) : []
  return {
    doc: data,
    target: { id: String(data.nodeId), ancestors: path.slice(0, -1), streetId: String(data.streetId) },
    handlers: Array.isArray(data.handlers) ? (data.handlers as string[]) : [],
  }
}

function caseView(
  doc: Doc,
  openid: string | undefined,
  parties: { list?: readonly Party[]; purged: boolean },
): CaseView {
  return {
    id: String(doc._id),
    type: 'dispute',
    title: String(doc.title),
    category: doc.category as DisputeCategory,
    acceptedOn: String(doc.acceptedOn),
    status: doc.status as CaseStatus,
    ...(typeof doc.closedOn === 'string' ? { closedOn: doc.closedOn } : {}),
    nodeName: String(doc.nodeName),
    partyCount: Number(doc.partyCount ?? 0),
    ...(parties.list ? { parties: parties.list.map(maskParty) } : {}),
    partiesPurged: parties.purged,
    handledByMe: !!openid && Array.isArray(doc.handlers) && doc.handlers.includes(openid),
  }
}

async function partiesOf(id: string): Promise<{ list: Party[]; purged: boolean }> {
  const { data } = await db.collection('caseParties').doc(id).get()
  return {
    list: Array.isArray(data?.parties) ? (data.parties as Party[]) : [],
    purged: data?.purged === true,
  }
}

/** The nightly timer acts as the system: no OPENID. */
const SYSTEM = { actor: null, actorName: '系统（定时清理）' }

const settingsId = (streetId: string) => `retention:${streetId}`

async function retentionYears(streetId: string): Promise<number> {
  const { data } = await db.collection('settings').doc(settingsId(streetId)).get()
  return isValidRetention(data?.years) ? data.years : RETENTION_YEARS.default
}

/** Empties the parties of the street's cases closed on or before the cutoff; the cases and their counts stay. */
async function purgeStreet(streetId: string, today: string): Promise<number> {
  const cutoff = purgeCutoff(today, await retentionYears(streetId))
  const { stats } = await db
    .collection('caseParties')
    .where({ streetId, purged: false, closedOn: db.command.lte(cutoff) })
    .update({ data: { parties: [], purged: true, purgedAt: new Date() } })
  return stats.updated
}

export const main = serve(
  'cases',
  {
    open: {
      access: 'event.log',
      async run(request, ctx) {
        const id = eventIdOf(request.id)
        const checked = validateDispute((request.dispute ?? {}) as DisputeInput)
        if (!checked.ok) throw new AppError('EVENT.INVALID', { fields: checked.fields })
        const node = await loggingNode(ctx)
        // Parties are personal data: the notice and consent come before they are collected.
        await requireConsent(ctx.openid)
        const dispute = checked.value
        const openid = ctx.person!.openid
        const doc = {
          _id: id,
          type: 'dispute',
          title: dispute.title,
          category: dispute.category,
          acceptedOn: dispute.acceptedOn,
          year: yearOf(dispute.acceptedOn),
          status: 'accepted',
          partyCount: dispute.parties.length,
          handlers: [openid],
          ...eventOrigin(node, openid),
        }
        // The case first: it claims the id, so an id that is someone else's (or another kind of event)
        // is refused before any personal data is written. Then the parties, idempotently: a retry after a
        // failure in between completes the case; nothing is doubled.
        const { stored, duplicate } = await addEventOnce(
          doc,
          ctx.entry('event.create', node.streetId, { kind: 'dispute', id, label: dispute.title }),
        )
        try {
          await db.collection('caseParties').add({
            data: {
              _id: id,
              streetId: node.streetId,
              nodeId: node.id,
              parties: dispute.parties,
              closedOn: null,
              purged: false,
            },
          })
        } catch (e) {
          if (!isDuplicateKey(e)) throw e
        }
        // A first submission stored these parties; a retry reads back what the first one stored.
        const parties = duplicate ? await partiesOf(id) : { list: dispute.parties, purged: false }
        return { case: caseView(stored, ctx.openid, parties), duplicate }
      },
    },

    get: {
      access: 'case.read',
      async run(request, ctx) {
        const found = await findCase(request.id)
        const record = { handlers: found.handlers }
        await ctx.require('case.read', found.target, record)
        const mayReadParties = ctx.allows('case.readParties', found.target, record)
        const parties = mayReadParties ? await partiesOf(String(found.doc._id)) : { purged: false }
        return { case: caseView(found.doc, ctx.openid, parties) }
      },
    },

    revealParties: {
      access: 'case.readParties',
      async run(request, ctx) {
        const found = await findCase(request.id)
        await ctx.require('case.readParties', found.target, { handlers: found.handlers })
        const id = String(found.doc._id)
        const parties = await partiesOf(id)
        // Written before anything is shown: an unlogged reading never happens.
        await writeAudit(
          ctx.entry('case.revealParties', found.target.streetId, {
            kind: 'dispute',
            id,
            label: String(found.doc.title),
          }),
        )
        return { parties: parties.list }
      },
    },

    retention: {
      access: 'privacy.manage',
      async run(_request, ctx) {
        const street = await ownStreet(ctx, 'privacy.manage')
        return { years: await retentionYears(street.id) }
      },
    },

    setRetention: {
      access: 'privacy.manage',
      async run(request, ctx) {
        const years = typeof request.years === 'string' ? Number(request.years) : request.years
        if (!isValidRetention(years))
          throw new AppError('PRIVACY.RETENTION_INVALID', { fields: { years: '保存年限应为1至30年的整数' } })
        const street = await ownStreet(ctx, 'privacy.manage')
        const before = await retentionYears(street.id)
        await db.runTransaction(async (t) => {
          await t
            .collection('settings')
            .doc(settingsId(street.id))
            .set({ data: { years, streetId: street.id } })
          await writeAuditIn(
            t,
            ctx.entry(
              'privacy.setRetention',
              street.id,
              { kind: 'settings', id: settingsId(street.id) },
              { years: [before, years] },
            ),
          )
        })
        return { years }
      },
    },

    purge: {
      access: 'privacy.manage',
      async run(_request, ctx) {
        const street = await ownStreet(ctx, 'privacy.manage')
        const purged = await purgeStreet(street.id, chinaToday())
        await writeAudit(
          ctx.entry(
            'privacy.purge',
            street.id,
            { kind: 'caseParties', id: street.id },
            { purged: [0, purged] },
          ),
        )
        return { purged }
      },
    },
  },
  {
    /** Nightly: every street's expired parties (the timer has no caller; it is the system). */
    async timer() {
      const { data } = await db.collection('orgNodes').where({ kind: 'street' }).limit(1000).get()
      let total = 0
      for (const street of data.map(nodeOf)) {
        const purged = await purgeStreet(street.id, chinaToday())
        total += purged
        if (purged > 0)
          await writeAudit(
            entryOf(
              SYSTEM,
              'privacy.purge',
              street.id,
              { kind: 'caseParties', id: street.id },
              { purged: [0, purged] },
            ),
          )
      }
      return { purged: total }
    },
  },
)
