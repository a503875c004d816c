/**
 * Publicising legal-service activities to residents (domain.md, "Privacy": residents see title, time,
 * place, speaker, summary and the photos chosen for publication, nothing else).
 *
 * A publication is the public face of one activity-type event and shares its id: published from an
 * event already logged, or announced before it happens (the event is logged with the same id once it
 * is held, its measures filled in then), so one record feeds both the public feed and the year's count.
 * Its public fields are a separate copy, written by staff for the public and checked by WeChat's
 * content security before anyone sees them. Nothing in this module reads an event's private fields:
 * `publicItem` and `publicDetail` build what residents receive from an explicit whitelist.
 */
import { chinaToday, isCalendarDate } from './china-time'
import type { FieldErrors } from './errors'
import type { EventTypeDefinition } from './event-types'

export const PUBLIC_LIMITS = {
  title: { min: 2, max: 40 },
  summary: { max: 500 },
  place: { min: 2, max: 60 },
  speaker: { max: 20 },
  photos: 9,
  /** A resident's page of the list. */
  pageSize: 20,
  /** Reason for unpublishing or rejecting. */
  reason: { min: 2, max: 100 },
  /** Entries kept in a publication's history. */
  history: 100,
} as const

/** What residents may see of an activity, as staff wrote it for them. */
export interface PublicFields {
  readonly title: string
  readonly summary: string
  /** YYYY-MM-DD, China time. */
  readonly date: string
  /** HH:mm. */
  readonly startTime: string
  /** HH:mm, after startTime; '' when open-ended. */
  readonly endTime: string
  readonly place: string
  /** 主讲人 / 法律顾问; '' when none. */
  readonly speaker: string
  /** Cloud file ID of the cover, or null. */
  readonly cover: string | null
  /** Its small version for lists (made by the phone when the cover is chosen), or null. */
  readonly coverThumb: string | null
  /** Cloud file IDs of the photos chosen for publication, at most 9. */
  readonly photos: readonly string[]
}

/** The verdict of WeChat's content security on a text or an image. */
export type CheckSuggest = 'pass' | 'review' | 'risky'

/** Where one public image stands: being checked, shown, held for staff, or blocked. */
export type MediaState = 'checking' | 'pass' | 'review' | 'approved' | 'rejected' | 'risky' | 'failed'

/** An image is shown to residents only once the check passed it or staff approved it after review. */
export const isShownMedia = (state: MediaState): boolean => state === 'pass' || state === 'approved'

const TIME = /^([01]\d|2[0-3]):([0-5]\d)$/
const isTime = (v: unknown): v is string => typeof v === 'string' && TIME.test(v)

/** Characters counted as a person counts them (an emoji is one). */
const lengthOf = (s: string): number => Array.from(s).length

const text = (v: unknown): string => (typeof v === 'string' ? v.trim() : '')

/** True for a cloud file ID (cloud://env.bucket/path). */
export const isFileId = (v: unknown): v is string =>
  typeof v === 'string' && /^cloud:\/\/[^/\s]+\/[^\s]+$/.test(v) && v.length <= 300

/** The cloud path of a file ID (after the bucket). */
export const pathOfFileId = (fileID: string): string => fileID.replace(/^cloud:\/\/[^/]+\//, '')

/**
 * Where a publication's own images live: `publications/<id>/…` (covers uploaded for an announcement and
 * every thumbnail); photos chosen from the event stay in `events/<id>/…`.
 */
export const publicFolderOf = (id: string): string => `publications/${id}/`

export type ValidationResult<T> = { ok: true; value: T } | { ok: false; fields: FieldErrors }

function required(
  v: unknown,
  limits: { min: number; max: number },
  what: string,
  fields: FieldErrors,
  key: string,
): string {
  const s = text(v)
  if (s.length === 0) fields[key] = `请填写${what}`
  else if (lengthOf(s) < limits.min) fields[key] = `${what}至少${limits.min}个字`
  else if (lengthOf(s) > limits.max) fields[key] = `${what}不能超过${limits.max}个字`
  return s
}

function optional(v: unknown, max: number, what: string, fields: FieldErrors, key: string): string {
  if (v !== undefined && v !== null && typeof v !== 'string') fields[key] = `${what}格式不正确`
  const s = text(v)
  if (lengthOf(s) > max) fields[key] = `${what}不能超过${max}个字`
  return s
}

/**
 * Validates the public fields of activity `id` as staff sent them. Images must be this activity's:
 * under its own folder, or (photos and cover) among `eventPhotos`, the photos of the logged event.
 */
export function validatePublicFields(
  input: unknown,
  id: string,
  eventPhotos: readonly string[] = [],
): ValidationResult<PublicFields> {
  const d =
    typeof input === 'object' && input !== null && !Array.isArray(input)
      ? (input as Record<string, unknown>)
      : {}
  const fields: FieldErrors = {}
  const title = required(d.title, PUBLIC_LIMITS.title, '活动标题', fields, 'title')
  const summary = optional(d.summary, PUBLIC_LIMITS.summary.max, '活动简介', fields, 'summary')
  const place = required(d.place, PUBLIC_LIMITS.place, '活动地点', fields, 'place')
  const speaker = optional(d.speaker, PUBLIC_LIMITS.speaker.max, '主讲人', fields, 'speaker')
  if (!isCalendarDate(d.date)) fields.date = '请选择活动日期'
  if (!isTime(d.startTime)) fields.startTime = '请选择开始时间'
  const endTime = d.endTime === undefined || d.endTime === null || d.endTime === '' ? '' : d.endTime
  if (endTime !== '' && !isTime(endTime)) fields.endTime = '结束时间格式不正确'
  else if (endTime !== '' && isTime(d.startTime) && endTime <= d.startTime)
    fields.endTime = '结束时间应晚于开始时间'
  const own = (v: string): boolean =>
    pathOfFileId(v).startsWith(publicFolderOf(id)) || eventPhotos.includes(v)
  const image = (v: unknown, key: string, what: string): string | null => {
    if (v === undefined || v === null || v === '') return null
    if (!isFileId(v) || !own(v)) {
      fields[key] = `${what}不属于该活动，请重新选择`
      return null
    }
    return v
  }
  const cover = image(d.cover, 'cover', '封面')
  const coverThumb = image(d.coverThumb, 'coverThumb', '封面缩略图')
  if (coverThumb && !cover) fields.coverThumb = '请先选择封面'
  if (coverThumb && !pathOfFileId(coverThumb).startsWith(publicFolderOf(id)))
    fields.coverThumb = '封面缩略图不属于该活动，请重新选择'
  const photos: string[] = []
  if (d.photos !== undefined && !Array.isArray(d.photos)) fields.photos = '照片格式不正确'
  for (const p of Array.isArray(d.photos) ? d.photos : []) {
    const f = image(p, 'photos', '照片')
    if (f && !photos.includes(f)) photos.push(f)
  }
  if (photos.length > PUBLIC_LIMITS.photos) fields.photos = `公开照片最多${PUBLIC_LIMITS.photos}张`
  if (Object.keys(fields).length > 0) return { ok: false, fields }
  return {
    ok: true,
    value: {
      title,
      summary,
      date: d.date as string,
      startTime: d.startTime as string,
      endTime: endTime as string,
      place,
      speaker,
      cover,
      coverThumb,
      photos,
    },
  }
}

/** Every image of a version (cover, its thumbnail, the photos), each once; none for no version. */
export const imagesOf = (f: PublicFields | null): string[] =>
  f ? [...new Set([...(f.cover ? [f.cover] : []), ...(f.coverThumb ? [f.coverThumb] : []), ...f.photos])] : []

/** The text residents would read, as one string for the content-security check (≤ 2500 characters). */
export const checkedTextOf = (f: PublicFields): string =>
  [f.title, f.summary, f.place, f.speaker].filter((s) => s !== '').join('\n')

/** The speaker as the type calls it on the event: 主讲人 (speaker), 法律顾问 (adviser). */
export function speakerOf(def: EventTypeDefinition, attributes: Readonly<Record<string, unknown>>): string {
  for (const key of ['speaker', 'adviser']) {
    const v = attributes[key]
    if (def.attributes.some((a) => a.key === key) && typeof v === 'string') return v
  }
  return ''
}

/** Whether a type may be publicised: flagged publishable, never a case (a case is never public). */
export const isPublishable = (def: EventTypeDefinition | undefined): def is EventTypeDefinition =>
  !!def && def.publishable === true && !def.lifecycle && !def.hasParties

/** The sort key of an activity: when it starts, China time ("YYYY-MM-DD HH:mm"). */
export const startsAtOf = (f: Pick<PublicFields, 'date' | 'startTime'>): string => `${f.date} ${f.startTime}`

/** Upcoming (today or later, first the soonest) or past (newest first). */
export type ListPhase = 'upcoming' | 'past'

/** The boundary between upcoming and past: an activity of today is still upcoming. */
export const upcomingFrom = (now: Date = new Date()): string => `${chinaToday(now)} 00:00`

/** Where a page of the residents' list continues: the phase, the last item's key, the day it began. */
export interface ListCursor {
  readonly phase: ListPhase
  readonly startsAt: string
  readonly id: string
  /** `upcomingFrom` when the first page was read, so paging across midnight neither skips nor repeats. */
  readonly from: string
}

export function encodeListCursor(c: ListCursor): string {
  return [c.phase, c.startsAt, c.id, c.from].map(encodeURIComponent).join('~')
}

/** The cursor a client sent back, or undefined for anything malformed (the caller refuses it). */
export function decodeListCursor(s: unknown): ListCursor | undefined {
  if (typeof s !== 'string' || s.length > 300) return undefined
  const parts = s.split('~')
  if (parts.length !== 4) return undefined
  let decoded: string[]
  try {
    decoded = parts.map(decodeURIComponent)
  } catch {
    return undefined
  }
  const [phase, startsAt, id, from] = decoded as [string, string, string, string]
  const key = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/
  if ((phase !== 'upcoming' && phase !== 'past') || !key.test(startsAt) || !key.test(from)) return undefined
  if (!/^[\w-]{1,64}$/.test(id)) return undefined
  return { phase, startsAt, id, from }
}

/** Where a publication stands, for staff: shown, held for a decision, or taken down. */
export type PublicationStatus = 'published' | 'review' | 'rejected' | 'unpublished'

export const PUBLICATION_STATUS_LABEL: Readonly<Record<PublicationStatus, string>> = {
  published: '已发布',
  review: '待审核',
  rejected: '未通过审核',
  unpublished: '已撤下',
}

export const MEDIA_STATE_LABEL: Readonly<Record<MediaState, string>> = {
  checking: '检测中',
  pass: '已通过',
  review: '待审核',
  approved: '已通过（人工审核）',
  rejected: '未通过（人工审核）',
  risky: '未通过安全检测',
  failed: '检测失败',
}

/** The one-time reminder residents subscribe to: the message template and when it is sent. */
export const REMINDER = {
  /**
   * The template ID from the WeChat console (订阅消息 → 我的模板, e.g. 活动开始提醒 with 活动名称 thing1,
   * 活动时间 time2, 活动地点 thing3, 温馨提示 thing4). Replace before deploying; the local cloud accepts any.
   */
  templateId: 'local-activity-reminder',
  /** Sent this long before the activity starts (or at once when subscribed later than that). */
  leadHours: 24,
  /** The `thing` fields of a template take at most 20 characters. */
  thingMax: 20,
  /**
   * Days a finished reminder (with the resident's OPENID) and an image check are kept: then deleted by the
   * reminders timer (the privacy notice says so).
   */
  keepDays: 30,
} as const

/** China time "YYYY-MM-DD HH:mm" → the instant. */
export function instantOfChinaTime(startsAt: string): Date {
  return new Date(`${startsAt.replace(' ', 'T')}:00+08:00`)
}

/** When the reminder of an activity starting at `startsAt` falls due. */
export const reminderDueAt = (startsAt: string): Date =>
  new Date(instantOfChinaTime(startsAt).getTime() - REMINDER.leadHours * 3_600_000)

const thing = (s: string): string =>
  lengthOf(s) <= REMINDER.thingMax
    ? s
    : `${Array.from(s)
        .slice(0, REMINDER.thingMax - 1)
        .join('')}…`

/** The data of the reminder message (subscribeMessage.send) for the activity as it stands. */
export function reminderData(
  f: Pick<PublicFields, 'title' | 'date' | 'startTime' | 'place'>,
): Record<string, { value: string }> {
  return {
    thing1: { value: thing(f.title) },
    time2: { value: `${f.date} ${f.startTime}` },
    thing3: { value: thing(f.place) },
    thing4: { value: '活动即将开始，欢迎准时参加' },
  }
}
