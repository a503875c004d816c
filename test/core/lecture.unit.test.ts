/**
 * The core of the first slice: validation shared by phone and function, China-time dates, totals.
 */
import fc from 'fast-check'
import { chinaToday, isCalendarDate, yearOf } from '../../src/core/china-time'
import { EVENT_ID, newEventId, validateLecture } from '../../src/core/lecture'
import { totalLectures, type CountedLecture } from '../../src/core/totals'

const valid = {
  title: '民法典进社区',
  heldOn: '2024-12-31',
  place: '明园社区',
  participants: '45',
  materials: 120,
}

describe('validateLecture', () => {
  it('accepts a well-filled lecture and normalises it', () => {
    expect(validateLecture({ ...valid, title: '  民法典进社区  ' }, '2025-01-02')).toEqual({
      ok: true,
      value: {
        title: '民法典进社区',
        heldOn: '2024-12-31',
        place: '明园社区',
        participants: 45,
        materials: 120,
      },
    })
  })

  it('refuses a lecture held after today (China time), or before 2000', () => {
    expect(validateLecture({ ...valid, heldOn: '2025-01-03' }, '2025-01-02')).toEqual({
      ok: false,
      fields: { heldOn: '举办日期不能晚于今天' },
    })
    expect(validateLecture({ ...valid, heldOn: '1999-12-31' }, '2025-01-02')).toEqual({
      ok: false,
      fields: { heldOn: '举办日期不能早于2000年' },
    })
    expect(validateLecture({ ...valid, heldOn: '2024-02-30' }, '2025-01-02')).toEqual({
      ok: false,
      fields: { heldOn: '请选择举办日期' },
    })
  })

  it('accepts exactly the whole numbers from 0 to the cap, as digits or numbers', () => {
    fc.assert(
      fc.property(fc.oneof(fc.integer({ min: -5, max: 200_000 }), fc.double(), fc.string()), (n) => {
        const result = validateLecture({ ...valid, participants: n }, '2025-01-02')
        const expected =
          (typeof n === 'number' && Number.isInteger(n) && n >= 0 && n <= 100_000) ||
          (typeof n === 'string' && /^\s*\d+\s*$/.test(n) && Number(n) <= 100_000)
        expect(result.ok).toBe(expected)
      }),
    )
  })

  it('reports every problem at once, each against its field', () => {
    const result = validateLecture(
      { title: '', heldOn: '', place: 'x'.repeat(61), participants: '1.5', materials: '-1' },
      '2025-01-02',
    )
    expect(result).toEqual({
      ok: false,
      fields: {
        title: '请填写讲座主题',
        heldOn: '请选择举办日期',
        place: '举办地点不能超过60个字',
        participants: '参与人次应为不小于0的整数',
        materials: '发放资料应为不小于0的整数',
      },
    })
  })
})

describe('China time', () => {
  it('puts 31 Dec 20:00 UTC on 1 Jan in China: the year of a lecture is the year in China', () => {
    expect(chinaToday(new Date('2024-12-31T16:00:00Z'))).toBe('2025-01-01')
    expect(chinaToday(new Date('2024-12-31T15:59:59Z'))).toBe('2024-12-31')
    expect(yearOf('2024-12-31')).toBe(2024)
  })

  it('recognises real calendar dates only', () => {
    expect(isCalendarDate('2024-02-29')).toBe(true)
    expect(isCalendarDate('2023-02-29')).toBe(false)
    expect(isCalendarDate('2024-2-1')).toBe(false)
  })
})

describe('event ids', () => {
  it('are version-4 UUIDs, different each time', () => {
    const ids = new Set(Array.from({ length: 1000 }, () => newEventId()))
    expect(ids.size).toBe(1000)
    for (const id of ids) expect(id).toMatch(EVENT_ID)
  })
})

describe('totalLectures', () => {
  const lectureArb: fc.Arbitrary<CountedLecture> = fc.record({
    voided: fc.boolean(),
    measures: fc.record({ participants: fc.nat(1000), materials: fc.nat(1000) }),
  })

  it('does not depend on the order of events', () => {
    fc.assert(
      fc.property(fc.array(lectureArb), fc.func(fc.integer()), (events, key) => {
        const shuffled = [...events].sort((a, b) => key(a) - key(b))
        expect(totalLectures(shuffled)).toEqual(totalLectures(events))
      }),
    )
  })

  it('is the sum of the totals of any split (a year is the sum of its months)', () => {
    fc.assert(
      fc.property(fc.array(lectureArb), fc.nat(), (events, cut) => {
        const i = events.length ? cut % events.length : 0
        const a = totalLectures(events.slice(0, i))
        const b = totalLectures(events.slice(i))
        expect(totalLectures(events)).toEqual({
          count: a.count + b.count,
          participants: a.participants + b.participants,
          materials: a.materials + b.materials,
        })
      }),
    )
  })

  it('never counts a voided event', () => {
    fc.assert(
      fc.property(fc.array(lectureArb), (events) => {
        expect(totalLectures(events).count).toBe(events.filter((e) => !e.voided).length)
      }),
    )
  })
})
