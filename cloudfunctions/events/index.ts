/**
 * events: grid workers log what happened, of any catalogue type, and correct it afterwards.
 * `create` is idempotent on the client-generated id, so a retried or double-tapped submission returns
 * the same event and is counted once. Edits, 作废 and 恢复 are conditional on the version they were
 * based on and idempotent on their request id; each is written to the audit log, which is the event's
 * version history. The server validates every field again, whatever the client did.
 */
import { AUDIT_ACTIONS, changesBetween, type AuditAction } from '../../src/core/audit'
import { chinaToday, isCalendarDate, yearOf } from '../../src/core/china-time'
import { validateMeasures, validateOwnType, CATALOGUE_LIMITS } from '../../src/core/catalogue-edit'
import type { MyEventsQuery, RevisionView, SimilarEventView } from '../../src/core/contract'
import { AppError } from '../../src/core/errors'
import {
  checkText,
  closedYearError,
  flatFields,
  newEventId,
  validateEvent,
  validateEventWithParties,
  type EventFields,
  type EventInput,
} from '../../src/core/event-input'
import type { Party } from '../../src/core/personal-data'
import {
  BUILT_IN_TYPES,
  mergeCatalogue,
  TEXT_LIMITS,
  type EventTypeDefinition,
  type MeasureDefinition,
} from '../../src/core/event-types'
import { writeAuditIn } from '../_lib/audit'
import { addCaseParties, setPartiesClosedOn } from '../_lib/case-parties'
import { containing, currentEnv, db, isoOf, type Doc } from '../_lib/cloud'
import { requireCurrentConsent } from '../_lib/consent'
import {
  addEventOnce,
  changeEvent,
  checkChangeRequest,
  definitionFor,
  eventDetail,
  eventSummary,
  fieldsDoc,
  fieldsOf,
  findEvent,
  streetSettings,
  streetSettingsId,
  storedEvent,
  type StoredEvent,
  type StoredStep,
} from '../_lib/events.repository'
import { eventEntry as entryFor, newEventDoc } from '../_lib/new-event'
import { afterCursor, pageOf, parseCursor } from '../_lib/paging'
import { eventIdOf, loggingNode, ownStreet } from '../_lib/scope'
import { serve, type Context } from '../_lib/serve'

const MINE_PAGE = { default: 20, max: 50 } as const
const REVISION_ACTIONS = new Set(['event.create', 'event.update', 'event.void', 'event.restore', 'case.step'])

/** Refuses a change touching a closed year (结账), with the core's sentence next to the date. */
function refuseClosedYears(closedYears: readonly number[], ...dates: unknown[]): void {
  for (const date of dates) {
    const error = closedYearError(date, closedYears)
    if (error)
      throw new AppError('EVENT.YEAR_CLOSED', { year: yearOf(String(date)), fields: { happenedOn: error } })
  }
}

/** The type's definition and the validated event with its parties, or the refusal of a new event. */
async function checkNewEvent(
  ctx: Context,
  id: string,
  type: unknown,
  input: EventInput,
  streetId: string,
): Promise<{ fields: EventFields; parties: readonly Party[]; def: EventTypeDefinition }> {
  const years = isCalendarDate(input.happenedOn) ? [yearOf(input.happenedOn)] : []
  const { def, closedYears } = await definitionFor(streetId, type, input.measures, years)
  if (def.retired) throw new AppError('EVENT.TYPE_RETIRED')
  refuseClosedYears(closedYears, input.happenedOn)
  const checked = validateEventWithParties(def, input, { eventId: id, closedYears, photoEnv: currentEnv() })
  if (!checked.ok) throw new AppError('EVENT.INVALID', { fields: checked.fields })
  // Parties are personal data: the notice and consent come before they are collected.
  if (def.hasParties) await requireCurrentConsent(ctx.person, ctx.openid)
  return { ...checked.value, def }
}

/** The caller's own stored event of this type with this id, if any. */
async function storedBy(ctx: Context, id: string, type: unknown): Promise<Doc | undefined> {
  const { data } = await db.collection('events').doc(id).get()
  return data && data.createdBy === ctx.person?.openid && data.type === type ? data : undefined
}

/**
 * 作废 (with a reason) or 恢复 (`reason` undefined): the event is never deleted, only marked, so it stays
 * visible to staff and counts nowhere while voided.
 */
async function setVoided(
  ctx: Context,
  request: { id: unknown; version: unknown; requestId: unknown },
  reason: string | undefined,
) {
  const change = checkChangeRequest(request)
  const found = await changeable(ctx, request.id)
  const { closedYears, lateCorrection } = await definitionFor(
    String(found.doc.streetId),
    found.doc.type,
    {},
    [yearOf(String(found.doc.happenedOn))],
    String(found.doc._id),
  )
  const voiding = reason !== undefined
  const result = await changeEvent(
    found,
    change,
    (current) => {
      if (current.voided === voiding) throw new AppError(voiding ? 'EVENT.VOIDED' : 'EVENT.NOT_VOIDED')
      refuseClosedYears(closedYears, current.happenedOn)
      return voiding
        ? { voided: true, voidReason: reason, voidedAt: new Date(), ...byCaller(ctx) }
        : { voided: false, voidReason: null, voidedAt: null, ...byCaller(ctx) }
    },
    (changed) =>
      voiding
        ? entryFor(ctx, 'event.void', changed, { voided: [false, true], voidReason: [null, reason] })
        : entryFor(ctx, 'event.restore', changed, { voided: [true, false] }),
    lateCorrection,
  )
  // A voided dispute's parties are kept only as long as a closed case's: the retention period starts now
  // (and is the case's own again once restored).
  if (result.doc.type === 'dispute')
    await setPartiesClosedOn(
      String(result.doc._id),
      voiding ? chinaToday() : typeof result.doc.closedOn === 'string' ? result.doc.closedOn : null,
    )
  return { event: await eventDetail(storedEvent(result.doc), ctx), duplicate: result.duplicate }
}

/** Finds the event and checks the caller may change it; a voided event only comes back by `restore`. */
async function changeable(ctx: Context, id: unknown): Promise<StoredEvent> {
  const found = await findEvent(id)
  await ctx.require('event.edit', found.target, found.record)
  return found
}

const byCaller = (ctx: Context) => ({ updatedBy: ctx.person!.openid, updatedByName: ctx.person!.name })

export const main = serve('events', {
  create: {
    access: 'event.log',
    async run(request, ctx) {
      const id = eventIdOf(request.id)
      const input = (
        typeof request.event === 'object' && request.event !== null ? request.event : {}
      ) as EventInput
      let node: Awaited<ReturnType<typeof loggingNode>>
      let checked: { fields: EventFields; parties: readonly Party[]; def: EventTypeDefinition }
      try {
        node = await loggingNode(ctx, request.nodeId)
        checked = await checkNewEvent(ctx, id, request.type, input, node.streetId)
      } catch (e) {
        // A retry of a create that was stored is the same event, even if the rules changed meanwhile
        // (a node retired or a grant moved, a type retired, a year closed, a new privacy notice): it is
        // never refused as new. (A refusal by the policy is still in the audit log as attempted.)
        const stored = await storedBy(ctx, id, request.type)
        if (stored) return { event: await eventDetail(storedEvent(stored), ctx), duplicate: true }
        throw e
      }
      const { def } = checked
      const { fields, parties } = checked
      const doc = newEventDoc(id, def, fields, node, ctx.person!, { partyCount: parties.length })
      // The event first: it claims the id, so an id that is someone else's (or another type's) is
      // refused before any personal data is written. Then the parties, idempotently.
      const { stored, duplicate } = await addEventOnce(doc, entryFor(ctx, 'event.create', doc))
      // A retry after a failure in between completes the parties; those of the first submission stay.
      if (def.hasParties) await addCaseParties(id, node, parties)
      return { event: await eventDetail(storedEvent(stored), ctx), duplicate }
    },
  },

  get: {
    access: 'event.read',
    async run(request, ctx) {
      const found = await findEvent(request.id)
      await ctx.require('event.read', found.target, found.record)
      return { event: await eventDetail(found, ctx) }
    },
  },

  update: {
    access: 'event.edit',
    async run(request, ctx) {
      const change = checkChangeRequest(request)
      const found = await changeable(ctx, request.id)
      const input = (
        typeof request.event === 'object' && request.event !== null ? request.event : {}
      ) as EventInput
      const { doc } = found
      const years = [doc.happenedOn, input.happenedOn].filter(isCalendarDate).map(yearOf)
      // The measures the event already has count too: an edit is validated (and stored) with every one of them.
      const measures = {
        ...((doc.measures as object | undefined) ?? {}),
        ...((input.measures as object) ?? {}),
      }
      const { def, closedYears, lateCorrection } = await definitionFor(
        String(doc.streetId),
        doc.type,
        measures,
        years,
        String(doc._id),
      )
      const checked = validateEvent(def, input, { eventId: String(doc._id), photoEnv: currentEnv() })
      if (!checked.ok) throw new AppError('EVENT.INVALID', { fields: checked.fields })
      const changes = changesBetween(flatFields(fieldsOf(doc)), flatFields(checked.value))
      const retry = doc.lastRequestId === change.requestId
      if (doc.voided === true && !retry) throw new AppError('EVENT.VOIDED')
      // A case's 受理/上报 date comes before its steps: it cannot be moved after the first one.
      const steps = Array.isArray(doc.steps) ? (doc.steps as StoredStep[]) : []
      if (steps[0] && checked.value.happenedOn > steps[0].on)
        throw new AppError('EVENT.INVALID', {
          fields: { happenedOn: `${def.dateLabel}不能晚于第一步办理的日期（${steps[0].on}）` },
        })
      if (Object.keys(changes).length === 0 && !retry)
        return { event: await eventDetail(found, ctx), duplicate: false }
      const result = await changeEvent(
        found,
        change,
        (current) => {
          if (current.voided === true) throw new AppError('EVENT.VOIDED')
          refuseClosedYears(closedYears, current.happenedOn, checked.value.happenedOn)
          return {
            ...fieldsDoc(def, checked.value),
            // A case's next step may not be dated before its (possibly moved) 受理/上报 date or its last step.
            ...(current.lifecycle ? { lastStepOn: steps.at(-1)?.on ?? checked.value.happenedOn } : {}),
            ...byCaller(ctx),
          }
        },
        (changed) => entryFor(ctx, 'event.update', changed, changes),
        lateCorrection,
      )
      return { event: await eventDetail(storedEvent(result.doc), ctx), duplicate: result.duplicate }
    },
  },

  void: {
    access: 'event.edit',
    async run(request, ctx) {
      const reason = checkText(request.reason, '作废原因', TEXT_LIMITS.reason)
      if (typeof reason !== 'string')
        throw new AppError('EVENT.INVALID', { fields: { reason: reason.error } })
      return setVoided(ctx, request, reason)
    },
  },

  restore: {
    access: 'event.edit',
    async run(request, ctx) {
      return setVoided(ctx, request, undefined)
    },
  },

  history: {
    access: 'event.read',
    async run(request, ctx) {
      const found = await findEvent(request.id)
      await ctx.require('event.read', found.target, found.record)
      const { data } = await db
        .collection('auditLog')
        .where({
          'target.id': String(found.doc._id),
          outcome: 'ok',
          action: db.command.in([...REVISION_ACTIONS]),
        })
        .orderBy('at', 'asc')
        .limit(100)
        .get()
      const revisions: RevisionView[] = data.map((e) => ({
        at: isoOf(e.at),
        byName: String(e.actorName),
        action: e.action as RevisionView['action'],
        label: AUDIT_ACTIONS[e.action as AuditAction] ?? String(e.action),
        ...(e.changes ? { changes: e.changes as RevisionView['changes'] } : {}),
      }))
      return { revisions }
    },
  },

  mine: {
    access: 'event.log',
    async run(request: MyEventsQuery, ctx) {
      const where: Doc = { createdBy: ctx.person!.openid }
      const fields: Record<string, string> = {}
      if (request.type !== undefined && request.type !== '') {
        if (typeof request.type !== 'string' || request.type.length > 40) fields.type = '请选择记录类型'
        else where.type = request.type
      }
      if (request.month !== undefined && request.month !== '') {
        if (typeof request.month !== 'string' || !isCalendarDate(`${request.month}-01`))
          fields.month = '请选择月份'
        else where.month = request.month
      }
      if (request.status !== undefined && String(request.status) !== '') {
        if (!['recorded', 'open', 'closed', 'voided'].includes(String(request.status)))
          fields.status = '请选择状态'
        else where.listStatus = request.status
      }
      if (request.q !== undefined && request.q !== '') {
        const q = typeof request.q === 'string' ? request.q.trim() : ''
        if (typeof request.q !== 'string' || Array.from(q).length > 30) fields.q = '搜索内容不能超过30个字'
        else if (q) where.title = containing(q)
      }
      const limit = request.limit ?? MINE_PAGE.default
      if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1 || limit > MINE_PAGE.max)
        fields.limit = `每页1至${MINE_PAGE.max}条`
      const cursor = parseCursor(request.cursor)
      if (cursor === null) fields.cursor = '分页位置无效，请刷新'
      if (Object.keys(fields).length > 0) throw new AppError('REQUEST.INVALID', { fields })
      const { data } = await db
        .collection('events')
        .where(afterCursor(where, cursor ?? undefined, 'desc'))
        .orderBy('happenedOn', 'desc')
        .orderBy('_id', 'desc')
        .limit((limit as number) + 1)
        .get()
      const { page, next } = pageOf(data, limit as number)
      return { events: page.map(eventSummary), ...(next ? { next } : {}) }
    },
  },

  similar: {
    access: 'event.log',
    async run(request, ctx) {
      if (typeof request.type !== 'string') throw new AppError('REQUEST.INVALID', { field: 'type' })
      if (!isCalendarDate(request.happenedOn)) throw new AppError('REQUEST.INVALID', { field: 'happenedOn' })
      const node = await loggingNode(ctx, request.nodeId)
      const { data } = await db
        .collection('events')
        .where({ nodeId: node.id, happenedOn: request.happenedOn, type: request.type, voided: false })
        .limit(20)
        .get()
      const events: SimilarEventView[] = data
        .filter((d) => d.createdBy !== ctx.person!.openid && d._id !== request.id)
        .slice(0, 5)
        .map((d) => ({
          id: String(d._id),
          title: String(d.title),
          byName: String(d.createdByName ?? ''),
          nodeName: String(d.nodeName),
          createdAt: isoOf(d.createdAt),
        }))
      return { events }
    },
  },

  catalogue: {
    // Everyone working for the street logs with (or reads figures of) its catalogue, wherever their node.
    access: 'org.read',
    async run(_request, ctx) {
      const streetId = ctx.person?.streetId
      if (!streetId) return ctx.refuse('AUTH.FORBIDDEN')
      return { types: (await streetSettings(streetId)).catalogue }
    },
  },

  saveType: {
    access: 'catalogue.manage',
    async run(request, ctx) {
      const street = await ownStreet(ctx, 'catalogue.manage')
      const settingsId = streetSettingsId(street.id)
      const builtIn = BUILT_IN_TYPES.find((t) => t.type === request.type)
      const newType =
        request.type === undefined ? `c_${newEventId().replace(/-/g, '').slice(0, 12)}` : undefined
      const catalogue = await db.runTransaction(async (t) => {
        const { data } = await t.collection('settings').doc(settingsId).get()
        const types = Array.isArray(data?.types) ? [...(data.types as EventTypeDefinition[])] : []
        const extra: Record<string, MeasureDefinition[]> = {
          ...((data?.extraMeasures as Record<string, MeasureDefinition[]> | undefined) ?? {}),
        }
        let changes: Doc
        if (builtIn) {
          if (request.definition !== undefined) throw new AppError('CATALOGUE.BUILT_IN')
          const before = extra[builtIn.type] ?? []
          const checked = validateMeasures(
            request.extraMeasures ?? [],
            before.map((m) => m.key),
            'extraMeasures',
            before,
          )
          if (!checked.ok) throw new AppError('CATALOGUE.INVALID', { fields: checked.fields })
          extra[builtIn.type] = checked.value
          changes = { [`${builtIn.label}.统计项`]: [before.length, checked.value.length] }
        } else {
          const type = newType ?? (typeof request.type === 'string' ? request.type : '')
          const index = types.findIndex((x) => x.type === type)
          if (!newType && index < 0) throw new AppError('EVENT.TYPE_UNKNOWN')
          if (newType && types.length >= CATALOGUE_LIMITS.typesPerStreet)
            throw new AppError('CATALOGUE.TOO_MANY')
          const checked = validateOwnType(request.definition, type, index >= 0 ? types[index] : undefined)
          if (!checked.ok) throw new AppError('CATALOGUE.INVALID', { fields: checked.fields })
          // Two types of one name would be told apart nowhere (forms, figures, exports).
          const sameName = mergeCatalogue({ types, extraMeasures: extra }).some(
            (t) => t.type !== type && t.label === checked.value.label,
          )
          if (sameName) throw new AppError('CATALOGUE.INVALID', { fields: { label: '已有同名的记录类型' } })
          changes = { [checked.value.label]: [index >= 0 ? types[index]!.label : null, checked.value.label] }
          if (index >= 0) types[index] = checked.value
          else types.push(checked.value)
        }
        const { _id: _ignored, ...rest } = data ?? {}
        await t
          .collection('settings')
          .doc(settingsId)
          .set({ data: { ...rest, streetId: street.id, types, extraMeasures: extra } })
        await writeAuditIn(
          t,
          ctx.entry('catalogue.save', street.id, { kind: 'catalogue', id: settingsId }, changes as never),
        )
        return { types, extraMeasures: extra }
      })
      return { types: mergeCatalogue(catalogue) }
    },
  },
})
