/**
 * stats: the year-end figures. Totals of any org node for any period are read from rollups (written
 * with every event, see _lib/rollups.repository.ts), never by scanning events; every figure opens to
 * the events behind it; the report paragraph is the street's template rendered with the figures.
 * Street admins define figures, edit the template, and close (结账) a year: a snapshot of every figure
 * with the ids of its events, after which writes dated in the year are refused, and a reopening or a
 * one-event exception is logged. `reconcile` (and the nightly timer) recounts rollups from events.
 */
import { chinaToday, yearOf } from '../../src/core/china-time'
import type { FigureView, ReconcileResult, YearCloseView } from '../../src/core/contract'
import { AppError } from '../../src/core/errors'
import { EVENT_ID } from '../../src/core/event-input'
import { TEXT_LIMITS } from '../../src/core/event-types'
import {
  BUILT_IN_FIGURES,
  FIGURE_LIMITS,
  figuresUsing,
  periodOf,
  validateFigure,
  type EventFigure,
  type FigureDefinition,
  type FigureValue,
} from '../../src/core/figures'
import { checkTemplate, renderReport } from '../../src/core/report'
import { eventsCounted, rollupsOf, sameRollup, storedCells, type RollupDoc } from '../../src/core/rollups'
import { entryOf, writeAudit } from '../_lib/audit'
import { db, isoOf, type Doc } from '../_lib/cloud'
import { eventSummary, streetSettingsId } from '../_lib/events.repository'
import {
  countedEvents,
  eventsByFigure,
  figureEventsQuery,
  figureSettings,
  figureSettingsOf,
  figuresNode,
  figureTotals,
  parsePeriod,
  totalsOf,
  type FigureSettings,
} from '../_lib/figures.repository'
import { afterCursor, pageOf, pagesById, parseCursor } from '../_lib/paging'
import { nodeOf } from '../_lib/people'
import {
  countable,
  countedTransaction,
  readRollups,
  ROLLUPS,
  TRANSACTION_RETRIES,
} from '../_lib/rollups.repository'
import { ownStreet } from '../_lib/scope'
import { serve, type Context } from '../_lib/serve'

const EVENTS_PAGE = { default: 20, max: 50 } as const
/** A close scans the year's events once: beyond this a street should be split (and we would page it). */
const CLOSE_MAX_EVENTS = 200_000
const IDS_PER_CHUNK = 2000
/** Events listed of a closed year's changes (the counts are always whole). */
const CHANGES_SHOWN = 50

const figureViews = (s: FigureSettings): FigureView[] =>
  s.figures.map((f) => ({ ...f, builtIn: !!f.builtIn }))

const closeId = (streetId: string, year: number) => `${streetId}:${year}`

function closeView(doc: Doc): YearCloseView {
  const history = Array.isArray(doc.history) ? (doc.history as Doc[]) : []
  return {
    year: Number(doc.year),
    status: doc.status === 'reopened' ? 'reopened' : 'closed',
    closedAt: isoOf(doc.closedAt),
    closedByName: String(doc.closedByName ?? ''),
    figuresVersion: Number(doc.figuresVersion ?? 0),
    history: history.map((h) => ({
      kind: h.kind as 'close' | 'reopen' | 'exception',
      at: isoOf(h.at),
      byName: String(h.byName ?? ''),
      ...(h.reason ? { reason: String(h.reason) } : {}),
      ...(h.eventId ? { eventId: String(h.eventId) } : {}),
    })),
    openExceptions: Object.keys((doc.openExceptions as Doc | undefined) ?? {}),
  }
}

/** A year the caller names: a whole number from 2000 to this year. */
function yearIn(raw: unknown): number {
  if (typeof raw !== 'number' || !Number.isInteger(raw) || raw < 2000 || raw > yearOf(chinaToday()))
    throw new AppError('STATS.YEAR_INVALID')
  return raw
}

function reasonIn(raw: unknown): string {
  const reason = typeof raw === 'string' ? raw.trim() : ''
  if (reason.length < TEXT_LIMITS.reason.min || reason.length > TEXT_LIMITS.reason.max)
    throw new AppError('YEAR.INVALID', {
      fields: { reason: `请填写原因（${TEXT_LIMITS.reason.min}至${TEXT_LIMITS.reason.max}个字）` },
    })
  return reason
}

/** The year's close, read and changed in one transaction with the street's closed years. */
async function changeClose(
  streetId: string,
  year: number,
  change: (
    close: Doc | null,
    settings: Doc | null,
    closedYears: number[],
  ) => { close: Doc; closedYears?: number[]; lateCorrections?: Doc },
): Promise<Doc> {
  return db.runTransaction(async (t) => {
    const { data: close } = await t.collection('yearCloses').doc(closeId(streetId, year)).get()
    const { data: settings } = await t.collection('settings').doc(streetSettingsId(streetId)).get()
    const next = change(
      close,
      settings,
      Array.isArray(settings?.closedYears) ? (settings.closedYears as number[]) : [],
    )
    const { _id: _ignored, ...closeData } = next.close
    await t.collection('yearCloses').doc(closeId(streetId, year)).set({ data: closeData })
    if (next.closedYears || next.lateCorrections) {
      const { _id: _s, ...rest } = settings ?? {}
      await t
        .collection('settings')
        .doc(streetSettingsId(streetId))
        .set({
          data: {
            ...rest,
            ...(next.closedYears ? { closedYears: next.closedYears } : {}),
            ...(next.lateCorrections ? { lateCorrections: next.lateCorrections } : {}),
          },
        })
    }
    return { _id: closeId(streetId, year), ...closeData }
  }, TRANSACTION_RETRIES)
}

/** The close's history with one more entry (who, when, what). */
const withHistory = (close: Doc | null, ctx: Context, kind: string, extra: Doc = {}): Doc[] => [
  ...((close?.history as Doc[] | undefined) ?? []),
  { kind, at: new Date(), by: ctx.person!.openid, byName: ctx.person!.name, ...extra },
]

/** The audit log's record of why (a reopening, an exception). */
const withReason = (reason: string) => ({ reason: [null, reason] as const })

/** The year's close, which must be in force (reopening, exceptions). */
function inForce(close: Doc | null, closedYears: readonly number[], year: number): Doc {
  if (!close || !closedYears.includes(year)) throw new AppError('YEAR.NOT_CLOSED')
  return close
}

/**
 * Recounts one street-year's rollups from its events and repairs the documents that disagree. A document
 * is repaired only if no write touched it since the recount began (its `rev`), so a concurrent event is
 * never lost: such a document is left for the next run.
 */
async function reconcileStreet(streetId: string, year: number): Promise<Omit<ReconcileResult, 'streets'>> {
  const settings = await figureSettings(streetId)
  const defOf = new Map(settings.catalogue.map((t) => [t.type, t]))
  const months = Array.from({ length: 12 }, (_x, i) => `${year}-${String(i + 1).padStart(2, '0')}`)
  const before = new Map<string, RollupDoc>()
  const [withDays, withTotals] = await Promise.all([
    readRollups({ streetId, months, days: true }),
    readRollups({ streetId, months }),
  ])
  for (const d of withDays) before.set(d._id, d)
  for (const d of withTotals) before.set(d._id, { ...before.get(d._id)!, totals: d.totals })
  const street = {
    id: streetId,
    kind: 'street' as const,
    name: '',
    parentId: null,
    ancestors: [],
    retired: false,
    streetId,
  }
  const events = await countedEvents(street, periodOf({ year }), CLOSE_MAX_EVENTS, 'STATS.TOO_MANY_EVENTS')
  const recount = rollupsOf(
    events.map((e) => countable(e, defOf.get(String(e.type)))),
    (type) => defOf.get(type),
  )
  const drifted: ReconcileResult['drifted'][number][] = []
  let repaired = 0
  let skipped = 0
  for (const id of new Set([...before.keys(), ...recount.keys()])) {
    const stored = before.get(id)
    const expected = recount.get(id)
    if (sameRollup(stored, expected)) continue
    drifted.push({
      rollupId: id,
      expected: eventsCounted(expected?.cells ?? {}),
      stored: eventsCounted(stored?.cells ?? {}),
    })
    const ok = await countedTransaction(async (t) => {
      const { data: now } = await t.collection(ROLLUPS).doc(id).get()
      if ((now?.rev ?? null) !== (stored?.rev ?? null) || !!now !== !!stored) return false
      const doc = expected ?? { ...stored!, cells: {}, totals: {} }
      const { _id: _x, ...data } = doc
      await t
        .collection(ROLLUPS)
        .doc(id)
        .set({
          data: {
            ...data,
            cells: storedCells(doc.cells),
            totals: storedCells(doc.totals),
            rev: Number(stored?.rev ?? 0) + 1,
          },
        })
      return true
    })
    if (ok) repaired++
    else skipped++
  }
  return { checked: new Set([...before.keys(), ...recount.keys()]).size, drifted, repaired, skipped }
}

const SYSTEM = { actor: null, actorName: '系统（夜间核对）' }

export const main = serve(
  'stats',
  {
    figures: {
      access: 'figures.read',
      async run(_request, ctx) {
        // The definitions are no one's data: every staff member of the street may read them (serve() has
        // checked that the caller may read figures somewhere).
        const settings = await figureSettings(ctx.person?.streetId)
        return {
          figures: figureViews(settings),
          version: settings.stored.version,
          template: settings.template,
          isDefaultTemplate: settings.isDefaultTemplate,
        }
      },
    },

    totals: {
      access: 'figures.read',
      async run(request, ctx) {
        const t = await totalsOf(ctx, request)
        const year = yearOf(t.period.from)
        const inOneYear = yearOf(t.period.to) === year
        let close: YearCloseView | undefined
        let closedValues: Record<string, FigureValue> | undefined
        if (inOneYear && t.node.streetId && t.settings.closedYears.includes(year)) {
          const { data } = await db.collection('yearCloses').doc(closeId(t.node.streetId, year)).get()
          if (data) {
            close = closeView(data)
            // The snapshot is of the street's whole year: compared only where the same thing is shown.
            if (
              t.node.kind === 'street' &&
              t.period.from.endsWith('-01-01') &&
              t.period.to.endsWith('-12-31')
            )
              closedValues = data.values as Record<string, FigureValue>
          }
        }
        return {
          node: { id: t.node.id, name: t.node.name, kind: t.node.kind },
          period: t.period,
          previousPeriod: t.previousPeriod,
          figures: figureViews(t.settings),
          totals: figureTotals(t, closedValues),
          byMonth: t.byMonth,
          byNode: t.byNode,
          ...(close ? { close } : {}),
          mayOpenEvents: ctx.allows('event.read', t.node),
        }
      },
    },

    events: {
      access: 'event.read',
      async run(request, ctx) {
        const period = parsePeriod(request.period)
        const { node } = await figuresNode(ctx, request.nodeId, 'event.read')
        const settings = await figureSettings(node.kind === 'district' ? undefined : node.streetId)
        const figure = settings.figures.find((f) => f.key === request.figure)
        if (!figure) throw new AppError('FIGURE.NOT_FOUND')
        // A ratio opens to the events of its denominator (the cases it is a share of).
        const f = (
          figure.kind === 'ratio' ? settings.figures.find((x) => x.key === figure.denominator) : figure
        ) as EventFigure | undefined
        if (!f) throw new AppError('FIGURE.NOT_FOUND')
        const cursor = parseCursor(request.cursor)
        if (cursor === null) throw new AppError('REQUEST.INVALID', { field: 'cursor' })
        const limit = Math.min(
          Math.max(Number.isInteger(request.limit) ? Number(request.limit) : EVENTS_PAGE.default, 1),
          EVENTS_PAGE.max,
        )
        const { where, also } = figureEventsQuery(f, node, period)
        const [{ data }, { total }] = await Promise.all([
          db
            .collection('events')
            .where(afterCursor(where, cursor, 'desc', also))
            .orderBy('happenedOn', 'desc')
            .orderBy('_id', 'desc')
            .limit(limit + 1)
            .get(),
          cursor
            ? Promise.resolve({ total: -1 })
            : db
                .collection('events')
                .where(db.command.and([where, ...also]))
                .count(),
        ])
        const { page, next } = pageOf(data, limit)
        return { events: page.map(eventSummary), ...(next ? { next } : {}), total }
      },
    },

    report: {
      access: 'figures.read',
      async run(request, ctx) {
        const t = await totalsOf(ctx, request)
        const year = yearOf(t.period.to)
        const street = t.node.streetId ? t.nodes.get(t.node.streetId) : undefined
        return {
          period: t.period,
          nodeName: t.node.name,
          template: t.settings.template,
          isDefaultTemplate: t.settings.isDefaultTemplate,
          rendered: renderReport(t.settings.template, t.settings.figures, t.values, {
            year,
            streetName: street?.name ?? t.node.name,
            periodLabel: t.period.label,
            periodEnded: t.period.to < chinaToday(),
          }),
        }
      },
    },

    saveFigure: {
      access: 'figures.manage',
      async run(request, ctx) {
        const street = await ownStreet(ctx, 'figures.manage')
        const result = await db.runTransaction(async (t) => {
          const { data } = await t.collection('settings').doc(streetSettingsId(street.id)).get()
          const settings = figureSettingsOf(data)
          const own = [...settings.stored.figures]
          const key = request.key
          const existing = key === undefined ? undefined : settings.figures.find((f) => f.key === key)
          if (key !== undefined && !existing) throw new AppError('FIGURE.NOT_FOUND')
          let saved: FigureDefinition | undefined
          if (request.reset === true) {
            // A built-in figure goes back as shipped; a street's own figure is removed, unless a ratio or the
            // report template still uses it.
            if (!existing) throw new AppError('FIGURE.NOT_FOUND')
            if (
              !existing.builtIn &&
              (figuresUsing(settings.figures, existing.key).length > 0 ||
                settings.template.includes(existing.key))
            )
              throw new AppError('FIGURE.IN_USE')
            const i = own.findIndex((f) => f.key === key)
            if (i >= 0) own.splice(i, 1)
          } else {
            const checked = validateFigure(request.figure ?? {}, settings.catalogue, settings.figures)
            if (!checked.ok) throw new AppError('FIGURE.INVALID', { fields: checked.fields })
            // A figure that ratios divide by must stay a COUNT or SUM.
            if (
              existing &&
              checked.value.kind === 'ratio' &&
              figuresUsing(settings.figures, existing.key).length > 0
            )
              throw new AppError('FIGURE.IN_USE')
            const newKey =
              existing?.key ?? `f_${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`
            if (
              !existing &&
              own.filter((f) => !BUILT_IN_FIGURES.some((b) => b.key === f.key)).length >=
                FIGURE_LIMITS.ownFigures
            )
              throw new AppError('FIGURE.TOO_MANY')
            saved = { ...checked.value, key: newKey } as FigureDefinition
            if (saved.kind === 'ratio' && (saved.numerator === newKey || saved.denominator === newKey))
              throw new AppError('FIGURE.INVALID', { fields: { numerator: '比率不能引用自己' } })
            const i = own.findIndex((f) => f.key === newKey)
            if (i >= 0) own[i] = saved
            else own.push(saved)
          }
          const version = settings.stored.version + 1
          const { _id: _x, ...rest } = data ?? {}
          await t
            .collection('settings')
            .doc(streetSettingsId(street.id))
            .set({ data: { ...rest, figures: own, figuresVersion: version } })
          return { figures: own, version, saved, existing }
        }, TRANSACTION_RETRIES)
        await writeAudit(
          ctx.entry(
            'figures.save',
            street.id,
            {
              kind: 'figure',
              id: result.saved?.key ?? String(request.key),
              label: result.saved?.label ?? result.existing?.label,
            },
            {
              definition: [
                result.existing ?? null,
                request.reset === true ? 'reset' : (result.saved ?? null),
              ],
            },
          ),
        )
        const merged = figureSettingsOf({ figures: result.figures, figuresVersion: result.version })
        return { figures: figureViews(merged), version: result.version }
      },
    },

    saveTemplate: {
      access: 'figures.manage',
      async run(request, ctx) {
        const street = await ownStreet(ctx, 'figures.manage')
        const settings = await figureSettings(street.id)
        let template: string | null = null
        if (request.template !== null) {
          const checked = checkTemplate(request.template, settings.figures)
          if (!checked.ok) throw new AppError('REPORT.TEMPLATE_INVALID', { fields: checked.fields })
          template = checked.value
        }
        await db
          .collection('settings')
          .doc(streetSettingsId(street.id))
          .update({ data: { reportTemplate: template === null ? db.command.remove() : template } })
          .then(async ({ stats }) => {
            if (stats.updated === 0 && template !== null)
              await db
                .collection('settings')
                .doc(streetSettingsId(street.id))
                .set({ data: { reportTemplate: template } })
          })
        await writeAudit(
          ctx.entry(
            'report.saveTemplate',
            street.id,
            { kind: 'reportTemplate', id: street.id },
            {
              template: [settings.isDefaultTemplate ? null : settings.template, template],
            },
          ),
        )
        const after = await figureSettings(street.id)
        return { template: after.template, isDefaultTemplate: after.isDefaultTemplate }
      },
    },

    closes: {
      access: 'figures.read',
      async run(_request, ctx) {
        // Which years are closed, and by whom: every staff member of the street may know it.
        const { data } = await db
          .collection('yearCloses')
          .where({ streetId: ctx.person?.streetId ?? '' })
          .orderBy('year', 'desc')
          .limit(100)
          .get()
        return { closes: data.map(closeView) }
      },
    },

    closeChanges: {
      access: 'event.read',
      async run(request, ctx) {
        const year = yearIn(request.year)
        const street = await ownStreet(ctx, 'event.read')
        const settings = await figureSettings(street.id)
        const empty = { closed: false, added: [], removed: [], addedCount: 0, removedCount: 0 }
        const atStreet = request.nodeId === undefined || request.nodeId === street.id
        if (!atStreet || !settings.closedYears.includes(year)) return empty
        const figure = settings.figures.find((f) => f.key === request.figure)
        if (!figure) throw new AppError('FIGURE.NOT_FOUND')
        const f = (
          figure.kind === 'ratio' ? settings.figures.find((x) => x.key === figure.denominator) : figure
        ) as EventFigure | undefined
        if (!f) throw new AppError('FIGURE.NOT_FOUND')
        const _ = db.command
        // The ids at the close, and the ids now (the figure's own query, paged by id).
        const then = new Set<string>()
        const { data: chunks } = await db
          .collection('yearCloseEvents')
          .where({ streetId: street.id, year, figure: f.key })
          .limit(1000)
          .get()
        for (const c of chunks) for (const id of (c.ids as string[]) ?? []) then.add(id)
        const { where, also } = figureEventsQuery(f, street, periodOf({ year }))
        const now = new Set<string>()
        for await (const page of pagesById('events', _.and([where, ...also]), { _id: true }))
          for (const d of page) now.add(String(d._id))
        const added = [...now].filter((id) => !then.has(id))
        const removed = [...then].filter((id) => !now.has(id))
        const summaries = async (ids: string[]) => {
          if (ids.length === 0) return []
          const { data } = await db
            .collection('events')
            .where({ _id: _.in(ids.slice(0, CHANGES_SHOWN)) })
            .limit(CHANGES_SHOWN)
            .get()
          return data.map(eventSummary)
        }
        const [addedViews, removedViews] = await Promise.all([summaries(added), summaries(removed)])
        return {
          closed: true,
          added: addedViews,
          removed: removedViews,
          addedCount: added.length,
          removedCount: removed.length,
        }
      },
    },

    closeYear: {
      access: 'year.close',
      async run(request, ctx) {
        const year = yearIn(request.year)
        const street = await ownStreet(ctx, 'year.close')
        if (year >= yearOf(chinaToday())) throw new AppError('YEAR.NOT_ENDED')
        // The snapshot: every figure's value (from rollups) and the ids of its events (one scan of the year);
        // the totals bring the street's settings, so a year already closed is refused before the scan.
        const t = await totalsOf(ctx, { nodeId: street.id, period: { year } }, 'year.close')
        if (t.settings.closedYears.includes(year)) throw new AppError('YEAR.ALREADY_CLOSED')
        const period = periodOf({ year })
        const events = await countedEvents(street, period, CLOSE_MAX_EVENTS, 'STATS.TOO_MANY_EVENTS')
        const byFigure = eventsByFigure(t.settings.figures, events, t.settings, period)
        // A close made again replaces the snapshot's lists whole (fewer chunks than before leave none behind).
        await db.collection('yearCloseEvents').where({ streetId: street.id, year }).remove()
        for (const [key, list] of byFigure) {
          const ids = list.map((e) => String(e._id))
          for (let i = 0; i * IDS_PER_CHUNK < Math.max(ids.length, 1); i++)
            await db
              .collection('yearCloseEvents')
              .doc(`${closeId(street.id, year)}:${key}:${i}`)
              .set({
                data: {
                  streetId: street.id,
                  year,
                  figure: key,
                  chunk: i,
                  ids: ids.slice(i * IDS_PER_CHUNK, (i + 1) * IDS_PER_CHUNK),
                },
              })
        }
        const values = Object.fromEntries([...t.values.entries()])
        const stored = await changeClose(street.id, year, (close, settings, closedYears) => {
          if (closedYears.includes(year)) throw new AppError('YEAR.ALREADY_CLOSED')
          return {
            close: {
              streetId: street.id,
              year,
              status: 'closed',
              closedAt: new Date(),
              closedBy: ctx.person!.openid,
              closedByName: ctx.person!.name,
              figuresVersion: t.settings.stored.version,
              figures: t.settings.figures,
              values,
              counts: Object.fromEntries([...byFigure.entries()].map(([k, l]) => [k, l.length])),
              history: withHistory(close, ctx, 'close'),
              openExceptions: {},
            },
            closedYears: [...closedYears, year].sort(),
            // Grants of a late correction end with the year's new close (they are for the close they were made under).
            lateCorrections: Object.fromEntries(
              Object.entries((settings?.lateCorrections as Record<string, number> | undefined) ?? {}).filter(
                ([, y]) => y !== year,
              ),
            ),
          }
        })
        await writeAudit(
          ctx.entry('year.close', street.id, { kind: 'year', id: String(year), label: `${year}年` }),
        )
        return { close: closeView(stored) }
      },
    },

    reopenYear: {
      access: 'year.close',
      async run(request, ctx) {
        const year = yearIn(request.year)
        const reason = reasonIn(request.reason)
        const street = await ownStreet(ctx, 'year.close')
        const stored = await changeClose(street.id, year, (close, settings, closedYears) => {
          return {
            close: {
              ...inForce(close, closedYears, year),
              status: 'reopened',
              history: withHistory(close, ctx, 'reopen', { reason }),
            },
            closedYears: closedYears.filter((y) => y !== year),
          }
        })
        await writeAudit(
          ctx.entry(
            'year.reopen',
            street.id,
            { kind: 'year', id: String(year), label: `${year}年` },
            withReason(reason),
          ),
        )
        return { close: closeView(stored) }
      },
    },

    grantException: {
      access: 'year.close',
      async run(request, ctx) {
        const year = yearIn(request.year)
        const reason = reasonIn(request.reason)
        const street = await ownStreet(ctx, 'year.close')
        const eventId =
          typeof request.eventId === 'string' && EVENT_ID.test(request.eventId) ? request.eventId : ''
        const { data: event } = eventId ? await db.collection('events').doc(eventId).get() : { data: null }
        if (!event || event.streetId !== street.id || event.year !== year)
          throw new AppError('EVENT.NOT_FOUND')
        const stored = await changeClose(street.id, year, (close, settings, closedYears) => {
          const current = inForce(close, closedYears, year)
          return {
            close: {
              ...current,
              openExceptions: {
                ...((current.openExceptions as Doc | undefined) ?? {}),
                [eventId]: new Date(),
              },
              history: withHistory(close, ctx, 'exception', { reason, eventId }),
            },
            lateCorrections: { ...((settings?.lateCorrections as Doc | undefined) ?? {}), [eventId]: year },
          }
        })
        await writeAudit(
          ctx.entry(
            'year.exception',
            street.id,
            { kind: String(event.type), id: eventId, label: String(event.title) },
            withReason(reason),
          ),
        )
        return { close: closeView(stored) }
      },
    },

    reconcile: {
      access: 'year.close',
      async run(request, ctx) {
        const year = yearIn(request.year)
        const street = await ownStreet(ctx, 'year.close')
        const result = await reconcileStreet(street.id, year)
        if (result.repaired > 0)
          await writeAudit(
            ctx.entry(
              'rollups.repair',
              street.id,
              { kind: 'rollups', id: `${street.id}:${year}` },
              {
                repaired: [0, result.repaired],
              },
            ),
          )
        return { streets: 1, ...result }
      },
    },
  },
  {
    /** Nightly: every street's rollups of this year and last year recounted, drift reported and repaired. */
    async timer() {
      const { data } = await db.collection('orgNodes').where({ kind: 'street' }).limit(1000).get()
      const thisYear = yearOf(chinaToday())
      let drifted: ReconcileResult['drifted'][number][] = []
      let checked = 0
      let repaired = 0
      let skipped = 0
      for (const street of data.map(nodeOf)) {
        for (const year of [thisYear - 1, thisYear]) {
          const r = await reconcileStreet(street.id, year)
          checked += r.checked
          repaired += r.repaired
          skipped += r.skipped
          drifted = [...drifted, ...r.drifted]
          if (r.drifted.length > 0)
            await writeAudit(
              entryOf(
                SYSTEM,
                'rollups.repair',
                street.id,
                { kind: 'rollups', id: `${street.id}:${year}` },
                {
                  repaired: [0, r.repaired],
                  drifted: [0, r.drifted.length],
                },
              ),
            )
        }
      }
      return { streets: data.length, checked, drifted: drifted.slice(0, 100), repaired, skipped }
    },
  },
)
