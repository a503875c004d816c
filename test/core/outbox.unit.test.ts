/**
 * The outbox's pure rules: how a submission moves between 草稿 / 待发送 / 发送中 / 已发送 / 需修改, how long
 * a failed one waits, which sent ones are pruned, and whether an item still fits in WeChat's storage.
 */
import fc from 'fast-check'
import {
  backoffDelay,
  BACKOFF,
  checkFits,
  clearBackoff,
  countByState,
  enqueue,
  entrySize,
  isDue,
  ITEM_GROWTH_BYTES,
  OUTBOX_STATE_LABELS,
  OUTBOX_STATES,
  recordUpload,
  recoverOnLoad,
  requestToSend,
  saveAsDraft,
  sentToPrune,
  settleSend,
  sizeOf,
  startSending,
  STORAGE_LIMITS,
  STORAGE_RESERVE_BYTES,
  utf8Length,
  type OutboxInput,
  type OutboxItem,
  type SendOutcome,
} from '../../src/core/outbox'

const T0 = new Date('2025-03-01T08:00:00.000Z')
const later = (ms: number): Date => new Date(T0.getTime() + ms)
const MB = 1024 * 1024

/** 网格员 张伟 logs a 法律讲座 in 春城街道第3网格. */
const lecture = (overrides: Partial<OutboxInput> = {}): OutboxInput => ({
  id: '7d1c2f9e-3b4a-4c5d-8e6f-0a1b2c3d4e5f',
  kind: 'events.create',
  label: '法律讲座 · 民法典进社区',
  request: { id: '7d1c2f9e-3b4a-4c5d-8e6f-0a1b2c3d4e5f', type: 'lecture', event: { title: '民法典进社区' } },
  photos: [],
  ...overrides,
})

const waiting = (overrides: Partial<OutboxInput> = {}): OutboxItem =>
  enqueue(lecture(overrides), undefined, T0)

const networkDown: SendOutcome = {
  ok: false,
  error: { code: 'NETWORK.UNAVAILABLE', message: '网络不可用，请检查网络后重试' },
}

describe('states', () => {
  it('each has the Chinese label the worker sees', () => {
    expect(OUTBOX_STATE_LABELS).toEqual({
      draft: '草稿',
      waiting: '待发送',
      sending: '发送中',
      sent: '已发送',
      rejected: '需修改',
    })
  })

  it('counts items per state, every state present', () => {
    const a = waiting({ id: 'a' })
    const b = saveAsDraft(lecture({ id: 'b' }), undefined, T0)
    expect(countByState([a, b, waiting({ id: 'c' })])).toEqual({
      draft: 1,
      waiting: 2,
      sending: 0,
      sent: 0,
      rejected: 0,
    })
  })
})

describe('size accounting', () => {
  it('counts UTF-8 bytes: a Chinese character is 3 bytes, an emoji 4', () => {
    expect(utf8Length('abc')).toBe(3)
    expect(utf8Length('法治')).toBe(6)
    expect(utf8Length('é')).toBe(2)
    expect(utf8Length('👍')).toBe(4)
    expect(sizeOf('法治')).toBe(8) // with the quotes of its JSON
    expect(sizeOf(undefined)).toBe(0)
    expect(entrySize('k', { a: '讲座' })).toBe(1 + '{"a":"讲座"}'.length + 4)
  })

  it('agrees with the platform (Node’s UTF-8 encoder) for any JSON value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.string({ unit: 'grapheme' }), (value, text) => {
        expect(sizeOf(value)).toBe(Buffer.byteLength(JSON.stringify(value), 'utf8'))
        expect(utf8Length(text)).toBe(Buffer.byteLength(text, 'utf8'))
      }),
    )
  })

  const empty = { currentBytes: 0, limitBytes: STORAGE_LIMITS.total }
  const budget = STORAGE_LIMITS.total - STORAGE_RESERVE_BYTES

  it('refuses a key that would come near 1 MB as too large, whatever is free', () => {
    expect(checkFits({ writes: [STORAGE_LIMITS.perKey - ITEM_GROWTH_BYTES] }, empty)).toEqual({ ok: true })
    expect(checkFits({ writes: [STORAGE_LIMITS.perKey - ITEM_GROWTH_BYTES + 1] }, empty)).toEqual({
      ok: false,
      code: 'OUTBOX.ITEM_TOO_LARGE',
    })
  })

  it('refuses more than the outbox may ever hold as too large, and what would fit later as full', () => {
    const tenPhotos = Array.from({ length: 10 }, () => 0.99 * MB - ITEM_GROWTH_BYTES)
    expect(checkFits({ writes: tenPhotos }, empty)).toEqual({ ok: false, code: 'OUTBOX.ITEM_TOO_LARGE' })
    const nearlyFull = { currentBytes: budget - 1000, limitBytes: STORAGE_LIMITS.total }
    expect(checkFits({ writes: [2000] }, nearlyFull)).toEqual({ ok: false, code: 'OUTBOX.FULL' })
  })

  it('keeps 512 KB free for the rest of the app, and counts what a change frees', () => {
    const justFits = budget - ITEM_GROWTH_BYTES - 100
    expect(checkFits({ writes: [100] }, { currentBytes: justFits, limitBytes: NaN })).toEqual({ ok: true })
    expect(checkFits({ writes: [101] }, { currentBytes: justFits, limitBytes: NaN }).ok).toBe(false)
    expect(checkFits({ writes: [101], freedBytes: 1 }, { currentBytes: justFits, limitBytes: NaN }).ok).toBe(
      true,
    )
  })

  it('uses the smaller of the platform’s limit and 10 MB', () => {
    expect(checkFits({ writes: [1000] }, { currentBytes: 4.5 * MB, limitBytes: 5 * MB }).ok).toBe(false)
    expect(checkFits({ writes: [1000] }, { currentBytes: 4.5 * MB, limitBytes: 50 * MB }).ok).toBe(true)
  })

  it('accepts exactly what leaves the reserve free after the item and its growth', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: Math.round(1.2 * MB) }), { maxLength: 12 }),
        fc.integer({ min: 0, max: 10 * MB }),
        fc.integer({ min: 0, max: 2 * MB }),
        (writes, currentBytes, freed) => {
          const freedBytes = Math.min(freed, currentBytes)
          const fit = checkFits({ writes, freedBytes }, { currentBytes, limitBytes: STORAGE_LIMITS.total })
          const needed = writes.reduce((a, b) => a + b, 0) + ITEM_GROWTH_BYTES
          const fitsAKey = writes.every((w) => w + ITEM_GROWTH_BYTES <= STORAGE_LIMITS.perKey)
          if (fit.ok) {
            expect(currentBytes - freedBytes + needed).toBeLessThanOrEqual(budget)
            expect(fitsAKey).toBe(true)
          } else if (fit.code === 'OUTBOX.FULL') {
            expect(fitsAKey && needed <= budget).toBe(true) // it would fit once the queue is sent
          } else {
            expect(!fitsAKey || needed > budget).toBe(true)
          }
        },
      ),
    )
  })
})

describe('queueing', () => {
  it('queues a new submission as waiting, with no attempts', () => {
    const item = waiting()
    expect(item).toMatchObject({
      id: lecture().id,
      state: 'waiting',
      attempts: 0,
      createdAt: T0.toISOString(),
      label: '法律讲座 · 民法典进社区',
    })
    expect(isDue(item, T0)).toBe(true)
  })

  it('turns a draft into a waiting item, keeping when it was first made', () => {
    const draft = saveAsDraft(lecture(), undefined, T0)
    expect(draft.state).toBe('draft')
    expect(isDue(draft, T0)).toBe(false)
    const queued = enqueue(lecture({ label: '法律讲座 · 改' }), draft, later(60_000))
    expect(queued).toMatchObject({ state: 'waiting', createdAt: T0.toISOString(), label: '法律讲座 · 改' })
  })

  it('changes nothing when an id already waiting, sending or sent is queued or drafted again', () => {
    const item = waiting()
    expect(enqueue(lecture({ label: 'x' }), item, later(1))).toBe(item)
    expect(saveAsDraft(lecture({ label: 'x' }), item, later(1))).toBe(item)
    const sending = startSending(item, later(1))
    expect(enqueue(lecture(), sending, later(2))).toBe(sending)
    const sent = settleSend(sending, { ok: true, data: {} }, later(3))
    expect(enqueue(lecture(), sent, later(4))).toBe(sent)
  })

  it('keeps a photo’s fileID when the corrected item still has that photo', () => {
    const photo = { localRef: 'wxfile://usr/photo-a.jpg', bytes: 1000 }
    const uploaded = recordUpload(waiting({ photos: [photo] }), 0, 'cloud://env/events/x/0-a.jpg', T0)
    const rejected = settleSend(
      startSending(uploaded, T0),
      { ok: false, error: { code: 'EVENT.INVALID', message: '填写的内容有误' } },
      T0,
    )
    const { photos: _samePhotos, ...corrected } = lecture({ request: { fixed: true } })
    const resubmitted = enqueue(corrected, rejected, later(1)) // photos omitted: kept
    expect(resubmitted.photos).toEqual([{ ...photo, fileID: 'cloud://env/events/x/0-a.jpg' }])
    const newPhoto = { localRef: 'wxfile://usr/photo-b.jpg', bytes: 10 }
    expect(enqueue(lecture({ photos: [newPhoto, photo] }), rejected, later(1)).photos).toEqual([
      newPhoto,
      { ...photo, fileID: 'cloud://env/events/x/0-a.jpg' },
    ])
  })
})

describe('sending', () => {
  it('sets the uploaded fileIDs into request.photos, in order, and leaves a photo-less request alone', () => {
    const photos = [
      { localRef: 'data:image/jpeg;base64,AAA', bytes: 3 },
      { localRef: 'data:image/jpeg;base64,BBB', bytes: 3 },
    ]
    let item = waiting({ photos })
    expect(() => requestToSend(item)).toThrow(/not uploaded/)
    item = recordUpload(recordUpload(item, 1, 'cloud://b', T0), 0, 'cloud://a', T0)
    expect(requestToSend(item)).toEqual({ ...item.request, photos: ['cloud://a', 'cloud://b'] })
    const plain = waiting()
    expect(requestToSend(plain)).toBe(plain.request)
  })

  it('marks an acknowledged send as sent, keeping the server’s reply', () => {
    const sent = settleSend(startSending(waiting(), T0), { ok: true, data: { duplicate: false } }, later(5))
    expect(sent).toMatchObject({
      state: 'sent',
      sentAt: later(5).toISOString(),
      result: { duplicate: false },
    })
    expect(sent.error).toBeUndefined()
  })

  it.each(['NETWORK.UNAVAILABLE', 'NETWORK.TIMEOUT', 'INTERNAL'])(
    'puts the item back to wait after %s, one attempt more, with a backoff',
    (code) => {
      const item = settleSend(startSending(waiting(), T0), { ok: false, error: { code, message: '…' } }, T0)
      expect(item).toMatchObject({ state: 'waiting', attempts: 1, nextAttemptAt: later(5_000).toISOString() })
      expect(isDue(item, later(4_999))).toBe(false)
      expect(isDue(item, later(5_000))).toBe(true)
    },
  )

  it('sets a refused item aside (需修改), keeping the message and the field errors', () => {
    const refused = settleSend(
      startSending(waiting(), T0),
      {
        ok: false,
        error: {
          code: 'EVENT.INVALID',
          message: '填写的内容有误，请检查标红的项目',
          details: { fields: { title: '请填写标题', place: undefined } },
        },
      },
      T0,
    )
    expect(refused).toMatchObject({
      state: 'rejected',
      attempts: 0,
      error: {
        code: 'EVENT.INVALID',
        message: '填写的内容有误，请检查标红的项目',
        fields: { title: '请填写标题' },
      },
    })
    expect(isDue(refused, later(10 ** 9))).toBe(false)
    for (const code of ['EVENT.YEAR_CLOSED', 'AUTH.REVOKED', 'AUTH.FORBIDDEN']) {
      const item = settleSend(startSending(waiting(), T0), { ok: false, error: { code, message: 'x' } }, T0)
      expect(item.state).toBe('rejected')
      expect(item.error).toEqual({ code, message: 'x' })
    }
  })

  it('forgets the last failure once sent or refused', () => {
    const failed = settleSend(startSending(waiting(), T0), networkDown, T0)
    const sent = settleSend(startSending(failed, later(10_000)), { ok: true, data: null }, later(10_000))
    expect(sent.nextAttemptAt).toBeUndefined()
    expect(sent.error).toBeUndefined()
    expect(sent.attempts).toBe(1)
  })

  it('waits 5 s, then twice as long each time, never more than 5 minutes', () => {
    expect([1, 2, 3, 4, 7, 8, 100].map(backoffDelay)).toEqual([
      5_000, 10_000, 20_000, 40_000, 300_000, 300_000, 300_000,
    ])
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000 }), (n) => {
        expect(backoffDelay(n)).toBeGreaterThanOrEqual(BACKOFF.firstMs)
        expect(backoffDelay(n)).toBeLessThanOrEqual(BACKOFF.maxMs)
        expect(backoffDelay(n + 1)).toBeGreaterThanOrEqual(backoffDelay(n))
      }),
    )
  })

  it('retries at once when the network comes back, still counting the attempts', () => {
    let item = waiting()
    for (let i = 0; i < 4; i++) item = settleSend(startSending(item, T0), networkDown, T0)
    expect(isDue(item, later(1000))).toBe(false)
    const cleared = clearBackoff(item)
    expect(isDue(cleared, later(1000))).toBe(true)
    expect(cleared.attempts).toBe(4)
    const draft = saveAsDraft(lecture(), undefined, T0)
    expect(clearBackoff(draft)).toBe(draft)
  })

  it('treats an item cut off while sending (the app was killed) as waiting', () => {
    const sending = startSending(waiting(), T0)
    expect(recoverOnLoad(sending).state).toBe('waiting')
    const rejected = settleSend(sending, { ok: false, error: { code: 'EVENT.INVALID', message: 'x' } }, T0)
    expect(recoverOnLoad(rejected)).toBe(rejected)
  })
})

describe('pruning sent items', () => {
  const sentAt = (id: string, at: Date): OutboxItem =>
    settleSend(startSending(waiting({ id }), at), { ok: true, data: {} }, at)

  it('keeps the last 20 sent items of the past 7 days', () => {
    const items = Array.from({ length: 25 }, (_, i) => sentAt(`s${i}`, later(i * 60_000)))
    expect(sentToPrune(items, later(25 * 60_000)).sort()).toEqual(['s0', 's1', 's2', 's3', 's4'].sort())
    const old = sentAt('old', T0)
    expect(sentToPrune([old], later(7 * 24 * 3600_000 + 1))).toEqual(['old'])
    expect(sentToPrune([old], later(7 * 24 * 3600_000))).toEqual([])
  })

  it('never prunes an item that is not sent, however old', () => {
    const states = fc.constantFrom(...OUTBOX_STATES)
    fc.assert(
      fc.property(
        fc.array(fc.tuple(states, fc.integer({ min: 0, max: 30 * 24 * 3600_000 })), { maxLength: 40 }),
        fc.integer({ min: 0, max: 60 * 24 * 3600_000 }),
        (specs, nowMs) => {
          const items = specs.map(([state, at], i): OutboxItem => {
            const base = waiting({ id: `i${i}` })
            return { ...base, state, updatedAt: later(at).toISOString(), sentAt: later(at).toISOString() }
          })
          const dropped = new Set(sentToPrune(items, later(nowMs)))
          const kept = items.filter((item) => item.state === 'sent' && !dropped.has(item.id))
          for (const item of items) if (item.state !== 'sent') expect(dropped.has(item.id)).toBe(false)
          expect(kept.length).toBeLessThanOrEqual(20)
          for (const item of kept) {
            expect(Date.parse(item.sentAt!)).toBeGreaterThanOrEqual(nowMs + T0.getTime() - 7 * 24 * 3600_000)
          }
        },
      ),
    )
  })
})
