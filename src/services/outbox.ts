/**
 * The outbox store: keeps the outbox (core/outbox.ts) in the phone's key-value storage and sends it,
 * one item at a time, when the network allows.
 *
 * Layout: `outbox:index` (the ids, in order), one `outbox:item:<id>` per item, and on H5 one
 * `outbox:photo:<id>:<n>` per photo held as a data URL, so no key nears WeChat's 1 MB per key.
 * Writes are ordered so that a crash between two of them never loses an acknowledged item: photos, then
 * the item, then the index when it is new; removal goes item, index, photos. On load, items missing
 * from the index are re-adopted, index entries without an item are dropped, and photo keys no item
 * refers to are removed. A refused write (storage quota) leaves the stored queue as it was and is
 * reported as OUTBOX.FULL.
 *
 * The storage and the network calls are injected, so the whole store runs in tests without Taro.
 */
import Taro from '@tarojs/taro'
import { ERRORS, type Envelope } from '../core/errors'
import {
  canDiscard,
  checkFits,
  clearBackoff,
  countByState,
  enqueue,
  entrySize,
  isDue,
  isEditable,
  isNetworkFailure,
  recordUpload,
  recoverOnLoad,
  requestToSend,
  saveAsDraft,
  sentToPrune,
  settleSend,
  startSending,
  OUTBOX_STATES,
  type OutboxInput,
  type OutboxItem,
  type OutboxRefusal,
  type OutboxState,
  type PendingPhoto,
  type SendOutcome,
} from '../core/outbox'

/** The few storage calls the outbox needs; `taroStorage` in the app, an in-memory map in tests. */
export interface KeyValueStorage {
  get(key: string): string | undefined
  /** Throws when the platform refuses (quota); the key then keeps its previous value. */
  set(key: string, value: string): void
  remove(key: string): void
  info(): { keys: readonly string[]; currentBytes: number; limitBytes: number }
}

/**
 * Browsers keep about 5 million characters per origin in localStorage; Taro's H5 getStorageInfoSync
 * reports no sizes (NaN), so the outbox assumes this much and counts the keys itself.
 */
const BROWSER_LIMIT_BYTES = 5 * 1024 * 1024

/**
 * The platform's storage through Taro (weapp: wx.setStorageSync; H5: localStorage, each value wrapped
 * as `{"data": …}`). WeChat reports sizes in KB; where sizes are unknown, each key is measured.
 */
export const taroStorage: KeyValueStorage = {
  get(key) {
    const value: unknown = Taro.getStorageSync(key)
    return typeof value === 'string' && value !== '' ? value : undefined
  },
  set(key, value) {
    Taro.setStorageSync(key, value)
  },
  remove(key) {
    Taro.removeStorageSync(key)
  },
  info() {
    const { keys, currentSize, limitSize } = Taro.getStorageInfoSync()
    const currentBytes = Number.isFinite(currentSize)
      ? currentSize * 1024
      : keys.reduce((sum, key) => sum + entrySize(key, { data: Taro.getStorageSync(key) }), 0)
    const limitBytes = Number.isFinite(limitSize) && limitSize > 0 ? limitSize * 1024 : BROWSER_LIMIT_BYTES
    return { keys, currentBytes, limitBytes }
  },
}

export type OutboxResult =
  | { readonly ok: true; readonly item: OutboxItem }
  | { readonly ok: false; readonly error: { readonly code: OutboxRefusal; readonly message: string } }

export interface OutboxOptions {
  readonly storage: KeyValueStorage
  /** Sends one item's request (its `photos` already set to fileIDs); never needs to throw. */
  readonly send: (item: OutboxItem) => Promise<Envelope<unknown>>
  /** Uploads one photo and returns its fileID. A thrown error is retried later as a network failure. */
  readonly uploadPhoto: (photo: PendingPhoto, item: OutboxItem, index: number) => Promise<string>
  /**
   * Deletes a photo's local copy (weapp: the file kept under USER_DATA_PATH) once the outbox no longer
   * needs it: its item sent or discarded, or the photo taken off a draft. Must not throw.
   */
  readonly releasePhoto?: (photo: PendingPhoto) => void
  readonly now?: () => Date
  readonly isOnline?: () => boolean | Promise<boolean>
  /** A send or upload not answered within this is treated as a network failure (and resent later). */
  readonly sendTimeoutMs?: number
  readonly uploadTimeoutMs?: number
}

export interface Outbox {
  /** Every item kept on the phone, oldest first; the same array until something changes. */
  list(): readonly OutboxItem[]
  get(id: string): OutboxItem | undefined
  counts(): Readonly<Record<OutboxState, number>>
  /** Keeps a draft (草稿). A waiting, sending or sent item with that id is returned unchanged. */
  saveDraft(input: OutboxInput): Promise<OutboxResult>
  /**
   * Queues a submission (待发送) and starts sending it if online. Refused with OUTBOX.FULL or
   * OUTBOX.ITEM_TOO_LARGE when it cannot be kept safely. Submitting an id already waiting, sending or
   * sent changes nothing (a second tap on 提交 queues nothing new).
   */
  submit(input: OutboxInput): Promise<OutboxResult>
  /** A rejected (需修改) or draft item, corrected: queued again under the same id. */
  resubmit(id: string, request: Readonly<Record<string, unknown>>, label?: string): Promise<OutboxResult>
  /** Removes an item from the phone (not from the server); false while it is being sent. */
  discard(id: string): Promise<boolean>
  /** Sends every due item, one at a time, in order; joins a flush already under way. */
  flush(): Promise<void>
  /** The network came back: retries every waiting item at once, whatever its backoff. */
  retryNow(): Promise<void>
  /** Calls `listener` with the new list after every change; returns the unsubscribe function. */
  subscribe(listener: (items: readonly OutboxItem[]) => void): () => void
}

const INDEX_KEY = 'outbox:index'
const ITEM_PREFIX = 'outbox:item:'
const PHOTO_PREFIX = 'outbox:photo:'
const itemKey = (id: string): string => `${ITEM_PREFIX}${id}`
const photoKey = (id: string, n: number): string => `${PHOTO_PREFIX}${id}:${n}`

/** A photo as stored in its item: a data URL lives under its own key. */
interface StoredPhoto {
  readonly localRef?: string
  readonly key?: string
  readonly bytes: number
  readonly fileID?: string
}
type StoredItem = Omit<OutboxItem, 'photos'> & { readonly photos: readonly StoredPhoto[] }

interface Entry {
  readonly item: OutboxItem
  /** For each photo, the key holding its data URL (H5), if any. */
  readonly photoKeys: readonly (string | undefined)[]
}

const isDataUrl = (localRef: string): boolean => localRef.startsWith('data:')

function photoNumber(key: string): number {
  return Number(key.slice(key.lastIndexOf(':') + 1))
}

function toStored(item: OutboxItem, photoKeys: readonly (string | undefined)[]): StoredItem {
  return {
    ...item,
    photos: item.photos.map((photo, i) => {
      const key = photoKeys[i]
      if (!key) return photo
      return photo.fileID ? { key, bytes: photo.bytes, fileID: photo.fileID } : { key, bytes: photo.bytes }
    }),
  }
}

function parseStored(text: string | undefined): StoredItem | undefined {
  if (text === undefined) return undefined
  try {
    const value = JSON.parse(text) as Partial<StoredItem> | null
    if (
      value &&
      typeof value.id === 'string' &&
      typeof value.kind === 'string' &&
      OUTBOX_STATES.includes(value.state as OutboxState) &&
      typeof value.request === 'object' &&
      value.request !== null &&
      Array.isArray(value.photos)
    ) {
      return value as StoredItem
    }
  } catch {
    // unreadable: reported below
  }
  return undefined
}

function parseIndex(text: string | undefined): string[] {
  try {
    const value: unknown = text === undefined ? [] : JSON.parse(text)
    return Array.isArray(value) ? value.filter((id): id is string => typeof id === 'string') : []
  } catch {
    return []
  }
}

class Timeout extends Error {}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  if (!Number.isFinite(ms)) return promise
  let timer: ReturnType<typeof setTimeout> | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Timeout(`no answer within ${ms} ms`)), ms)
  })
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer))
}

/** A thrown error or a timeout is a network failure, unless it carries a code of its own. */
function failureOf(e: unknown): SendOutcome {
  const { code, message } = (e ?? {}) as { code?: unknown; message?: unknown }
  if (!(e instanceof Timeout) && typeof code === 'string' && typeof message === 'string') {
    return { ok: false, error: { code, message } }
  }
  return { ok: false, error: { code: 'NETWORK.UNAVAILABLE', message: ERRORS['NETWORK.UNAVAILABLE'] } }
}

const refusal = (code: OutboxRefusal): OutboxResult => ({ ok: false, error: { code, message: ERRORS[code] } })

/** The outbox over `storage`, loaded from it at once (sync). One per app: services/outbox-instance.ts. */
export function createOutbox(options: OutboxOptions): Outbox {
  const { storage, send, uploadPhoto } = options
  const releasePhoto = options.releasePhoto ?? (() => undefined)
  const release = (photos: readonly PendingPhoto[]): void => {
    for (const photo of photos) {
      try {
        releasePhoto(photo)
      } catch (e) {
        console.warn('outbox: could not release a photo', e)
      }
    }
  }
  const now = options.now ?? (() => new Date())
  const isOnline = options.isOnline ?? (() => true)
  const sendTimeoutMs = options.sendTimeoutMs ?? 30_000
  const uploadTimeoutMs = options.uploadTimeoutMs ?? 120_000

  const entries = new Map<string, Entry>()
  let order: string[] = []
  let snapshot: readonly OutboxItem[] = []
  const listeners = new Set<(items: readonly OutboxItem[]) => void>()

  function changed(): void {
    snapshot = order.map((id) => entries.get(id)!.item)
    for (const listener of [...listeners]) listener(snapshot)
  }

  function tryRemove(key: string): void {
    try {
      storage.remove(key)
    } catch (e) {
      console.warn(`outbox: could not remove ${key}`, e)
    }
  }

  function writeIndex(): void {
    try {
      storage.set(INDEX_KEY, JSON.stringify(order))
    } catch (e) {
      // Harmless: on load, items missing from the index are re-adopted and missing items dropped.
      console.warn('outbox: could not save the index', e)
    }
  }

  /**
   * A state change of an item already stored. It cannot be refused: memory stays the truth of this
   * session; should the write fail, the stored copy is one step behind, which resending makes good.
   */
  function update(next: OutboxItem): void {
    const entry = entries.get(next.id)
    const photoKeys = entry?.photoKeys ?? []
    entries.set(next.id, { item: next, photoKeys })
    try {
      storage.set(itemKey(next.id), JSON.stringify(toStored(next, photoKeys)))
    } catch (e) {
      console.warn(`outbox: could not save ${next.id}`, e)
    }
    changed()
  }

  /** Stores a new or edited item (its photos may have changed), or refuses and leaves storage as it was. */
  function put(next: OutboxItem): OutboxResult {
    const previous = entries.get(next.id)
    const previousKeys = previous?.photoKeys ?? []
    const reused = new Set<number>()
    let nextNumber = Math.max(-1, ...previousKeys.filter((k) => k !== undefined).map(photoNumber)) + 1
    const newPhotos: [string, string][] = []
    const photoKeys = next.photos.map((photo) => {
      if (!isDataUrl(photo.localRef)) return undefined
      const same = previous?.item.photos.findIndex(
        (old, j) => !reused.has(j) && previousKeys[j] !== undefined && old.localRef === photo.localRef,
      )
      if (same !== undefined && same >= 0) {
        reused.add(same)
        return previousKeys[same]
      }
      const key = photoKey(next.id, nextNumber++)
      newPhotos.push([key, photo.localRef])
      return key
    })
    const dropped = previousKeys.filter((key, j): key is string => key !== undefined && !reused.has(j))

    const text = JSON.stringify(toStored(next, photoKeys))
    const newIndex = previous ? undefined : JSON.stringify([...order, next.id])
    const writes = [
      entrySize(itemKey(next.id), text),
      ...newPhotos.map(([key, data]) => entrySize(key, data)),
    ]
    let freedBytes = 0
    const storedBytes = (key: string): number => {
      const value = storage.get(key)
      return value === undefined ? 0 : entrySize(key, value)
    }
    if (previous) freedBytes += storedBytes(itemKey(next.id))
    for (const key of dropped) freedBytes += storedBytes(key)
    if (newIndex !== undefined) {
      writes.push(entrySize(INDEX_KEY, newIndex))
      freedBytes += storedBytes(INDEX_KEY)
    }
    const fit = checkFits({ writes, freedBytes }, storage.info())
    if (!fit.ok) return refusal(fit.code)

    const written: string[] = []
    try {
      for (const [key, data] of newPhotos) {
        storage.set(key, data)
        written.push(key)
      }
      storage.set(itemKey(next.id), text)
      if (newIndex !== undefined) {
        written.push(itemKey(next.id))
        storage.set(INDEX_KEY, newIndex)
      }
    } catch (e) {
      console.warn(`outbox: storage refused ${next.id}`, e)
      for (const key of written.reverse()) tryRemove(key)
      return refusal('OUTBOX.FULL')
    }
    for (const key of dropped) tryRemove(key)
    const kept = new Set(next.photos.map((photo) => photo.localRef))
    release(previous?.item.photos.filter((photo) => !kept.has(photo.localRef)) ?? [])
    entries.set(next.id, { item: next, photoKeys })
    if (!previous) order = [...order, next.id]
    changed()
    return { ok: true, item: next }
  }

  /** Removes items: each item key first, then the index, then their photos (see the header). */
  function removeItems(ids: readonly string[]): void {
    if (ids.length === 0) return
    const gone = new Set(ids)
    const photos: string[] = []
    for (const id of ids) {
      const entry = entries.get(id)
      if (!entry) continue
      tryRemove(itemKey(id))
      photos.push(...entry.photoKeys.filter((key): key is string => key !== undefined))
      entries.delete(id)
    }
    order = order.filter((id) => !gone.has(id))
    writeIndex()
    for (const key of photos) tryRemove(key)
    changed()
  }

  function prune(): void {
    removeItems(sentToPrune(snapshot, now()))
  }

  function load(): void {
    const { keys } = storage.info()
    const present = new Set(
      keys.filter((k) => k.startsWith(ITEM_PREFIX)).map((k) => k.slice(ITEM_PREFIX.length)),
    )
    const storedIndex = parseIndex(storage.get(INDEX_KEY))
    const indexed = [...new Set(storedIndex)].filter((id) => present.has(id))
    const orphans: StoredItem[] = []
    const adopt = (id: string, stored: StoredItem | undefined): void => {
      if (!stored || stored.id !== id) {
        console.warn(`outbox: unreadable item ${id} left in storage`)
        return
      }
      // A photo key can be gone only if the app died as the item was being marked sent, after its
      // photos were removed (they all had their fileID by then): forget the key, keep the fileID.
      const data = stored.photos.map((p) => (p.key !== undefined ? storage.get(p.key) : p.localRef))
      const photoKeys = stored.photos.map((p, i) => (data[i] !== undefined ? p.key : undefined))
      const photos: PendingPhoto[] = stored.photos.map((p, i) => ({
        localRef: data[i] ?? '',
        bytes: p.bytes,
        ...(p.fileID ? { fileID: p.fileID } : {}),
      }))
      const item = recoverOnLoad({ ...stored, photos })
      entries.set(id, { item, photoKeys })
      order.push(id)
      if (stored.state !== item.state) {
        try {
          storage.set(itemKey(id), JSON.stringify(toStored(item, photoKeys)))
        } catch {
          // recovered again on the next load
        }
      }
    }
    for (const id of indexed) adopt(id, parseStored(storage.get(itemKey(id))))
    for (const id of present) {
      if (indexed.includes(id)) continue
      const stored = parseStored(storage.get(itemKey(id)))
      if (stored) orphans.push(stored)
      else adopt(id, undefined)
    }
    orphans.sort((a, b) => a.createdAt.localeCompare(b.createdAt))
    for (const stored of orphans) adopt(stored.id, stored)
    if (JSON.stringify(order) !== JSON.stringify(storedIndex)) writeIndex()

    const referenced = new Set(
      [...entries.values()].flatMap((e) => e.photoKeys.filter((k) => k !== undefined)),
    )
    for (const key of keys) if (key.startsWith(PHOTO_PREFIX) && !referenced.has(key)) tryRemove(key)
    changed()
    prune()
  }

  async function sendOne(id: string): Promise<'next' | 'stop'> {
    let item = entries.get(id)?.item
    if (!item || !isDue(item, now())) return 'next'
    item = startSending(item, now())
    update(item)
    for (let i = 0; i < item.photos.length; i++) {
      const photo = item.photos[i]!
      if (photo.fileID) continue
      let fileID: string
      try {
        fileID = await withTimeout(uploadPhoto(photo, item, i), uploadTimeoutMs)
      } catch (e) {
        return settle(id, failureOf(e))
      }
      item = recordUpload(entries.get(id)?.item ?? item, i, fileID, now())
      update(item)
    }
    let outcome: SendOutcome
    try {
      outcome = await withTimeout(send({ ...item, request: requestToSend(item) }), sendTimeoutMs)
    } catch (e) {
      outcome = failureOf(e)
    }
    return settle(id, outcome)
  }

  function settle(id: string, outcome: SendOutcome): 'next' | 'stop' {
    const entry = entries.get(id)
    if (!entry) return 'next'
    const next = settleSend(entry.item, outcome, now())
    if (next.state === 'sent') {
      // Every photo has its fileID now: the local copies are released. Removing their keys first
      // frees the space the item's last write may need; a crash in between loses nothing.
      const held = entry.photoKeys.filter((key): key is string => key !== undefined)
      for (const key of held) tryRemove(key)
      release(next.photos)
      entries.set(id, { item: entry.item, photoKeys: [] })
      update({
        ...next,
        photos: next.photos.map((photo) => ({ ...photo, localRef: '' })), // released: only the fileID is left
      })
      prune()
      return 'next'
    }
    update(next)
    return !outcome.ok && isNetworkFailure(outcome.error.code) ? 'stop' : 'next'
  }

  async function pass(): Promise<void> {
    const tried = new Set<string>()
    for (;;) {
      if (!(await isOnline())) return
      const due = order.find((id) => !tried.has(id) && isDue(entries.get(id)!.item, now()))
      if (due === undefined) return
      tried.add(due)
      if ((await sendOne(due)) === 'stop') return
    }
  }

  let running: Promise<void> | undefined
  let again = false

  function flush(): Promise<void> {
    if (running) {
      again = true
      return running
    }
    running = (async () => {
      try {
        do {
          again = false
          await pass()
        } while (again)
      } catch (e) {
        console.warn('outbox: flush failed', e)
      } finally {
        running = undefined
      }
    })()
    return running
  }

  function startFlush(): void {
    void flush()
  }

  function edit(next: OutboxItem, existing: OutboxItem | undefined): OutboxResult {
    if (next === existing) return { ok: true, item: next }
    return put(next)
  }

  load()

  return {
    list: () => snapshot,
    get: (id) => entries.get(id)?.item,
    counts: () => countByState(snapshot),

    async saveDraft(input) {
      const existing = entries.get(input.id)?.item
      return edit(saveAsDraft(input, existing, now()), existing)
    },

    async submit(input) {
      const existing = entries.get(input.id)?.item
      const result = edit(enqueue(input, existing, now()), existing)
      if (result.ok) startFlush()
      return result
    },

    async resubmit(id, request, label) {
      const existing = entries.get(id)?.item
      if (!existing) throw new Error(`outbox: no item ${id}`)
      if (!isEditable(existing)) return { ok: true, item: existing }
      const result = edit(
        enqueue({ ...existing, request, label: label ?? existing.label }, existing, now()),
        existing,
      )
      if (result.ok) startFlush()
      return result
    },

    async discard(id) {
      const existing = entries.get(id)?.item
      if (!existing) return true
      if (!canDiscard(existing)) return false
      removeItems([id])
      if (existing.state !== 'sent') release(existing.photos)
      return true
    },

    flush,

    retryNow() {
      for (const id of order) {
        const item = entries.get(id)!.item
        const cleared = clearBackoff(item)
        if (cleared !== item) update(cleared)
      }
      return flush()
    },

    subscribe(listener) {
      listeners.add(listener)
      return () => {
        listeners.delete(listener)
      }
    },
  }
}
