/**
 * cases: the lifecycles of 矛盾纠纷 and 网格事件 (one explicit step at a time, `step`), the open-cases
 * list, and dispute parties' personal details. A case is logged like any event (events.create) and
 * its countable fields live in `events`; the parties live apart in `caseParties`, read only through
 * `get` (masked) and `revealParties` (unmasked, written to the audit log), and purged once the case
 * has been closed longer than the street's retention period. The nightly timer does the purging; an
 * admin may also run it at once.
 */
import { chinaToday, yearOf } from '../../src/core/china-time'
import type { CaseView, OpenCaseView } from '../../src/core/contract'
import { AppError } from '../../src/core/errors'
import { closedYearError } from '../../src/core/event-input'
import {
  applyCaseAction,
  ageInDays,
  STATUS_LABELS,
  waitingFor,
  type CaseActionInput,
} from '../../src/core/lifecycle'
import {
  isValidRetention,
  maskParty,
  purgeCutoff,
  RETENTION_YEARS,
  type Party,
} from '../../src/core/personal-data'
import { POLICY } from '../../src/core/policy'
import { entryOf, writeAudit, writeAuditIn } from '../_lib/audit'
import { partiesOf, setPartiesClosedOn } from '../_lib/case-parties'
import { db, type Doc } from '../_lib/cloud'
import {
  caseStateDoc,
  caseStateOf,
  changeEvent,
  checkChangeRequest,
  definitionFor,
  eventDetail,
  eventSummary,
  findEvent,
  handledBy,
  storedEvent,
  type StoredEvent,
  type StoredStep,
} from '../_lib/events.repository'
import { nodeOf } from '../_lib/people'
import { afterCursor, pageOf, parseCursor } from '../_lib/paging'
import { ownStreet } from '../_lib/scope'
import { serve } from '../_lib/serve'

const MAX_STEPS = 50
const OPEN_PAGE = { default: 30, max: 50 } as const

/** A dispute case (the only kind with parties), or CASE.NOT_FOUND. */
async function findDispute(id: unknown): Promise<StoredEvent> {
  const found = await findEvent(id, 'CASE.NOT_FOUND')
  if (found.doc.type !== 'dispute') throw new AppError('CASE.NOT_FOUND')
  return found
}

function caseView(
  doc: Doc,
  openid: string | undefined,
  parties: { list?: readonly Party[]; purged: boolean },
): CaseView {
  const attributes = (doc.attributes as Doc | undefined) ?? {}
  return {
    id: String(doc._id),
    type: 'dispute',
    title: String(doc.title),
    category: String(attributes.category ?? ''),
    happenedOn: String(doc.happenedOn),
    status: doc.status as CaseView['status'],
    ...(typeof doc.closedOn === 'string' ? { closedOn: doc.closedOn } : {}),
    nodeName: String(doc.nodeName),
    partyCount: Number(doc.partyCount ?? 0),
    ...(parties.list ? { parties: parties.list.map(maskParty) } : {}),
    partiesPurged: parties.purged,
    handledByMe: handledBy(doc, openid),
  }
}

function openCaseView(doc: Doc, openid: string | undefined, today: string): OpenCaseView {
  const state = caseStateOf(doc)!
  const { id, type, typeLabel, title, happenedOn, nodeName, version } = eventSummary(doc)
  return {
    id,
    type,
    typeLabel,
    title,
    happenedOn,
    nodeName,
    version,
    status: state.status,
    statusLabel: STATUS_LABELS[state.status],
    waitingFor: waitingFor(state) ?? '',
    ageDays: ageInDays(state.openedOn, today),
    handledByMe: handledBy(doc, openid),
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
    step: {
      access: 'case.handle',
      async run(request, ctx) {
        const change = checkChangeRequest(request)
        const found = await findEvent(request.id, 'CASE.NOT_FOUND')
        if (!caseStateOf(found.doc)) throw new AppError('CASE.NOT_FOUND')
        await ctx.require('case.handle', found.target, found.record)
        const input = (
          typeof request.step === 'object' && request.step !== null ? request.step : {}
        ) as CaseActionInput
        const stepYear = typeof input.on === 'string' && /^\d{4}-/.test(input.on) ? [yearOf(input.on)] : []
        const { closedYears, lateCorrection } = await definitionFor(
          String(found.doc.streetId),
          found.doc.type,
          {},
          stepYear,
          String(found.doc._id),
        )
        const person = ctx.person!
        let before = ''
        const result = await changeEvent(
          found,
          change,
          (current) => {
            if (current.voided === true) throw new AppError('EVENT.VOIDED')
            const state = caseStateOf(current)!
            before = state.status
            const applied = applyCaseAction(state, input, chinaToday())
            if (!applied.ok && applied.code === 'CASE.ILLEGAL_STEP')
              throw new AppError('CASE.ILLEGAL_STEP', { status: state.status }, applied.message)
            if (!applied.ok) throw new AppError('CASE.INVALID_STEP', { fields: applied.fields })
            const closed = closedYearError(applied.step.on, closedYears)
            if (closed) throw new AppError('EVENT.YEAR_CLOSED', { fields: { on: closed } })
            const steps = Array.isArray(current.steps) ? (current.steps as StoredStep[]) : []
            if (steps.length >= MAX_STEPS) throw new AppError('CASE.TOO_MANY_STEPS')
            const handlers = Array.isArray(current.handlers) ? (current.handlers as string[]) : []
            return {
              ...caseStateDoc(applied.state),
              steps: [...steps, { ...applied.step, at: new Date(), by: person.openid, byName: person.name }],
              // Whoever takes a step on a case handles it from then on (a mediator taking it over).
              handlers: handlers.includes(person.openid) ? handlers : [...handlers, person.openid],
              updatedBy: person.openid,
              updatedByName: person.name,
            }
          },
          (changed) =>
            ctx.entry(
              'case.step',
              String(changed.streetId),
              { kind: String(changed.type), id: String(changed._id), label: String(changed.title) },
              { status: [before || null, changed.status] },
            ),
          lateCorrection,
        )
        // The retention period of the parties starts when the case is closed.
        if (result.doc.type === 'dispute' && result.doc.status === 'closed')
          await setPartiesClosedOn(String(result.doc._id), String(result.doc.closedOn))
        return { event: await eventDetail(storedEvent(result.doc), ctx), duplicate: result.duplicate }
      },
    },

    open: {
      access: 'event.read',
      async run(request, ctx) {
        const person = ctx.person!
        const limit = request.limit ?? OPEN_PAGE.default
        const cursor = parseCursor(request.cursor)
        if (
          typeof limit !== 'number' ||
          !Number.isInteger(limit) ||
          limit < 1 ||
          limit > OPEN_PAGE.max ||
          cursor === null
        )
          throw new AppError('REQUEST.INVALID', { field: cursor === null ? 'cursor' : 'limit' })
        // The caller's nodes where they may read events, and the cases they handle wherever they are.
        const nodes = person.grants
          .filter((g) => POLICY['event.read'].roles.includes(g.role))
          .map((g) => g.nodeId)
        const $ = db.command
        const where = { streetId: person.streetId ?? '', open: true, voided: false }
        const mine = $.or([{ ancestors: $.in(nodes) }, { handlers: person.openid }])
        const { data } = await db
          .collection('events')
          .where(afterCursor(where, cursor ?? undefined, 'asc', [mine]))
          .orderBy('happenedOn', 'asc')
          .orderBy('_id', 'asc')
          .limit(limit + 1)
          .get()
        const { page, next } = pageOf(data, limit)
        const today = chinaToday()
        return { cases: page.map((d) => openCaseView(d, ctx.openid, today)), ...(next ? { next } : {}) }
      },
    },

    get: {
      access: 'event.read',
      async run(request, ctx) {
        const found = await findDispute(request.id)
        const record = found.record
        await ctx.require('event.read', found.target, record)
        const mayReadParties = ctx.allows('case.readParties', found.target, record)
        const parties = mayReadParties ? await partiesOf(String(found.doc._id)) : { purged: false }
        return { case: caseView(found.doc, ctx.openid, parties) }
      },
    },

    revealParties: {
      access: 'case.readParties',
      async run(request, ctx) {
        const found = await findDispute(request.id)
        await ctx.require('case.readParties', found.target, found.record)
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
