/**
 * How the residents' pages word an activity: its day and time (11月28日 周六 09:30–11:00), who leads
 * it, and where the list's two sections (即将举行, 往期回顾) begin. Free of Taro and React so both pages
 * share it and the unit tests read it directly; it stays small because the `public` subpackage must.
 */
import { chinaToday } from '../core/china-time'
import type { PublicItem } from '../core/contract'

const WEEKDAYS = ['周日', '周一', '周二', '周三', '周四', '周五', '周六'] as const

const DAY_MS = 86_400_000

/** A YYYY-MM-DD date as a UTC midnight (a calendar date has no time zone: this only counts days). */
const utcOf = (date: string): number =>
  Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)))

/** The weekday of a YYYY-MM-DD date: 2026-11-28 → 周六. */
export const weekdayOf = (date: string): string => WEEKDAYS[new Date(utcOf(date)).getUTCDay()] ?? ''

/** 09:30–11:00, or 09:30 开始 when the activity has no set end. */
export const timeRangeText = (startTime: string, endTime: string): string =>
  endTime ? `${startTime}–${endTime}` : `${startTime} 开始`

/**
 * When an activity is held, as a resident reads it: 11月28日 周六 09:30–11:00. Today and tomorrow
 * say 今天 and 明天 in place of the weekday; a date of another year than `today`'s carries its year
 * (2025年11月28日 周五 …), as past activities may.
 *
 * @param today YYYY-MM-DD in China time (default: now).
 */
export function activityTimeText(
  a: Pick<PublicItem, 'date' | 'startTime' | 'endTime'>,
  today: string = chinaToday(),
): string {
  const days = Math.round((utcOf(a.date) - utcOf(today)) / DAY_MS)
  const day = days === 0 ? '今天' : days === 1 ? '明天' : weekdayOf(a.date)
  const year = a.date.slice(0, 4) === today.slice(0, 4) ? '' : `${a.date.slice(0, 4)}年`
  const monthDay = `${Number(a.date.slice(5, 7))}月${Number(a.date.slice(8, 10))}日`
  return `${year}${monthDay} ${day} ${timeRangeText(a.startTime, a.endTime)}`
}

/** What the person leading an activity is called: a consultation's 法律顾问, anyone else's 主讲人. */
export const speakerLabel = (type: string): string => (type === 'consultation' ? '法律顾问' : '主讲人')

const COVER_WORDS: Readonly<Record<string, string>> = {
  lecture: '讲座',
  consultation: '咨询',
  promotion: '普法',
}

/** The word on a card without a cover: 讲座, 咨询, 普法; a street's own type, its label's first two characters. */
export const coverWordOf = (type: string, typeLabel: string): string =>
  COVER_WORDS[type] ?? Array.from(typeLabel).slice(0, 2).join('')

export const SECTION_TITLES = { upcoming: '即将举行', past: '往期回顾' } as const

/**
 * The heading to show before the item at `index`: the list arrives upcoming first, then past, so a
 * section begins at the first item and wherever `upcoming` changes from the item before.
 */
export function sectionBefore(
  items: readonly Pick<PublicItem, 'upcoming'>[],
  index: number,
): string | undefined {
  const item = items[index]
  if (!item) return undefined
  const before = items[index - 1]
  if (before && before.upcoming === item.upcoming) return undefined
  return item.upcoming ? SECTION_TITLES.upcoming : SECTION_TITLES.past
}
