/**
 * How a publication is stored and what each reader receives of it. The stored document
 * (`publications`, same `_id` as its event) keeps the version residents see (`live`), a version held for
 * review (`pending`), the check of every public image (`media`), where it is held, and its history.
 *
 * Residents' views are built here field by field from `live` (PUBLIC_ITEM_FIELDS): nothing else of the
 * document, and nothing of the event, ever reaches them.
 */
import type {
  PublicationHistoryAction,
  PublicationHistoryView,
  PublicationSummaryView,
  PublicationView,
  PublicDetail,
  PublicItem,
  PublicMediaView,
} from '../../src/core/contract'
import { changesBetween } from '../../src/core/audit'
import { EVENT_ID } from '../../src/core/event-input'
import {
  isShownMedia,
  MEDIA_STATE_LABEL,
  PUBLIC_LIMITS,
  PUBLICATION_STATUS_LABEL,
  type MediaState,
  type PublicationStatus,
  type PublicFields,
} from '../../src/core/publication'
import { db, isoOf, type Doc, type Transaction } from './cloud'
import type { StoredNode } from './people'
import type { PolicyTarget } from './serve'

export const PUBLICATIONS = 'publications'
export const MEDIA_CHECKS = 'mediaChecks'
export const REMINDERS = 'reminders'

export interface StoredMedia {
  readonly fileID: string
  readonly state: MediaState
  /** The asynchronous check's trace id: stored, never shown to anyone. */
  readonly traceId?: string
  readonly label?: number
}

export interface StoredHistory {
  readonly at: Date
  readonly by: string
  readonly byName: string
  readonly action: PublicationHistoryAction
  readonly reason?: string
  readonly changes?: Record<string, readonly [unknown, unknown]>
}

export interface StoredPublication {
  readonly _id: string
  readonly type: string
  readonly typeLabel: string
  readonly streetId: string
  readonly streetName: string
  readonly nodeId: string
  readonly nodeName: string
  readonly ancestors: readonly string[]
  readonly communityId: string | null
  /** The community (or street) residents are told it is for. */
  readonly where: string
  readonly status: PublicationStatus
  /** Residents see it: published (live, not taken down). Indexed for the list. */
  readonly visible: boolean
  /** Of the version shown (or held, before any was shown): the list's order. */
  readonly startsAt: string
  readonly live: PublicFields | null
  readonly pending: PublicFields | null
  readonly media: readonly StoredMedia[]
  readonly eventId: string | null
  readonly unpublishReason: string | null
  readonly version: number
  readonly history: readonly StoredHistory[]
  readonly createdAt: Date
  readonly createdBy: string
  readonly createdByName: string
  readonly updatedAt: Date
  readonly updatedBy: string
  /** A hash-free copy of what the last publish asked for, so a resent publish is recognised. */
  readonly lastRequest?: string
}

export const publicationOf = (doc: Doc): StoredPublication => doc as unknown as StoredPublication

/** The org place a publication is authorized at (its node). */
export const targetOf = (p: Pick<StoredPublication, 'nodeId' | 'ancestors' | 'streetId'>): PolicyTarget => ({
  id: p.nodeId,
  ancestors: p.ancestors.slice(0, -1),
  streetId: p.streetId,
})

/** Where a publication made at `node` is held: its community (grid → its community), else the street. */
export function placeOf(node: StoredNode & { streetId: string }, street: StoredNode, community?: StoredNode) {
  return {
    streetId: node.streetId,
    streetName: street.name,
    nodeId: node.id,
    nodeName: node.name,
    ancestors: [...node.ancestors, node.id],
    communityId: community?.id ?? null,
    where: community?.name ?? street.name,
  }
}

/** The community a node belongs to: itself, or the community above a grid. */
export const communityIdOf = (node: StoredNode): string | undefined =>
  node.kind === 'community' ? node.id : node.kind === 'grid' ? (node.parentId ?? undefined) : undefined

const shown = (p: StoredPublication, fileID: string | null): boolean =>
  !!fileID && p.media.some((m) => m.fileID === fileID && isShownMedia(m.state))

/** The images of the live version residents may see (their check passed or staff approved them). */
export function shownImages(p: StoredPublication): { thumb?: string; cover?: string; photos: string[] } {
  const live = p.live
  if (!live) return { photos: [] }
  const cover = shown(p, live.cover) ? live.cover! : undefined
  return {
    ...(cover ? { cover } : {}),
    ...(cover && live.coverThumb && shown(p, live.coverThumb) ? { thumb: live.coverThumb } : {}),
    photos: live.photos.filter((f) => shown(p, f)),
  }
}

/**
 * The whitelist of what residents receive of an item: each field named, taken from `live`, the
 * publication's where, and a URL of the thumbnail. Nothing of the stored document is spread.
 */
export function publicItemOf(
  p: StoredPublication,
  upcomingFrom: string,
  urls: Map<string, string>,
): PublicItem {
  const live = p.live!
  const thumb = shownImages(p).thumb
  const url = thumb ? urls.get(thumb) : undefined
  return {
    id: p._id,
    type: p.type,
    typeLabel: p.typeLabel,
    title: live.title,
    date: live.date,
    startTime: live.startTime,
    endTime: live.endTime,
    place: live.place,
    speaker: live.speaker,
    where: p.where,
    upcoming: p.startsAt >= upcomingFrom,
    ...(url ? { thumb: url } : {}),
  }
}

export function publicDetailOf(
  p: StoredPublication,
  upcomingFrom: string,
  urls: Map<string, string>,
  reminder: { reminded: boolean; remindable: boolean },
): PublicDetail {
  const images = shownImages(p)
  const cover = images.cover ? urls.get(images.cover) : undefined
  return {
    ...publicItemOf(p, upcomingFrom, urls),
    summary: p.live!.summary,
    streetName: p.streetName,
    ...(cover ? { cover } : {}),
    photos: images.photos.map((f) => urls.get(f)).filter((u): u is string => !!u),
    reminded: reminder.reminded,
    remindable: reminder.remindable,
  }
}

/** Images waiting for a check or for a staff decision. */
const attention = (p: StoredPublication): number =>
  p.media.filter((m) => m.state === 'checking' || m.state === 'review').length

export function summaryOf(p: StoredPublication): PublicationSummaryView {
  const f = p.live ?? p.pending
  return {
    id: p._id,
    type: p.type,
    typeLabel: p.typeLabel,
    title: f?.title ?? '',
    date: f?.date ?? '',
    startTime: f?.startTime ?? '',
    nodeName: p.nodeName,
    status: p.status,
    statusLabel: PUBLICATION_STATUS_LABEL[p.status],
    pendingReview: p.pending !== null,
    mediaAttention: attention(p),
    held: p.eventId !== null,
    version: p.version,
  }
}

export const HISTORY_LABEL: Readonly<Record<PublicationHistoryAction, string>> = {
  publish: '发布',
  edit: '修改后发布',
  hold: '内容需人工审核，暂不公开',
  approve: '审核通过',
  reject: '审核不通过',
  unpublish: '撤下',
  held: '记为已举办（计入统计）',
  mediaChecked: '图片安全检测',
  mediaDecided: '图片人工审核',
}

const historyView = (h: StoredHistory): PublicationHistoryView => ({
  at: isoOf(h.at),
  byName: h.byName,
  action: h.action,
  label: HISTORY_LABEL[h.action],
  ...(h.reason ? { reason: h.reason } : {}),
  ...(h.changes && Object.keys(h.changes).length > 0 ? { changes: h.changes } : {}),
})

export function viewOf(
  p: StoredPublication,
  urls: Map<string, string>,
  may: { manage: boolean; review: boolean },
): PublicationView {
  const media: PublicMediaView[] = p.media.map((m) => ({
    fileID: m.fileID,
    url: urls.get(m.fileID) ?? '',
    state: m.state,
    stateLabel: MEDIA_STATE_LABEL[m.state],
    shown: isShownMedia(m.state),
  }))
  return {
    ...summaryOf(p),
    ...(p.live ? { live: p.live } : {}),
    ...(p.pending ? { pending: p.pending } : {}),
    media,
    ...(p.unpublishReason ? { unpublishReason: p.unpublishReason } : {}),
    ...(p.eventId ? { eventId: p.eventId } : {}),
    createdByName: p.createdByName,
    history: [...p.history].reverse().map(historyView),
    mayManage: may.manage,
    mayReview: may.review,
  }
}

/** The history with `entry` added, the oldest dropped beyond the limit. */
export const withHistory = (p: Pick<StoredPublication, 'history'> | undefined, entry: StoredHistory) =>
  [...(p?.history ?? []), entry].slice(-PUBLIC_LIMITS.history)

/** What changed between two versions of the public fields (for the history). */
export const fieldChanges = (before: PublicFields | null, after: PublicFields) =>
  changesBetween((before ?? {}) as Record<string, unknown>, after as unknown as Record<string, unknown>)

/** The status and visibility that follow from the versions (one rule, used by every write). */
export function standing(p: Pick<StoredPublication, 'live' | 'pending'> & { unpublished: boolean }): {
  status: PublicationStatus
  visible: boolean
} {
  if (p.unpublished) return { status: 'unpublished', visible: false }
  if (p.live) return { status: 'published', visible: true }
  if (p.pending) return { status: 'review', visible: false }
  return { status: 'rejected', visible: false }
}

/** Reads the publication inside `t`, or undefined. */
export async function readIn(t: Transaction, id: string): Promise<StoredPublication | undefined> {
  const { data } = await t.collection(PUBLICATIONS).doc(id).get()
  return data ? publicationOf(data) : undefined
}

/** Writes the whole publication inside `t` (set: the document is always written whole). */
export async function writeIn(t: Transaction, p: StoredPublication): Promise<void> {
  const { _id, ...rest } = p
  // `needsReview`: a version waits for a decision (a new one, or an edit of a shown one): 待审核 in staff lists.
  await t
    .collection(PUBLICATIONS)
    .doc(_id)
    .set({ data: { ...(rest as unknown as Doc), needsReview: p.pending !== null } })
}

/** The publication with this id (an event id), or undefined (for anything that is not one too). */
export async function findPublication(id: unknown): Promise<StoredPublication | undefined> {
  if (typeof id !== 'string' || !EVENT_ID.test(id)) return undefined
  const { data } = await db.collection(PUBLICATIONS).doc(id).get()
  return data ? publicationOf(data) : undefined
}
