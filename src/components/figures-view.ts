/**
 * What the figures pages (统计报表, a figure's events, 报告) show, worked out without Taro: the period
 * chosen on the dashboard and carried in a page's URL, a figure's value as it sits beside its label
 * (14场, 100余人次 with 实际106人次, 100%), figures in their sections, the month series of a trend and the
 * rows of a breakdown by community and grid, and the org nodes the dashboard can be read for.
 */
import type { FigureView, OrgNodeView, TotalsView } from '../core/contract'
import { EARLIEST_YEAR } from '../core/event-types'
import { FIGURE_SECTIONS, monthsOf, type FigureValue, type Period, type PeriodRequest } from '../core/figures'
import type { NodeKind } from '../core/org-tree'

// ---- the period --------------------------------------------------------------------------------

export type PeriodPart = 'year' | 'quarter' | 'month'
export type Quarter = 1 | 2 | 3 | 4

/** The dashboard's period: a year, and within it the whole year, one quarter or one month. */
export interface PeriodChoice {
  readonly year: number
  readonly part: PeriodPart
  readonly quarter: Quarter
  /** 1 … 12 */
  readonly month: number
}

export const PERIOD_PARTS: readonly { readonly part: PeriodPart; readonly label: string }[] = [
  { part: 'year', label: '全年' },
  { part: 'quarter', label: '季度' },
  { part: 'month', label: '月' },
]
export const QUARTER_LABELS = ['第一季度', '第二季度', '第三季度', '第四季度'] as const
export const MONTH_LABELS = Array.from({ length: 12 }, (_x, i) => `${i + 1}月`)

/** The years a period may lie in, newest first: this year down to EARLIEST_YEAR (2000). */
export const yearsUpTo = (thisYear: number): number[] =>
  Array.from({ length: Math.max(0, thisYear - EARLIEST_YEAR + 1) }, (_x, i) => thisYear - i)

/** The whole of this year (`today` is YYYY-MM-DD, China time); the quarter and month are today's. */
export function defaultChoice(today: string): PeriodChoice {
  const month = Number(today.slice(5, 7))
  return { year: Number(today.slice(0, 4)), part: 'year', quarter: quarterOf(month), month }
}

const quarterOf = (month: number): Quarter => (Math.floor((month - 1) / 3) + 1) as Quarter

/** What the stats function is asked for. */
export function requestOf(c: PeriodChoice): PeriodRequest {
  if (c.part === 'quarter') return { year: c.year, quarter: c.quarter }
  if (c.part === 'month') return { year: c.year, month: c.month }
  return { year: c.year }
}

/** A figure's page in the staff subpackage: its period and node in the query (node absent: the caller's street). */
export function figuresQuery(
  period: PeriodRequest,
  nodeId?: string,
  extra: Record<string, string> = {},
): string {
  const parts: [string, string][] = Object.entries(extra)
  if ('from' in period) parts.push(['from', period.from], ['to', period.to])
  else {
    parts.push(['year', String(period.year)])
    if ('quarter' in period) parts.push(['quarter', String(period.quarter)])
    if ('month' in period) parts.push(['month', String(period.month)])
  }
  if (nodeId) parts.push(['node', nodeId])
  return parts.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&')
}

const DATE = /^\d{4}-\d{2}-\d{2}$/

/** A query parameter as the router hands it over (still encoded on some platforms, decoded on others). */
export function paramOf(
  params: Readonly<Record<string, string | undefined>>,
  key: string,
): string | undefined {
  const raw = params[key]
  if (raw === undefined || raw === '') return undefined
  try {
    return decodeURIComponent(raw)
  } catch {
    return raw
  }
}

/** The period a page's query names (figuresQuery), or undefined when it names none or a malformed one. */
export function periodFromQuery(
  params: Readonly<Record<string, string | undefined>>,
): PeriodRequest | undefined {
  const from = paramOf(params, 'from')
  const to = paramOf(params, 'to')
  if (from !== undefined || to !== undefined)
    return from && to && DATE.test(from) && DATE.test(to) && from <= to ? { from, to } : undefined
  const whole = (key: string, min: number, max: number): number | undefined => {
    const text = paramOf(params, key)
    if (text === undefined || !/^\d+$/.test(text)) return undefined
    const n = Number(text)
    return n >= min && n <= max ? n : undefined
  }
  const year = whole('year', EARLIEST_YEAR, 9999)
  if (year === undefined) return undefined
  if (paramOf(params, 'quarter') !== undefined) {
    const quarter = whole('quarter', 1, 4)
    return quarter === undefined ? undefined : { year, quarter: quarter as Quarter }
  }
  if (paramOf(params, 'month') !== undefined) {
    const month = whole('month', 1, 12)
    return month === undefined ? undefined : { year, month }
  }
  return { year }
}

// ---- a figure's value --------------------------------------------------------------------------

/** The value as the report writes it, with its unit: 14场, 100余人次, 100%, —. */
export function valueText(f: Pick<FigureView, 'kind' | 'unit'>, v: Pick<FigureValue, 'text'>): string {
  return f.kind === 'ratio' || v.text === '—' ? v.text : `${v.text}${f.unit}`
}

/**
 * What stands behind the written value, when it says less than the number: 实际106人次 for 100余人次;
 * for a ratio its parts, 64 ÷ 64. Undefined when the written value is the number itself.
 */
export function exactText(f: Pick<FigureView, 'kind' | 'unit'>, v: FigureValue): string | undefined {
  if (f.kind === 'ratio')
    return v.numerator !== undefined && v.denominator !== undefined
      ? `${v.numerator} ÷ ${v.denominator}`
      : undefined
  return v.text === String(v.value) ? undefined : `实际${v.value}${f.unit}`
}

export interface FigureSection {
  readonly section: string
  readonly figures: readonly FigureView[]
}

/** Figures in the dashboard's sections (FIGURE_SECTIONS order, anything else under 其他); empty sections left out. */
export function bySection(figures: readonly FigureView[]): FigureSection[] {
  const known = (s: string) => (FIGURE_SECTIONS as readonly string[]).includes(s)
  return FIGURE_SECTIONS.map((section) => ({
    section,
    figures: figures.filter((f) => (known(f.section) ? f.section === section : section === '其他')),
  })).filter((s) => s.figures.length > 0)
}

/** A safe CSS class for a figure (keys hold dots): lecture.count → figure-lecture-count. */
export const figureClass = (key: string): string => `figure-${key.replace(/[^A-Za-z0-9_-]/g, '-')}`

// ---- trends and breakdowns --------------------------------------------------------------------

/** The figures that have a value per month and per node (COUNT and SUM; a ratio has none). */
export const chartable = (figures: readonly FigureView[]): FigureView[] =>
  figures.filter((f) => f.kind !== 'ratio')

export interface MonthPoint {
  /** YYYY-MM */
  readonly month: string
  /** 3月; 2024年12月 when the period runs over more than one year. */
  readonly label: string
  readonly value: number
}

/** The figure's value in each month of the period, 0 for a month with nothing. */
export function monthSeries(totals: Pick<TotalsView, 'byMonth'>, period: Period, key: string): MonthPoint[] {
  const months = monthsOf(period)
  const years = new Set(months.map((m) => m.slice(0, 4)))
  return months.map((month) => {
    const row = totals.byMonth.find((r) => r.month === month)
    const m = `${Number(month.slice(5, 7))}月`
    return { month, label: years.size > 1 ? `${month.slice(0, 4)}年${m}` : m, value: row?.values[key] ?? 0 }
  })
}

export interface NodeRow {
  readonly nodeId: string
  readonly name: string
  readonly kind: NodeKind
  /** 0: a community (or anything whose parent is not listed); 1: a grid under the row above. */
  readonly depth: 0 | 1
  readonly value: number
  /** value ÷ the largest value of the same depth, for the bar's length (0 when all are 0). */
  readonly share: number
}

/** The breakdown by node: each community followed by its grids, in the order the server gave. */
export function nodeRows(byNode: TotalsView['byNode'], key: string): NodeRow[] {
  const ids = new Set(byNode.map((n) => n.nodeId))
  const top = byNode.filter((n) => !n.parentId || !ids.has(n.parentId))
  const value = (n: (typeof byNode)[number]) => n.values[key] ?? 0
  const max = (rows: typeof byNode) => Math.max(0, ...rows.map(value))
  const topMax = max(top)
  const childMax = max(byNode.filter((n) => !top.includes(n)))
  const rows: NodeRow[] = []
  for (const n of top) {
    rows.push({ ...rowOf(n), depth: 0, value: value(n), share: topMax > 0 ? value(n) / topMax : 0 })
    for (const c of byNode.filter((x) => x.parentId === n.nodeId && x !== n))
      rows.push({ ...rowOf(c), depth: 1, value: value(c), share: childMax > 0 ? value(c) / childMax : 0 })
  }
  return rows
}

const rowOf = (n: TotalsView['byNode'][number]) => ({ nodeId: n.nodeId, name: n.name, kind: n.kind })

// ---- where ------------------------------------------------------------------------------------

export interface NodeOption {
  readonly id: string
  readonly label: string
}

/**
 * The nodes the dashboard may be read for, from the caller's part of the org tree (org.tree, sorted by
 * kind then name): each street (or the caller's community), then its communities, each followed by its
 * grids (明园社区 · 第1网格). Retired nodes and districts are left out (a district's streets are kept).
 */
export function nodeOptions(tree: readonly OrgNodeView[]): NodeOption[] {
  const active = tree.filter((n) => !n.retired)
  const ids = new Set(active.map((n) => n.id))
  const out: NodeOption[] = []
  const visit = (n: OrgNodeView, prefix: string) => {
    if (n.kind !== 'district') out.push({ id: n.id, label: `${prefix}${n.name}` })
    const next = n.kind === 'community' ? `${n.name} · ` : ''
    for (const child of active.filter((c) => c.parentId === n.id)) visit(child, next)
  }
  for (const root of active.filter((n) => !n.parentId || !ids.has(n.parentId))) visit(root, '')
  return out
}
