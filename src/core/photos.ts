/**
 * Photo evidence (照片) of an event: how big a photo may be, where it is stored and which file IDs an
 * event may carry. Shared by the phone (which shrinks and names photos before uploading them) and the
 * cloud function (which accepts only file IDs under the event's own folder, so nobody can attach
 * another event's photos or a file they did not upload for this event).
 */

/** At most nine photos per event: one screen of thumbnails, as WeChat's own pickers allow. */
export const MAX_PHOTOS_PER_EVENT = 9

/** The long side of a photo after shrinking: sharp enough to read a banner, small enough for 4G. */
export const PHOTO_MAX_SIDE = 1280

/** JPEG quality of a shrunk photo (0 to 1; WeChat's compressImage takes it as 0 to 100). */
export const PHOTO_JPEG_QUALITY = 0.7

/** A photo larger than this is shrunk (and should come out well under it). */
export const PHOTO_TARGET_BYTES = 300 * 1024

/** A photo on the phone, kept until it is uploaded (possibly after an app restart, offline). */
export interface LocalPhoto {
  /** weapp: a file path under USER_DATA_PATH; H5: a `data:image/jpeg;base64,…` URL. */
  readonly localRef: string
  readonly bytes: number
}

/** Ids that are safe as one folder name: an event's UUID, or any short id of letters and digits. */
const SAFE_ID = /^[A-Za-z0-9_-]{1,64}$/
const SAFE_RANDOM = /^[A-Za-z0-9]{1,32}$/

/**
 * The size to draw a `width` × `height` image at so that neither side exceeds `maxSide`, keeping its
 * aspect ratio (to the nearest pixel) and never enlarging it. Sides are whole pixels, at least 1.
 */
export function scaledSize(
  width: number,
  height: number,
  maxSide: number,
): { width: number; height: number } {
  for (const [name, value] of Object.entries({ width, height, maxSide })) {
    if (!Number.isInteger(value) || value < 1) throw new RangeError(`${name} must be a whole number ≥ 1`)
  }
  if (width <= maxSide && height <= maxSide) return { width, height }
  const shorter = (side: number, longSide: number): number =>
    Math.min(maxSide, Math.max(1, Math.round((side * maxSide) / longSide)))
  return width >= height
    ? { width: maxSide, height: shorter(height, width) }
    : { width: shorter(width, height), height: maxSide }
}

/**
 * Where photo `index` of an event is stored: `events/<eventId>/<index>-<random>.jpg`. The random
 * part makes the path unique, because an upload to an existing path overwrites that file.
 */
export function photoCloudPath(eventId: string, index: number, random: string): string {
  if (!SAFE_ID.test(eventId)) throw new RangeError(`not an event id: ${eventId}`)
  if (!Number.isInteger(index) || index < 0 || index >= MAX_PHOTOS_PER_EVENT) {
    throw new RangeError(`photo index must be 0 to ${MAX_PHOTOS_PER_EVENT - 1}`)
  }
  if (!SAFE_RANDOM.test(random)) throw new RangeError('the random part must be 1 to 32 letters or digits')
  return `events/${eventId}/${index}-${random}.jpg`
}

/** Twelve random lowercase letters and digits, for photoCloudPath and local file names. */
export function newPhotoToken(random: () => number = Math.random): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789'
  return Array.from({ length: 12 }, () => alphabet[Math.floor(random() * alphabet.length)]!).join('')
}

/**
 * True only for a file ID of a photo stored by photoCloudPath for this event:
 * `cloud://<env>.<bucket>/events/<eventId>/<n>-<letters or digits>.jpg`. Another event's folder,
 * another extension, `..` or any extra path part is refused.
 */
export function isEventPhotoFileId(fileID: unknown, eventId: string): boolean {
  if (typeof fileID !== 'string' || !SAFE_ID.test(eventId) || fileID.includes('..')) return false
  const match =
    /^cloud:\/\/[A-Za-z0-9._-]+\/events\/([A-Za-z0-9_-]+)\/(0|[1-9]\d{0,2})-[A-Za-z0-9]{1,32}\.jpg$/.exec(
      fileID,
    )
  return match !== null && match[1] === eventId && Number(match[2]) < MAX_PHOTOS_PER_EVENT
}

/** The size in bytes of what a base64 data URL holds (as `canvas.toDataURL` makes), without decoding it. */
export function dataUrlBytes(dataUrl: string): number {
  const match = /^data:[^,]*;base64,([A-Za-z0-9+/]*)(={0,2})$/.exec(dataUrl)
  if (!match || (match[1]!.length + match[2]!.length) % 4 !== 0) {
    throw new RangeError('not a base64 data URL')
  }
  return ((match[1]!.length + match[2]!.length) / 4) * 3 - match[2]!.length
}
