/**
 * The public face of an activity: what staff may publish (validated, images only the activity's own),
 * what the content check reads, the residents' list cursor, reminders, and that no case type is ever
 * publishable, whatever a street's catalogue says.
 */
import fc from 'fast-check'
import { validateOwnType } from '../../src/core/catalogue-edit'
import { BUILT_IN_TYPES, type EventTypeDefinition } from '../../src/core/event-types'
import {
  checkedTextOf,
  decodeListCursor,
  encodeListCursor,
  instantOfChinaTime,
  isPublishable,
  PUBLIC_LIMITS,
  REMINDER,
  reminderData,
  reminderDueAt,
  speakerOf,
  startsAtOf,
  upcomingFrom,
  validatePublicFields,
} from '../../src/core/publication'

const ID = '7b0e6a62-4f4e-4a53-9d7c-2f3b5a6c7d8e'
const own = (name: string) => `cloud://local.bucket/publications/${ID}/${name}.jpg`
const eventPhoto = `cloud://local.bucket/events/${ID}/1-abc.jpg`

const valid = {
  title: '民法典进社区',
  summary: '欢迎参加',
  date: '2026-12-05',
  startTime: '09:30',
  endTime: '11:00',
  place: '明园社区党群服务中心',
  speaker: '王律师',
  cover: own('cover'),
  coverThumb: own('thumb'),
  photos: [eventPhoto],
}

describe('validatePublicFields', () => {
  it('keeps valid fields, trimmed', () => {
    const r = validatePublicFields({ ...valid, title: '  民法典进社区 ' }, ID, [eventPhoto])
    expect(r).toEqual({ ok: true, value: { ...valid, title: '民法典进社区' } })
  })

  it('names every wrong field', () => {
    const r = validatePublicFields(
      { title: '法', date: '2026-13-01', startTime: '9:30', endTime: '08:00', place: 'x', speaker: 5 },
      ID,
    )
    expect(r.ok).toBe(false)
    if (!r.ok)
      expect(Object.keys(r.fields).sort()).toEqual(['date', 'place', 'speaker', 'startTime', 'title'])
  })

  it('refuses an end before the start', () => {
    const r = validatePublicFields({ ...valid, endTime: '09:00' }, ID, [eventPhoto])
    expect(r).toMatchObject({ ok: false, fields: { endTime: '结束时间应晚于开始时间' } })
  })

  it('takes only the activity’s own images: its folder, or the photos of its event', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(
          'cloud://local.bucket/events/other/1.jpg',
          'cloud://local.bucket/publications/other/cover.jpg',
          `cloud://local.bucket/events/${ID}/2-not-in-event.jpg`,
          'https://example.com/a.jpg',
          `cloud://local.bucket/imports/${ID}/x.jpg`,
        ),
        fc.constantFrom('cover', 'photos'),
        (image, key) => {
          const input = key === 'cover' ? { ...valid, cover: image } : { ...valid, photos: [image] }
          const r = validatePublicFields(input, ID, [eventPhoto])
          return !r.ok && r.fields[key] !== undefined
        },
      ),
    )
    // A thumbnail is always made for the publication: never an event photo.
    expect(validatePublicFields({ ...valid, coverThumb: eventPhoto }, ID, [eventPhoto]).ok).toBe(false)
    expect(validatePublicFields({ ...valid, cover: null }, ID, [eventPhoto]).ok).toBe(false)
  })

  it('caps the photos', () => {
    const photos = Array.from({ length: PUBLIC_LIMITS.photos + 1 }, (_, i) => own(`p${i}`))
    expect(validatePublicFields({ ...valid, photos }, ID).ok).toBe(false)
  })

  it('never throws, whatever it is sent', () => {
    fc.assert(
      fc.property(fc.anything(), (input) => {
        const r = validatePublicFields(input, ID)
        return typeof r.ok === 'boolean'
      }),
    )
  })
})

describe('the text that is checked', () => {
  it('is every text residents read, and nothing else', () => {
    expect(checkedTextOf(valid)).toBe('民法典进社区\n欢迎参加\n明园社区党群服务中心\n王律师')
    expect(checkedTextOf({ ...valid, summary: '', speaker: '' })).toBe('民法典进社区\n明园社区党群服务中心')
  })
  it('fits one msgSecCheck (2500 characters) at the longest fields', () => {
    const max = {
      ...valid,
      title: '题'.repeat(PUBLIC_LIMITS.title.max),
      summary: '简'.repeat(PUBLIC_LIMITS.summary.max),
      place: '地'.repeat(PUBLIC_LIMITS.place.max),
      speaker: '讲'.repeat(PUBLIC_LIMITS.speaker.max),
    }
    expect(validatePublicFields(max, ID, [eventPhoto]).ok).toBe(true)
    expect(checkedTextOf(max).length).toBeLessThanOrEqual(2500)
  })
})

describe('publishable types', () => {
  it('are the built-in activities, never a case', () => {
    expect(BUILT_IN_TYPES.filter(isPublishable).map((t) => t.type)).toEqual([
      'lecture',
      'consultation',
      'promotion',
    ])
  })

  it('no definition with a lifecycle or parties is publishable, whatever its flag', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...BUILT_IN_TYPES),
        fc.boolean(),
        fc.constantFrom<EventTypeDefinition['lifecycle']>(undefined, 'dispute', 'gridEvent'),
        fc.boolean(),
        (base, publishable, lifecycle, hasParties) => {
          const def = { ...base, publishable, lifecycle, hasParties }
          return !isPublishable(def) || (!lifecycle && !hasParties && publishable)
        },
      ),
    )
  })

  it('a street’s own type may be flagged publishable (it is never a case)', () => {
    const r = validateOwnType(
      { label: '法律援助值班', unit: '次', publishable: true, lifecycle: 'dispute' },
      'c_1',
      undefined,
    )
    expect(r.ok && isPublishable(r.value)).toBe(true)
    if (r.ok) expect(r.value.lifecycle).toBeUndefined()
    expect(
      validateOwnType({ label: '法律援助值班', unit: '次', publishable: 'yes' }, 'c_1', undefined).ok,
    ).toBe(false)
  })

  it('the speaker is read from 主讲人 or 法律顾问', () => {
    const lecture = BUILT_IN_TYPES.find((t) => t.type === 'lecture')!
    const consultation = BUILT_IN_TYPES.find((t) => t.type === 'consultation')!
    expect(speakerOf(lecture, { speaker: '王律师' })).toBe('王律师')
    expect(speakerOf(consultation, { adviser: '李律师', speaker: 'x' })).toBe('李律师')
    expect(speakerOf(lecture, {})).toBe('')
  })
})

describe('the residents’ list cursor', () => {
  const key = fc
    .tuple(
      fc.integer({ min: 2000, max: 2099 }),
      fc.integer({ min: 1, max: 12 }),
      fc.integer({ min: 1, max: 28 }),
      fc.integer({ min: 0, max: 23 }),
      fc.integer({ min: 0, max: 59 }),
    )
    .map(
      ([y, m, d, h, mi]) =>
        `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')} ${String(h).padStart(2, '0')}:${String(mi).padStart(2, '0')}`,
    )

  it('decodes what it encodes', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('upcoming', 'past') as fc.Arbitrary<'upcoming' | 'past'>,
        key,
        fc.uuid(),
        key,
        (phase, startsAt, id, from) => {
          const c = { phase, startsAt, id, from }
          expect(decodeListCursor(encodeListCursor(c))).toEqual(c)
        },
      ),
    )
  })

  it('refuses anything else', () => {
    fc.assert(fc.property(fc.string(), (s) => decodeListCursor(s) === undefined || s.split('~').length === 4))
    expect(decodeListCursor({ phase: 'past' })).toBeUndefined()
    expect(decodeListCursor('past~2026-01-01 10:00~$where~2026-01-01 00:00')).toBeUndefined()
  })

  it('an activity of today is still upcoming', () => {
    const now = new Date('2026-11-26T15:30:00Z') // 23:30 in China
    expect(upcomingFrom(now)).toBe('2026-11-26 00:00')
    expect(startsAtOf({ date: '2026-11-26', startTime: '09:00' }) >= upcomingFrom(now)).toBe(true)
  })
})

describe('reminders', () => {
  it('fall due a day before the start, China time', () => {
    expect(instantOfChinaTime('2026-12-05 09:30').toISOString()).toBe('2026-12-05T01:30:00.000Z')
    expect(reminderDueAt('2026-12-05 09:30').toISOString()).toBe('2026-12-04T01:30:00.000Z')
  })

  it('fit the template: thing values at most 20 characters', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 2, maxLength: 60 }),
        fc.string({ minLength: 2, maxLength: 60 }),
        (title, place) => {
          const data = reminderData({ title, place, date: '2026-12-05', startTime: '09:30' })
          return Object.entries(data)
            .filter(([k]) => k.startsWith('thing'))
            .every(([, v]) => Array.from(v.value).length <= REMINDER.thingMax)
        },
      ),
    )
  })
})
