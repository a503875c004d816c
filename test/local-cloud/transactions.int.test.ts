/**
 * Transactions, through the real wx-server-sdk: "inside runTransaction only single-document
 * operations are allowed … commit or abort within 30 s. runTransaction retries the callback only on
 * DATABASE_TRANSACTION_CONFLICT raised at commit" (wx-cloud-facts.md, Database semantics).
 */
import type { LocalCloud } from '../../local-cloud/src/server'
import { sdkFor, startTestCloud, type Sdk } from '../support/local-cloud'

let cloud: LocalCloud
let db: Sdk
let _: Sdk

beforeAll(async () => {
  cloud = await startTestCloud({ transactionTimeoutMs: 1500 })
  db = sdkFor(cloud).database()
  _ = db.command
})
afterAll(() => cloud.close())

const read = async (id: string): Promise<Record<string, unknown>> =>
  (await db.collection('plain').doc(id).get()).data

describe('runTransaction', () => {
  it('commits single-document reads and writes all together', async () => {
    await db.collection('plain').add({ data: { _id: 'acct-a', balance: 100 } })
    await db.collection('plain').add({ data: { _id: 'acct-b', balance: 0 } })
    const result = await db.runTransaction(async (t: Sdk) => {
      const a = (await t.collection('plain').doc('acct-a').get()).data
      await t
        .collection('plain')
        .doc('acct-a')
        .update({ data: { balance: a.balance - 30 } })
      await t
        .collection('plain')
        .doc('acct-b')
        .update({ data: { balance: _.inc(30) } })
      await t.collection('plain').add({ data: { _id: 'transfer-1', amount: 30 } })
      return 'done'
    })
    expect(result).toBe('done')
    expect(await read('acct-a')).toMatchObject({ balance: 70 })
    expect(await read('acct-b')).toMatchObject({ balance: 30 })
    expect(await read('transfer-1')).toMatchObject({ amount: 30 })
  })

  it('sees its own writes before commit, and nobody else does', async () => {
    await db.collection('plain').add({ data: { _id: 'own', v: 1 } })
    const t = await db.startTransaction()
    await t
      .collection('plain')
      .doc('own')
      .update({ data: { v: 2 } })
    expect((await t.collection('plain').doc('own').get()).data).toMatchObject({ v: 2 })
    expect(await read('own')).toMatchObject({ v: 1 })
    await t.commit()
    expect(await read('own')).toMatchObject({ v: 2 })
  })

  it('rollback leaves no trace', async () => {
    await db.collection('plain').add({ data: { _id: 'rb', v: 1 } })
    await expect(
      db.runTransaction(async (t: Sdk) => {
        await t
          .collection('plain')
          .doc('rb')
          .update({ data: { v: 99 } })
        await t.collection('plain').add({ data: { _id: 'rb-new' } })
        await t.collection('plain').doc('rb').remove()
        await t.rollback('changed my mind')
      }),
    ).rejects.toBe('changed my mind')
    expect(await read('rb')).toEqual({ _id: 'rb', v: 1 })
    const lenient = sdkFor(cloud).database({ throwOnNotFound: false })
    expect((await lenient.collection('plain').doc('rb-new').get()).data).toBeNull()
  })

  it('an error thrown in the callback aborts: nothing is written', async () => {
    await expect(
      db.runTransaction(async (t: Sdk) => {
        await t.collection('plain').add({ data: { _id: 'thrown' } })
        throw new Error('validation failed')
      }),
    ).rejects.toThrow('validation failed')
    const lenient = sdkFor(cloud).database({ throwOnNotFound: false })
    expect((await lenient.collection('plain').doc('thrown').get()).data).toBeNull()
  })

  it('two concurrent transactions writing the same document never both commit; runTransaction retries', async () => {
    await db.collection('plain').add({ data: { _id: 'counter', n: 0 } })
    let attempts = 0
    const increment = (): Promise<void> =>
      db.runTransaction(async (t: Sdk) => {
        attempts++
        const { data } = await t.collection('plain').doc('counter').get()
        await new Promise((r) => setTimeout(r, 20)) // both read before either commits
        await t
          .collection('plain')
          .doc('counter')
          .set({ data: { n: data.n + 1 } })
      }, 10)
    await Promise.all([increment(), increment(), increment()])
    expect(await read('counter')).toMatchObject({ n: 3 }) // no lost update
    expect(attempts).toBeGreaterThan(3) // conflicts happened and were retried
  })

  it('a conflict at commit reaches a manual transaction as DATABASE_TRANSACTION_CONFLICT', async () => {
    await db.collection('plain').add({ data: { _id: 'race', n: 0 } })
    const t1 = await db.startTransaction()
    const t2 = await db.startTransaction()
    await t1
      .collection('plain')
      .doc('race')
      .update({ data: { n: 1 } })
    await t2
      .collection('plain')
      .doc('race')
      .update({ data: { n: 2 } })
    await t1.commit()
    await expect(t2.commit()).rejects.toMatchObject({ code: 'DATABASE_TRANSACTION_CONFLICT' })
    expect(await read('race')).toMatchObject({ n: 1 })
  })

  it('refuses where() inside a transaction (single-document operations only)', async () => {
    const t = await db.startTransaction()
    await expect(t.collection('plain').where({ n: 1 }).get()).rejects.toMatchObject({ errCode: -502001 })
    await t.rollback()
  })

  it('aborts a transaction left open too long (30 s on the platform; 1.5 s in this test)', async () => {
    await db.collection('plain').add({ data: { _id: 'slow', v: 1 } })
    const t = await db.startTransaction()
    await t
      .collection('plain')
      .doc('slow')
      .update({ data: { v: 2 } })
    await new Promise((r) => setTimeout(r, 1800))
    await expect(t.commit()).rejects.toMatchObject({ code: 'DATABASE_TRANSACTION_FAIL' })
    expect(await read('slow')).toMatchObject({ v: 1 })
  })
})
