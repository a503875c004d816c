/**
 * The offline outbox (待发送): what a grid worker submits is kept on the phone until the server has
 * acknowledged it, so a record logged without network is never lost, and never counted twice because
 * every resend carries the same client-made id (the server is idempotent on it).
 *
 * Pure: the states and their transitions, the retry backoff, pruning, and the storage arithmetic that
 * decides whether an item still fits in WeChat's storage (1 MB per key, 10 MB in all). Keeping the
 * items in storage and sending them is services/outbox.ts.
 */
import type { FieldErrors } from './errors'

/** Where a submission stands. Only `sent` means the server has acknowledged it. */
export type OutboxState = 'draft' | 'waiting' | 'sending' | 'sent' | 'rejected'

export const OUTBOX_STATES: readonly OutboxState[] = ['draft', 'waiting', 'sending', 'sent', 'rejected']

/** What the worker sees for each state. */
export const OUTBOX_STATE_LABELS: Readonly<Record<OutboxState, string>> = {
  draft: '草稿',
  waiting: '待发送',
  sending: '发送中',
  sent: '已发送',
  rejected: '需修改',
}

/** A photo attached to a submission, uploaded before the request that refers to it. */
export interface PendingPhoto {
  /** A file path on weapp, a `data:` URL on H5. */
  readonly localRef: string
  readonly bytes: number
  /** Set once uploaded, so a photo is never uploaded twice. */
  readonly fileID?: string
}

/** Why the server refused a submission, kept so the worker can correct it (fields show next to inputs). */
export interface OutboxError {
  readonly code: string
  readonly message: string
  readonly fields?: Readonly<Record<string, string>>
}

export interface OutboxItem {
  /** The client-generated record id (UUID): also the idempotency key of every resend. */
  readonly id: string
  /** Which call sends it, `<function>.<action>`, e.g. 'events.create'. */
  readonly kind: string
  /** What the list shows, e.g. '法律讲座 · 民法典进社区'. */
  readonly label: string
  /** The JSON to send; `photos` is set to the uploaded fileIDs when sending. */
  readonly request: Readonly<Record<string, unknown>>
  readonly photos: readonly PendingPhoto[]
  readonly state: OutboxState
  readonly createdAt: string
  readonly updatedAt: string
  /** Failed tries since it was last queued; drives the backoff. */
  readonly attempts: number
  /** While waiting after a failure: not to be retried before this instant (ISO). */
  readonly nextAttemptAt?: string
  readonly error?: OutboxError
  readonly sentAt?: string
  /** The server's reply to the acknowledged send. */
  readonly result?: unknown
}

/** What a page hands over: the rest (state, times, attempts) belongs to the outbox. */
export interface OutboxInput {
  readonly id: string
  readonly kind: string
  readonly label: string
  readonly request: Readonly<Record<string, unknown>>
  /** Omitted: keep the photos already attached (none for a new item). */
  readonly photos?: readonly PendingPhoto[]
}

/** The result of one send, as an envelope (a thrown error or timeout arrives as NETWORK.UNAVAILABLE). */
export type SendOutcome =
  | { readonly ok: true; readonly data: unknown }
  | {
      readonly ok: false
      readonly error: {
        readonly code: string
        readonly message: string
        readonly details?: { readonly fields?: FieldErrors; readonly [key: string]: unknown }
      }
    }

const stamp = (now: Date): string => now.toISOString()

// ---------------------------------------------------------------------------------------------------
// Storage arithmetic

/** WeChat's setStorage limits (wx-cloud-facts.md, "Mini-program client"). */
export const STORAGE_LIMITS = { perKey: 1024 * 1024, total: 10 * 1024 * 1024 } as const

/** Left free for the rest of the app (login, settings): the outbox never fills the last of it. */
export const STORAGE_RESERVE_BYTES = 512 * 1024

/**
 * Room kept for an item to grow after it is queued (fileIDs, error fields, the server's reply), so the
 * state changes that follow a submission do not themselves run out of space.
 */
export const ITEM_GROWTH_BYTES = 4 * 1024

export type OutboxRefusal = 'OUTBOX.ITEM_TOO_LARGE' | 'OUTBOX.FULL'

/** Bytes of a text in UTF-8 (a Chinese character is 3 bytes, an emoji 4). */
export function utf8Length(text: string): number {
  let bytes = 0
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c < 0x80) bytes += 1
    else if (c < 0x800) bytes += 2
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1)
      if (next >= 0xdc00 && next <= 0xdfff) {
        bytes += 4
        i++
      } else bytes += 3
    } else bytes += 3
  }
  return bytes
}

/** Bytes of a value as stored: its JSON text in UTF-8 (0 for what JSON cannot hold). */
export function sizeOf(value: unknown): number {
  const json = JSON.stringify(value)
  return json === undefined ? 0 : utf8Length(json)
}

/** What one storage key costs as the platform counts it, as well as we can: the key and the value's JSON. */
export const entrySize = (key: string, value: unknown): number => utf8Length(key) + sizeOf(value)

export interface StorageUsage {
  readonly currentBytes: number
  /** The platform's total, when it says (H5 does not); the smaller of it and STORAGE_LIMITS.total counts. */
  readonly limitBytes: number
}

/** The keys a change would write (their sizes) and the bytes it frees by overwriting or removing keys. */
export interface StoragePlan {
  readonly writes: readonly number[]
  readonly freedBytes?: number
}

export type Fit = { readonly ok: true } | { readonly ok: false; readonly code: OutboxRefusal }

/**
 * Whether a change fits in storage with STORAGE_RESERVE_BYTES still free afterwards. ITEM_TOO_LARGE
 * when no amount of sending could make room (one key over 1 MB, or more than the outbox may ever
 * hold); FULL when it would fit once waiting items are sent.
 */
export function checkFits(
  plan: StoragePlan,
  usage: StorageUsage,
  limits: { readonly perKey: number; readonly total: number } = STORAGE_LIMITS,
): Fit {
  const platformLimit =
    Number.isFinite(usage.limitBytes) && usage.limitBytes > 0 ? usage.limitBytes : limits.total
  const budget = Math.min(limits.total, platformLimit) - STORAGE_RESERVE_BYTES
  const needed = plan.writes.reduce((sum, bytes) => sum + bytes, 0) + ITEM_GROWTH_BYTES
  if (plan.writes.some((bytes) => bytes + ITEM_GROWTH_BYTES > limits.perKey) || needed > budget) {
    return { ok: false, code: 'OUTBOX.ITEM_TOO_LARGE' }
  }
  const current = Number.isFinite(usage.currentBytes) ? usage.currentBytes : 0
  if (current - (plan.freedBytes ?? 0) + needed > budget) return { ok: false, code: 'OUTBOX.FULL' }
  return { ok: true }
}

// ---------------------------------------------------------------------------------------------------
// Transitions

/** A worker may still change a draft, or a rejected item (the server has not recorded it). */
export const isEditable = (item: OutboxItem): boolean => item.state === 'draft' || item.state === 'rejected'

/** Anything but an item on its way to the server may be removed from the phone. */
export const canDiscard = (item: OutboxItem): boolean => item.state !== 'sending'

function keepUploads(
  photos: readonly PendingPhoto[],
  before: readonly PendingPhoto[] | undefined,
): PendingPhoto[] {
  return photos.map((photo) => {
    if (photo.fileID || !before) return photo
    const uploaded = before.find((b) => b.localRef === photo.localRef && b.fileID)
    return uploaded ? { ...photo, fileID: uploaded.fileID } : photo
  })
}

function edited(
  input: OutboxInput,
  existing: OutboxItem | undefined,
  state: 'draft' | 'waiting',
  now: Date,
): OutboxItem {
  return {
    id: input.id,
    kind: input.kind,
    label: input.label,
    request: input.request,
    photos: keepUploads(input.photos ?? existing?.photos ?? [], existing?.photos),
    state,
    createdAt: existing?.createdAt ?? stamp(now),
    updatedAt: stamp(now),
    attempts: 0,
  }
}

/**
 * Keeps a submission as a draft (草稿). An item already waiting, sending or sent is returned unchanged:
 * what the server may already have must not change under the same id.
 */
export function saveAsDraft(input: OutboxInput, existing: OutboxItem | undefined, now: Date): OutboxItem {
  if (existing && !isEditable(existing)) return existing
  return edited(input, existing, 'draft', now)
}

/**
 * Queues a submission to be sent (待发送): new, from a draft, or a rejected item corrected (same id, so
 * the server can never count it twice). Photos already uploaded keep their fileID. An item already
 * waiting, sending or sent is returned unchanged: a second tap on 提交 queues nothing new.
 */
export function enqueue(input: OutboxInput, existing: OutboxItem | undefined, now: Date): OutboxItem {
  if (existing && !isEditable(existing)) return existing
  return edited(input, existing, 'waiting', now)
}

export function startSending(item: OutboxItem, now: Date): OutboxItem {
  if (item.state !== 'waiting') return item
  return { ...item, state: 'sending', updatedAt: stamp(now) }
}

/** Records a photo's fileID as soon as it is known, so it is not uploaded again. */
export function recordUpload(item: OutboxItem, index: number, fileID: string, now: Date): OutboxItem {
  const photos = item.photos.map((photo, i) => (i === index ? { ...photo, fileID } : photo))
  return { ...item, photos, updatedAt: stamp(now) }
}

/** The request as sent: `photos` holds the uploaded fileIDs in order (untouched when there are none). */
export function requestToSend(item: OutboxItem): Readonly<Record<string, unknown>> {
  if (item.photos.length === 0) return item.request
  const fileIDs = item.photos.map((photo, i) => {
    if (!photo.fileID) throw new Error(`outbox: photo ${i} of ${item.id} is not uploaded`)
    return photo.fileID
  })
  return { ...item.request, photos: fileIDs }
}

/** Failures that say nothing about the submission itself: the network, a timeout, the server busy. */
export const isRetryable = (code: string): boolean => code.startsWith('NETWORK.') || code === 'INTERNAL'

/** Failures that mean the network is down: no point trying the next item now. */
export const isNetworkFailure = (code: string): boolean => code.startsWith('NETWORK.')

export const BACKOFF = { firstMs: 5_000, maxMs: 5 * 60_000 } as const

/** How long to wait after the n-th failed try (n ≥ 1): 5 s, 10 s, 20 s … at most 5 minutes. */
export function backoffDelay(attempts: number): number {
  const n = Math.max(1, Math.floor(attempts))
  if (n > 20) return BACKOFF.maxMs
  return Math.min(BACKOFF.maxMs, BACKOFF.firstMs * 2 ** (n - 1))
}

/**
 * The outcome of a send: acknowledged → sent (keeping the server's reply); a network failure, timeout
 * or INTERNAL → waiting again, after a backoff; any other refusal → rejected (需修改), keeping the
 * message and the field errors so the worker can correct and resubmit, or discard.
 */
export function settleSend(item: OutboxItem, outcome: SendOutcome, now: Date): OutboxItem {
  const { nextAttemptAt: _backoff, error: _lastError, ...rest } = item
  const base = { ...rest, updatedAt: stamp(now) }
  if (outcome.ok) return { ...base, state: 'sent', sentAt: stamp(now), result: outcome.data }
  const { code, message, details } = outcome.error
  if (isRetryable(code)) {
    const attempts = item.attempts + 1
    return {
      ...base,
      state: 'waiting',
      attempts,
      nextAttemptAt: stamp(new Date(now.getTime() + backoffDelay(attempts))),
      error: { code, message },
    }
  }
  const fields = Object.fromEntries(
    Object.entries(details?.fields ?? {}).filter(
      (entry): entry is [string, string] => entry[1] !== undefined,
    ),
  )
  const error: OutboxError = Object.keys(fields).length > 0 ? { code, message, fields } : { code, message }
  return { ...base, state: 'rejected', error }
}

/** Due to be sent now: waiting, and past its backoff if it has one. */
export function isDue(item: OutboxItem, now: Date): boolean {
  if (item.state !== 'waiting') return false
  return item.nextAttemptAt === undefined || Date.parse(item.nextAttemptAt) <= now.getTime()
}

/** The network came back: a waiting item may be tried at once (its attempts still count). */
export function clearBackoff(item: OutboxItem): OutboxItem {
  if (item.state !== 'waiting' || item.nextAttemptAt === undefined) return item
  const { nextAttemptAt: _backoff, ...cleared } = item
  return cleared
}

/**
 * An item found `sending` when the app starts was cut off (the app was killed): it is waiting again.
 * Resending is safe, the server being idempotent on the id.
 */
export function recoverOnLoad(item: OutboxItem): OutboxItem {
  return item.state === 'sending' ? { ...item, state: 'waiting' } : item
}

/** How long sent items stay on the phone to be shown: the last `keepLast`, none older than `keepDays`. */
export const SENT_RETENTION = { keepLast: 20, keepDays: 7 } as const

/** The ids of sent items no longer worth keeping. Nothing unsent is ever pruned. */
export function sentToPrune(
  items: readonly OutboxItem[],
  now: Date,
  retention: { readonly keepLast: number; readonly keepDays: number } = SENT_RETENTION,
): string[] {
  const oldest = now.getTime() - retention.keepDays * 24 * 60 * 60 * 1000
  const sent = items
    .filter((item) => item.state === 'sent')
    .map((item) => ({ id: item.id, at: Date.parse(item.sentAt ?? item.updatedAt) }))
    .sort((a, b) => b.at - a.at)
  return sent.filter((s, rank) => rank >= retention.keepLast || !(s.at >= oldest)).map((s) => s.id)
}

/** How many items are in each state (for the badge: 待发送 n, 需修改 n). */
export function countByState(items: readonly OutboxItem[]): Record<OutboxState, number> {
  const counts: Record<OutboxState, number> = { draft: 0, waiting: 0, sending: 0, sent: 0, rejected: 0 }
  for (const item of items) counts[item.state]++
  return counts
}
