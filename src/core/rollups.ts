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

/** A short stable key of a facet: safe as a field name (no dots, no `$`). */
export function facetKeyOf(facet: Facet): string {
  const text = JSON.stringify(
    Object.keys(facet)
      .sort()
      .map((k) => [k, facet[k]]),
  )
  // FNV-1a, 2 × 32 bits: collisions among the handful of facets of one document are out of reach.
  let h1 = 0x811c9dc5
  let h2 = 0x01000193
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    h1 = Math.imul(h1 ^ c, 0x01000193) >>> 0
    h2 = Math.imul(h2 ^ c, 0x811c9dc5) >>> 0
  }
  return `${h1.toString(36)}${h2.toString(36)}`
}

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
