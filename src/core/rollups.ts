/**
 * Rollups: the running totals every figure is read from, so that a street's year is read from a few
 * hundred small documents and never by scanning its events.
 *
 * One rollup document per (org node, month): `2024-03|node-x`. Inside it, the month's `totals`, one cell
 * per (event type, facet): how many events, and the sums of their measures; and `cells`, one per (type,
 * facet, day), read only for a date range that cuts a month. The facet of an event is every value a
 * figure may filter on: its choice and flag attributes (形式, 类别, 联合执法), and for a case its status,
 * outcome, closure and the year it was closed. Text attributes (主讲人) are not facets: they would make a
 * cell per event. A year is read from its month totals (cells bounded by facets); a date range is exact
 * by days. Neither grows with the number of events.
 *
 * Every write of an event moves its contribution: the old one (if counted) is taken away and the new one
 * (unless voided) added, in the same transaction as the event itself. `rollupsOf` recounts from events;
 * the reconcile action compares the two. All arithmetic here is pure and order-independent.
 */
import type { AttributeValue } from './event-input'
import type { EventTypeDefinition } from './event-types'

/** The values of one event that figures can filter on (null: not set). */
export type Facet = Readonly<Record<string, AttributeValue | number | null>>

/** The dimensions a case adds to its facet (the attributes come under their own keys). */
export const CASE_DIMENSIONS = ['status', 'outcome', 'closure', 'closedYear'] as const

/** What an event must say about itself to be counted (a stored event has all of this). */
export interface CountableEvent {
  readonly type: string
  readonly happenedOn: string
  readonly nodeId: string
  /** The node's path from the top, ending with the node itself. */
  readonly ancestors: readonly string[]
  readonly streetId: string
  readonly voided?: boolean
  readonly measures?: Readonly<Record<string, number>>
  /** The facet's attributes as stored at the last write (see `facetAttributesOf`). */
  readonly facetAttrs?: Readonly<Record<string, AttributeValue | null>>
  readonly attributes?: Readonly<Record<string, AttributeValue | null>>
  readonly lifecycle?: string | null
  readonly status?: string | null
  readonly outcome?: string | null
  readonly closure?: string | null
  readonly closedOn?: string | null
}

/** One event's share of the totals: which document and cell, and what it adds there. */
export interface Contribution {
  readonly rollupId: string
  readonly type: string
  /** The cell of its day: `<type>~<facet key>_<day>`. */
  readonly cellKey: string
  /** The cell of its month's totals: `<type>~<facet key>`. */
  readonly monthKey: string
  readonly month: string
  readonly day: number
  readonly facet: Facet
  readonly measures: Readonly<Record<string, number>>
}

/**
 * A cell as stored: its event type, its facet, its day (not in month totals), how many events and the
 * sums of their measures.
 */
export interface RollupCell {
  readonly t: string
  readonly f: Facet
  readonly d?: number
  readonly n: number
  readonly m: Readonly<Record<string, number>>
}

/** A rollup document as stored (without the store's own fields). */
export interface RollupDoc {
  readonly _id: string
  readonly streetId: string
  readonly nodeId: string
  readonly ancestors: readonly string[]
  readonly year: number
  readonly month: string
  /** By (type, facet, day). */
  readonly cells: Readonly<Record<string, RollupCell>>
  /** The month's totals by (type, facet): what years, quarters and months are read from. */
  readonly totals: Readonly<Record<string, RollupCell>>
  /** Bumped by every write, so the reconcile can tell that a document changed under it. */
  readonly rev?: number
}

export const rollupIdOf = (month: string, nodeId: string): string => `${month}|${nodeId}`

/**
 * The attributes of an event that are facets: choices and flags of its type. Without the type's
 * definition (an event of a type no longer known), flags and multiple choices only.
 */
export function facetAttributesOf(
  def: Pick<EventTypeDefinition, 'attributes'> | undefined,
  attributes: Readonly<Record<string, AttributeValue | null>> | undefined,
): Record<string, AttributeValue | null> {
  const out: Record<string, AttributeValue | null> = {}
  const values = attributes ?? {}
  if (def) {
    for (const a of def.attributes) if (a.kind !== 'text') out[a.key] = normalised(values[a.key] ?? null)
  } else {
    for (const [k, v] of Object.entries(values))
      if (typeof v === 'boolean' || Array.isArray(v)) out[k] = normalised(v)
  }
  return out
}

const normalised = (v: AttributeValue | null): AttributeValue | null =>
  Array.isArray(v) ? [...(v as readonly string[])].sort() : v === false ? null : v

/** The facet of an event: its facet attributes, and for a case where it stands. */
export function facetOf(e: CountableEvent, def?: Pick<EventTypeDefinition, 'attributes'>): Facet {
  const attrs = e.facetAttrs ?? facetAttributesOf(def, e.attributes)
  const facet: Record<string, AttributeValue | number | null> = {}
  for (const k of Object.keys(attrs).sort()) facet[`a:${k}`] = normalised(attrs[k] ?? null)
  if (e.lifecycle) {
    facet.status = e.status ?? null
    facet.outcome = e.outcome ?? null
    facet.closure = e.closure ?? null
    facet.closedYear = e.closedOn ? Number(e.closedOn.slice(0, 4)) : null
  }
  return facet
}

/**
 * The key of a facet: the facet itself as text, so a stored cell needs no copy of it (a year's read is
 * mostly cells). `a:category=s:环境卫生;closedYear=n:2024;outcome=` — keys in order, each value typed (s
 * text, n number, b flag, a several choices joined by `+`, empty for none), and every character that may not
 * stand in a field name or that the format uses escaped as `%XX`. `facetOfKey` reads it back.
 */
export function facetKeyOf(facet: Facet): string {
  return Object.keys(facet)
    .sort()
    .map((k) => `${escapeKey(k)}=${valueText(facet[k] ?? null)}`)
    .join(';')
}

const escapeKey = (text: string): string =>
  text.replace(/[%.$=;+~_]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`)

const unescapeKey = (text: string): string =>
  text.replace(/%([0-9A-F]{2})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16)))

function valueText(v: AttributeValue | number | null): string {
  if (v === null) return ''
  if (typeof v === 'number') return `n:${v}`
  if (typeof v === 'boolean') return `b:${v ? 1 : 0}`
  if (Array.isArray(v)) return `a:${(v as readonly string[]).map(escapeKey).join('+')}`
  return `s:${escapeKey(v as string)}`
}

function textValue(text: string): AttributeValue | number | null {
  if (text === '') return null
  const body = text.slice(2)
  switch (text.slice(0, 2)) {
    case 'n:':
      return Number(body)
    case 'b:':
      return body === '1'
    case 'a:':
      return body === '' ? [] : body.split('+').map(unescapeKey)
    default:
      return unescapeKey(body)
  }
}

/** The facet a key was made from. */
export function facetOfKey(key: string): Facet {
  const facet: Record<string, AttributeValue | number | null> = {}
  if (key === '') return facet
  for (const part of key.split(';')) {
    const at = part.indexOf('=')
    facet[unescapeKey(part.slice(0, at))] = textValue(part.slice(at + 1))
  }
  return facet
}

/**
 * A cell's type and facet from its key (`<type>~<facet key>`, a day cell's with `_<day>` after it): stored
 * cells carry only their counts.
 */
export function cellOfKey(key: string): { type: string; facet: Facet } {
  const tilde = key.indexOf('~')
  const under = key.lastIndexOf('_')
  const facetText = key.slice(tilde + 1, under > tilde ? under : undefined)
  return { type: key.slice(0, tilde), facet: facetOfKey(facetText) }
}

/** Cells as stored: their counts only (the type and facet are in the key). */
export function storedCells(cells: Readonly<Record<string, RollupCell>>): Record<string, Doc> {
  const out: Record<string, Doc> = {}
  for (const [k, c] of Object.entries(cells))
    out[k] = { n: c.n, m: c.m, ...(c.d !== undefined ? { d: c.d } : {}) }
  return out
}

type Doc = Record<string, unknown>

/** The event's contribution to the totals, or undefined when it counts nowhere (voided). */
export function contributionOf(
  e: CountableEvent,
  def?: Pick<EventTypeDefinition, 'attributes'>,
): Contribution | undefined {
  if (e.voided === true) return undefined
  const month = e.happenedOn.slice(0, 7)
  const day = Number(e.happenedOn.slice(8, 10))
  const facet = facetOf(e, def)
  const monthKey = `${e.type}~${facetKeyOf(facet)}`
  const measures: Record<string, number> = {}
  for (const [k, v] of Object.entries(e.measures ?? {})) if (typeof v === 'number' && v !== 0) measures[k] = v
  return {
    rollupId: rollupIdOf(month, e.nodeId),
    type: e.type,
    cellKey: `${monthKey}_${day}`,
    monthKey,
    month,
    day,
    facet,
    measures,
  }
}

/** Whether two contributions are the same (a change that moves nothing writes no rollup). */
export function sameContribution(a: Contribution | undefined, b: Contribution | undefined): boolean {
  if (!a || !b) return a === b
  if (a.rollupId !== b.rollupId || a.cellKey !== b.cellKey) return false
  const keys = new Set([...Object.keys(a.measures), ...Object.keys(b.measures)])
  for (const k of keys) if ((a.measures[k] ?? 0) !== (b.measures[k] ?? 0)) return false
  return true
}

/** One signed change of a cell: +1 / −1 event with its measures. */
export interface CellDelta {
  readonly rollupId: string
  readonly type: string
  readonly cellKey: string
  readonly monthKey: string
  readonly facet: Facet
  readonly day: number
  readonly n: number
  readonly m: Readonly<Record<string, number>>
}

/**
 * What a write does to the rollups: take `before` away, add `after` (either may be undefined: a new
 * event, a voided one). Grouped by document, so each touched document is written once.
 */
export function deltasOf(
  before: Contribution | undefined,
  after: Contribution | undefined,
): Map<string, CellDelta[]> {
  const out = new Map<string, CellDelta[]>()
  if (sameContribution(before, after)) return out
  const push = (c: Contribution, sign: 1 | -1) => {
    const list = out.get(c.rollupId) ?? []
    const m: Record<string, number> = {}
    for (const [k, v] of Object.entries(c.measures)) m[k] = sign * v
    list.push({
      rollupId: c.rollupId,
      type: c.type,
      cellKey: c.cellKey,
      monthKey: c.monthKey,
      facet: c.facet,
      day: c.day,
      n: sign,
      m,
    })
    out.set(c.rollupId, list)
  }
  if (before) push(before, -1)
  if (after) push(after, 1)
  return out
}

/**
 * Cells with deltas applied, by day (`cells`) or by month (`totals`); a cell that reaches zero events is
 * dropped.
 */
export function applyDeltas(
  cells: Readonly<Record<string, RollupCell>>,
  deltas: readonly CellDelta[],
  level: 'day' | 'month' = 'day',
): Record<string, RollupCell> {
  const out: Record<string, RollupCell> = { ...cells }
  for (const d of deltas) {
    const key = level === 'day' ? d.cellKey : d.monthKey
    const cell = out[key]
    const m: Record<string, number> = { ...(cell?.m ?? {}) }
    for (const [k, v] of Object.entries(d.m)) {
      const next = (m[k] ?? 0) + v
      if (next === 0) delete m[k]
      else m[k] = next
    }
    const n = (cell?.n ?? 0) + d.n
    if (n === 0 && Object.keys(m).length === 0) delete out[key]
    else
      out[key] = level === 'day' ? { t: d.type, f: d.facet, d: d.day, n, m } : { t: d.type, f: d.facet, n, m }
  }
  return out
}

/** The shell of the rollup document a contribution goes to (its cells are added by deltas). */
export function rollupShell(
  e: Pick<CountableEvent, 'streetId' | 'nodeId' | 'ancestors'>,
  month: string,
): Omit<RollupDoc, 'cells' | 'totals'> {
  return {
    _id: rollupIdOf(month, e.nodeId),
    streetId: e.streetId,
    nodeId: e.nodeId,
    ancestors: [...e.ancestors],
    year: Number(month.slice(0, 4)),
    month,
  }
}

/** Recounts rollup documents from events (the reconcile's truth, and the property tests' oracle). */
export function rollupsOf(
  events: Iterable<CountableEvent>,
  defOf: (type: string) => Pick<EventTypeDefinition, 'attributes'> | undefined = () => undefined,
): Map<string, RollupDoc> {
  const docs = new Map<string, RollupDoc>()
  for (const e of events) {
    const c = contributionOf(e, defOf(e.type))
    if (!c) continue
    const doc = docs.get(c.rollupId) ?? { ...rollupShell(e, c.month), cells: {}, totals: {} }
    const deltas = deltasOf(undefined, c).get(c.rollupId)!
    docs.set(c.rollupId, {
      ...doc,
      cells: applyDeltas(doc.cells, deltas),
      totals: applyDeltas(doc.totals, deltas, 'month'),
    })
  }
  return docs
}

/** A cell that counts nothing (what is left after its last event moved away). */
const isEmpty = (c: RollupCell | undefined): boolean =>
  !c || (c.n === 0 && Object.values(c.m ?? {}).every((v) => v === 0))

/** Whether two sets of cells count the same (what the reconcile compares); empty cells are absent. */
export function sameCells(
  a: Readonly<Record<string, RollupCell>>,
  b: Readonly<Record<string, RollupCell>>,
): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)])
  for (const k of keys) {
    const x = a[k]
    const y = b[k]
    if (isEmpty(x) && isEmpty(y)) continue
    if (!x || !y || x.n !== y.n) return false
    // A cell of a type without measures is stored without `m`.
    const xm = x.m ?? {}
    const ym = y.m ?? {}
    for (const m of new Set([...Object.keys(xm), ...Object.keys(ym)]))
      if ((xm[m] ?? 0) !== (ym[m] ?? 0)) return false
  }
  return true
}

/** Whether two rollup documents count the same, by day and by month. */
export const sameRollup = (
  a: Pick<RollupDoc, 'cells' | 'totals'> | undefined,
  b: Pick<RollupDoc, 'cells' | 'totals'> | undefined,
): boolean => sameCells(a?.cells ?? {}, b?.cells ?? {}) && sameCells(a?.totals ?? {}, b?.totals ?? {})

/** How many events the cells count (the reconcile's report). */
export const eventsCounted = (cells: Readonly<Record<string, RollupCell>>): number =>
  Object.values(cells).reduce((n, c) => n + c.n, 0)
