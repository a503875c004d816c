/**
 * Dates as the reports count them: the day an event happened (发生日期) in China time (UTC+8),
 * written YYYY-MM-DD, whatever the phone's or the server's time zone.
 */

const CHINA_OFFSET_MS = 8 * 60 * 60 * 1000
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/

/** Today's date in China, YYYY-MM-DD. */
export function chinaToday(now: Date = new Date()): string {
  return new Date(now.getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 10)
}

/** True for a real calendar date written YYYY-MM-DD. */
export function isCalendarDate(value: unknown): value is string {
  if (typeof value !== 'string') return false
  const m = DATE.exec(value)
  if (!m) return false
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])))
  return d.toISOString().slice(0, 10) === value
}

/** The year a YYYY-MM-DD date belongs to. */
export const yearOf = (date: string): number => Number(date.slice(0, 4))
