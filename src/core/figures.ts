/**
 * Figure definitions (domain.md, "The four kinds of figure"): every number of the report's figures
 * paragraph is data — COUNT of events, SUM of a measure, or RATIO of two figures — with filters on type,
 * category (any choice or flag attribute), status, outcome and closure, a unit, exact or 余 wording, and
 * a description shown next to the value. The built-in figures cover the legal-work figures of both seed
 * reports; a street admin may edit them and add its own (stored per street, merged by `mergeFigures`).
 *
 * Figures are evaluated over rollup cells (rollups.ts) — never over events — and the same predicate
 * decides which events a figure opens to, so "64件" always opens to 64 cases.
 */
import { phraseNumber, phrasePercent, type Wording } from './approx-number'
import type { FieldErrors } from './errors'
import type { EventTypeDefinition } from './event-types'
import type { Facet } from './rollups'

/** Which events a COUNT or SUM takes. Absent conditions take everything. */
export interface FigureFilter {
  /** Attribute key → accepted values; a multiple choice matches when one of its values is accepted. */
  readonly attributes?: Readonly<Record<string, readonly (string | boolean)[]>>
  /** Case status (accepted, mediating, resolved, closed, reported, handling). */
  readonly status?: readonly string[]
  /** Dispute outcome (success, partial, failed, withdrawn). */
  readonly outcome?: readonly string[]
  /** Grid-event closure (procedural, substantive). */
  readonly closure?: readonly string[]
  /** Cases not yet closed when the period's year ended (年底未办结). */
  readonly openAtYearEnd?: boolean
}

interface FigureCommon {
  /** Stable identifier: `lecture.count`, or `f_…` for a street's own figure. */
  readonly key: string
  readonly label: string
  readonly unit: string
  readonly wording: Wording
  /** The definition in words, shown next to the value. */
  readonly description: string
  /** The dashboard's section: 普法宣传, 矛盾纠纷 … */
  readonly section: string
  readonly builtIn?: boolean
}

export interface CountFigure extends FigureCommon {
  readonly kind: 'count'
  readonly types: readonly string[]
  readonly where?: FigureFilter
}

export interface SumFigure extends FigureCommon {
  readonly kind: 'sum'
  readonly types: readonly string[]
  readonly measure: string
  readonly where?: FigureFilter
}

/** numerator ÷ denominator × 100%: both name COUNT or SUM figures. */
export interface RatioFigure extends FigureCommon {
  readonly kind: 'ratio'
  readonly numerator: string
  readonly denominator: string
}

export type FigureDefinition = CountFigure | SumFigure | RatioFigure
/** A figure as an admin writes it: the server gives it its key. */
export type UnkeyedFigure = FigureDefinition extends infer F
  ? F extends unknown
    ? Omit<F, 'key'>
    : never
  : never
export type EventFigure = CountFigure | SumFigure

export const FIGURE_SECTIONS = ['普法宣传', '矛盾纠纷', '网格事件', '行政执法', '学法培训', '其他'] as const

const count = (
  key: string,
  section: string,
  label: string,
  unit: string,
  types: readonly string[],
  description: string,
  where?: FigureFilter,
): CountFigure => ({
  key,
  kind: 'count',
  section,
  label,
  unit,
  types,
  wording: 'exact',
  description,
  ...(where ? { where } : {}),
  builtIn: true,
})

const sum = (
  key: string,
  section: string,
  label: string,
  unit: string,
  types: readonly string[],
  measure: string,
  description: string,
  where?: FigureFilter,
): SumFigure => ({
  key,
  kind: 'sum',
  section,
  label,
  unit,
  types,
  measure,
  wording: 'approx',
  description,
  ...(where ? { where } : {}),
  builtIn: true,
})

const ratio = (
  key: string,
  section: string,
  label: string,
  numerator: string,
  denominator: string,
  description: string,
): RatioFigure => ({
  key,
  kind: 'ratio',
  section,
  label,
  unit: '%',
  numerator,
  denominator,
  wording: 'exact',
  description,
  builtIn: true,
})

// 特色: the seed counts 文艺汇演 and the like apart from an ordinary 宣讲 (its 反诈 宣讲 is mentioned on its own).
const SPECIAL_FORMS = ['文艺汇演', '进校园', '进社区']
const WITH_OUTCOME = ['success', 'partial', 'failed']
const CASES = ['dispute', 'gridEvent']

/** The built-in figures: every legal-work figure of both seed reports. */
export const BUILT_IN_FIGURES: readonly FigureDefinition[] = [
  count('lecture.count', '普法宣传', '法律讲座', '场', ['lecture'], '举办的法律讲座场数（未作废）'),
  sum(
    'lecture.participants',
    '普法宣传',
    '法律讲座参与',
    '人次',
    ['lecture'],
    'participants',
    '法律讲座参与人次之和',
  ),
  count('consultation.count', '普法宣传', '法律咨询', '次', ['consultation'], '法律咨询的次数（场次）'),
  sum(
    'consultation.people',
    '普法宣传',
    '接受法律咨询',
    '人次',
    ['consultation'],
    'people',
    '法律咨询接待人次之和',
  ),
  sum(
    'materials',
    '普法宣传',
    '发放宣传资料',
    '份',
    ['lecture', 'promotion'],
    'materials',
    '法律讲座和普法宣传活动发放资料份数之和',
  ),
  count(
    'promotion.count',
    '普法宣传',
    '普法宣传活动',
    '次',
    ['promotion'],
    '开展普法宣传活动的次数（所有形式）',
  ),
  sum(
    'promotion.audience',
    '普法宣传',
    '普法宣传受众',
    '人',
    ['promotion'],
    'audience',
    '普法宣传活动受众人数之和',
  ),
  count(
    'promotion.special',
    '普法宣传',
    '文艺汇演等特色普法宣传活动',
    '次',
    ['promotion'],
    '形式为文艺汇演、进校园、进社区的普法宣传活动次数（不含一般宣讲）',
    { attributes: { form: SPECIAL_FORMS } },
  ),
  count('promotion.school', '普法宣传', '法律进校园', '次', ['promotion'], '形式为进校园的普法宣传活动次数', {
    attributes: { form: ['进校园'] },
  }),
  sum(
    'promotion.schoolAudience',
    '普法宣传',
    '进校园受教师生',
    '人',
    ['promotion'],
    'audience',
    '进校园活动受众人数之和',
    { attributes: { form: ['进校园'] } },
  ),
  count(
    'dispute.count',
    '矛盾纠纷',
    '排查化解矛盾纠纷',
    '件',
    ['dispute'],
    '受理日期在期间内的矛盾纠纷件数（未作废）',
  ),
  count(
    'dispute.withOutcome',
    '矛盾纠纷',
    '已调处矛盾纠纷',
    '件',
    ['dispute'],
    '有调处结果（调解成功、部分达成、调解不成）的矛盾纠纷件数，不含撤回',
    { outcome: WITH_OUTCOME },
  ),
  count('dispute.success', '矛盾纠纷', '调解成功', '件', ['dispute'], '调解成功的矛盾纠纷件数', {
    outcome: ['success'],
  }),
  ratio(
    'dispute.handledRate',
    '矛盾纠纷',
    '调处率',
    'dispute.withOutcome',
    'dispute.count',
    '已调处矛盾纠纷 ÷ 受理矛盾纠纷 × 100%；无受理案件时为“—”',
  ),
  ratio(
    'dispute.successRate',
    '矛盾纠纷',
    '调解成功率',
    'dispute.success',
    'dispute.withOutcome',
    '调解成功 ÷ 已调处矛盾纠纷 × 100%；无调处结果时为“—”',
  ),
  count(
    'gridEvent.count',
    '网格事件',
    '处理网格事件',
    '件',
    ['gridEvent'],
    '上报日期在期间内的网格事件件数（未作废）',
  ),
  count(
    'gridEvent.substantive',
    '网格事件',
    '实质性办结网格事件',
    '件',
    ['gridEvent'],
    '以实质性办结（问题实际解决）办结的网格事件件数',
    { closure: ['substantive'] },
  ),
  ratio(
    'gridEvent.substantiveRate',
    '网格事件',
    '网格事件实质性办结率',
    'gridEvent.substantive',
    'gridEvent.count',
    '实质性办结网格事件 ÷ 网格事件 × 100%',
  ),
  count(
    'case.count',
    '网格事件',
    '受理案件（矛盾纠纷和网格事件）',
    '件',
    CASES,
    '受理或上报日期在期间内的矛盾纠纷和网格事件件数',
  ),
  count(
    'case.closed',
    '网格事件',
    '已办结案件',
    '件',
    CASES,
    '已办结的矛盾纠纷和网格事件件数（程序性办结和实质性办结都计入）',
    { status: ['closed'] },
  ),
  ratio(
    'case.closedRate',
    '网格事件',
    '办结率',
    'case.closed',
    'case.count',
    '已办结案件 ÷ 受理案件 × 100%，矛盾纠纷和网格事件合计，程序性办结和实质性办结都计入；无案件时为“—”',
  ),
  count(
    'case.openAtYearEnd',
    '网格事件',
    '年底未办结案件',
    '件',
    CASES,
    '受理日期在期间内、到该年年底（当年为截至目前）仍未办结的案件件数',
    { openAtYearEnd: true },
  ),
  count('enforcement.count', '行政执法', '开展执法', '次', ['enforcement'], '执法行动次数（所有类别）'),
  count(
    'enforcement.illegalBuilding',
    '行政执法',
    '处理私搭乱建执法',
    '次',
    ['enforcement'],
    '类别为私搭乱建的执法行动次数',
    { attributes: { category: ['私搭乱建'] } },
  ),
  count(
    'enforcement.clutter',
    '行政执法',
    '清理乱堆乱放执法',
    '次',
    ['enforcement'],
    '类别为乱堆乱放的执法行动次数',
    { attributes: { category: ['乱堆乱放'] } },
  ),
  count(
    'enforcement.inspection',
    '行政执法',
    '日常执法检查',
    '次',
    ['enforcement'],
    '类别为日常执法检查的执法行动次数',
    { attributes: { category: ['日常执法检查'] } },
  ),
  count(
    'enforcement.joint',
    '行政执法',
    '“街道吹哨、部门报到”联合执法',
    '次',
    ['enforcement'],
    '标记为联合执法（街道吹哨、部门报到）的执法行动次数',
    { attributes: { joint: [true] } },
  ),
  count('study.count', '学法培训', '法治学习培训', '次', ['study'], '法治学习培训次数（所有形式）'),
  sum(
    'study.participants',
    '学法培训',
    '法治学习培训参与',
    '人次',
    ['study'],
    'participants',
    '法治学习培训参与人次之和',
  ),
  count('study.centralGroup', '学法培训', '党工委理论中心组学法', '次', ['study'], '形式为中心组学法的次数', {
    attributes: { form: ['中心组学法'] },
  }),
  count('study.preMeeting', '学法培训', '会前学法', '次', ['study'], '形式为会前学法的次数', {
    attributes: { form: ['会前学法'] },
  }),
  count('study.course', '学法培训', '法治培训班', '期', ['study'], '形式为培训班的期数', {
    attributes: { form: ['培训班'] },
  }),
  sum(
    'study.courseParticipants',
    '学法培训',
    '法治培训班参与',
    '人次',
    ['study'],
    'participants',
    '培训班参与人次之和',
    { attributes: { form: ['培训班'] } },
  ),
  count('study.warning', '学法培训', '观看警示教育片', '场次', ['study'], '形式为警示教育片的场次', {
    attributes: { form: ['警示教育片'] },
  }),
  count('study.visit', '学法培训', '参观学习', '次', ['study'], '形式为参观学习的次数', {
    attributes: { form: ['参观学习'] },
  }),
  sum(
    'study.warningAndVisitPeople',
    '学法培训',
    '警示教育和参观学习覆盖',
    '人',
    ['study'],
    'participants',
    '警示教育片和参观学习参与人次之和',
    { attributes: { form: ['警示教育片', '参观学习'] } },
  ),
]

/** What a street stores about its figures: its own figures and its versions of built-in ones. */
export interface StreetFigures {
  readonly figures: readonly FigureDefinition[]
  /** Bumped on every save: a year's snapshot records the version it was closed with. */
  readonly version: number
}

/** The figures of a street: built-in ones (replaced by the street's version where it has one), then its own. */
export function mergeFigures(street: StreetFigures | undefined): FigureDefinition[] {
  const own = new Map((street?.figures ?? []).map((f) => [f.key, f]))
  const merged: FigureDefinition[] = BUILT_IN_FIGURES.map((f) => {
    const mine = own.get(f.key)
    return mine ? { ...mine, key: f.key, builtIn: true } : f
  })
  for (const f of street?.figures ?? [])
    if (!BUILT_IN_FIGURES.some((b) => b.key === f.key)) merged.push({ ...f, builtIn: false })
  return merged
}

// ---- matching ---------------------------------------------------------------------------------

const accepts = (accepted: readonly (string | boolean)[] | undefined, value: unknown): boolean => {
  if (!accepted) return true
  if (Array.isArray(value)) return value.some((v) => accepted.includes(v as string))
  // An unchecked flag is stored as null: it matches `[false]`.
  return accepted.includes((value ?? false) as string | boolean)
}

/**
 * Whether an event of `type` whose facet is `facet` is counted by the figure, in a period whose year
 * ends in `periodYear` (for 年底未办结).
 */
export function figureTakes(f: EventFigure, type: string, facet: Facet, periodYear: number): boolean {
  if (!f.types.includes(type)) return false
  const w = f.where
  if (!w) return true
  for (const [key, values] of Object.entries(w.attributes ?? {}))
    if (!accepts(values, facet[`a:${key}`])) return false
  if (w.status && !accepts(w.status, facet.status)) return false
  if (w.outcome && !accepts(w.outcome, facet.outcome)) return false
  if (w.closure && !accepts(w.closure, facet.closure)) return false
  if (w.openAtYearEnd) {
    if (!('status' in facet)) return false
    const closedYear = facet.closedYear as number | null
    if (closedYear !== null && closedYear <= periodYear) return false
  }
  return true
}

/** What one event (or one cell of many) adds to a COUNT or SUM. */
export const figureAmount = (f: EventFigure, n: number, m: Readonly<Record<string, number>>): number =>
  f.kind === 'count' ? n : (m[f.measure] ?? 0)

// ---- periods ----------------------------------------------------------------------------------

/** A period: whole days from `from` to `to`, inclusive (YYYY-MM-DD, China time). */
export interface Period {
  readonly from: string
  readonly to: string
  /** 2024年, 2024年第一季度, 2024年3月, 2024-03-05至2024-04-10 */
  readonly label: string
}

export type PeriodRequest =
  | { readonly year: number }
  | { readonly year: number; readonly quarter: 1 | 2 | 3 | 4 }
  | { readonly year: number; readonly month: number }
  | { readonly from: string; readonly to: string }

const pad2 = (n: number) => String(n).padStart(2, '0')
const lastDay = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate()
const QUARTERS = ['一', '二', '三', '四']

export function periodOf(p: PeriodRequest): Period {
  if ('from' in p) return { from: p.from, to: p.to, label: `${p.from}至${p.to}` }
  if ('quarter' in p) {
    const first = (p.quarter - 1) * 3 + 1
    return {
      from: `${p.year}-${pad2(first)}-01`,
      to: `${p.year}-${pad2(first + 2)}-${pad2(lastDay(p.year, first + 2))}`,
      label: `${p.year}年第${QUARTERS[p.quarter - 1]}季度`,
    }
  }
  if ('month' in p)
    return {
      from: `${p.year}-${pad2(p.month)}-01`,
      to: `${p.year}-${pad2(p.month)}-${pad2(lastDay(p.year, p.month))}`,
      label: `${p.year}年${p.month}月`,
    }
  return { from: `${p.year}-01-01`, to: `${p.year}-12-31`, label: `${p.year}年` }
}

/** The same period a year earlier (29 Feb becomes 28 Feb). */
export function previousYearOf(p: Period): Period {
  const back = (d: string) => {
    const y = Number(d.slice(0, 4)) - 1
    const m = Number(d.slice(5, 7))
    return `${y}-${pad2(m)}-${pad2(Math.min(Number(d.slice(8, 10)), lastDay(y, m)))}`
  }
  const from = back(p.from)
  const to = back(p.to)
  // A range's label is its dates (both of them, 29 Feb included): written again, not shifted.
  const label =
    p.label === `${p.from}至${p.to}`
      ? `${from}至${to}`
      : p.label.replace(/^\d{4}/, (y) => String(Number(y) - 1))
  return { from, to, label }
}

/** The months a period touches (YYYY-MM), in order: the rollup documents to read. */
export function monthsOf(p: Period): string[] {
  const out: string[] = []
  let y = Number(p.from.slice(0, 4))
  let m = Number(p.from.slice(5, 7))
  const end = p.to.slice(0, 7)
  for (;;) {
    const month = `${y}-${pad2(m)}`
    if (month > end) break
    out.push(month)
    m = m === 12 ? 1 : m + 1
    if (m === 1) y++
  }
  return out
}

// ---- totals -----------------------------------------------------------------------------------

/** One rollup cell with where it sits: what totals are computed from. */
export interface FigureCell {
  readonly type: string
  /** YYYY-MM */
  readonly month: string
  /** The day; absent for a month's totals (which stand only for a month the period covers whole). */
  readonly day?: number
  /** The cell's type and facet as one key (`<type>~<facet key>`), when known: figures are matched once per key. */
  readonly key?: string
  readonly facet: Facet
  readonly n: number
  readonly m: Readonly<Record<string, number>>
}

/** A figure's value in a period, with its wording as the report writes it. */
export interface FigureValue {
  readonly key: string
  readonly value: number
  /** RATIO: the parts. */
  readonly numerator?: number
  readonly denominator?: number
  /** As the report writes it: 14, 100余, 100%, —. */
  readonly text: string
}

/**
 * Which COUNT and SUM figures take a cell: decided once per type and facet (a street's year has a few
 * hundred of them against thousands of cells).
 */
function figuresTaking(
  eventFigures: readonly EventFigure[],
  periodYear: number,
): (c: FigureCell) => readonly EventFigure[] {
  const known = new Map<string, readonly EventFigure[]>()
  const decide = (c: FigureCell) => eventFigures.filter((f) => figureTakes(f, c.type, c.facet, periodYear))
  return (c) => {
    if (c.key === undefined) return decide(c)
    let taking = known.get(c.key)
    if (!taking) known.set(c.key, (taking = decide(c)))
    return taking
  }
}

const inPeriod = (c: Pick<FigureCell, 'month' | 'day'>, p: Period): boolean => {
  if (c.day === undefined) return `${c.month}-01` >= p.from && monthEnd(c.month) <= p.to
  const date = `${c.month}-${pad2(c.day)}`
  return date >= p.from && date <= p.to
}

const monthEnds = new Map<string, string>()
const monthEnd = (month: string): string => {
  let end = monthEnds.get(month)
  if (end === undefined)
    monthEnds.set(
      month,
      (end = `${month}-${pad2(lastDay(Number(month.slice(0, 4)), Number(month.slice(5, 7))))}`),
    )
  return end
}

/** Whether the period covers the whole month (then its totals are read, not its days). */
export const coversMonth = (p: Period, month: string): boolean =>
  `${month}-01` >= p.from && monthEnd(month) <= p.to

/**
 * The value of every figure over `cells` in `period`. Order of cells never matters (sums of whole
 * numbers); a RATIO divides two of the figures, and is "—" with nothing to divide by.
 */
export function totalFigures(
  defs: readonly FigureDefinition[],
  cells: Iterable<FigureCell>,
  period: Period,
): Map<string, FigureValue> {
  const periodYear = Number(period.to.slice(0, 4))
  const eventFigures = defs.filter((f): f is EventFigure => f.kind !== 'ratio')
  const sums = new Map<string, number>(eventFigures.map((f) => [f.key, 0]))
  const taking = figuresTaking(eventFigures, periodYear)
  for (const c of cells) {
    if (!inPeriod(c, period)) continue
    for (const f of taking(c)) sums.set(f.key, sums.get(f.key)! + figureAmount(f, c.n, c.m))
  }
  const out = new Map<string, FigureValue>()
  for (const f of defs) {
    if (f.kind === 'ratio') {
      const numerator = sums.get(f.numerator) ?? 0
      const denominator = sums.get(f.denominator) ?? 0
      out.set(f.key, {
        key: f.key,
        value: denominator > 0 ? numerator / denominator : 0,
        numerator,
        denominator,
        text: phrasePercent(numerator, denominator),
      })
    } else {
      const value = sums.get(f.key)!
      out.set(f.key, { key: f.key, value, text: phraseNumber(value, f.wording) })
    }
  }
  return out
}

/**
 * The COUNT and SUM figures of `cells` in `period`, grouped by `groupsOf(cell)` (months, nodes): one pass,
 * whatever the number of groups. A cell may belong to several groups (a grid and its community).
 */
export function sumFiguresBy<C extends FigureCell>(
  defs: readonly FigureDefinition[],
  cells: Iterable<C>,
  period: Period,
  groupsOf: (cell: C) => readonly string[],
): Map<string, Record<string, number>> {
  const periodYear = Number(period.to.slice(0, 4))
  const eventFigures = defs.filter((f): f is EventFigure => f.kind !== 'ratio')
  const out = new Map<string, Record<string, number>>()
  const taking = figuresTaking(eventFigures, periodYear)
  for (const c of cells) {
    if (!inPeriod(c, period)) continue
    const groups = groupsOf(c)
    if (groups.length === 0) continue
    for (const f of taking(c)) {
      const amount = figureAmount(f, c.n, c.m)
      for (const g of groups) {
        const sums = out.get(g) ?? Object.fromEntries(eventFigures.map((x) => [x.key, 0]))
        sums[f.key] = (sums[f.key] ?? 0) + amount
        out.set(g, sums)
      }
    }
  }
  return out
}

/** The figure with its value as one line: "法律讲座 14场", "调处率 100%", "接受法律咨询 100余人次". */
export const figureLine = (f: FigureDefinition, v: FigureValue): string =>
  `${f.label} ${v.text}${f.kind === 'ratio' || v.text === '—' ? '' : f.unit}`

// ---- editing ----------------------------------------------------------------------------------

export const FIGURE_LIMITS = { label: 30, unit: 4, description: 200, ownFigures: 60 } as const

/** An attribute value a filter may accept for the type's attribute (choices and flags only). */
const filterValuesOk = (def: EventTypeDefinition, key: string, values: readonly unknown[]): boolean => {
  const a = def.attributes.find((x) => x.key === key)
  if (!a || a.kind === 'text' || values.length === 0) return false
  if (a.kind === 'flag') return values.every((v) => typeof v === 'boolean')
  return values.every((v) => typeof v === 'string' && (a.options ?? []).includes(v))
}

/**
 * Checks a figure definition an admin saved against the street's catalogue and figures; field errors
 * keyed `label`, `types`, `measure`, `where`, `numerator`, `denominator` … Nothing of the request is trusted.
 */
export function validateFigure(
  input: Readonly<Record<string, unknown>>,
  catalogue: readonly EventTypeDefinition[],
  figures: readonly FigureDefinition[],
): { ok: true; value: UnkeyedFigure } | { ok: false; fields: FieldErrors } {
  const fields: FieldErrors = {}
  const text = (k: string, max: number, min = 1): string => {
    const v = typeof input[k] === 'string' ? (input[k] as string).trim() : ''
    if (v.length < min || v.length > max) fields[k] = `请填写${min}至${max}个字`
    return v
  }
  const label = text('label', FIGURE_LIMITS.label)
  const description = text('description', FIGURE_LIMITS.description)
  const section = FIGURE_SECTIONS.includes(input.section as never) ? (input.section as string) : '其他'
  const wording: Wording = input.wording === 'approx' ? 'approx' : 'exact'
  const kind = input.kind
  if (kind === 'ratio') {
    const ref = (k: 'numerator' | 'denominator') => {
      const v = input[k]
      const f = figures.find((x) => x.key === v)
      if (!f || f.kind === 'ratio') fields[k] = '请选择一个计数或求和指标'
      return String(v)
    }
    const numerator = ref('numerator')
    const denominator = ref('denominator')
    if (Object.keys(fields).length > 0) return { ok: false, fields }
    return {
      ok: true,
      value: { kind, label, unit: '%', wording: 'exact', description, section, numerator, denominator },
    }
  }
  if (kind !== 'count' && kind !== 'sum') {
    fields.kind = '请选择计数、求和或比率'
    return { ok: false, fields }
  }
  const types = Array.isArray(input.types) ? (input.types as unknown[]) : []
  const defs = types.map((t) => catalogue.find((c) => c.type === t))
  if (types.length === 0 || defs.some((d) => !d) || new Set(types).size !== types.length)
    fields.types = '请选择记录类型'
  const unit = kind === 'count' ? text('unit', FIGURE_LIMITS.unit) : ''
  let measure = ''
  if (kind === 'sum') {
    measure = typeof input.measure === 'string' ? input.measure : ''
    const m = defs.length > 0 && defs.every((d) => d?.measures.some((x) => x.key === measure))
    if (!m) fields.measure = '所选的每种记录类型都要有这个统计项'
  }
  const where = checkFilter(
    input.where,
    defs.filter((d): d is EventTypeDefinition => !!d),
    fields,
  )
  if (Object.keys(fields).length > 0) return { ok: false, fields }
  const measureUnit = defs[0]?.measures.find((x) => x.key === measure)?.unit ?? ''
  const common = { label, wording, description, section, types: types as string[] }
  return {
    ok: true,
    value:
      kind === 'count'
        ? { kind, unit, ...common, ...(where ? { where } : {}) }
        : { kind, unit: measureUnit, measure, ...common, ...(where ? { where } : {}) },
  }
}

function checkFilter(
  raw: unknown,
  defs: readonly EventTypeDefinition[],
  fields: FieldErrors,
): FigureFilter | undefined {
  if (raw === undefined || raw === null) return undefined
  if (typeof raw !== 'object') {
    fields.where = '筛选条件不正确'
    return undefined
  }
  const w = raw as Record<string, unknown>
  const out: { -readonly [K in keyof FigureFilter]: FigureFilter[K] } = {}
  if (w.attributes !== undefined) {
    const attrs: Record<string, readonly (string | boolean)[]> = {}
    for (const [k, v] of Object.entries((w.attributes as Record<string, unknown>) ?? {})) {
      if (!Array.isArray(v) || !defs.every((d) => filterValuesOk(d, k, v))) {
        fields[`where.attributes.${k}`] = '所选记录类型没有这个选项'
        continue
      }
      attrs[k] = v as (string | boolean)[]
    }
    if (Object.keys(attrs).length > 0) out.attributes = attrs
  }
  const cases = defs.length > 0 && defs.every((d) => !!d.lifecycle)
  const lists: Record<'status' | 'outcome' | 'closure', readonly string[]> = {
    status: ['accepted', 'mediating', 'resolved', 'closed', 'reported', 'handling'],
    outcome: ['success', 'partial', 'failed', 'withdrawn'],
    closure: ['procedural', 'substantive'],
  }
  for (const k of ['status', 'outcome', 'closure'] as const) {
    const v = w[k]
    if (v === undefined) continue
    if (!cases || !Array.isArray(v) || v.length === 0 || !v.every((x) => lists[k].includes(x as string)))
      fields[`where.${k}`] = '只有案件类记录可以按状态筛选'
    else out[k] = v as string[]
  }
  if (w.openAtYearEnd === true) {
    if (!cases) fields['where.openAtYearEnd'] = '只有案件类记录有办结状态'
    else out.openAtYearEnd = true
  }
  return Object.keys(out).length > 0 ? out : undefined
}

/** Figures whose value uses `key` (a ratio over it): a figure used so cannot be removed. */
export const figuresUsing = (figures: readonly FigureDefinition[], key: string): FigureDefinition[] =>
  figures.filter((f) => f.kind === 'ratio' && (f.numerator === key || f.denominator === key))
