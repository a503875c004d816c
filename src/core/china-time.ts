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

/** An instant (ISO text) as China time, YYYY-MM-DD HH:mm, whatever the phone's time zone. */
export function chinaDateTime(iso: string): string {
  const ms = Date.parse(iso)
  if (Number.isNaN(ms)) return iso
  return new Date(ms + CHINA_OFFSET_MS).toISOString().slice(0, 16).replace('T', ' ')
}

/** An instant (ISO text) as its China date, YYYY-MM-DD. */
export const chinaDate = (iso: string): string => chinaDateTime(iso).slice(0, 10)
