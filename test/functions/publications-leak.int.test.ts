/**
 * Nothing private leaks to residents. Over a street full of disputes whose parties have names, phone
 * numbers, ID numbers and addresses (and lectures whose private fields carry marked values), with some
 * activities published from logged events and some announced, every public action of `publications`
 * (list with every filter and page, detail of every id there is, filters, remind) is called, and no
 * response carries any party's details, any OPENID, any event-only value, or any field outside the
 * public whitelist. Case ids are asked for too: a case is never public.
 */
import { chinaToday } from '../../src/core/china-time'
import { newEventId } from '../../src/core/event-input'
import { PRIVACY_NOTICE } from '../../src/core/privacy'
import { functionsCloud, NODE, PERSONA } from '../support/functions'

const fx = functionsCloud()
const { ok, call } = fx

const today = chinaToday()
const dayFrom = (days: number): string =>
  new Date(Date.parse(`${today}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10)

/** A valid 居民身份证号码 (GB 11643 check character) from 17 digits. */
function idNumber(seventeen: string): string {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
  const sum = weights.reduce((s, w, i) => s + w * Number(seventeen[i]), 0)
  return `${seventeen}${'10X98765432'[sum % 11]}`
}

const SURNAMES = ['欧阳', '司马', '诸葛', '上官', '皇甫', '东方', '慕容', '令狐']
const parties = Array.from({ length: 24 }, (_, i) => ({
  name: `${SURNAMES[i % SURNAMES.length]}秘${'甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥春夏'[i]}`,
  phone: `139${String(70000000 + i * 137).padStart(8, '0')}`,
  idNumber: idNumber(`11010119850${String(1000000 + i * 7).slice(1)}`),
  address: `春城路${100 + i}号${i}室`,
}))

/** Values only events hold: measures, the logger, private attribute text, the event's own title. */
const EVENT_ONLY = {
  participants: 7391,
  materials: 8263,
  eventTitle: '内部登记标题XQ',
  place: '内部登记地点XQ',
  partner: '合作单位秘密XQ',
}

const WORKER = PERSONA.gridWorker
const CLERK = PERSONA.clerk

const publicFields = (i: number, date: string) => ({
  title: `公开讲座${i}`,
  summary: `公开简介${i}`,
  date,
  startTime: '14:00',
  endTime: '16:00',
  place: '明园社区党群服务中心',
  speaker: '王律师',
  photos: [],
})

const disputeIds: string[] = []
const publishedIds: string[] = []

beforeAll(async () => {
  for (const who of [WORKER, PERSONA.mediator])
    await ok('session', { action: 'consent', version: PRIVACY_NOTICE.version }, who)
  for (let i = 0; i < parties.length; i += 2) {
    const id = newEventId()
    disputeIds.push(id)
    const [a, b] = [parties[i]!, parties[i + 1]!]
    await ok(
      'events',
      {
        action: 'create',
        id,
        type: 'dispute',
        event: {
          title: `房屋漏水纠纷${i}`,
          happenedOn: dayFrom(-i),
          attributes: { category: '邻里纠纷' },
          parties: [
            { role: 'applicant', ...a },
            { role: 'respondent', ...b },
          ],
        },
      },
      WORKER,
    )
  }
  for (let i = 0; i < 6; i++) {
    const id = newEventId()
    await ok(
      'events',
      {
        action: 'create',
        id,
        type: i % 2 ? 'promotion' : 'lecture',
        event: {
          title: EVENT_ONLY.eventTitle,
          happenedOn: dayFrom(-1 - i),
          place: EVENT_ONLY.place,
          measures:
            i % 2
              ? { audience: EVENT_ONLY.participants, materials: EVENT_ONLY.materials }
              : { participants: EVENT_ONLY.participants, materials: EVENT_ONLY.materials },
          attributes:
            i % 2 ? { form: '宣讲', theme: '民法典', partner: EVENT_ONLY.partner } : { speaker: '王律师' },
        },
      },
      WORKER,
    )
    await ok('publications', { action: 'publish', id, fields: publicFields(i, dayFrom(-1 - i)) }, CLERK)
    publishedIds.push(id)
  }
  for (let i = 0; i < 4; i++) {
    const id = newEventId()
    await ok(
      'publications',
      {
        action: 'publish',
        id,
        type: 'consultation',
        nodeId: NODE.grid3,
        fields: publicFields(10 + i, dayFrom(2 + i)),
      },
      CLERK,
    )
    publishedIds.push(id)
  }
  // One taken down: not public any more.
  await ok(
    'publications',
    { action: 'unpublish', id: publishedIds[0], version: 1, reason: '内部原因XQ' },
    CLERK,
  )
})

const ITEM_KEYS = [
  'id',
  'type',
  'typeLabel',
  'title',
  'date',
  'startTime',
  'endTime',
  'place',
  'speaker',
  'where',
  'upcoming',
  'thumb',
]
const DETAIL_KEYS = [...ITEM_KEYS, 'summary', 'streetName', 'cover', 'photos', 'reminded', 'remindable']

/** Everything a resident could receive, collected over every public action. */
async function everyPublicResponse(who?: string): Promise<unknown[]> {
  const replies: unknown[] = []
  const filters = await call('publications', { action: 'filters' }, who)
  replies.push(filters)
  const queries: Record<string, unknown>[] = [
    {},
    ...filters.data.types.map((t: { type: string }) => ({ type: t.type })),
    ...filters.data.communities.map((c: { id: string }) => ({ communityId: c.id })),
    { type: 'dispute' },
  ]
  const seen = new Set<string>()
  for (const q of queries) {
    let cursor: string | undefined
    do {
      const page = await call('publications', { action: 'list', ...q, ...(cursor ? { cursor } : {}) }, who)
      replies.push(page)
      for (const item of page.data.items) {
        expect(Object.keys(item).every((k) => ITEM_KEYS.includes(k))).toBe(true)
        seen.add(item.id)
      }
      cursor = page.data.next
    } while (cursor)
  }
  for (const id of [...seen, ...publishedIds, ...disputeIds, newEventId()]) {
    const detail = await call('publications', { action: 'detail', id }, who)
    replies.push(detail)
    if (detail.ok) expect(Object.keys(detail.data.item).every((k) => DETAIL_KEYS.includes(k))).toBe(true)
    replies.push(await call('publications', { action: 'remind', id }, who))
  }
  return replies
}

describe.each([
  ['an anonymous visitor', undefined],
  ['a resident', PERSONA.resident],
  ['a grid worker (staff, on the public pages)', WORKER],
])('as %s', (_label, who) => {
  it('no public response carries personal data, an OPENID, an event-only value or a private field', async () => {
    const replies = await everyPublicResponse(who)
    const text = JSON.stringify(replies)
    expect(text).toContain('公开讲座') // the published activities are there…
    for (const p of parties) {
      for (const value of [p.name, p.phone, p.idNumber, p.address, p.phone.slice(-4) + p.idNumber.slice(-4)])
        expect(text).not.toContain(value)
      expect(text).not.toContain(p.name.slice(0, 3))
    }
    for (const value of Object.values(EVENT_ONLY)) expect(text).not.toContain(String(value))
    expect(text).not.toMatch(/demo-|o-visitor|内部原因XQ|房屋漏水纠纷/)
    for (const key of [
      'createdBy',
      'handlers',
      'measures',
      'attributes',
      'parties',
      'partyCount',
      'traceId',
      'history',
      'pending',
      'media',
      'lastRequest',
      'ancestors',
      'nodeId',
      'eventId',
      'version',
      'status',
      'visible',
      'cloud://',
    ])
      expect(text).not.toContain(`"${key}`)
    // …and nothing else: a dispute's id is never found.
    for (const id of disputeIds)
      expect(
        replies.some((r) => (r as { ok: boolean; data?: { item?: { id: string } } }).data?.item?.id === id),
      ).toBe(false)
  })
})
