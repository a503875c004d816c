/**
 * The app's one outbox, over the platform's storage. Which cloud call sends an item is a small table
 * keyed by `kind` (`<function>.<action>`): an unknown kind is refused, so the worker sees it and can
 * discard it rather than have it retried for ever.
 */
import type { Envelope } from '../core/errors'
import { ERRORS } from '../core/errors'
import type { OutboxItem } from '../core/outbox'
import { newPhotoToken, photoCloudPath } from '../core/photos'
import { callCloud } from './cloud'
import { isOnline } from './network'
import { createOutbox, taroStorage } from './outbox'
import { removeLocalPhoto, uploadPhoto } from './photos'

type Request = Readonly<Record<string, unknown>>

/**
 * callCloud, typed loosely: the outbox holds requests as plain JSON (possibly from an older version of
 * the app), and the server checks every field anyway.
 */
const call = callCloud as unknown as (
  name: string,
  action: string,
  request: Request,
) => Promise<Envelope<unknown>>

/** The outbox sets `photos` at the top of the request; events carry them in `event.photos`. */
function photosIntoEvent(request: Request): Request {
  if (!('photos' in request)) return request
  const { photos, ...rest } = request
  const event = (rest.event ?? {}) as Request
  return { ...rest, event: { ...event, photos } }
}

const SENDERS: Readonly<Record<string, (request: Request) => Promise<Envelope<unknown>>>> = {
  'events.create': (request) => call('events', 'create', photosIntoEvent(request)),
  'events.update': (request) => call('events', 'update', photosIntoEvent(request)),
  'events.void': (request) => call('events', 'void', request),
  'events.restore': (request) => call('events', 'restore', request),
  'cases.step': (request) => call('cases', 'step', request),
}

async function send(item: OutboxItem): Promise<Envelope<unknown>> {
  const sender = SENDERS[item.kind]
  if (!sender) {
    return { ok: false, error: { code: 'REQUEST.UNKNOWN_ACTION', message: ERRORS['REQUEST.UNKNOWN_ACTION'] } }
  }
  return sender(item.request)
}

/** Photos go under the event they belong to (`request.id`; for a create, the item's own id). */
const eventIdOf = (item: OutboxItem): string =>
  typeof item.request.id === 'string' ? item.request.id : item.id

/** A coded error makes the outbox set the item aside (需修改) instead of retrying it as a network failure. */
const refused = (): Error =>
  Object.assign(new Error(ERRORS['REQUEST.INVALID']), { code: 'REQUEST.INVALID' as const })

/**
 * Uploads one photo to a fresh path. A path that cannot be made (a 10th photo, an odd id) or an upload
 * the server refuses outright (HTTP 4xx, H5) will not succeed later; but a timeout, a rate limit or a
 * missing sign-in (401: signing in again fixes it) is retried like a lost network.
 */
async function upload(localRef: string, item: OutboxItem, index: number): Promise<string> {
  let cloudPath: string
  try {
    cloudPath = photoCloudPath(eventIdOf(item), index, newPhotoToken())
  } catch {
    throw refused()
  }
  try {
    return await uploadPhoto(localRef, cloudPath)
  } catch (e) {
    const status = (e as { status?: unknown } | undefined)?.status
    if (typeof status === 'number' && status >= 400 && status < 500 && ![401, 408, 429].includes(status)) {
      throw refused()
    }
    throw e
  }
}

export const appOutbox = createOutbox({
  storage: taroStorage,
  send,
  uploadPhoto: (photo, item, index) => upload(photo.localRef, item, index),
  releasePhoto: (photo) => removeLocalPhoto(photo.localRef),
  isOnline,
})
