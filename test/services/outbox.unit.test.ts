/**
 * @jest-environment jsdom
 */
/**
 * The outbox store over a storage that refuses like WeChat's (1 MB a key, 10 MB in all): whatever the
 * order of submissions, network failures, refusals, restarts and kills, every submitted record is sent
 * exactly once or is still on the phone, and each photo is uploaded once. Also the hook a page uses.
 * (jsdom for the hook; Taro itself cannot load under Jest, so `taroStorage` runs over a stand-in.)
 */
import { act, renderHook } from '@testing-library/react'
import Taro from '@tarojs/taro'
import fc from 'fast-check'
import { useOutbox } from '../../src/components/use-outbox'
import { ERRORS, type Envelope } from '../../src/core/errors'
import type { OutboxInput, OutboxItem, PendingPhoto } from '../../src/core/outbox'
import {
  createOutbox,
  taroStorage,
  type KeyValueStorage,
  type Outbox,
  type OutboxOptions,
} from '../../src/services/outbox'

jest.mock('@tarojs/taro', () => ({
  __esModule: true,
  default: {
    getStorageSync: jest.fn(),
    setStorageSync: jest.fn(),
    removeStorageSync: jest.fn(),
    getStorageInfoSync: jest.fn(),
  },
}))

// The outbox warns on every refused write and killed app these tests provoke: keep the output readable.
let warn: jest.SpyInstance
beforeEach(() => {
  warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined)
})
afterEach(() => warn.mockRestore())

const MB = 1024 * 1024
const T0 = Date.parse('2025-03-01T08:00:00.000Z')
const DAY = 24 * 3600_000

/** UTF-8 bytes, counted independently of the code under test. */
const utf8 = (text: string): number => encodeURIComponent(text).replace(/%[0-9A-F]{2}/g, 'x').length

class Refused extends Error {}

/** WeChat's storage as the outbox meets it: a write over a limit throws and changes nothing. */
class MemoryStorage implements KeyValueStorage {
  readonly data = new Map<string, string>()
  private readonly costs = new Map<string, number>()
  private used = 0
  refusals = 0

  /** `reportedLimit` lets a test make the storage claim more room than it has (a browser's quota). */
  constructor(
    readonly limits = { perKey: MB, total: 10 * MB },
    readonly reportedLimit = limits.total,
  ) {}

  get(key: string): string | undefined {
    return this.data.get(key)
  }

  set(key: string, value: string): void {
    const cost = utf8(key) + utf8(JSON.stringify(value))
    const old = this.costs.get(key) ?? 0
    if (cost > this.limits.perKey || this.used - old + cost > this.limits.total) {
      this.refusals++
      throw new Refused(`setStorageSync:fail exceed storage max size (${key})`)
    }
    this.data.set(key, value)
    this.costs.set(key, cost)
    this.used += cost - old
  }

  remove(key: string): void {
    this.used -= this.costs.get(key) ?? 0
    this.costs.delete(key)
    this.data.delete(key)
  }

  info() {
    return { keys: [...this.data.keys()], currentBytes: this.used, limitBytes: this.reportedLimit }
  }

  snapshot(): Map<string, string> {
    return new Map(this.data)
  }

  clone(): MemoryStorage {
    const copy = new MemoryStorage(this.limits, this.reportedLimit)
    for (const [key, value] of this.data) copy.set(key, value)
    return copy
  }
}

function deferred<T>() {
  let resolve!: (value: T) => void
  const promise = new Promise<T>((r) => (resolve = r))
  return { promise, resolve }
}

const never = <T>(): Promise<T> => new Promise<T>(() => undefined)

type ServerMode = 'ok' | 'offline' | 'internal' | 'invalid' | 'hang'
type UploadMode = 'ok' | 'offline' | 'hang'

/**
 * A phone and a server: the network switch, how the server answers, what it acknowledged, and which
 * photos reached cloud storage. `make()` starts the app (again) over the same storage.
 */
function harness(storage: KeyValueStorage = new MemoryStorage()) {
  const h = {
    storage,
    clock: { now: T0 },
    online: true,
    server: 'ok' as ServerMode,
    uploads: 'ok' as UploadMode,
    /** Every request the server received, in order. */
    received: [] as OutboxItem[],
    /** Sends answered ok, per id: must never exceed 1. */
    acknowledged: new Map<string, number>(),
    /** Successful uploads per `<id>:<index>`: must never exceed 1. */
    uploaded: new Map<string, string[]>(),
    released: [] as string[],
    problems: [] as string[],
    hung: deferred<void>(),
  }
  let files = 0

  const send = async (item: OutboxItem): Promise<Envelope<unknown>> => {
    h.received.push(item)
    const mode = h.server
    if (mode === 'hang') {
      h.hung.resolve()
      return never()
    }
    if (mode === 'offline')
      return { ok: false, error: { code: 'NETWORK.UNAVAILABLE', message: '网络不可用' } }
    if (mode === 'internal') return { ok: false, error: { code: 'INTERNAL', message: '系统繁忙' } }
    if (mode === 'invalid') {
      return {
        ok: false,
        error: {
          code: 'EVENT.INVALID',
          message: ERRORS['EVENT.INVALID'],
          details: { fields: { title: '请填写标题' } },
        },
      }
    }
    const expected = item.photos.map((_, i) => h.uploaded.get(`${item.id}:${i}`)?.[0])
    if (item.photos.length > 0 && JSON.stringify(item.request.photos) !== JSON.stringify(expected)) {
      h.problems.push(`${item.id} sent photos ${JSON.stringify(item.request.photos)}, uploaded ${expected}`)
    }
    h.acknowledged.set(item.id, (h.acknowledged.get(item.id) ?? 0) + 1)
    return { ok: true, data: { id: item.id, duplicate: false } }
  }

  const uploadPhoto = async (photo: PendingPhoto, item: OutboxItem, index: number): Promise<string> => {
    if (!photo.localRef) h.problems.push(`${item.id} photo ${index} uploaded without its data`)
    if (h.uploads === 'hang') {
      h.hung.resolve()
      return never()
    }
    if (h.uploads === 'offline') throw new Error('uploadFile:fail network')
    const fileID = `cloud://test.env/events/${item.id}/${index}-${files++}.jpg`
    const key = `${item.id}:${index}`
    h.uploaded.set(key, [...(h.uploaded.get(key) ?? []), fileID])
    return fileID
  }

  const make = (extra: Partial<OutboxOptions> = {}): Outbox =>
    createOutbox({
      storage: h.storage,
      send,
      uploadPhoto,
      releasePhoto: (photo) => h.released.push(photo.localRef),
      now: () => new Date(h.clock.now),
      isOnline: () => h.online,
      sendTimeoutMs: Infinity,
      uploadTimeoutMs: Infinity,
      ...extra,
    })

  return { ...h, h, make }
}

let serial = 0
const dataUrl = (chars: number): string => `data:image/jpeg;base64,${'A'.repeat(chars)}${serial++}`
const weappFile = (): string => `http://usr/photo-${serial++}.jpg`

/** 网格员 张伟 logs a 法律讲座 (a fresh client-made id each time). */
function lecture(photos: readonly PendingPhoto[] = [], title = '民法典进社区'): OutboxInput {
  const id = `evt-${serial++}`
  return {
    id,
    kind: 'events.create',
    label: `法律讲座 · ${title}`,
    request: { id, type: 'lecture', event: { title, happenedOn: '2025-03-01' } },
    photos,
  }
}

const photoKeys = (storage: MemoryStorage): string[] =>
  [...storage.data.keys()].filter((key) => key.startsWith('outbox:photo:'))

// -----------------------------------------------------------------------------------------------------

describe('the outbox', () => {
  it('keeps what was submitted offline under its own keys, and sends it when the network is back', async () => {
    const storage = new MemoryStorage()
    const t = harness(storage)
    t.h.online = false
    const outbox = t.make()
    const photos = [
      { localRef: dataUrl(300), bytes: 225 },
      { localRef: dataUrl(200), bytes: 150 },
    ]
    const input = lecture(photos)

    const result = await outbox.submit(input)
    await outbox.flush()

    expect(result).toMatchObject({ ok: true, item: { id: input.id, state: 'waiting' } })
    expect(t.h.received).toHaveLength(0)
    expect(JSON.parse(storage.get('outbox:index')!)).toEqual([input.id])
    expect([...storage.data.keys()].sort()).toEqual(
      [
        'outbox:index',
        `outbox:item:${input.id}`,
        `outbox:photo:${input.id}:0`,
        `outbox:photo:${input.id}:1`,
      ].sort(),
    )
    expect(storage.get(`outbox:photo:${input.id}:0`)).toBe(photos[0]!.localRef)
    expect(storage.get(`outbox:item:${input.id}`)).not.toContain('data:image')
    expect(outbox.counts()).toMatchObject({ waiting: 1, sent: 0 })

    t.h.online = true
    await outbox.retryNow()

    expect(t.h.received).toHaveLength(1)
    const uploaded = [t.h.uploaded.get(`${input.id}:0`)![0], t.h.uploaded.get(`${input.id}:1`)![0]]
    expect(t.h.received[0]!.request).toEqual({ ...input.request, photos: uploaded })
    expect(outbox.get(input.id)).toMatchObject({ state: 'sent', result: { id: input.id, duplicate: false } })
    expect(photoKeys(storage)).toEqual([])
    expect(t.h.released).toEqual(photos.map((p) => p.localRef))
    expect(t.h.problems).toEqual([])
  })

  it('sends at once when submitted online; a second tap on 提交 queues nothing new', async () => {
    const t = harness()
    const outbox = t.make()
    const input = lecture()
    await outbox.submit(input)
    await outbox.flush()
    const again = await outbox.submit(input)
    await outbox.flush()
    expect(again).toMatchObject({ ok: true, item: { state: 'sent' } })
    expect(outbox.list()).toHaveLength(1)
    expect(t.h.received).toHaveLength(1)
  })

  it('after a network failure waits out its backoff, stops the round, and retries at once when the network is back', async () => {
    const t = harness()
    t.h.server = 'offline'
    t.h.online = false
    const outbox = t.make()
    const first = lecture()
    const second = lecture()
    await outbox.submit(first)
    await outbox.submit(second)
    t.h.online = true
    await outbox.flush()

    expect(t.h.received.map((item) => item.id)).toEqual([first.id]) // the network is down: no point going on
    expect(outbox.get(first.id)).toMatchObject({
      state: 'waiting',
      attempts: 1,
      nextAttemptAt: new Date(T0 + 5_000).toISOString(),
      error: { code: 'NETWORK.UNAVAILABLE' },
    })
    t.h.server = 'ok'
    await outbox.flush()
    expect(t.h.received.map((item) => item.id)).toEqual([first.id, second.id])
    expect(outbox.get(first.id)!.state).toBe('waiting')

    await outbox.retryNow()
    expect(outbox.get(first.id)).toMatchObject({ state: 'sent', attempts: 1 })
    expect(outbox.get(first.id)!.error).toBeUndefined()
  })

  it('does not let a server error on one item hold up the items behind it', async () => {
    const t = harness()
    t.h.server = 'internal'
    const outbox = t.make()
    t.h.online = false
    await outbox.submit(lecture())
    await outbox.submit(lecture())
    t.h.online = true
    await outbox.flush()
    expect(t.h.received).toHaveLength(2)
    expect(outbox.counts()).toMatchObject({ waiting: 2 })
  })

  it('keeps a refused item’s message and fields, and resubmits the correction under the same id', async () => {
    const t = harness()
    t.h.server = 'invalid'
    const outbox = t.make()
    const input = lecture([{ localRef: weappFile(), bytes: 1000 }], '')
    await outbox.submit(input)
    await outbox.flush()

    expect(outbox.get(input.id)).toMatchObject({
      state: 'rejected',
      error: { code: 'EVENT.INVALID', message: ERRORS['EVENT.INVALID'], fields: { title: '请填写标题' } },
    })
    expect(outbox.counts().rejected).toBe(1)

    t.h.server = 'ok'
    const corrected = { ...input.request, event: { title: '民法典进社区', happenedOn: '2025-03-01' } }
    const result = await outbox.resubmit(input.id, corrected, '法律讲座 · 民法典进社区')
    await outbox.flush()

    expect(result).toMatchObject({ ok: true, item: { id: input.id } })
    expect(outbox.list()).toHaveLength(1)
    expect(t.h.received.map((item) => item.id)).toEqual([input.id, input.id])
    expect(t.h.received[1]!.request).toEqual({ ...corrected, photos: t.h.uploaded.get(`${input.id}:0`) })
    expect(t.h.uploaded.get(`${input.id}:0`)).toHaveLength(1)
    expect(outbox.get(input.id)).toMatchObject({ state: 'sent', label: '法律讲座 · 民法典进社区' })
  })

  it('uploads each photo once, even when the request fails after the uploads and the app restarts', async () => {
    const t = harness()
    t.h.server = 'offline'
    const outbox = t.make()
    const input = lecture([
      { localRef: dataUrl(100), bytes: 75 },
      { localRef: weappFile(), bytes: 2000 },
    ])
    await outbox.submit(input)
    await outbox.flush()
    expect(t.h.uploaded.size).toBe(2)

    t.h.server = 'ok'
    const restarted = t.make()
    expect(restarted.get(input.id)!.photos.map((p) => p.fileID)).toEqual([
      t.h.uploaded.get(`${input.id}:0`)![0],
      t.h.uploaded.get(`${input.id}:1`)![0],
    ])
    await restarted.retryNow()

    expect([...t.h.uploaded.values()].map((ids) => ids.length)).toEqual([1, 1])
    expect(restarted.get(input.id)!.state).toBe('sent')
    expect(t.h.problems).toEqual([])
  })

  it('keeps the fileID of a photo uploaded before a later one failed', async () => {
    const t = harness()
    const outbox = t.make({
      uploadPhoto: async (_photo, item, index) => {
        if (index === 1) throw new Error('uploadFile:fail timeout')
        return `cloud://test.env/events/${item.id}/0-a.jpg`
      },
    })
    const input = lecture([
      { localRef: dataUrl(10), bytes: 8 },
      { localRef: dataUrl(10), bytes: 8 },
    ])
    await outbox.submit(input)
    await outbox.flush()
    expect(t.h.received).toHaveLength(0)
    expect(t.make().get(input.id)).toMatchObject({
      state: 'waiting',
      attempts: 1,
      photos: [{ fileID: `cloud://test.env/events/${input.id}/0-a.jpg` }, { bytes: 8 }],
    })
  })

  it('sets aside an item whose photo upload is refused with a code of its own', async () => {
    const t = harness()
    const outbox = t.make({
      uploadPhoto: async () => {
        throw Object.assign(new Error(ERRORS['REQUEST.INVALID']), { code: 'REQUEST.INVALID' })
      },
    })
    const input = lecture([{ localRef: weappFile(), bytes: 8 }])
    await outbox.submit(input)
    await outbox.flush()
    expect(outbox.get(input.id)).toMatchObject({ state: 'rejected', error: { code: 'REQUEST.INVALID' } })
  })

  it('does not start a flush that is already running, yet sends what was queued meanwhile', async () => {
    const t = harness()
    const answers: ReturnType<typeof deferred<Envelope<unknown>>>[] = []
    const send = jest.fn(() => {
      const answer = deferred<Envelope<unknown>>()
      answers.push(answer)
      return answer.promise
    })
    t.h.online = false
    const outbox = t.make({ send })
    const first = lecture()
    await outbox.submit(first)
    t.h.online = true

    const a = outbox.flush()
    const b = outbox.flush()
    await new Promise((r) => setTimeout(r, 0))
    expect(send).toHaveBeenCalledTimes(1)
    expect(outbox.get(first.id)!.state).toBe('sending')

    const second = lecture()
    await outbox.submit(second) // starts no second flush: joins the running one
    answers[0]!.resolve({ ok: true, data: null })
    await new Promise((r) => setTimeout(r, 0))
    expect(send).toHaveBeenCalledTimes(2)
    answers[1]!.resolve({ ok: true, data: null })
    await Promise.all([a, b])
    expect(outbox.counts()).toMatchObject({ sent: 2, waiting: 0, sending: 0 })
  })

  it('gives up on a send that never answers, and sends it again later', async () => {
    const t = harness()
    t.h.server = 'hang'
    const outbox = t.make({ sendTimeoutMs: 20 })
    const input = lecture()
    await outbox.submit(input)
    await outbox.flush()
    expect(outbox.get(input.id)).toMatchObject({ state: 'waiting', error: { code: 'NETWORK.UNAVAILABLE' } })
    t.h.server = 'ok'
    await outbox.retryNow()
    expect(outbox.get(input.id)!.state).toBe('sent')
    expect(t.h.acknowledged.get(input.id)).toBe(1)
  })

  it('treats an item cut off while sending (the app was killed) as waiting, and sends it once', async () => {
    const t = harness()
    t.h.server = 'hang'
    const killed = t.make()
    const input = lecture()
    void killed.submit(input)
    await t.h.hung.promise
    expect(killed.get(input.id)!.state).toBe('sending')

    t.h.server = 'ok'
    const restarted = t.make()
    expect(restarted.get(input.id)!.state).toBe('waiting')
    await restarted.flush()
    expect(restarted.get(input.id)!.state).toBe('sent')
    expect(t.h.acknowledged.get(input.id)).toBe(1)
  })

  it('keeps drafts unsent, and lets go of a photo taken off a draft', async () => {
    const storage = new MemoryStorage()
    const t = harness(storage)
    const outbox = t.make()
    const kept = { localRef: dataUrl(50), bytes: 40 }
    const dropped = { localRef: dataUrl(50), bytes: 40 }
    const input = lecture([kept, dropped])
    await outbox.saveDraft(input)
    await outbox.flush()
    expect(outbox.get(input.id)!.state).toBe('draft')
    expect(t.h.received).toHaveLength(0)
    expect(photoKeys(storage)).toHaveLength(2)

    const added = { localRef: dataUrl(50), bytes: 40 }
    await outbox.saveDraft({ ...input, photos: [added, kept] })
    expect(t.h.released).toEqual([dropped.localRef])
    expect(
      photoKeys(storage)
        .map((key) => storage.get(key))
        .sort(),
    ).toEqual([added.localRef, kept.localRef].sort())
    expect(
      t
        .make()
        .get(input.id)!
        .photos.map((p) => p.localRef),
    ).toEqual([added.localRef, kept.localRef])

    await outbox.submit({ ...input, photos: undefined })
    await outbox.flush()
    expect(outbox.get(input.id)!.state).toBe('sent')
    expect(t.h.received[0]!.request.photos).toHaveLength(2)
  })

  it('discards an item with its photos, but not one on its way to the server', async () => {
    const storage = new MemoryStorage()
    const t = harness(storage)
    t.h.server = 'invalid'
    const outbox = t.make()
    const input = lecture([{ localRef: dataUrl(20), bytes: 15 }])
    await outbox.submit(input)
    await outbox.flush()
    expect(await outbox.discard(input.id)).toBe(true)
    expect(outbox.list()).toEqual([])
    expect([...storage.data.keys()]).toEqual(['outbox:index'])
    expect(t.h.released).toEqual([input.photos![0]!.localRef])

    t.h.server = 'hang'
    const other = lecture()
    void outbox.submit(other)
    await t.h.hung.promise
    expect(await outbox.discard(other.id)).toBe(false)
    expect(outbox.get(other.id)!.state).toBe('sending')
  })

  it('tells subscribers of every change until they unsubscribe', async () => {
    const t = harness()
    t.h.online = false
    const outbox = t.make()
    const seen: string[][] = []
    const unsubscribe = outbox.subscribe((items) => seen.push(items.map((i) => `${i.label}:${i.state}`)))
    const input = lecture()
    await outbox.submit(input)
    t.h.online = true
    await outbox.flush()
    unsubscribe()
    await outbox.submit(lecture())
    expect(seen).toEqual([[`${input.label}:waiting`], [`${input.label}:sending`], [`${input.label}:sent`]])
    expect(outbox.list()).toBe(outbox.list())
  })

  it('keeps the last 20 sent items for a week, never an unsent one', async () => {
    const t = harness()
    const outbox = t.make()
    t.h.server = 'invalid'
    const refused = lecture()
    await outbox.submit(refused)
    await outbox.flush()
    t.h.server = 'ok'
    const sent: string[] = []
    for (let i = 0; i < 22; i++) {
      const input = lecture()
      sent.push(input.id)
      t.h.clock.now += 1000
      await outbox.submit(input)
      await outbox.flush()
    }
    expect(outbox.list().map((item) => item.id)).toEqual([refused.id, ...sent.slice(2)])
    t.h.clock.now += 8 * DAY
    expect(
      t
        .make()
        .list()
        .map((item) => item.id),
    ).toEqual([refused.id])
  })
})

describe('the stored queue after a crash', () => {
  it('re-adopts an item missing from the index, drops index entries without an item, removes stray photos', () => {
    const storage = new MemoryStorage()
    const t = harness(storage)
    t.h.online = false
    const outbox = t.make()
    const a = lecture([{ localRef: dataUrl(10), bytes: 8 }])
    const b = lecture()
    void outbox.submit(a)
    t.h.clock.now += 1000
    void outbox.submit(b)
    storage.set('outbox:index', JSON.stringify(['ghost', b.id])) // a crashed before its index write
    storage.set('outbox:photo:ghost:0', 'data:image/jpeg;base64,QQ==')
    storage.set(`outbox:photo:${a.id}:7`, 'data:image/jpeg;base64,QQ==')

    const restarted = t.make()

    expect(restarted.list().map((item) => item.id)).toEqual([b.id, a.id])
    expect(JSON.parse(storage.get('outbox:index')!)).toEqual([b.id, a.id])
    expect(photoKeys(storage)).toEqual([`outbox:photo:${a.id}:0`])
    expect(restarted.get(a.id)!.photos[0]!.localRef).toBe(a.photos![0]!.localRef)
  })

  /** Kills the app at its n-th storage write: that write and every later one never happen. */
  class KilledStorage implements KeyValueStorage {
    writes = 0
    dead = false
    constructor(
      readonly inner: MemoryStorage,
      readonly killAt: number,
    ) {}
    get = (key: string) => this.inner.get(key)
    info = () => this.inner.info()
    set(key: string, value: string): void {
      this.step()
      this.inner.set(key, value)
    }
    remove(key: string): void {
      this.step()
      this.inner.remove(key)
    }
    private step(): void {
      if (this.dead || this.writes++ === this.killAt) {
        this.dead = true
        throw new Error('the app was killed')
      }
    }
  }

  const step = fc.oneof(
    fc.record({ op: fc.constant('submit' as const), photos: fc.integer({ min: 0, max: 3 }) }),
    fc.record({ op: fc.constant('draft' as const), photos: fc.integer({ min: 0, max: 3 }) }),
    fc.record({ op: fc.constant('editDraft' as const), pick: fc.nat() }),
    fc.record({ op: fc.constant('submitDraft' as const), pick: fc.nat() }),
    fc.record({
      op: fc.constant('flush' as const),
      server: fc.constantFrom<ServerMode>('ok', 'offline', 'invalid'),
    }),
    fc.record({ op: fc.constant('discard' as const), pick: fc.nat() }),
  )

  it('never loses an acknowledged item, whichever write the app is killed at', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { maxLength: 25 }), fc.nat({ max: 120 }), async (steps, killAt) => {
        const inner = new MemoryStorage()
        const killed = new KilledStorage(inner, killAt)
        const t = harness(killed)
        const outbox = t.make()
        const kept = new Set<string>() // acknowledged by the outbox, not discarded
        const touched = new Set<string>() // whatever was under way when the app died
        const photosOf = (n: number) =>
          Array.from({ length: n }, () => ({ localRef: dataUrl(30), bytes: 20 }))
        const pick = (n: number, state: string) => {
          const items = outbox.list().filter((item) => item.state === state)
          return items.length > 0 ? items[n % items.length] : undefined
        }
        for (const s of steps) {
          if (killed.dead) break
          let id: string | undefined
          let result: { ok: boolean } | undefined
          if (s.op === 'submit' || s.op === 'draft') {
            const input = lecture(photosOf(s.photos))
            id = input.id
            touched.add(id)
            result = s.op === 'submit' ? await outbox.submit(input) : await outbox.saveDraft(input)
            await outbox.flush()
          } else if (s.op === 'editDraft' || s.op === 'submitDraft') {
            const draft = pick(s.pick, 'draft')
            if (!draft) continue
            id = draft.id
            touched.add(id)
            const edited = { ...draft, photos: [...draft.photos.slice(1), ...photosOf(1)] }
            result = s.op === 'editDraft' ? await outbox.saveDraft(edited) : await outbox.submit(edited)
            await outbox.flush()
          } else if (s.op === 'flush') {
            t.h.server = s.server
            await outbox.flush()
          } else {
            const item = pick(s.pick, 'rejected') ?? pick(s.pick, 'waiting')
            if (!item) continue
            touched.add(item.id)
            kept.delete(item.id)
            await outbox.discard(item.id)
          }
          if (result?.ok && id && !killed.dead) kept.add(id)
          if (!killed.dead) touched.clear()
        }

        const restarted = harness(inner)
        const after = restarted.make()
        const ids = after.list().map((item) => item.id)
        for (const id of kept) {
          if (!touched.has(id)) expect(ids.includes(id) || t.h.acknowledged.get(id) === 1).toBe(true)
        }
        expect(JSON.parse(inner.get('outbox:index') ?? '[]')).toEqual(ids)
        const referenced = new Set<string>()
        for (const item of after.list()) {
          const stored = JSON.parse(inner.get(`outbox:item:${item.id}`)!) as {
            photos: { key?: string; fileID?: string }[]
          }
          for (const p of stored.photos) {
            if (p.key === undefined) continue
            referenced.add(p.key)
            // Gone only when killed while marking it sent, by which time the photo was uploaded.
            if (inner.get(p.key) === undefined) expect(p.fileID).toBeDefined()
          }
          if (item.state === 'sent') continue
          for (const photo of item.photos)
            expect(photo.localRef !== '' || photo.fileID !== undefined).toBe(true)
        }
        for (const key of photoKeys(inner)) expect([key, referenced.has(key)]).toEqual([key, true]) // no strays
        expect([...t.h.acknowledged.values()].every((n) => n === 1)).toBe(true)
      }),
      { numRuns: 200 },
    )
  })
})

describe('a full queue', () => {
  it('refuses with OUTBOX.FULL when storage is nearly full, and changes nothing stored', async () => {
    const storage = new MemoryStorage()
    for (let i = 0; i < 9; i++) storage.set(`other:${i}`, 'x'.repeat(MB - 100)) // the rest of the app
    const t = harness(storage)
    t.h.online = false
    const outbox = t.make()
    const before = storage.snapshot()
    const result = await outbox.submit(lecture([{ localRef: dataUrl(600 * 1024), bytes: 450 * 1024 }]))
    expect(result.ok ? 'accepted' : result.error).toEqual({
      code: 'OUTBOX.FULL',
      message: ERRORS['OUTBOX.FULL'],
    })
    expect(storage.snapshot().size).toBe(before.size)
    expect([...storage.snapshot()].every(([key, value]) => before.get(key) === value)).toBe(true)
    expect(outbox.list()).toEqual([])
    expect(storage.refusals).toBe(0) // decided by the arithmetic, before the platform had to refuse
  })

  it('refuses a photo of more than 1 MB as too large', async () => {
    const t = harness()
    const result = await t.make().submit(lecture([{ localRef: dataUrl(MB), bytes: 0.75 * MB }]))
    expect(result.ok ? 'accepted' : result).toEqual({
      ok: false,
      error: { code: 'OUTBOX.ITEM_TOO_LARGE', message: ERRORS['OUTBOX.ITEM_TOO_LARGE'] },
    })
  })

  it('reports a write the platform refuses as OUTBOX.FULL, whatever the platform claimed, and changes nothing', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.boolean(),
        fc.integer({ min: 0, max: 8 }),
        fc.array(fc.array(fc.integer({ min: 1, max: Math.round(1.1 * MB) }), { maxLength: 3 }), {
          minLength: 1,
          maxLength: 10,
        }),
        async (claimsMore, otherKeys, items) => {
          // A browser's quota can be smaller than what the outbox assumes (here 4 MB, claimed 10 MB).
          const storage = claimsMore
            ? new MemoryStorage({ perKey: MB, total: 4 * MB }, 10 * MB)
            : new MemoryStorage()
          for (let i = 0; i < otherKeys && storage.info().currentBytes < storage.limits.total - MB; i++) {
            storage.set(`other:${i}`, 'x'.repeat(MB - 100))
          }
          const t = harness(storage)
          t.h.online = false
          const outbox = t.make()
          const accepted: string[] = []
          for (const sizes of items) {
            const input = lecture(sizes.map((n) => ({ localRef: dataUrl(n), bytes: n })))
            const before = storage.snapshot()
            const refusalsBefore = storage.refusals
            const result = await outbox.submit(input)
            if (result.ok) {
              accepted.push(input.id)
              continue
            }
            expect(['OUTBOX.FULL', 'OUTBOX.ITEM_TOO_LARGE']).toContain(result.error.code)
            expect(result.error.message).toBe(ERRORS[result.error.code])
            const after = storage.snapshot()
            expect(after.size).toBe(before.size)
            expect([...after].every(([key, value]) => before.get(key) === value)).toBe(true)
            if (sizes.some((n) => n > MB)) expect(result.error.code).toBe('OUTBOX.ITEM_TOO_LARGE')
            if (!claimsMore) expect(storage.refusals).toBe(refusalsBefore)
          }
          expect(outbox.list().map((item) => item.id)).toEqual(accepted)
          expect(
            t
              .make()
              .list()
              .map((item) => item.id),
          ).toEqual(accepted)
        },
      ),
      { numRuns: 30 },
    )
  })
})

describe('any interleaving of submissions, failures, restarts and kills', () => {
  type Op =
    | { op: 'submit'; photos: readonly ('h5' | 'weapp')[] }
    | { op: 'tapAgain'; pick: number }
    | { op: 'server'; mode: Exclude<ServerMode, 'hang'> }
    | { op: 'uploads'; mode: Exclude<UploadMode, 'hang'> }
    | { op: 'online'; online: boolean }
    | { op: 'flush' }
    | { op: 'retryNow' }
    | { op: 'wait'; ms: number }
    | { op: 'restart' }
    | { op: 'killWhileSending' }
    | { op: 'killWhileUploading' }
    | { op: 'resubmit'; pick: number }
    | { op: 'discard'; pick: number }

  const opArb: fc.Arbitrary<Op> = fc.oneof(
    {
      weight: 4,
      arbitrary: fc.record({
        op: fc.constant('submit' as const),
        photos: fc.array(fc.constantFrom('h5' as const, 'weapp' as const), { maxLength: 3 }),
      }),
    },
    { weight: 1, arbitrary: fc.record({ op: fc.constant('tapAgain' as const), pick: fc.nat() }) },
    {
      weight: 2,
      arbitrary: fc.record({
        op: fc.constant('server' as const),
        mode: fc.constantFrom('ok' as const, 'offline' as const, 'internal' as const, 'invalid' as const),
      }),
    },
    {
      weight: 1,
      arbitrary: fc.record({
        op: fc.constant('uploads' as const),
        mode: fc.constantFrom('ok' as const, 'offline' as const),
      }),
    },
    { weight: 1, arbitrary: fc.record({ op: fc.constant('online' as const), online: fc.boolean() }) },
    { weight: 2, arbitrary: fc.constant({ op: 'flush' as const }) },
    { weight: 1, arbitrary: fc.constant({ op: 'retryNow' as const }) },
    {
      weight: 1,
      arbitrary: fc.record({
        op: fc.constant('wait' as const),
        ms: fc.constantFrom(1_000, 6_000, 60_000, 600_000, 8 * DAY),
      }),
    },
    { weight: 1, arbitrary: fc.constant({ op: 'restart' as const }) },
    { weight: 1, arbitrary: fc.constant({ op: 'killWhileSending' as const }) },
    { weight: 1, arbitrary: fc.constant({ op: 'killWhileUploading' as const }) },
    { weight: 1, arbitrary: fc.record({ op: fc.constant('resubmit' as const), pick: fc.nat() }) },
    { weight: 1, arbitrary: fc.record({ op: fc.constant('discard' as const), pick: fc.nat() }) },
  )

  it('sends every submitted item exactly once or keeps it, and uploads every photo once', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { maxLength: 40 }), async (ops) => {
        const storage = new MemoryStorage()
        const t = harness(storage)
        let outbox = t.make()
        const submitted: string[] = []
        const inputs = new Map<string, OutboxInput>()
        const discarded = new Set<string>()

        const kill = async (set: () => void, reset: () => void) => {
          t.h.hung = deferred<void>()
          set()
          await Promise.race([outbox.flush(), t.h.hung.promise])
          reset()
          outbox = t.make() // the killed app never runs again
        }

        const check = () => {
          expect(t.h.problems).toEqual([])
          for (const [id, n] of t.h.acknowledged) expect([id, n]).toEqual([id, 1])
          for (const [key, ids] of t.h.uploaded) expect([key, ids.length]).toEqual([key, 1])
          const items = outbox.list()
          const ids = items.map((item) => item.id)
          expect(new Set(ids).size).toBe(ids.length)
          for (const id of submitted) {
            if (discarded.has(id)) continue
            expect([id, ids.includes(id) || t.h.acknowledged.get(id) === 1]).toEqual([id, true]) // never lost
          }
          for (const item of items) {
            expect(item.state).not.toBe('sending')
            expect([item.id, item.state === 'sent']).toEqual([item.id, t.h.acknowledged.get(item.id) === 1])
          }
          const unsent = new Set(items.filter((i) => i.state !== 'sent').map((i) => i.id))
          for (const key of photoKeys(storage)) expect(unsent.has(key.split(':')[2]!)).toBe(true)
          // What is stored is what is shown: a restart now would find the same unsent items.
          const shape = (list: readonly OutboxItem[]) =>
            list
              .filter((i) => i.state !== 'sent')
              .map(({ id, state, request, photos, attempts }) => ({ id, state, request, photos, attempts }))
          expect(shape(harness(storage.clone()).make().list())).toEqual(shape(items))
        }

        for (const o of ops) {
          switch (o.op) {
            case 'submit': {
              const input = lecture(
                o.photos.map((p) =>
                  p === 'h5' ? { localRef: dataUrl(40), bytes: 30 } : { localRef: weappFile(), bytes: 3000 },
                ),
              )
              submitted.push(input.id)
              inputs.set(input.id, input)
              expect((await outbox.submit(input)).ok).toBe(true)
              await outbox.flush()
              break
            }
            case 'tapAgain': {
              const items = outbox.list()
              if (items.length === 0) break
              const item = items[o.pick % items.length]!
              const before = items.length
              await outbox.submit(inputs.get(item.id)!)
              await outbox.flush()
              expect(outbox.list()).toHaveLength(before)
              break
            }
            case 'server':
              t.h.server = o.mode
              break
            case 'uploads':
              t.h.uploads = o.mode
              break
            case 'online':
              t.h.online = o.online
              break
            case 'flush':
              await outbox.flush()
              break
            case 'retryNow':
              await outbox.retryNow()
              break
            case 'wait':
              t.h.clock.now += o.ms
              break
            case 'restart':
              outbox = t.make()
              break
            case 'killWhileSending': {
              const mode = t.h.server
              await kill(
                () => (t.h.server = 'hang'),
                () => (t.h.server = mode),
              )
              break
            }
            case 'killWhileUploading': {
              const mode = t.h.uploads
              await kill(
                () => (t.h.uploads = 'hang'),
                () => (t.h.uploads = mode),
              )
              break
            }
            case 'resubmit': {
              const rejected = outbox.list().filter((item) => item.state === 'rejected')
              if (rejected.length === 0) break
              const item = rejected[o.pick % rejected.length]!
              const count = outbox.list().length
              const result = await outbox.resubmit(item.id, { ...item.request, corrected: true })
              await outbox.flush()
              expect(result).toMatchObject({ ok: true, item: { id: item.id } })
              expect(outbox.list()).toHaveLength(count)
              break
            }
            case 'discard': {
              const open = outbox
                .list()
                .filter((item) => item.state === 'rejected' || item.state === 'waiting')
              if (open.length === 0) break
              const item = open[o.pick % open.length]!
              expect(await outbox.discard(item.id)).toBe(true)
              discarded.add(item.id)
              break
            }
          }
          check()
        }

        // At last the network is good and the server accepts: everything not refused goes, once.
        Object.assign(t.h, { online: true, server: 'ok', uploads: 'ok' })
        outbox = t.make()
        await outbox.retryNow()
        check()
        for (const id of submitted) {
          if (discarded.has(id)) continue
          const state = outbox.get(id)?.state
          if (t.h.acknowledged.get(id) === 1) expect(state === undefined || state === 'sent').toBe(true)
          else expect([id, state]).toEqual([id, 'rejected'])
        }
      }),
      { numRuns: 150 },
    )
  })
})

describe('taroStorage', () => {
  const taro = Taro as unknown as Record<
    'getStorageSync' | 'setStorageSync' | 'removeStorageSync' | 'getStorageInfoSync',
    jest.Mock
  >

  it('reads a missing key as undefined and writes strings through', () => {
    taro.getStorageSync.mockReturnValueOnce('').mockReturnValueOnce('{"a":1}')
    expect(taroStorage.get('outbox:index')).toBeUndefined()
    expect(taroStorage.get('outbox:index')).toBe('{"a":1}')
    taroStorage.set('k', 'v')
    expect(taro.setStorageSync).toHaveBeenCalledWith('k', 'v')
    taroStorage.remove('k')
    expect(taro.removeStorageSync).toHaveBeenCalledWith('k')
  })

  it('turns WeChat’s sizes in KB into bytes', () => {
    taro.getStorageInfoSync.mockReturnValueOnce({ keys: ['a'], currentSize: 12, limitSize: 10240 })
    expect(taroStorage.info()).toEqual({ keys: ['a'], currentBytes: 12 * 1024, limitBytes: 10 * MB })
  })

  it('measures each key itself where the platform gives no sizes (H5), assuming a browser’s 5 MB', () => {
    taro.getStorageInfoSync.mockReturnValueOnce({ keys: ['a', 'b'], currentSize: NaN, limitSize: NaN })
    taro.getStorageSync.mockImplementation((key: string) => (key === 'a' ? '讲座' : ''))
    // As H5 stores them: a: {"data":"讲座"} (9 + 6 + 2 bytes), b: {"data":""} (11 bytes), plus the keys.
    expect(taroStorage.info()).toEqual({
      keys: ['a', 'b'],
      currentBytes: 1 + 17 + 1 + 11,
      limitBytes: 5 * MB,
    })
  })
})

describe('useOutbox', () => {
  afterEach(() => jest.useRealTimers())

  function network() {
    const listeners = new Set<() => void>()
    return {
      onBack: (listener: () => void) => {
        listeners.add(listener)
        return () => listeners.delete(listener)
      },
      comeBack: () => listeners.forEach((l) => l()),
      listeners,
    }
  }

  it('gives the list and the counts, re-rendering on every change', async () => {
    const t = harness()
    t.h.online = false
    const outbox = t.make()
    const net = network()
    const { result } = renderHook(() => useOutbox(outbox, net.onBack))
    expect(result.current.counts.waiting).toBe(0)
    const input = lecture()
    await act(async () => {
      await outbox.submit(input)
    })
    expect(result.current.items.map((item) => item.id)).toEqual([input.id])
    expect(result.current.counts).toEqual({ draft: 0, waiting: 1, sending: 0, sent: 0, rejected: 0 })
  })

  it('sends what waits when mounted, and at once when the network comes back', async () => {
    const t = harness()
    t.h.online = false
    const outbox = t.make()
    const first = lecture()
    await outbox.submit(first)
    t.h.online = true
    const net = network()
    const { result, unmount } = renderHook(() => useOutbox(outbox, net.onBack))
    await act(() => outbox.flush())
    expect(result.current.counts.sent).toBe(1)

    t.h.server = 'offline'
    const second = lecture()
    await act(async () => {
      await outbox.submit(second)
      await outbox.flush()
    })
    expect(outbox.get(second.id)!.nextAttemptAt).toBeDefined()
    t.h.server = 'ok'
    await act(async () => {
      net.comeBack()
      await outbox.flush()
    })
    expect(result.current.counts).toMatchObject({ sent: 2, waiting: 0 })
    unmount()
    expect(net.listeners.size).toBe(0)
  })

  it('flushes every 30 s while items wait, and stops when unmounted', async () => {
    jest.useFakeTimers()
    const t = harness()
    t.h.online = false
    const outbox = t.make()
    const flush = jest.spyOn(outbox, 'flush')
    const net = network()
    const { unmount } = renderHook(() => useOutbox(outbox, net.onBack))
    expect(flush).toHaveBeenCalledTimes(1) // on mount
    await act(async () => {
      jest.advanceTimersByTime(60_000)
    })
    expect(flush).toHaveBeenCalledTimes(1) // nothing waits: no timer

    await act(async () => {
      await outbox.submit(lecture())
    })
    await act(async () => {
      jest.advanceTimersByTime(30_000)
    })
    expect(flush).toHaveBeenCalledTimes(2)
    await act(async () => {
      jest.advanceTimersByTime(30_000)
    })
    expect(flush).toHaveBeenCalledTimes(3)
    unmount()
    jest.advanceTimersByTime(120_000)
    expect(flush).toHaveBeenCalledTimes(3)
  })
})
