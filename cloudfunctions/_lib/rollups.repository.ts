/**
 * The `rollups` collection: running totals per (org node, month, event type), written in the same
 * transaction as the event they count (src/core/rollups.ts explains the cells). Only this module knows
 * how rollups are stored.
 *
 * A write adds to cells with `inc`, so two writers of the same document never lose each other's
 * counts: the transaction makes the event and its totals one, and a concurrent writer of the same
 * document conflicts at commit and is retried by runTransaction.
 */
import type { FigureCell } from '../../src/core/figures'
import {
  applyDeltas,
  cellOfKey,
  contributionOf,
  deltasOf,
  facetAttributesOf,
  rollupShell,
  storedCells,
  type CellDelta,
  type CountableEvent,
  type RollupCell,
  type RollupDoc,
} from '../../src/core/rollups'
import { BUILT_IN_TYPES, type EventTypeDefinition } from '../../src/core/event-types'
import { db, type Doc, type Transaction } from './cloud'
import { pagesById } from './paging'

export const ROLLUPS = 'rollups'
/** Transactions retried on a commit conflict (writers of the same node and month at once). */
export const TRANSACTION_RETRIES = 8

const isConflict = (e: unknown): boolean =>
  typeof e === 'object' &&
  e !== null &&
  /TRANSACTION_CONFLICT|transaction conflict/i.test(
    `${String((e as { code?: unknown }).code)} ${String((e as { errMsg?: unknown }).errMsg)} ${String((e as { message?: unknown }).message)}`,
  )

/**
 * A transaction that writes rollups. runTransaction retries a commit conflict at once, so writers of
 * one busy document (a grid's month) can keep colliding: between rounds this waits a random, growing
 * while, as a conflict is only ever with another writer that is about to be done.
 */
export async function countedTransaction<T>(body: (t: Transaction) => Promise<T>): Promise<T> {
  for (let round = 0; ; round++) {
    try {
      return await db.runTransaction(body, 3)
    } catch (e) {
      if (!isConflict(e) || round >= 6) throw e
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * 2 ** round))
    }
  }
}

/**
 * The event as the rollups see it. A stored event carries the facet attributes it was counted with
 * (`facetAttrs`, written with its fields); one stored before them is read with its type's definition:
 * the built-in one, or `def` (the street's own type) where the caller has it.
 */
export function countable(doc: Doc, def?: Pick<EventTypeDefinition, 'attributes'>): CountableEvent {
  const e = doc as unknown as CountableEvent
  if (e.facetAttrs) return e
  const known = def ?? BUILT_IN_TYPES.find((t) => t.type === e.type)
  return { ...e, facetAttrs: facetAttributesOf(known, e.attributes) }
}

/**
 * Moves an event's contribution from what it was (`before`, undefined for a new event) to what it is
 * (`after`, undefined once voided), inside transaction `t`. Each touched document is written once.
 */
export async function moveContribution(
  t: Transaction,
  before: Doc | undefined,
  after: Doc | undefined,
): Promise<void> {
  const from = before ? contributionOf(countable(before)) : undefined
  const to = after ? contributionOf(countable(after)) : undefined
  for (const [rollupId, deltas] of deltasOf(from, to)) {
    const source = countable((to?.rollupId === rollupId ? after : before)!)
    const month = (to?.rollupId === rollupId ? to : from)!.month
    await applyToRollup(t, rollupId, deltas, source, month)
  }
}

async function applyToRollup(
  t: Transaction,
  rollupId: string,
  deltas: readonly CellDelta[],
  source: CountableEvent,
  month: string,
): Promise<void> {
  const _ = db.command
  const data: Doc = { rev: _.inc(1) }
  // Deltas of one cell (an edit that changes only a measure) are summed: one `inc` per field.
  const incs = new Map<string, number>()
  const inc = (path: string, n: number) => incs.set(path, (incs.get(path) ?? 0) + n)
  for (const d of deltas) {
    // A cell is its counts: its type and facet are its key (core/rollups.ts facetKeyOf).
    for (const at of [`cells.${d.cellKey}`, `totals.${d.monthKey}`]) {
      inc(`${at}.n`, d.n)
      for (const [k, v] of Object.entries(d.m)) inc(`${at}.m.${k}`, v)
    }
    data[`cells.${d.cellKey}.d`] = d.day
  }
  for (const [path, n] of incs) if (n !== 0) data[path] = _.inc(n)
  const { stats } = await t.collection(ROLLUPS).doc(rollupId).update({ data })
  if (stats.updated === 1) return
  // The first event of this node and month: the document is made here. (If another writer makes
  // it at the same moment, one of the two transactions conflicts at commit and is retried.)
  const shell = rollupShell(source, month)
  const { _id, ...rest } = {
    ...shell,
    cells: storedCells(applyDeltas({}, deltas)),
    totals: storedCells(applyDeltas({}, deltas, 'month')),
    rev: 1,
  }
  await t.collection(ROLLUPS).doc(_id).set({ data: rest })
}

/**
 * Rollup documents of a street (or of the node `ancestors`, below a street) for some months, paged by
 * `_id`: with their day cells only when `days` (a date range cutting a month), else their month totals.
 */
export async function readRollups(where: {
  streetId?: string
  ancestors?: string
  months: readonly string[]
  days?: boolean
}): Promise<RollupDoc[]> {
  const _ = db.command
  const out: RollupDoc[] = []
  if (where.months.length === 0) return out
  const query: Doc = {
    ...(where.streetId ? { streetId: where.streetId } : {}),
    ...(where.ancestors ? { ancestors: where.ancestors } : {}),
    month: where.months.length === 1 ? where.months[0] : _.in([...where.months]),
  }
  for await (const page of pagesById(ROLLUPS, query, where.days ? { totals: false } : { cells: false }))
    out.push(...(page as unknown as RollupDoc[]))
  return out
}

/** The cells of rollup documents (day cells, or month totals), with the node path of each (for breakdowns). */
export function cellsOf(
  docs: readonly RollupDoc[],
  level: 'day' | 'month',
): (FigureCell & { readonly ancestors: readonly string[] })[] {
  const out: (FigureCell & { ancestors: readonly string[] })[] = []
  // A key's type and facet are read once (a street's year has a few hundred against thousands of cells).
  const known = new Map<string, { type: string; facet: FigureCell['facet'] }>()
  for (const doc of docs)
    for (const [key, cell] of Object.entries((level === 'day' ? doc.cells : doc.totals) ?? {}) as [
      string,
      RollupCell,
    ][]) {
      if (cell.n === 0 && !Object.values(cell.m ?? {}).some((v) => v !== 0)) continue
      // The type and facet (a day cell's key without its day).
      const typeAndFacet = level === 'day' ? key.slice(0, key.lastIndexOf('_')) : key
      let of = known.get(typeAndFacet)
      if (!of) known.set(typeAndFacet, (of = cellOfKey(typeAndFacet)))
      out.push({
        type: of.type,
        month: doc.month,
        key: typeAndFacet,
        ...(level === 'day' ? { day: cell.d } : {}),
        facet: of.facet,
        n: cell.n,
        m: cell.m ?? {},
        ancestors: doc.ancestors,
      })
    }
  return out
}
