/**
 * Properties of the store's index pushdown: whatever the documents and the query, the store returns
 * exactly what mingo alone would return from a scan, in the same order. The index only ever
 * narrows the search; it never changes a result.
 */
import Database from 'better-sqlite3'
import fc from 'fast-check'
import { Aggregator, Query } from 'mingo'
import { keyOf } from '../../local-cloud/src/database/index-key'
import { Store, type Doc } from '../../local-cloud/src/database/store'
import { TEST_COLLECTIONS } from '../support/local-cloud'

const scalar = fc.oneof(
  fc.integer({ min: -5, max: 5 }),
  fc.double({ min: -10, max: 10, noNaN: true }),
  fc.constantFrom('a', 'b', 'ab', '讲座', ''),
  fc.boolean(),
  fc.constant(null),
  fc.integer({ min: 0, max: 3 }).map((d) => new Date(Date.UTC(2024, 0, 1 + d))),
)
const fieldValue = fc.oneof(
  { weight: 6, arbitrary: scalar },
  { weight: 1, arbitrary: fc.array(scalar, { maxLength: 3 }) },
  { weight: 1, arbitrary: fc.constant(undefined) },
)

const docArb = fc.record({ n: fieldValue, tag: fieldValue, free: fieldValue })
const condition = fc.oneof(
  scalar,
  fc.record({ $gt: scalar }),
  fc.record({ $gte: scalar, $lt: scalar }),
  fc.record({ $lte: scalar }),
  fc.record({ $in: fc.array(scalar, { minLength: 1, maxLength: 3 }) }),
  fc.record({ $ne: scalar }),
)
const queryArb = fc.record(
  { n: condition, tag: condition, free: condition },
  { requiredKeys: [] },
) as fc.Arbitrary<Record<string, unknown>>

/** A store with the conformance suite's `items` collection (indexes on n, tag+n, when). */
function storeWith(docs: Doc[]): Store {
  const store = new Store(new Database(':memory:'))
  store.applyDeclarations(TEST_COLLECTIONS.filter((c) => c.name === 'items'))
  docs.forEach((doc, i) => store.insert('items', { _id: `d${i}`, ...doc }))
  return store
}

const strip = (doc: Record<string, unknown>): Doc =>
  Object.fromEntries(Object.entries(doc).filter(([, v]) => v !== undefined)) as Doc

describe('the store answers like a plain mingo scan', () => {
  it('find() returns the same documents in insertion order', () => {
    fc.assert(
      fc.property(fc.array(docArb, { maxLength: 25 }), queryArb, (raw, query) => {
        const docs = raw.map(strip)
        const store = storeWith(docs)
        const all = docs.map((d, i) => ({ _id: `d${i}`, ...d }))
        const expected = all.filter((d) => new Query(query).test(d)).map((d) => d._id)
        expect(store.find('items', query, { limit: 1000 }).map((d) => d._id)).toEqual(expected)
        expect(store.count('items', query)).toBe(expected.length)
      }),
      { numRuns: 300 },
    )
  })

  it('find() with a sort and a page returns the page mingo would', () => {
    fc.assert(
      fc.property(
        fc.array(docArb, { maxLength: 25 }),
        queryArb,
        fc.constantFrom<Record<string, 1 | -1>>({ n: 1 }, { n: -1 }, { tag: 1, n: -1 }, { free: 1 }),
        fc.nat(5),
        fc.integer({ min: 1, max: 6 }),
        (raw, query, order, offset, limit) => {
          const docs = raw.map(strip)
          const store = storeWith(docs)
          const all = docs.map((d, i) => ({ _id: `d${i}`, ...d }))
          const sorted = new Aggregator([{ $match: query }, { $sort: order }]).run(all) as Doc[]
          const got = store.find('items', query, { order, offset, limit })
          // Ties may come in either order: compare the sort keys of the page, then membership.
          const keysOf = (list: Doc[]): unknown[] => list.map((d) => Object.keys(order).map((f) => d[f]))
          expect(keysOf(got)).toEqual(keysOf(sorted.slice(offset, offset + limit)))
        },
      ),
      { numRuns: 200 },
    )
  })
})

describe('index keys order values as MongoDB does', () => {
  it('orders two scalars the way a $sort does', () => {
    fc.assert(
      fc.property(scalar, scalar, (a, b) => {
        const ka = keyOf(a)!
        const kb = keyOf(b)!
        const equal = new Query({ v: a }).test({ v: b }) && new Query({ v: b }).test({ v: a })
        if (equal) {
          expect(ka).toBe(kb)
        } else {
          const [first] = new Aggregator([{ $sort: { v: 1 } }]).run([{ v: b }, { v: a }]) as { v: unknown }[]
          expect(ka < kb).toBe(first!.v === a)
        }
      }),
      { numRuns: 1000 },
    )
  })
})
