/**
 * Publicising activities through the built `publications` function and the real wx-server-sdk against
 * the local cloud, whose content security answers from a word list (local-cloud/src/openapi): publishing
 * a logged lecture and announcing one to come, the three verdicts of the text check (pass shows it,
 * review holds it for street staff, risky refuses it and stores nothing), the asynchronous image check
 * pushed back to the function, editing under review, taking down and putting back with the history, an
 * announcement becoming the counted event, who may do what, the residents' list (upcoming then past,
 * filters, paging), a detail, and the one-time reminder sent by the timer.
 */
import { chinaToday } from '../../src/core/china-time'
import { newEventId } from '../../src/core/event-input'
import { PRIVACY_NOTICE } from '../../src/core/privacy'
import { REMINDER } from '../../src/core/publication'
import { MEDIA_CHECK_MARKERS, RISKY_WORDS, REVIEW_WORDS } from '../../local-cloud/src/openapi/content-check'
import { functionsCloud, NODE, PERSONA } from '../support/functions'
import {
  login,
  resetStats,
  sdkFor,
  sentMessages,
  stats,
  subscribe,
  waitForMediaChecks,
} from '../support/local-cloud'

const fx = functionsCloud()
const { ok, codeOf, call, count } = fx

const WORKER = PERSONA.gridWorker
const MEDIATOR = PERSONA.mediator // 社区工作人员 of 明园社区
const CLERK = PERSONA.clerk
const ADMIN = PERSONA.admin
const RESIDENT = PERSONA.resident

const today = chinaToday()
const dayFrom = (days: number): string =>
  new Date(Date.parse(`${today}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10)

const fields = (over: Record<string, unknown> = {}) => ({
  title: '民法典进社区专题讲座',
  summary: '王律师讲解婚姻家庭编与继承编，欢迎居民参加。',
  date: dayFrom(3),
  startTime: '09:30',
  endTime: '11:00',
  place: '明园社区党群服务中心',
  speaker: '王律师',
  cover: null,
  coverThumb: null,
  photos: [],
  ...over,
})

async function logLecture(over: Record<string, unknown> = {}): Promise<string> {
  const id = newEventId()
  await ok(
    'events',
    {
      action: 'create',
      id,
      type: 'lecture',
      event: {
        title: '民法典讲座',
        happenedOn: dayFrom(-2),
        place: '明园社区活动室',
        measures: { participants: 40, materials: 80 },
        attributes: { speaker: '王律师' },
        ...over,
      },
    },
    WORKER,
  )
  return id
}

const announce = (id: string, f: Record<string, unknown> = fields(), who: string = CLERK) =>
  call('publications', { action: 'publish', id, type: 'lecture', nodeId: NODE.mingyuan, fields: f }, who)

/** Uploads bytes as an image of the publication (the admin SDK, like a phone's upload). */
async function upload(id: string, name: string, marker = ''): Promise<string> {
  const png = Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    Buffer.from(`${name} ${marker}`),
  ])
  const { fileID } = await sdkFor(fx.cloud).uploadFile({
    cloudPath: `publications/${id}/${name}.png`,
    fileContent: png,
  })
  return fileID as string
}

async function listAll(filter: Record<string, unknown> = {}, who?: string) {
  const items = []
  let cursor: string | undefined
  let pages = 0
  do {
    const page = await ok('publications', { action: 'list', ...filter, ...(cursor ? { cursor } : {}) }, who)
    expect(page.items.length).toBeLessThanOrEqual(20)
    items.push(...page.items)
    cursor = page.next
    pages++
  } while (cursor && pages < 50)
  return items
}

beforeAll(async () => {
  await ok('session', { action: 'consent', version: PRIVACY_NOTICE.version }, WORKER)
})

describe('publishing a logged lecture', () => {
  it('shows residents the public fields only, and its history', async () => {
    const id = await logLecture()
    const published = await ok(
      'publications',
      { action: 'publish', id, fields: fields({ date: dayFrom(-2) }) },
      CLERK,
    )
    expect(published.outcome).toBe('published')
    expect(published.publication).toMatchObject({ status: 'published', held: true, eventId: id, version: 1 })

    const item = (await listAll()).find((i) => i.id === id)
    expect(item).toEqual({
      id,
      type: 'lecture',
      typeLabel: '法律讲座',
      title: '民法典进社区专题讲座',
      date: dayFrom(-2),
      startTime: '09:30',
      endTime: '11:00',
      place: '明园社区党群服务中心',
      speaker: '王律师',
      where: '明园社区',
      upcoming: false,
    })
    const { item: detail } = await ok('publications', { action: 'detail', id })
    expect(detail).toMatchObject({
      summary: expect.stringContaining('婚姻家庭编'),
      streetName: '春城街道',
      photos: [],
    })
    expect(detail.remindable).toBe(false)
    expect(JSON.stringify(detail)).not.toMatch(/participants|measures|createdBy|demo-/)

    const { publication } = await ok('publications', { action: 'get', id }, CLERK)
    expect(publication.history.map((h: { action: string }) => h.action)).toEqual(['publish'])
    expect(publication.history[0].byName).toBeTruthy()
  })

  it('refuses a case type, a voided event, bad fields and images of another activity, storing nothing', async () => {
    const before = await count('publications')
    const disputeId = newEventId()
    await ok(
      'events',
      {
        action: 'create',
        id: disputeId,
        type: 'dispute',
        event: {
          title: '邻里噪音纠纷',
          happenedOn: today,
          attributes: { category: '邻里纠纷' },
          parties: [{ role: 'applicant', name: '张三丰', phone: '13900001111' }],
        },
      },
      WORKER,
    )
    expect(await codeOf('publications', { action: 'publish', id: disputeId, fields: fields() }, CLERK)).toBe(
      'PUBLICATION.NOT_PUBLISHABLE',
    )
    expect(
      await codeOf(
        'publications',
        { action: 'publish', id: newEventId(), type: 'dispute', nodeId: NODE.mingyuan, fields: fields() },
        CLERK,
      ),
    ).toBe('PUBLICATION.NOT_PUBLISHABLE')

    const voided = await logLecture()
    await ok(
      'events',
      { action: 'void', id: voided, version: 1, requestId: newEventId(), reason: '重复登记' },
      WORKER,
    )
    expect(await codeOf('publications', { action: 'publish', id: voided, fields: fields() }, CLERK)).toBe(
      'EVENT.VOIDED',
    )

    const bad = await call(
      'publications',
      {
        action: 'publish',
        id: await logLecture(),
        fields: fields({ title: '讲', date: '2026-02-30', startTime: '25:00', endTime: '08:00', place: '' }),
      },
      CLERK,
    )
    expect(bad.error.code).toBe('PUBLICATION.INVALID')
    expect(Object.keys(bad.error.details.fields).sort()).toEqual(['date', 'place', 'startTime', 'title'])

    const other = newEventId()
    const foreign = await upload(other, 'cover')
    const wrong = await call(
      'publications',
      { action: 'publish', id: await logLecture(), fields: fields({ cover: foreign }) },
      CLERK,
    )
    expect(wrong.error.details.fields.cover).toBe('封面不属于该活动，请重新选择')
    expect(await count('publications')).toBe(before)
  })
})

describe('who may publish', () => {
  it('community and street staff over the node; nobody else', async () => {
    const id = newEventId()
    const refusal = async (who: string | undefined, nodeId: string = NODE.mingyuan) =>
      codeOf('publications', { action: 'publish', id, type: 'lecture', nodeId, fields: fields() }, who)
    expect(await refusal(WORKER)).toBe('AUTH.FORBIDDEN')
    expect(await refusal(RESIDENT)).toBe('AUTH.NOT_STAFF')
    expect(await refusal(undefined)).toBe('AUTH.NOT_STAFF')
    // 明园社区's staff, at another community of the street.
    expect(await refusal(MEDIATOR, NODE.grid5)).toBe('AUTH.OUT_OF_SCOPE')
    expect((await announce(id, fields(), MEDIATOR)).data.outcome).toBe('published')
    expect(await codeOf('publications', { action: 'manage' }, WORKER)).toBe('AUTH.FORBIDDEN')
    expect(await codeOf('publications', { action: 'decide', id, version: 1, approve: true }, MEDIATOR)).toBe(
      'AUTH.FORBIDDEN',
    )
  })
})

describe('the text check', () => {
  it('risky text is refused with its code, stored nowhere and written to the audit log', async () => {
    const before = await count('publications')
    const id = newEventId()
    const reply = await announce(id, fields({ summary: `讲座后有${RISKY_WORDS[0]!.word}游戏` }))
    expect(reply.ok).toBe(false)
    expect(reply.error).toMatchObject({
      code: 'PUBLICATION.CONTENT_RISKY',
      message: '内容未通过微信内容安全检测，请修改后再发布',
    })
    expect(await count('publications')).toBe(before)
    expect(await count('auditLog', { action: 'publication.blocked', 'target.id': id })).toBe(1)
  })

  it('review holds a new publication for street staff, who approve or reject it', async () => {
    const id = newEventId()
    const held = await announce(id, fields({ summary: `律师${REVIEW_WORDS[1]!.word}，欢迎咨询` }))
    expect(held.data.outcome).toBe('review')
    expect(held.data.publication).toMatchObject({ status: 'review', pendingReview: true })
    expect(held.data.publication.live).toBeUndefined()
    expect((await listAll()).some((i) => i.id === id)).toBe(false)
    expect(await codeOf('publications', { action: 'detail', id })).toBe('PUBLICATION.NOT_FOUND')

    expect(await codeOf('publications', { action: 'decide', id, version: 1, approve: false }, ADMIN)).toBe(
      'PUBLICATION.INVALID',
    )
    const approved = await ok('publications', { action: 'decide', id, version: 1, approve: true }, ADMIN)
    expect(approved.publication).toMatchObject({ status: 'published', pendingReview: false, version: 2 })
    expect((await listAll()).some((i) => i.id === id)).toBe(true)
    expect(await codeOf('publications', { action: 'decide', id, version: 2, approve: true }, ADMIN)).toBe(
      'PUBLICATION.NOT_IN_REVIEW',
    )

    const rejectedId = newEventId()
    await announce(rejectedId, fields({ summary: `${REVIEW_WORDS[0]!.word}：名额有限` }))
    const rejected = await ok(
      'publications',
      { action: 'decide', id: rejectedId, version: 1, approve: false, reason: '表述不当' },
      CLERK,
    )
    expect(rejected.publication.status).toBe('rejected')
    expect(rejected.publication.history[0]).toMatchObject({ action: 'reject', reason: '表述不当' })
  })

  it('an edit held for review leaves the published version shown until it is decided', async () => {
    const id = newEventId()
    await announce(id)
    const edit = await ok(
      'publications',
      {
        action: 'publish',
        id,
        version: 1,
        fields: fields({ title: '婚姻家庭法律讲座', summary: `${REVIEW_WORDS[2]!.word}的官司怎么打` }),
      },
      CLERK,
    )
    expect(edit.outcome).toBe('review')
    expect(edit.publication).toMatchObject({ status: 'published', pendingReview: true })
    const waiting = await ok('publications', { action: 'manage', status: 'review' }, CLERK)
    expect(waiting.publications.map((p: { id: string }) => p.id)).toContain(id)
    const { item } = await ok('publications', { action: 'detail', id })
    expect(item.title).toBe('民法典进社区专题讲座')
    const approved = await ok('publications', { action: 'decide', id, version: 2, approve: true }, CLERK)
    expect(approved.publication.live.title).toBe('婚姻家庭法律讲座')
    expect(approved.publication.history[0].changes.title).toEqual([
      '民法典进社区专题讲座',
      '婚姻家庭法律讲座',
    ])
  })

  it('a stale version is refused; a resent publish is answered with what it made', async () => {
    const id = newEventId()
    await announce(id)
    const f = fields({ place: '明园社区会议室' })
    const first = await ok('publications', { action: 'publish', id, version: 1, fields: f }, CLERK)
    const resent = await ok('publications', { action: 'publish', id, version: 1, fields: f }, CLERK)
    expect(resent.publication.version).toBe(first.publication.version)
    expect(
      await codeOf(
        'publications',
        { action: 'publish', id, version: 1, fields: fields({ place: '别处' }) },
        CLERK,
      ),
    ).toBe('PUBLICATION.STALE_VERSION')
  })
})

describe('images', () => {
  it('are shown only once the pushed verdict passed them; review waits for staff; risky stays hidden', async () => {
    const id = newEventId()
    const cover = await upload(id, 'cover')
    const thumb = await upload(id, 'thumb')
    const review = await upload(id, 'review', MEDIA_CHECK_MARKERS.review)
    const risky = await upload(id, 'risky', MEDIA_CHECK_MARKERS.risky)
    const settledBefore = (await waitForMediaChecks(fx.cloud, 0)).length
    const { publication } = (
      await announce(id, fields({ cover, coverThumb: thumb, photos: [review, risky] }))
    ).data
    expect(publication.media.map((m: { state: string }) => m.state)).toEqual(
      expect.arrayContaining(['checking']),
    )
    await waitForMediaChecks(fx.cloud, settledBefore + 4)
    const { publication: checked } = await ok('publications', { action: 'get', id }, CLERK)
    const stateOf = (f: string) => checked.media.find((m: { fileID: string }) => m.fileID === f).state
    expect([stateOf(cover), stateOf(thumb), stateOf(review), stateOf(risky)]).toEqual([
      'pass',
      'pass',
      'review',
      'risky',
    ])
    expect(checked.mediaAttention).toBe(1)

    const item = (await listAll()).find((i) => i.id === id)
    expect(item.thumb).toMatch(/^http/)
    const { item: detail } = await ok('publications', { action: 'detail', id })
    expect(detail.cover).toMatch(/^http/)
    expect(detail.photos).toEqual([])

    expect(
      await codeOf(
        'publications',
        { action: 'decide', id, version: checked.version, approve: true, fileID: risky },
        ADMIN,
      ),
    ).toBe('PUBLICATION.NOT_IN_REVIEW')
    await ok(
      'publications',
      { action: 'decide', id, version: checked.version, approve: true, fileID: review },
      ADMIN,
    )
    expect((await ok('publications', { action: 'detail', id })).item.photos).toHaveLength(1)
  })
})

describe('message pushes', () => {
  it('a client posing as a media-check push is refused and changes nothing', async () => {
    const before = await count('mediaChecks')
    const forged = {
      MsgType: 'event',
      Event: 'wxa_media_check',
      trace_id: 'guessed-trace-id',
      errcode: 0,
      result: { suggest: 'pass', label: 100 },
    }
    for (const who of [undefined, CLERK])
      expect(await codeOf('publications', forged, who)).toBe('REQUEST.UNKNOWN_ACTION')
    expect(await count('mediaChecks')).toBe(before)
  })
})

describe('taking down and putting back', () => {
  it('hides it from residents, keeps the history, and publishing again shows it', async () => {
    const id = newEventId()
    await announce(id)
    expect(await codeOf('publications', { action: 'unpublish', id, version: 1, reason: '' }, CLERK)).toBe(
      'PUBLICATION.INVALID',
    )
    const down = await ok('publications', { action: 'unpublish', id, version: 1, reason: '讲座延期' }, CLERK)
    expect(down.publication).toMatchObject({ status: 'unpublished', unpublishReason: '讲座延期' })
    expect((await listAll()).some((i) => i.id === id)).toBe(false)
    expect(await codeOf('publications', { action: 'detail', id })).toBe('PUBLICATION.NOT_FOUND')
    expect(
      await codeOf('publications', { action: 'unpublish', id, version: 2, reason: '再次撤下' }, CLERK),
    ).toBe('PUBLICATION.NOT_PUBLISHED')

    const back = await ok(
      'publications',
      { action: 'publish', id, version: 2, fields: fields({ date: dayFrom(10) }) },
      CLERK,
    )
    expect(back.publication.status).toBe('published')
    expect(back.publication.history.map((h: { action: string }) => h.action)).toEqual([
      'edit',
      'unpublish',
      'publish',
    ])
    expect(back.publication.history[0].changes.date).toEqual([dayFrom(3), dayFrom(10)])
  })
})

describe('an announcement becomes the counted event', () => {
  it('is linked once its event is logged with the same id', async () => {
    const id = newEventId()
    await announce(id, fields({ date: today }))
    expect(await codeOf('publications', { action: 'held', id }, CLERK)).toBe('PUBLICATION.NOT_HELD')
    await ok(
      'events',
      {
        action: 'create',
        id,
        type: 'lecture',
        event: {
          title: '民法典进社区专题讲座',
          happenedOn: today,
          place: '明园社区党群服务中心',
          measures: { participants: 52, materials: 100 },
          attributes: { speaker: '王律师' },
        },
      },
      WORKER,
    )
    const { publication } = await ok('publications', { action: 'held', id }, CLERK)
    expect(publication).toMatchObject({ held: true, eventId: id })
    expect(publication.history[0].action).toBe('held')
    // Linked once: opening it again changes nothing.
    expect((await ok('publications', { action: 'get', id }, CLERK)).publication.version).toBe(
      publication.version,
    )
  })
})

describe('the residents’ list', () => {
  it('lists upcoming soonest first, then past newest first, 20 a page, filtered, in at most 2 database round trips a page', async () => {
    const ids: string[] = []
    for (let i = 0; i < 23; i++) {
      const id = newEventId()
      ids.push(id)
      await ok(
        'publications',
        {
          action: 'publish',
          id,
          type: i % 2 ? 'consultation' : 'promotion',
          nodeId: i % 3 ? NODE.mingyuan : NODE.grid5,
          fields: fields({ title: `活动${i}`, date: dayFrom(i - 11) }),
        },
        CLERK,
      )
    }
    const items = await listAll()
    const keys = items.map((i) => `${i.date} ${i.startTime}`)
    const firstPast = items.findIndex((i) => !i.upcoming)
    expect(items.slice(0, firstPast).every((i) => i.upcoming)).toBe(true)
    expect(items.slice(firstPast).every((i) => !i.upcoming)).toBe(true)
    expect(keys.slice(0, firstPast)).toEqual([...keys.slice(0, firstPast)].sort())
    expect(keys.slice(firstPast)).toEqual([...keys.slice(firstPast)].sort().reverse())
    expect(new Set(items.map((i) => i.id)).size).toBe(items.length)
    for (const id of ids) expect(items.some((i) => i.id === id)).toBe(true)

    // Round trips of a page, by kind: at most 2 to the database (upcoming, then past when the page
    // reaches it), and one batch of thumbnail URLs from storage.
    const roundTrips = async (data: Record<string, unknown>) => {
      await resetStats(fx.cloud)
      const reply = await ok('publications', { action: 'list', ...data })
      const actions = Object.entries(await stats(fx.cloud))
      const of = (prefix: string) =>
        actions.filter(([a]) => a.startsWith(prefix)).reduce((n, [, c]) => n + c, 0)
      return { reply, database: of('database.'), storage: of('storage.') }
    }
    const first = await roundTrips({})
    expect(first.reply.items).toHaveLength(20)
    const second = await roundTrips({ cursor: first.reply.next })
    for (const p of [first, second]) {
      expect(p.database).toBeGreaterThan(0)
      expect(p.database).toBeLessThanOrEqual(2)
      expect(p.storage).toBeLessThanOrEqual(1)
    }

    const consultations = await listAll({ type: 'consultation' })
    expect(consultations.length).toBeGreaterThan(0)
    expect(consultations.every((i) => i.type === 'consultation')).toBe(true)
    const chunxiao = await listAll({ communityId: 'node-cc-chunxiao' })
    expect(chunxiao.every((i) => i.where === '春晓社区')).toBe(true)
    expect(
      chunxiao
        .map((i) => i.id)
        .filter((id) => ids.includes(id))
        .sort(),
    ).toEqual(ids.filter((_, i) => i % 3 === 0).sort())
    expect(await codeOf('publications', { action: 'list', cursor: 'not-a-cursor' })).toBe('REQUEST.INVALID')
    expect(await codeOf('publications', { action: 'list', type: { $ne: 1 } })).toBe('REQUEST.INVALID')
  })

  it('offers the publishable types and the communities as filters', async () => {
    const filters = await ok('publications', { action: 'filters' })
    expect(filters.types.map((t: { type: string }) => t.type)).toEqual([
      'lecture',
      'consultation',
      'promotion',
    ])
    expect(filters.communities).toEqual(
      expect.arrayContaining([{ id: NODE.mingyuan, name: '明园社区', streetName: '春城街道' }]),
    )
  })
})

describe('reminders', () => {
  it('a resident who accepted the one-time message is reminded once, before it starts', async () => {
    const soon = newEventId()
    // Starts within the day: due at once.
    const start = new Date(Date.now() + 3 * 3_600_000 + 8 * 3_600_000).toISOString()
    await announce(soon, fields({ date: start.slice(0, 10), startTime: start.slice(11, 16), endTime: '' }))
    const token = await login(fx.cloud, RESIDENT)
    await subscribe(fx.cloud, [REMINDER.templateId], token)
    expect(await ok('publications', { action: 'remind', id: soon }, RESIDENT)).toEqual({ reminded: true })
    expect((await ok('publications', { action: 'detail', id: soon }, RESIDENT)).item.reminded).toBe(true)

    const later = newEventId()
    await announce(later, fields({ date: dayFrom(20) }))
    await ok('publications', { action: 'remind', id: later }, RESIDENT)

    const trigger = () => fetch(`${fx.cloud.url}/dev/trigger/publications?name=reminders`, { method: 'POST' })
    await trigger()
    await trigger()
    const sent = await sentMessages(fx.cloud, RESIDENT)
    expect(sent).toHaveLength(1)
    expect(sent[0]).toMatchObject({
      template_id: REMINDER.templateId,
      page: `public/detail/index?id=${soon}`,
    })
    expect(sent[0]!.data.thing1!.value).toBe('民法典进社区专题讲座')
    expect(await count('reminders', { publicationId: later, status: 'waiting' })).toBe(1)

    const past = (await listAll()).find((i) => !i.upcoming)!
    expect(await codeOf('publications', { action: 'remind', id: past.id }, RESIDENT)).toBe('REMINDER.CLOSED')
  })

  it('finished reminders and image checks are deleted after the days the privacy notice says', async () => {
    const old = new Date(Date.now() - (REMINDER.keepDays + 1) * 86_400_000)
    const recent = new Date(Date.now() - 86_400_000)
    const reminders = fx.db.collection('reminders')
    await reminders.add({ data: { _id: 'old|someone', status: 'sent', dueAt: old, openid: 'someone' } })
    await reminders.add({ data: { _id: 'recent|someone', status: 'sent', dueAt: recent, openid: 'someone' } })
    await reminders.add({
      data: {
        _id: 'waiting|someone',
        status: 'waiting',
        dueAt: old,
        publicationId: 'gone',
        openid: 'someone',
      },
    })
    await fx.db
      .collection('mediaChecks')
      .add({ data: { _id: 'old-trace', requestedAt: old, checkedAt: old } })
    await fx.db.collection('mediaChecks').add({ data: { _id: 'recent-trace', requestedAt: recent } })
    await fetch(`${fx.cloud.url}/dev/trigger/publications?name=reminders`, { method: 'POST' })
    expect(await count('reminders', { _id: 'old|someone' })).toBe(0)
    expect(await count('reminders', { _id: 'recent|someone' })).toBe(1)
    // A waiting one is settled first (its activity is gone: cancelled), then deleted with the old ones.
    expect(await count('reminders', { _id: 'waiting|someone' })).toBe(0)
    expect(await count('mediaChecks', { _id: 'old-trace' })).toBe(0)
    expect(await count('mediaChecks', { _id: 'recent-trace' })).toBe(1)
  })

  it('without consent the message is refused and recorded as such, never retried', async () => {
    const id = newEventId()
    const start = new Date(Date.now() + 2 * 3_600_000 + 8 * 3_600_000).toISOString()
    await announce(id, fields({ date: start.slice(0, 10), startTime: start.slice(11, 16), endTime: '' }))
    await ok('publications', { action: 'remind', id }, MEDIATOR)
    await fetch(`${fx.cloud.url}/dev/trigger/publications?name=reminders`, { method: 'POST' })
    expect(await count('reminders', { publicationId: id, status: 'refused' })).toBe(1)
    expect(await sentMessages(fx.cloud, MEDIATOR)).toEqual([])
  })
})
