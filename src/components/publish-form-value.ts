/**
 * What the publish form (staff/publish, 向居民公开) holds, and the pure steps around it: a form filled
 * from a logged event, from a publication's fields, or empty for an announcement (活动预告); choosing
 * which of the event's photos are public and which is the cover; where covers and thumbnails are
 * uploaded; the request publications.publish receives; and, for 记为已举办, the event form filled from
 * an announcement. Kept apart from the pages so unit tests need neither Taro nor a renderer.
 *
 * Nothing private of an event goes into the form: the title, date, place and speaker are copied as a
 * starting point that staff rewrite for residents, and photos stay unpublished until ticked.
 */
import type { EventDetail, OrgNodeView, PublicationView, RequestOf } from '../core/contract'
import type { EventTypeDefinition } from '../core/event-types'
import { POLICY } from '../core/policy'
import {
  PUBLIC_LIMITS,
  publicFolderOf,
  speakerOf,
  validatePublicFields,
  type PublicFields,
  type ValidationResult,
} from '../core/publication'
import { ROLE_NODE_KIND, type GrantView } from '../core/roles'
import { emptyForm, type EventFormValue, type RememberedValues } from './event-form-value'

/**
 * The cover (封面): an image already in cloud storage (one of the event's photos, or the cover of a
 * publication being edited), or one chosen on the phone (`localRef`), which has a `fileID` once
 * uploaded. `thumb` is the file ID of its small version once made and uploaded (a retried publish
 * uploads nothing twice). `src` is what an `<Image>` shows.
 */
export interface CoverChoice {
  readonly src: string
  readonly fileID?: string
  readonly localRef?: string
  readonly thumb: string | null
}

/** The publish form as typed: every text a string until sent (the server trims and checks). */
export interface PublishForm {
  readonly title: string
  readonly summary: string
  /** YYYY-MM-DD, '' until chosen. */
  readonly date: string
  /** HH:mm, '' until chosen. */
  readonly startTime: string
  /** HH:mm or '' (open-ended). */
  readonly endTime: string
  readonly place: string
  readonly speaker: string
  readonly cover: CoverChoice | null
  /** File IDs of the event's photos ticked for residents, in the event's order. */
  readonly photos: readonly string[]
}

export const EMPTY_PUBLISH_FORM: PublishForm = {
  title: '',
  summary: '',
  date: '',
  startTime: '',
  endTime: '',
  place: '',
  speaker: '',
  cover: null,
  photos: [],
}

/** The first `max` characters as a person counts them (an emoji is one). */
const clip = (s: string, max: number): string => Array.from(s.trim()).slice(0, max).join('')

/**
 * A logged event as the starting point of its public face: its title (cut to what a public title may
 * hold), date, place and speaker (主讲人 / 法律顾问); times, summary and photos for staff to fill in.
 */
export function formFromEvent(event: EventDetail, def: EventTypeDefinition | undefined): PublishForm {
  return {
    ...EMPTY_PUBLISH_FORM,
    title: clip(event.title, PUBLIC_LIMITS.title.max),
    date: event.happenedOn,
    place: clip(event.place, PUBLIC_LIMITS.place.max),
    speaker: def ? clip(speakerOf(def, event.attributes), PUBLIC_LIMITS.speaker.max) : '',
  }
}

/**
 * A publication's fields as the form to edit them; `urlOf` gives an image's temporary URL (from the
 * publication's media or the event's photos), '' when none is known.
 */
export function formFromFields(fields: PublicFields, urlOf: (fileID: string) => string): PublishForm {
  return {
    title: fields.title,
    summary: fields.summary,
    date: fields.date,
    startTime: fields.startTime,
    endTime: fields.endTime,
    place: fields.place,
    speaker: fields.speaker,
    cover: fields.cover ? { src: urlOf(fields.cover), fileID: fields.cover, thumb: fields.coverThumb } : null,
    photos: [...fields.photos],
  }
}

/** The version staff edit: the one held for review when there is one, else the one residents see. */
export const editedFieldsOf = (p: PublicationView): PublicFields | undefined => p.pending ?? p.live

/**
 * Ticks or unticks one of the event's photos. The ticked ones keep the event's order (`order`), at most
 * PUBLIC_LIMITS.photos; unticking the cover also drops it as the cover (its thumbnail goes with it).
 */
export function togglePhoto(form: PublishForm, fileID: string, order: readonly string[]): PublishForm {
  if (form.photos.includes(fileID)) {
    const photos = form.photos.filter((p) => p !== fileID)
    return { ...form, photos, cover: form.cover?.fileID === fileID ? null : form.cover }
  }
  if (form.photos.length >= PUBLIC_LIMITS.photos) return form
  const chosen = new Set([...form.photos, fileID])
  const photos = [
    ...order.filter((p) => chosen.has(p)),
    ...form.photos.filter((p) => !order.includes(p)),
    ...(order.includes(fileID) ? [] : [fileID]),
  ]
  return { ...form, photos }
}

/**
 * Makes one of the event's photos the cover, ticking it too (a cover residents see is among the public
 * photos). Choosing the cover it already is changes nothing, so its thumbnail is kept.
 */
export function coverFromPhoto(
  form: PublishForm,
  photo: { readonly fileID: string; readonly url: string },
  order: readonly string[],
): PublishForm {
  if (form.cover?.fileID === photo.fileID) return form
  const ticked = form.photos.includes(photo.fileID) ? form : togglePhoto(form, photo.fileID, order)
  if (!ticked.photos.includes(photo.fileID)) return form // nine already ticked: untick one first
  return { ...ticked, cover: { src: photo.url, fileID: photo.fileID, thumb: null } }
}

/** A cover chosen on the phone (a poster): uploaded with the publish. */
export const coverFromPhone = (form: PublishForm, localRef: string, src: string): PublishForm => ({
  ...form,
  cover: { src, localRef, thumb: null },
})

const SAFE_RANDOM = /^[A-Za-z0-9]{1,32}$/

function publicationPath(id: string, name: 'cover' | 'thumb', random: string): string {
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(id)) throw new RangeError(`not a publication id: ${id}`)
  if (!SAFE_RANDOM.test(random)) throw new RangeError('the random part must be 1 to 32 letters or digits')
  return `${publicFolderOf(id)}${name}-${random}.jpg`
}

/** Where a cover chosen on the phone is uploaded: `publications/<id>/cover-<random>.jpg` (unique: uploads overwrite). */
export const coverCloudPath = (id: string, random: string): string => publicationPath(id, 'cover', random)

/** Where the cover's thumbnail is uploaded: `publications/<id>/thumb-<random>.jpg`. */
export const thumbCloudPath = (id: string, random: string): string => publicationPath(id, 'thumb', random)

/**
 * The public fields the form sends, once its cover (if any) is uploaded and has its thumbnail; a cover
 * still on the phone is sent as none (the page uploads it first).
 */
export function fieldsOf(form: PublishForm): PublicFields {
  const cover = form.cover?.fileID ?? null
  return {
    title: form.title.trim(),
    summary: form.summary.trim(),
    date: form.date,
    startTime: form.startTime,
    endTime: form.endTime,
    place: form.place.trim(),
    speaker: form.speaker.trim(),
    cover,
    coverThumb: cover ? (form.cover?.thumb ?? null) : null,
    photos: [...form.photos],
  }
}

/**
 * The form checked as the server will check it, before anything is uploaded: the cover is left out
 * (a poster on the phone has no file ID yet; the server checks it once sent).
 */
export function checkPublishForm(
  form: PublishForm,
  id: string,
  eventPhotos: readonly string[],
): ValidationResult<PublicFields> {
  return validatePublicFields({ ...fieldsOf(form), cover: null, coverThumb: null }, id, eventPhotos)
}

/** What the publish is about: a publication already stored, a logged event, or a new announcement. */
export type PublishSubject =
  | { readonly kind: 'existing'; readonly version: number }
  | { readonly kind: 'event' }
  | { readonly kind: 'announcement'; readonly type: string; readonly nodeId: string }

/** publications.publish's request: the version of a stored one, the type and node of a new announcement. */
export function publishRequestOf(
  id: string,
  subject: PublishSubject,
  fields: PublicFields,
): RequestOf<'publications', 'publish'> {
  switch (subject.kind) {
    case 'existing':
      return { id, version: subject.version, fields }
    case 'event':
      return { id, fields }
    case 'announcement':
      return { id, type: subject.type, nodeId: subject.nodeId, fields }
  }
}

/** A place an announcement may be made for: a community, or the whole street. */
export interface PublishPlace {
  readonly id: string
  readonly label: string
}

/**
 * Where the person may announce an activity: the community or street of each grant that may publish
 * (publication.manage), and for a street grant each active community below it, from the caller's part
 * of the org tree. The server checks the choice again.
 */
export function publishPlacesOf(grants: readonly GrantView[], tree: readonly OrgNodeView[]): PublishPlace[] {
  const retired = new Set(tree.filter((n) => n.retired).map((n) => n.id))
  const places: PublishPlace[] = []
  const add = (id: string, label: string) => {
    if (!retired.has(id) && !places.some((p) => p.id === id)) places.push({ id, label })
  }
  const publishing = grants.filter((g) => POLICY['publication.manage'].roles.includes(g.role))
  for (const g of publishing) {
    const kind = ROLE_NODE_KIND[g.role]
    if (kind === 'street') {
      add(g.nodeId, `${g.nodeName}（全街道）`)
      for (const n of tree) if (n.parentId === g.nodeId && n.kind === 'community') add(n.id, n.name)
    } else if (kind === 'community') add(g.nodeId, g.nodeName)
  }
  return places
}

/** Whether an announcement may now be recorded as held: not yet, and its day has come. */
export function mayRecordHeld(p: PublicationView, today: string): boolean {
  const date = (p.live ?? p.pending)?.date
  return !p.held && !p.eventId && date !== undefined && date <= today
}

/**
 * 记为已举办: the event form of type `def` filled from the announcement's fields (title, date, place,
 * and the speaker under the attribute the type calls it), the rest as a new form of that type. Staff
 * then add what only the day itself tells: participants, materials, photos.
 */
export function eventFormFromAnnouncement(
  def: EventTypeDefinition,
  fields: PublicFields,
  remembered: RememberedValues = {},
): EventFormValue {
  const form = emptyForm(def, remembered, fields.date)
  const speakerKey = ['speaker', 'adviser'].find((k) =>
    def.attributes.some((a) => a.key === k && a.kind === 'text'),
  )
  return {
    ...form,
    title: fields.title,
    place: fields.place || form.place,
    attributes:
      speakerKey && fields.speaker ? { ...form.attributes, [speakerKey]: fields.speaker } : form.attributes,
  }
}

/**
 * Where to log the announced activity (所属): the place among `options` (labels as log-node.tsx writes
 * them: 明园社区（全社区）) that names the announcement's node; undefined when the person may not log
 * there (the form then keeps their default).
 */
export function logPlaceOfAnnouncement(
  nodeName: string,
  options: readonly { readonly id: string; readonly label: string }[],
): string | undefined {
  return options.find((o) => o.label === nodeName || o.label.startsWith(`${nodeName}（`))?.id
}

/** Where the end-time picker starts: two hours after the start (a lecture's usual length), else 11:00. */
export function suggestedEndTime(start: string): string {
  const match = /^(\d{2}):(\d{2})$/.exec(start)
  if (!match) return '11:00'
  const hour = Number(match[1])
  return hour >= 22 ? '23:59' : `${String(hour + 2).padStart(2, '0')}:${match[2]}`
}

/** The public fields as the publication's page and its history name them. */
export const PUBLIC_FIELD_LABELS: Readonly<Record<keyof PublicFields, string>> = {
  title: '标题',
  summary: '简介',
  date: '日期',
  startTime: '开始时间',
  endTime: '结束时间',
  place: '地点',
  speaker: '主讲人',
  cover: '封面',
  coverThumb: '封面缩略图',
  photos: '公开照片',
}

/**
 * What a public image is to the publication, for staff reading its check: 封面, 列表缩略图 (the cover's
 * small version) or 照片, from the versions it appears in (live, pending).
 */
export function mediaRoleOf(fileID: string, versions: readonly (PublicFields | undefined)[]): string {
  if (versions.some((v) => v?.cover === fileID)) return '封面'
  if (versions.some((v) => v?.coverThumb === fileID)) return '列表缩略图'
  return '照片'
}

/** When an activity is held, as residents read it: 2025-03-15 09:00–11:00 (or 09:00 起). */
export const timeTextOf = (f: Pick<PublicFields, 'date' | 'startTime' | 'endTime'>): string =>
  `${f.date} ${f.endTime ? `${f.startTime}–${f.endTime}` : `${f.startTime} 起`}`

const changeValueText = (key: string, value: unknown): string => {
  if (Array.isArray(value)) return `${value.length}张`
  if (key === 'cover' || key === 'coverThumb') return value ? '有' : '无'
  if (value === undefined || value === null || value === '') return '（空）'
  return String(value)
}

/**
 * One change in a publication's history as a person reads it: 地点：A → B. Images are told by count or
 * presence, never by file ID (更换了封面); undefined for the thumbnail, which follows its cover.
 */
export function publicChangeLine(key: string, before: unknown, after: unknown): string | undefined {
  if (key === 'coverThumb') return undefined
  const label = PUBLIC_FIELD_LABELS[key as keyof PublicFields] ?? key
  if (key === 'cover' && before && after) return `更换了${label}`
  if (Array.isArray(before) && Array.isArray(after) && before.length === after.length)
    return `调整了${label}（${after.length}张）`
  return `${label}：${changeValueText(key, before)} → ${changeValueText(key, after)}`
}
