/**
 * The figures of an org node for a period, read from rollups (never from events), and the events behind
 * a figure. Shared by the `stats` function (totals, drill-down, report, closing) and `ledgers` (exports).
 *
 * A street's figure definitions and report template live in its settings document beside its catalogue
 * (`settings` `street:<id>`), so one read gives everything a total needs.
 */
import { chinaToday, isCalendarDate, yearOf } from '../../src/core/china-time'
import type { FigureTotal, TotalsView } from '../../src/core/contract'
import { AppError } from '../../src/core/errors'
import {
  EARLIEST_YEAR,
  mergeCatalogue,
  type EventTypeDefinition,
  type StreetCatalogue,
} from '../../src/core/event-types'
import {
  coversMonth,
  figureTakes,
  mergeFigures,
  monthsOf,
  periodOf,
  previousYearOf,
  sumFiguresBy,
  totalFigures,
  type EventFigure,
  type FigureDefinition,
  type FigureValue,
  type Period,
  type PeriodRequest,
  type StreetFigures,
} from '../../src/core/figures'
import type { PolicyAction } from '../../src/core/policy'
import { DEFAULT_REPORT_TEMPLATE } from '../../src/core/report'
import { facetOf } from '../../src/core/rollups'
import { db, type Doc } from './cloud'
import { streetSettingsId } from './events.repository'
import { pagesById } from './paging'
import { findNode, nodeOf, type StoredNode } from './people'
import { cellsOf, countable, readRollups } from './rollups.repository'
import type { Context } from './serve'

/** What a street has set about figures (and its catalogue, which figure filters refer to). */
export interface FigureSettings {
  readonly figures: FigureDefinition[]
  readonly stored: StreetFigures
  readonly template: string
  readonly isDefaultTemplate: boolean
  readonly catalogue: EventTypeDefinition[]
  readonly closedYears: number[]
  /** Events granted one late correction in a closed year: event id → year. */
  readonly lateCorrections: Readonly<Record<string, number>>
}

export function figureSettingsOf(data: Doc | null | undefined): FigureSettings {
  const stored: StreetFigures = {
    figures: Array.isArray(data?.figures) ? (data.figures as FigureDefinition[]) : [],
    version: typeof data?.figuresVersion === 'number' ? data.figuresVersion : 0,
  }
  const catalogue: StreetCatalogue = {
    types: Array.isArray(data?.types) ? (data.types as EventTypeDefinition[]) : [],
    extraMeasures: (data?.extraMeasures as StreetCatalogue['extraMeasures'] | undefined) ?? {},
  }
  const template = typeof data?.reportTemplate === 'string' ? data.reportTemplate : undefined
  return {
    figures: mergeFigures(stored),
    stored,
    template: template ?? DEFAULT_REPORT_TEMPLATE,
    isDefaultTemplate: template === undefined,
    catalogue: mergeCatalogue(catalogue),
    closedYears: Array.isArray(data?.closedYears) ? (data.closedYears as number[]) : [],
    lateCorrections: (data?.lateCorrections as Record<string, number> | undefined) ?? {},
  }
}

export async function figureSettings(streetId: string | undefined): Promise<FigureSettings> {
  if (!streetId) return figureSettingsOf(undefined)
  const { data } = await db.collection('settings').doc(streetSettingsId(streetId)).get()
  return figureSettingsOf(data)
}

// ---- requests ---------------------------------------------------------------------------------

const MAX_RANGE_DAYS = 3 * 366

/** The period a request names, or STATS.PERIOD_INVALID. */
export function parsePeriod(raw: unknown): Period {
  const p = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>
  const thisYear = yearOf(chinaToday())
  const okYear = (y: unknown): y is number =>
    typeof y === 'number' && Number.isInteger(y) && y >= EARLIEST_YEAR && y <= thisYear
  const invalid = () => new AppError('STATS.PERIOD_INVALID')
  if (p.from !== undefined || p.to !== undefined) {
    const { from, to } = p
    if (!isCalendarDate(from) || !isCalendarDate(to) || from > to || yearOf(from) < EARLIEST_YEAR)
      throw invalid()
    if ((Date.parse(to) - Date.parse(from)) / 86_400_000 > MAX_RANGE_DAYS) throw invalid()
    return periodOf({ from, to })
  }
  if (!okYear(p.year)) throw new AppError('STATS.YEAR_INVALID')
  const request: PeriodRequest =
    p.quarter !== undefined
      ? { year: p.year, quarter: checkedIn(p.quarter, 1, 4, invalid) as 1 | 2 | 3 | 4 }
      : p.month !== undefined
        ? { year: p.year, month: checkedIn(p.month, 1, 12, invalid) }
        : { year: p.year }
  return periodOf(request)
}

function checkedIn(v: unknown, min: number, max: number, invalid: () => AppError): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) throw invalid()
  return v
}

/** The nodes of a street (itself and everything below, retired ones too), in one query. */
async function streetNodes(streetId: string): Promise<Map<string, StoredNode>> {
  const { data } = await db.collection('orgNodes').where({ streetId }).limit(1000).get()
  return new Map(data.map((d) => [String(d._id), nodeOf(d)]))
}

/**
 * The node figures are asked for (the caller's street by default), with the nodes of its street for
 * names, after the policy allowed `action` there.
 */
export async function figuresNode(
  ctx: Context,
  nodeId: unknown,
  action: PolicyAction,
): Promise<{ node: StoredNode; nodes: Map<string, StoredNode> }> {
  const own = ctx.person?.streetId
  let nodes = own ? await streetNodes(own) : new Map<string, StoredNode>()
  const wanted =
    nodeId === undefined || nodeId === null || nodeId === '' ? (own ?? ctx.person?.grants[0]?.nodeId) : nodeId
  let node = typeof wanted === 'string' ? nodes.get(wanted) : undefined
  if (!node) {
    node = await findNode(wanted)
    if (!node) {
      if (nodeId === undefined || nodeId === null || nodeId === '') return ctx.refuse('AUTH.FORBIDDEN')
      throw new AppError('ORG.NOT_FOUND')
    }
    if (node.streetId && node.streetId !== own) nodes = await streetNodes(node.streetId)
  }
  await ctx.require(action, node)
  return { node, nodes }
}

// ---- totals -----------------------------------------------------------------------------------

/** Everything a total of one node and period is made of (what the views and the exports show). */
export interface Totals {
  readonly node: StoredNode
  readonly nodes: Map<string, StoredNode>
  readonly settings: FigureSettings
  readonly period: Period
  readonly previousPeriod: Period
  readonly values: Map<string, FigureValue>
  readonly previous: Map<string, FigureValue>
  readonly byMonth: TotalsView['byMonth']
  readonly byNode: TotalsView['byNode']
}

/**
 * The cells the periods are totalled from: month totals of the months they cover whole (one query for
 * a year, a quarter, a month), day cells of a month a date range cuts.
 */
async function cellsFor(node: StoredNode, periods: readonly Period[]) {
  const streetId = node.kind === 'district' ? undefined : node.streetId
  const scope = {
    ...(streetId ? { streetId } : {}),
    ...(node.kind === 'street' ? {} : { ancestors: node.id }),
  }
  const whole = new Set<string>()
  const cut = new Set<string>()
  for (const p of periods) for (const m of monthsOf(p)) (coversMonth(p, m) ? whole : cut).add(m)
  for (const m of cut) whole.delete(m)
  const [months, days] = await Promise.all([
    readRollups({ ...scope, months: [...whole] }),
    readRollups({ ...scope, months: [...cut], days: true }),
  ])
  return [...cellsOf(months, 'month'), ...cellsOf(days, 'day')]
}

export async function totalsOf(
  ctx: Context,
  request: { nodeId?: unknown; period?: unknown },
  action: PolicyAction = 'figures.read',
): Promise<Totals> {
  const period = parsePeriod(request.period)
  const { node, nodes } = await figuresNode(ctx, request.nodeId, action)
  const previousPeriod = previousYearOf(period)
  // The definitions and the rollups of both periods at once: one round trip's wait.
  const [settings, cells] = await Promise.all([
    figureSettings(node.kind === 'district' ? undefined : node.streetId),
    cellsFor(node, [previousPeriod, period]),
  ])
  const figures = settings.figures
  const values = totalFigures(figures, cells, period)
  const previous = totalFigures(figures, cells, previousPeriod)
  const months = sumFiguresBy(figures, cells, period, (c) => [c.month])
  const depth = node.ancestors.length + 1
  const below = sumFiguresBy(figures, cells, period, (c) => c.ancestors.slice(depth, depth + 2))
  return {
    node,
    nodes,
    settings,
    period,
    previousPeriod,
    values,
    previous,
    byMonth: monthsOf(period).map((month) => ({ month, values: months.get(month) ?? zeros(figures) })),
    byNode: [...below.entries()]
      .map(([id, values]) => {
        const n = nodes.get(id)
        return {
          nodeId: id,
          name: n?.name ?? id,
          kind: n?.kind ?? 'grid',
          ...(n?.parentId ? { parentId: n.parentId } : {}),
          values,
        }
      })
      .sort((a, b) => a.name.localeCompare(b.name, 'zh')),
  }
}

const zeros = (figures: readonly FigureDefinition[]): Record<string, number> =>
  Object.fromEntries(figures.filter((f) => f.kind !== 'ratio').map((f) => [f.key, 0]))

/** Each figure's value now, a year earlier, and (for a closed year) in the snapshot. */
export function figureTotals(t: Totals, closedValues?: Readonly<Record<string, FigureValue>>): FigureTotal[] {
  return t.settings.figures.map((f) => {
    const value = t.values.get(f.key)!
    const closed = closedValues?.[f.key]
    return {
      key: f.key,
      value,
      previous: t.previous.get(f.key)!,
      ...(closed && (closed.value !== value.value || closed.text !== value.text)
        ? { closedValue: closed }
        : {}),
    }
  })
}

// ---- the events behind figures ----------------------------------------------------------------

/** The events that count at a node (and below) in the years of a period: the plain part of every query here. */
function countedAt(node: StoredNode, period: Period): Doc {
  const years: number[] = []
  for (let y = yearOf(period.from); y <= yearOf(period.to); y++) years.push(y)
  return {
    ...(node.kind === 'district' ? { ancestors: node.id } : { streetId: node.streetId }),
    ...(node.kind === 'street' || node.kind === 'district' ? {} : { ancestors: node.id }),
    year: years.length === 1 ? years[0] : db.command.in(years),
    voided: false,
  }
}

/** The query of the events a COUNT or SUM figure takes at a node in a period (plain part and commands). */
export function figureEventsQuery(
  f: EventFigure,
  node: StoredNode,
  period: Period,
): { where: Doc; also: unknown[] } {
  const _ = db.command
  const where: Doc = {
    ...countedAt(node, period),
    type: f.types.length === 1 ? f.types[0] : _.in([...f.types]),
  }
  const also: unknown[] = [{ happenedOn: _.gte(period.from) }, { happenedOn: _.lte(period.to) }]
  const w = f.where
  for (const [k, values] of Object.entries(w?.attributes ?? {})) {
    if (values.every((v) => typeof v === 'boolean')) {
      // An unchecked flag is stored as false or null.
      also.push(values.includes(true) ? { [`attributes.${k}`]: true } : { [`attributes.${k}`]: _.neq(true) })
    } else also.push({ [`attributes.${k}`]: _.in([...values]) })
  }
  if (w?.status) also.push({ status: _.in([...w.status]) })
  if (w?.outcome) also.push({ outcome: _.in([...w.outcome]) })
  if (w?.closure) also.push({ closure: _.in([...w.closure]) })
  if (w?.openAtYearEnd)
    also.push(_.or([{ closedOn: null }, { closedOn: _.gt(`${yearOf(period.to)}-12-31`) }]))
  return { where, also }
}

/**
 * Every counted event of a node in a period (paged by `_id`, 1000 a round trip), for closing a year and
 * for exports: one scan serves all figures. `limit` stops the scan (`tooMany` past it).
 */
export async function countedEvents(
  node: StoredNode,
  period: Period,
  limit: number,
  tooMany: 'EXPORT.TOO_LARGE' | 'STATS.TOO_MANY_EVENTS' = 'EXPORT.TOO_LARGE',
): Promise<Doc[]> {
  const out: Doc[] = []
  for await (const page of pagesById('events', countedAt(node, period))) {
    for (const d of page) {
      const on = String(d.happenedOn)
      if (on >= period.from && on <= period.to) out.push(d)
    }
    if (out.length > limit) throw new AppError(tooMany, { limit })
  }
  return out
}

/** The events each COUNT or SUM figure takes, by figure key (the same predicate as the totals). */
export function eventsByFigure(
  figures: readonly FigureDefinition[],
  events: readonly Doc[],
  settings: FigureSettings,
  period: Period,
): Map<string, Doc[]> {
  const periodYear = yearOf(period.to)
  const out = new Map<string, Doc[]>()
  const defOf = new Map(settings.catalogue.map((t) => [t.type, t]))
  const facets = events.map((e) => facetOf(countable(e, defOf.get(String(e.type)))))
  for (const f of figures) {
    if (f.kind === 'ratio') continue
    out.set(
      f.key,
      events.filter((e, i) => figureTakes(f, String(e.type), facets[i]!, periodYear)),
    )
  }
  return out
}
