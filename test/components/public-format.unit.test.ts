import fc from 'fast-check'
import { chinaToday } from '../../src/core/china-time'
import {
  activityTimeText,
  coverWordOf,
  sectionBefore,
  speakerLabel,
  timeRangeText,
  weekdayOf,
} from '../../src/public/format'

const TODAY = '2026-11-26' // a Thursday

describe('when an activity is held, as residents read it', () => {
  it('writes the month and day, the weekday and the time range', () => {
    expect(activityTimeText({ date: '2026-11-28', startTime: '09:30', endTime: '11:00' }, TODAY)).toBe(
      '11月28日 周六 09:30–11:00',
    )
    expect(activityTimeText({ date: '2026-12-07', startTime: '14:00', endTime: '16:30' }, TODAY)).toBe(
      '12月7日 周一 14:00–16:30',
    )
  })

  it('says 今天 and 明天 in place of the weekday', () => {
    expect(activityTimeText({ date: TODAY, startTime: '19:00', endTime: '20:30' }, TODAY)).toBe(
      '11月26日 今天 19:00–20:30',
    )
    expect(activityTimeText({ date: '2026-11-27', startTime: '09:00', endTime: '' }, TODAY)).toBe(
      '11月27日 明天 09:00 开始',
    )
    // Across a month and a year end.
    expect(activityTimeText({ date: '2027-01-01', startTime: '09:00', endTime: '' }, '2026-12-31')).toBe(
      '2027年1月1日 明天 09:00 开始',
    )
  })

  it('gives the year of an activity in another year than today’s, and a weekday to yesterday', () => {
    expect(activityTimeText({ date: '2025-11-28', startTime: '09:30', endTime: '11:00' }, TODAY)).toBe(
      '2025年11月28日 周五 09:30–11:00',
    )
    expect(activityTimeText({ date: '2026-11-25', startTime: '09:30', endTime: '11:00' }, TODAY)).toBe(
      '11月25日 周三 09:30–11:00',
    )
  })

  it('writes an open-ended activity by its start alone', () => {
    expect(timeRangeText('09:30', '')).toBe('09:30 开始')
    expect(timeRangeText('09:30', '11:00')).toBe('09:30–11:00')
  })

  it('counts today in China time by default', () => {
    const today = chinaToday()
    expect(activityTimeText({ date: today, startTime: '08:00', endTime: '' })).toContain(' 今天 08:00')
  })

  it('names every date’s weekday as the calendar does', () => {
    const WEEKDAYS = ['周日', '周一', '周二', '周三', '周四', '周五', '周六']
    fc.assert(
      fc.property(
        fc.date({ min: new Date('2000-01-01'), max: new Date('2099-12-31'), noInvalidDate: true }),
        (d) => {
          const date = d.toISOString().slice(0, 10)
          expect(weekdayOf(date)).toBe(WEEKDAYS[d.getUTCDay()])
        },
      ),
    )
    expect(weekdayOf('2024-12-31')).toBe('周二')
  })
})

describe('a card without a cover', () => {
  it('shows its type’s word, or the first two characters of a street’s own type', () => {
    expect(coverWordOf('lecture', '法律讲座')).toBe('讲座')
    expect(coverWordOf('consultation', '法律咨询')).toBe('咨询')
    expect(coverWordOf('promotion', '普法宣传活动')).toBe('普法')
    expect(coverWordOf('c_food', '食品安全督导检查')).toBe('食品')
  })
})

describe('who leads an activity', () => {
  it('is the 法律顾问 of a consultation and the 主讲人 of anything else', () => {
    expect(speakerLabel('consultation')).toBe('法律顾问')
    expect(speakerLabel('lecture')).toBe('主讲人')
    expect(speakerLabel('c_street_own')).toBe('主讲人')
  })
})

describe('the list’s sections', () => {
  const list = (...upcoming: boolean[]) => upcoming.map((u) => ({ upcoming: u }))

  it('begins 即将举行 at the first upcoming item and 往期回顾 at the first past one', () => {
    const items = list(true, true, false, false)
    expect(items.map((_x, i) => sectionBefore(items, i))).toEqual([
      '即将举行',
      undefined,
      '往期回顾',
      undefined,
    ])
  })

  it('has only 往期回顾 when nothing is upcoming, only 即将举行 when nothing has passed', () => {
    expect(sectionBefore(list(false, false), 0)).toBe('往期回顾')
    expect(sectionBefore(list(false, false), 1)).toBeUndefined()
    const upcoming = list(true, true, true)
    expect(upcoming.map((_x, i) => sectionBefore(upcoming, i))).toEqual(['即将举行', undefined, undefined])
    expect(sectionBefore([], 0)).toBeUndefined()
  })
})
