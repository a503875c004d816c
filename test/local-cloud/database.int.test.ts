/**
 * Conformance of the local cloud's database with WeChat cloud, through the real wx-server-sdk 4.0.2.
 * Each test names the fact of ../shared/docs/wx-cloud-facts.md ("Database semantics") it checks.
 */
import type { LocalCloud } from '../../local-cloud/src/server'
import { resetStats, sdkFor, startTestCloud, stats, type Sdk } from '../support/local-cloud'

let cloud: LocalCloud
let sdk: Sdk
let db: Sdk
let _: Sdk

beforeAll(async () => {
  cloud = await startTestCloud()
  sdk = sdkFor(cloud)
  db = sdk.database()
  _ = db.command
})
afterAll(() => cloud.close())

async function fill(
  collection: string,
  n: number,
  make: (i: number) => Record<string, unknown>,
): Promise<void> {
  for (let start = 0; start < n; start += 200) {
    const batch = Array.from({ length: Math.min(200, n - start) }, (_x, k) => make(start + k))
    await db.collection(collection).add({ data: batch })
  }
}

describe('get(): "no limit → the SDK sends 100; any limit ≥ 1000 is sent as 1000, silently"', () => {
  beforeAll(() => fill('plain', 1100, (i) => ({ seq: i, group: 'limits' })))

  it('returns 100 documents when no limit is given', async () => {
    const { data } = await db.collection('plain').where({ group: 'limits' }).get()
    expect(data).toHaveLength(100)
  })

  it('returns at most 1000 documents even when asked for more', async () => {
    const { data } = await db.collection('plain').where({ group: 'limits' }).limit(5000).get()
    expect(data).toHaveLength(1000)
  })

  it('pages with skip and orderBy', async () => {
    const { data } = await db
      .collection('plain')
      .where({ group: 'limits' })
      .orderBy('seq', 'desc')
      .skip(10)
      .limit(3)
      .get()
    expect(data.map((d: { seq: number }) => d.seq)).toEqual([1089, 1088, 1087])
  })

  it('count() → {total}', async () => {
    const { total } = await db.collection('plain').where({ group: 'limits' }).count()
    expect(total).toBe(1100)
  })
})

describe('aggregate(): "returns 20 rows unless the pipeline has $limit"', () => {
  beforeAll(() => fill('plain', 30, (i) => ({ bucket: i, group: 'agg', v: i % 3 })))

  it('returns 20 rows by default', async () => {
    const { list } = await db.collection('plain').aggregate().match({ group: 'agg' }).end()
    expect(list).toHaveLength(20)
  })

  it('returns what $limit asks for', async () => {
    const { list } = await db.collection('plain').aggregate().match({ group: 'agg' }).limit(25).end()
    expect(list).toHaveLength(25)
  })

  it('groups and sums with the aggregate operators', async () => {
    const $ = db.command.aggregate
    const { list } = await db
      .collection('plain')
      .aggregate()
      .match({ group: 'agg' })
      .group({ _id: '$v', count: $.sum(1), total: $.sum('$bucket') })
      .sort({ _id: 1 })
      .end()
    expect(list).toEqual([
      { _id: 0, count: 10, total: 135 },
      { _id: 1, count: 10, total: 145 },
      { _id: 2, count: 10, total: 155 },
    ])
  })
})

describe('add(): "your own _id is allowed; a duplicate _id is rejected"', () => {
  it('keeps a chosen _id and generates one otherwise', async () => {
    const mine = await db.collection('items').add({ data: { _id: 'own-id', n: 1 } })
    expect(mine._id).toBe('own-id')
    const generated = await db.collection('items').add({ data: { n: 2 } })
    expect(generated._id).toMatch(/^[0-9a-f]{32}$/)
  })

  it('rejects a duplicate _id with an E11000 message and leaves the first document alone', async () => {
    await db.collection('items').add({ data: { _id: 'dup', n: 1, v: 'first' } })
    await expect(
      db.collection('items').add({ data: { _id: 'dup', n: 2, v: 'second' } }),
    ).rejects.toMatchObject({
      errCode: -501001,
      errMsg: expect.stringContaining('E11000 duplicate key error'),
    })
    const { data } = await db.collection('items').doc('dup').get()
    expect(data.v).toBe('first')
  })

  it('adds nothing of a batch that holds a duplicate (nothing half-written)', async () => {
    await expect(
      db.collection('items').add({ data: [{ _id: 'batch-1' }, { _id: 'batch-2' }, { _id: 'batch-1' }] }),
    ).rejects.toMatchObject({ errCode: -501001 })
    const { total } = await db
      .collection('items')
      .where({ _id: _.in(['batch-1', 'batch-2']) })
      .count()
    expect(total).toBe(0)
  })
})

describe('set() vs update(): "set replaces and upserts, rejects operators; update merges, never creates"', () => {
  it('set() replaces the whole document', async () => {
    await db.collection('items').add({ data: { _id: 'set-1', a: 1, b: 2 } })
    const res = await db
      .collection('items')
      .doc('set-1')
      .set({ data: { c: 3 } })
    expect(res.stats).toEqual({ updated: 1, created: 0 })
    const { data } = await db.collection('items').doc('set-1').get()
    expect(data).toEqual({ _id: 'set-1', c: 3 })
  })

  it('set() creates a missing document (upsert)', async () => {
    const res = await db
      .collection('items')
      .doc('set-new')
      .set({ data: { c: 1 } })
    expect(res.stats).toEqual({ updated: 0, created: 1 })
    expect((await db.collection('items').doc('set-new').get()).data).toEqual({ _id: 'set-new', c: 1 })
  })

  it('set() rejects update operators (-502001 … update operator complicit)', async () => {
    await expect(
      db
        .collection('items')
        .doc('set-1')
        .set({ data: { c: _.inc(1) } }),
    ).rejects.toMatchObject({
      errCode: -502001,
      errMsg: expect.stringContaining('update operator complicit'),
    })
  })

  it('update() merges nested fields and applies operators', async () => {
    await db.collection('items').add({ data: { _id: 'upd-1', n: 1, nested: { x: 1, y: 1 }, tags: ['a'] } })
    const res = await db
      .collection('items')
      .doc('upd-1')
      .update({ data: { n: _.inc(2), nested: { y: 5 }, tags: _.push('b') } })
    expect(res.stats).toEqual({ updated: 1 })
    const { data } = await db.collection('items').doc('upd-1').get()
    expect(data).toEqual({ _id: 'upd-1', n: 3, nested: { x: 1, y: 5 }, tags: ['a', 'b'] })
  })

  it('update() on a missing document reports updated: 0 and creates nothing', async () => {
    const res = await db
      .collection('items')
      .doc('nope')
      .update({ data: { n: 1 } })
    expect(res.stats).toEqual({ updated: 0 })
    const db2 = sdk.database({ throwOnNotFound: false })
    expect((await db2.collection('items').doc('nope').get()).data).toBeNull()
  })

  it('update() cannot create a field inside null or a scalar (the SDK sends nested objects as dot paths); _.set() replaces', async () => {
    await db.collection('items').add({ data: { _id: 'upd-null', location: null, n: 1 } })
    await expect(
      db
        .collection('items')
        .doc('upd-null')
        .update({ data: { location: { latitude: 1 } } }),
    ).rejects.toMatchObject({ errMsg: expect.stringContaining("Cannot create field 'latitude'") })
    expect((await db.collection('items').doc('upd-null').get()).data).toEqual({
      _id: 'upd-null',
      location: null,
      n: 1,
    })
    await db
      .collection('items')
      .doc('upd-null')
      .update({ data: { location: _.set({ latitude: 1 }) } })
    expect((await db.collection('items').doc('upd-null').get()).data).toEqual({
      _id: 'upd-null',
      location: { latitude: 1 },
      n: 1,
    })
  })

  it('_.remove() deletes a field', async () => {
    await db.collection('items').add({ data: { _id: 'rm-field', a: 1, b: 2 } })
    await db
      .collection('items')
      .doc('rm-field')
      .update({ data: { b: _.remove() } })
    expect((await db.collection('items').doc('rm-field').get()).data).toEqual({ _id: 'rm-field', a: 1 })
  })
})

describe('where().update() and .remove(): "touch every match by default (multi: true)"', () => {
  beforeEach(() => fill('plain', 5, (i) => ({ group: 'multi', i })))
  afterEach(() =>
    db
      .collection('plain')
      .where({ group: _.in(['multi', 'multi-done']) })
      .remove(),
  )

  it('updates every match', async () => {
    const res = await db
      .collection('plain')
      .where({ group: 'multi', i: _.gte(2) })
      .update({ data: { flag: true } })
    expect(res.stats.updated).toBe(3)
    expect((await db.collection('plain').where({ group: 'multi', flag: true }).count()).total).toBe(3)
  })

  it('removes every match', async () => {
    const res = await db
      .collection('plain')
      .where({ group: 'multi', i: _.lt(2) })
      .remove()
    expect(res.stats.removed).toBe(2)
    expect((await db.collection('plain').where({ group: 'multi' }).count()).total).toBe(3)
  })
})

describe('doc().get(): "a missing document throws errCode -1 unless throwOnNotFound: false"', () => {
  it('throws -1 with the platform message', async () => {
    await expect(db.collection('items').doc('missing').get()).rejects.toMatchObject({
      errCode: -1,
      errMsg: expect.stringContaining('document with _id missing does not exist'),
    })
  })

  it('returns data: null with throwOnNotFound: false', async () => {
    const lenient = sdk.database({ throwOnNotFound: false })
    await expect(lenient.collection('items').doc('missing').get()).resolves.toMatchObject({ data: null })
  })
})

describe('"a write to a collection that does not exist fails with -502005"', () => {
  it('refuses add, get and count on a missing collection', async () => {
    await expect(db.collection('ghost').add({ data: { a: 1 } })).rejects.toMatchObject({ errCode: -502005 })
    await expect(db.collection('ghost').get()).rejects.toMatchObject({ errCode: -502005 })
    await expect(db.collection('ghost').count()).rejects.toMatchObject({ errCode: -502005 })
  })

  it('createCollection() makes it usable', async () => {
    await db.createCollection('ghost')
    await db.collection('ghost').add({ data: { _id: 'g', a: 1 } })
    expect((await db.collection('ghost').doc('g').get()).data).toEqual({ _id: 'g', a: 1 })
  })
})

describe('"db.serverDate() arrives as {$tcb_server_date: {offset}}: the server puts its own clock there"', () => {
  it('stores the server time, shifted by the offset', async () => {
    const before = Date.now()
    await db
      .collection('items')
      .add({ data: { _id: 'sd', at: db.serverDate(), later: db.serverDate({ offset: 60_000 }) } })
    const after = Date.now()
    const { data } = await db.collection('items').doc('sd').get()
    expect(data.at).toBeInstanceOf(Date)
    expect(data.at.getTime()).toBeGreaterThanOrEqual(before)
    expect(data.at.getTime()).toBeLessThanOrEqual(after)
    expect(data.later.getTime() - data.at.getTime()).toBe(60_000)
  })
})

describe('"Dates and nested fields round-trip"', () => {
  it('returns Dates as Dates, numbers as numbers, nested objects and arrays intact', async () => {
    const doc = {
      _id: 'rt',
      when: new Date('2024-12-31T16:00:00.000Z'),
      n: 3.25,
      i: 7,
      neg: -1,
      flag: false,
      none: null,
      text: '全年共举办各类法律讲座14场',
      nested: { deep: { list: [1, 'two', { three: 3 }], at: new Date(0) } },
    }
    await db.collection('items').add({ data: doc })
    const { data } = await db.collection('items').doc('rt').get()
    expect(data).toEqual(doc)
  })

  it('queries on dates and nested paths', async () => {
    const { data } = await db
      .collection('items')
      .where({ when: _.gte(new Date('2024-12-31T00:00:00Z')), 'nested.deep.at': new Date(0) })
      .get()
    expect(data.map((d: { _id: string }) => d._id)).toEqual(['rt'])
  })

  it('supports RegExp, field projection and _.or', async () => {
    const { data } = await db
      .collection('items')
      .where(_.or([{ text: db.RegExp({ regexp: '法律讲座', options: 'i' }) }, { _id: 'set-new' }]))
      .field({ text: true })
      .get()
    expect(data).toEqual(
      expect.arrayContaining([{ _id: 'rt', text: '全年共举办各类法律讲座14场' }, { _id: 'set-new' }]),
    )
    expect(data).toHaveLength(2)
  })
})

describe('indexes: "equality and range conditions on indexed fields run on a SQLite index"', () => {
  beforeAll(() =>
    fill('items', 400, (i) => ({
      _id: `ix-${i}`,
      n: i,
      tag: i % 2 ? 'odd' : 'even',
      when: new Date(1_700_000_000_000 + i * 1000),
    })),
  )

  it('answers equality and range queries like MongoDB, with type bracketing', async () => {
    await db.collection('items').add({ data: { _id: 'ix-str', n: '150', tag: 'even' } })
    const { data } = await db
      .collection('items')
      .where({ n: _.gt(147).and(_.lte(150)) })
      .get()
    expect(data.map((d: { _id: string }) => d._id)).toEqual(['ix-148', 'ix-149', 'ix-150'])
    const { total } = await db
      .collection('items')
      .where({ tag: 'even', n: _.lt(10) })
      .count()
    expect(total).toBe(5)
  })

  it('sorts and pages on a compound index', async () => {
    const { data } = await db
      .collection('items')
      .where({ tag: 'odd', n: _.gte(0) })
      .orderBy('n', 'desc')
      .limit(3)
      .get()
    expect(data.map((d: { n: number }) => d.n)).toEqual([399, 397, 395])
  })

  it('plans indexed conditions on the index, never a scan of the collection', () => {
    const plan = cloud.store.explain('items', { tag: 'odd', n: { $gte: 10 } }).join(' ')
    expect(plan).toMatch(/USING (COVERING )?INDEX/)
    expect(plan).not.toMatch(/SCAN/)
    expect(cloud.store.explain('items', { when: { $lt: new Date() } }).join(' ')).toMatch(
      /USING INDEX ix:items:by_when/,
    )
  })

  it('still finds documents whose indexed field holds an array (mingo decides)', async () => {
    await db.collection('items').add({ data: { _id: 'ix-array', n: [5000, 5001], tag: 'arr' } })
    const { data } = await db.collection('items').where({ n: 5001 }).get()
    expect(data.map((d: { _id: string }) => d._id)).toEqual(['ix-array'])
  })

  it('enforces a unique index, counting a missing field as null', async () => {
    await db.collection('codes').add({ data: { code: 'A-1' } })
    await expect(db.collection('codes').add({ data: { code: 'A-1' } })).rejects.toMatchObject({
      errMsg: expect.stringContaining('E11000 duplicate key error collection: codes'),
    })
    await db.collection('codes').add({ data: { other: 1 } })
    await expect(db.collection('codes').add({ data: { other: 2 } })).rejects.toMatchObject({
      errMsg: expect.stringContaining('E11000'),
    })
    expect((await db.collection('codes').count()).total).toBe(2)
  })
})

describe('bad input gets the platform error and changes nothing', () => {
  async function post(body: unknown): Promise<Record<string, unknown>> {
    const res = await fetch(cloud.adminUrl, {
      method: 'POST',
      body: typeof body === 'string' ? body : JSON.stringify(body),
    })
    expect(res.status).toBe(200)
    return (await res.json()) as Record<string, unknown>
  }

  it('malformed JSON → INVALID_PARAM', async () => {
    expect(await post('{"action": ')).toMatchObject({ code: 'INVALID_PARAM' })
  })

  it('unknown action → an error code the SDK maps to -501001', async () => {
    expect(await post({ action: 'database.dropEverything' })).toMatchObject({ code: 'INVALID_ACTION' })
  })

  it('invalid EJSON → INVALID_PARAM, and nothing is inserted', async () => {
    const before = (await db.collection('plain').count()).total
    const reply = await post({
      action: 'database.insertDocument',
      collectionName: 'plain',
      data: ['{"a": {"$oid": "not-an-object-id"}}'],
    })
    expect(reply).toMatchObject({ code: 'INVALID_PARAM' })
    expect((await db.collection('plain').count()).total).toBe(before)
  })

  it('an unknown query operator → -502002 through the SDK', async () => {
    const reply = await post({
      action: 'database.getDocument',
      collectionName: 'plain',
      queryType: 'WHERE',
      query: '{"a": {"$frobnicate": 1}}',
      limit: 10,
    })
    expect(reply).toMatchObject({ code: 'DATABASE_INVALID_OPERRATOR' })
  })

  it('keeps serving after all of that', async () => {
    expect((await fetch(`${cloud.url}/healthz`)).status).toBe(200)
  })
})

describe('request counts: "each round trip is latency and quota"', () => {
  it('counts requests per action at /dev/stats', async () => {
    await resetStats(cloud)
    await db.collection('items').doc('rt').get()
    await db.collection('items').where({ n: 1 }).count()
    await db.collection('items').where({ n: 1 }).count()
    expect(await stats(cloud)).toEqual({ 'database.getDocument': 1, 'database.calculateDocument': 2 })
  })
})
