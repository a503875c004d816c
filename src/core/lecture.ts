/**
 * A law lecture (法律讲座) as a grid worker logs it: validation shared by the form on the phone and the
 * cloud function, which validates again whatever the client did.
 */
import { chinaToday, isCalendarDate, yearOf } from './china-time'
import type { FieldErrors } from './errors'
import { EARLIEST_YEAR, LECTURE, TEXT_LIMITS } from './event-types'

/** What the form sends. Numbers may arrive as strings from a text field. */
export interface LectureInput {
  readonly title: unknown
  readonly heldOn: unknown
  readonly place: unknown
  readonly participants: unknown
  readonly materials: unknown
}

export interface Lecture {
  readonly title: string
  /** 发生日期, YYYY-MM-DD in China time. */
  readonly heldOn: string
  readonly place: string
  readonly participants: number
  readonly materials: number
}

export type Validated<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly fields: FieldErrors }

function text(
  value: unknown,
  label: string,
  limits: { min: number; max: number },
): string | { error: string } {
  const s = typeof value === 'string' ? value.trim() : ''
  if (s.length === 0) return { error: `请填写${label}` }
  if (s.length < limits.min) return { error: `${label}至少${limits.min}个字` }
  if (s.length > limits.max) return { error: `${label}不能超过${limits.max}个字` }
  return s
}

function wholeNumber(value: unknown, label: string, max: number): number | { error: string } {
  const s = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : ''
  if (s === '') return { error: `请填写${label}` }
  if (!/^\d+$/.test(s)) return { error: `${label}应为不小于0的整数` }
  const n = Number(s)
  if (n > max) return { error: `${label}不能超过${max}` }
  return n
}

/**
 * Validates a lecture; every problem is reported against its field.
 * @param today the date in China (YYYY-MM-DD): a lecture cannot be held in the future.
 */
export function validateLecture(input: LectureInput, today: string = chinaToday()): Validated<Lecture> {
  const fields: FieldErrors = {}
  const title = text(input.title, '讲座主题', TEXT_LIMITS.title)
  const place = text(input.place, '举办地点', TEXT_LIMITS.place)
  const [participantsDef, materialsDef] = LECTURE.measures
  const participants = wholeNumber(input.participants, participantsDef!.label, participantsDef!.max)
  const materials = wholeNumber(input.materials, materialsDef!.label, materialsDef!.max)
  let heldOn: string | undefined
  if (!isCalendarDate(input.heldOn)) fields.heldOn = '请选择举办日期'
  else if (input.heldOn > today) fields.heldOn = '举办日期不能晚于今天'
  else if (yearOf(input.heldOn) < EARLIEST_YEAR) fields.heldOn = `举办日期不能早于${EARLIEST_YEAR}年`
  else heldOn = input.heldOn
  if (typeof title !== 'string') fields.title = title.error
  if (typeof place !== 'string') fields.place = place.error
  if (typeof participants !== 'number') fields.participants = participants.error
  if (typeof materials !== 'number') fields.materials = materials.error
  if (
    Object.keys(fields).length > 0 ||
    typeof title !== 'string' ||
    typeof place !== 'string' ||
    typeof participants !== 'number' ||
    typeof materials !== 'number' ||
    heldOn === undefined
  ) {
    return { ok: false, fields }
  }
  return { ok: true, value: { title, heldOn, place, participants, materials } }
}

/** Client-generated event ids make a retried submission harmless: the same id is the same event. */
export const EVENT_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/

/** A random (v4) UUID, from whatever random source the platform offers. */
export function newEventId(random: () => number = Math.random): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(random() * 16).toString(16))
  hex[12] = '4'
  hex[16] = '89ab'[Math.floor(random() * 4)]!
  const s = hex.join('')
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`
}
