/**
 * Validating an event of any catalogue type, shared by the form on the phone and the cloud function,
 * which validates again whatever the client did. Every problem is reported against its field, in a
 * Chinese sentence shown next to it: `title`, `happenedOn`, `place`, `measures.<key>`,
 * `attributes.<key>`, `photos`, `location`, `parties.<i>.<field>`.
 */
import { chinaToday, isCalendarDate, yearOf } from './china-time'
import type { FieldErrors } from './errors'
import {
  EARLIEST_YEAR,
  TEXT_LIMITS,
  type AttributeDefinition,
  type EventTypeDefinition,
  type MeasureDefinition,
} from './event-types'
import { validateParties, type Party } from './personal-data'
import { isEventPhotoFileId, MAX_PHOTOS_PER_EVENT } from './photos'

export type AttributeValue = string | readonly string[] | boolean

/** What the form sends. Numbers may arrive as strings from a text field. */
export interface EventInput {
  readonly title?: unknown
  readonly happenedOn?: unknown
  readonly place?: unknown
  readonly measures?: unknown
  readonly attributes?: unknown
  readonly photos?: unknown
  readonly location?: unknown
  readonly parties?: unknown
}

export interface GeoPoint {
  readonly latitude: number
  readonly longitude: number
}

/** The editable fields of an event, validated and normalised. */
export interface EventFields {
  readonly title: string
  /** 发生日期, YYYY-MM-DD in China time: puts the event in a year. */
  readonly happenedOn: string
  /** '' when the type does not require a place and none was given. */
  readonly place: string
  readonly measures: Readonly<Record<string, number>>
  readonly attributes: Readonly<Record<string, AttributeValue>>
  /** Cloud-storage fileIDs under `events/<id>/`. */
  readonly photos: readonly string[]
  readonly location?: GeoPoint
}

export type Validated<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly fields: FieldErrors }

export interface ValidationContext {
  /** Today in China (YYYY-MM-DD): nothing happens in the future. */
  readonly today?: string
  /** The event's id: its photos must be stored under it. */
  readonly eventId?: string
  /** Years the street has closed (结账): no event may be dated in one. */
  readonly closedYears?: readonly number[]
  /** The cloud environment the photos must be stored in (`cloud://<env>.…`), when known (the server knows). */
  readonly photoEnv?: string
}

const asRecord = (value: unknown): Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {}

/** Text with its length checked; `required: false` lets it be empty. */
export function checkText(
  value: unknown,
  label: string,
  limits: { min?: number; max: number },
  required = true,
): string | { error: string } {
  if (value !== undefined && value !== null && typeof value !== 'string') return { error: `请填写${label}` }
  const s = typeof value === 'string' ? value.trim() : ''
  if (s.length === 0) return required ? { error: `请填写${label}` } : ''
  const length = Array.from(s).length
  if (limits.min !== undefined && length < limits.min) return { error: `${label}至少${limits.min}个字` }
  if (length > limits.max) return { error: `${label}不能超过${limits.max}个字` }
  return s
}

/** A whole number from 0 to the cap, typed as digits or sent as a number. */
export function checkWholeNumber(
  value: unknown,
  m: Pick<MeasureDefinition, 'label' | 'max' | 'required'>,
): number | { error: string } {
  const s = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : ''
  if (s === '') return m.required === false ? 0 : { error: `请填写${m.label}` }
  if (!/^\d+$/.test(s)) return { error: `${m.label}应为不小于0的整数` }
  const n = Number(s)
  if (n > m.max) return { error: `${m.label}不能超过${m.max}` }
  return n
}

/**
 * The refusal of a date in a closed year (结账: the clerk's figures for it are final), or undefined —
 * one sentence wherever a date is refused for it (an event's date, a case step's).
 */
export function closedYearError(date: unknown, closedYears: readonly number[]): string | undefined {
  return isCalendarDate(date) && closedYears.includes(yearOf(date))
    ? `${yearOf(date)}年度已结账，不能再新增或修改该年度的记录`
    : undefined
}

/** A date that puts an event in a year: a real date, not in the future, not before 2000, not in a closed year. */
export function checkDate(
  value: unknown,
  label: string,
  today: string,
  closedYears: readonly number[] = [],
): string | { error: string } {
  if (!isCalendarDate(value)) return { error: `请选择${label}` }
  if (value > today) return { error: `${label}不能晚于今天` }
  if (yearOf(value) < EARLIEST_YEAR) return { error: `${label}不能早于${EARLIEST_YEAR}年` }
  const closed = closedYearError(value, closedYears)
  return closed ? { error: closed } : value
}

function checkAttribute(
  def: AttributeDefinition,
  value: unknown,
): AttributeValue | undefined | { error: string } {
  switch (def.kind) {
    case 'flag':
      if (value === undefined || value === null || value === '') return false
      return typeof value === 'boolean' ? value : { error: `${def.label}应为是或否` }
    case 'choice': {
      if (value === undefined || value === null || value === '')
        return def.required ? { error: `请选择${def.label}` } : undefined
      return typeof value === 'string' && (def.options ?? []).includes(value)
        ? value
        : { error: `请从列表中选择${def.label}` }
    }
    case 'choices': {
      const list = value === undefined || value === null ? [] : value
      if (!Array.isArray(list) || list.some((v) => typeof v !== 'string' || !(def.options ?? []).includes(v)))
        return { error: `请从列表中选择${def.label}` }
      const unique = [...new Set(list as string[])]
      if (unique.length === 0) return def.required ? { error: `请选择${def.label}` } : undefined
      return unique
    }
    case 'text': {
      const s = checkText(
        value,
        def.label,
        { max: def.maxLength ?? TEXT_LIMITS.attribute.max },
        !!def.required,
      )
      return typeof s === 'string' ? (s === '' ? undefined : s) : s
    }
  }
}

function checkLocation(value: unknown): GeoPoint | undefined | { error: string } {
  if (value === undefined || value === null) return undefined
  const v = asRecord(value)
  const { latitude, longitude } = v
  if (
    typeof latitude !== 'number' ||
    typeof longitude !== 'number' ||
    !Number.isFinite(latitude) ||
    !Number.isFinite(longitude) ||
    Math.abs(latitude) > 90 ||
    Math.abs(longitude) > 180
  )
    return { error: '定位信息无效，请重新定位或不提供定位' }
  // About a metre: enough to find the place, no more precision than needed.
  return { latitude: Math.round(latitude * 1e5) / 1e5, longitude: Math.round(longitude * 1e5) / 1e5 }
}

function checkPhotos(
  value: unknown,
  eventId: string | undefined,
  env: string | undefined,
): readonly string[] | { error: string } {
  if (value === undefined || value === null) return []
  if (!Array.isArray(value)) return { error: '照片无效，请重新上传' }
  if (value.length > MAX_PHOTOS_PER_EVENT) return { error: `照片不能超过${MAX_PHOTOS_PER_EVENT}张` }
  const unique = [...new Set(value)]
  const valid = (p: unknown) =>
    typeof p === 'string' &&
    (eventId === undefined || isEventPhotoFileId(p, eventId)) &&
    (env === undefined || p.startsWith(`cloud://${env}.`))
  if (!unique.every(valid)) return { error: '照片无效，请重新上传' }
  return unique as string[]
}

/**
 * Validates an event of type `def`; every problem is reported against its field. Fields the type
 * does not define are dropped, never stored.
 */
export function validateEvent(
  def: EventTypeDefinition,
  input: EventInput,
  context: ValidationContext = {},
): Validated<EventFields> {
  const fields: FieldErrors = {}
  const today = context.today ?? chinaToday()
  const title = checkText(input.title, def.titleLabel, TEXT_LIMITS.title)
  if (typeof title !== 'string') fields.title = title.error
  const happenedOn = checkDate(input.happenedOn, def.dateLabel, today, context.closedYears)
  if (typeof happenedOn !== 'string') fields.happenedOn = happenedOn.error
  const place = checkText(input.place, def.placeLabel, TEXT_LIMITS.place, def.placeRequired)
  if (typeof place !== 'string') fields.place = place.error

  const measuresIn = asRecord(input.measures)
  const measures: Record<string, number> = {}
  for (const m of def.measures) {
    const n = checkWholeNumber(measuresIn[m.key], m)
    if (typeof n === 'number') measures[m.key] = n
    else fields[`measures.${m.key}`] = n.error
  }
  const attributesIn = asRecord(input.attributes)
  const attributes: Record<string, AttributeValue> = {}
  for (const a of def.attributes) {
    const v = checkAttribute(a, attributesIn[a.key])
    if (v === undefined) continue
    if (typeof v === 'object' && !Array.isArray(v) && 'error' in v) fields[`attributes.${a.key}`] = v.error
    else attributes[a.key] = v as AttributeValue
  }
  const photos = checkPhotos(input.photos, context.eventId, context.photoEnv)
  if (!Array.isArray(photos)) fields.photos = (photos as { error: string }).error
  const location = checkLocation(input.location)
  if (location && 'error' in location) fields.location = location.error

  if (Object.keys(fields).length > 0) return { ok: false, fields }
  return {
    ok: true,
    value: {
      title: title as string,
      happenedOn: happenedOn as string,
      place: place as string,
      measures,
      attributes,
      photos: photos as string[],
      ...(location ? { location: location as GeoPoint } : {}),
    },
  }
}

/** An event of a type with parties (矛盾纠纷) together with its parties, validated at once. */
export function validateEventWithParties(
  def: EventTypeDefinition,
  input: EventInput,
  context: ValidationContext = {},
): Validated<{ fields: EventFields; parties: readonly Party[] }> {
  const event = validateEvent(def, input, context)
  const parties = def.hasParties ? validateParties(input.parties) : { ok: true as const, value: [] }
  if (!event.ok || !parties.ok)
    return { ok: false, fields: { ...(event.ok ? {} : event.fields), ...(parties.ok ? {} : parties.fields) } }
  return { ok: true, value: { fields: event.value, parties: parties.value } }
}

/**
 * An event's fields as one flat record (`measures.participants`, `attributes.form` …), so an edit's
 * changes are listed field by field in its version history (audit.ts `changesBetween`).
 */
export function flatFields(f: EventFields): Record<string, unknown> {
  const flat: Record<string, unknown> = {
    title: f.title,
    happenedOn: f.happenedOn,
    place: f.place,
    photos: f.photos,
    location: f.location ?? null,
  }
  for (const [k, v] of Object.entries(f.measures)) flat[`measures.${k}`] = v
  for (const [k, v] of Object.entries(f.attributes)) flat[`attributes.${k}`] = v
  return flat
}

/** Client-generated ids make a retried submission harmless: the same id is the same event. */
export const EVENT_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/

/** A random (v4) UUID, from whatever random source the platform offers. */
export function newEventId(random: () => number = Math.random): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(random() * 16).toString(16))
  hex[12] = '4'
  hex[16] = '89ab'[Math.floor(random() * 4)]!
  const s = hex.join('')
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`
}
