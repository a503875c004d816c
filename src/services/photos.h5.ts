/**
 * H5: photos from a file input (the browser offers camera or files), shrunk on a canvas to JPEG and
 * kept as a data URL (a browser has no file system the app could keep them in), uploaded to the local
 * cloud's POST /cloud-storage/upload as the persona chosen in 我的 (wx.cloud.uploadFile is weapp only).
 *
 * The input is our own rather than Taro.chooseImage: it honours `max`, needs no action sheet on
 * phones, and browser tests can reach it by a stable id (PHOTO_INPUT_ID) while the picker is open.
 */
import {
  dataUrlBytes,
  MAX_PHOTOS_PER_EVENT,
  PHOTO_JPEG_QUALITY,
  PHOTO_MAX_SIDE,
  PHOTO_TARGET_BYTES,
  scaledSize,
  type LocalPhoto,
} from '../core/photos'
import { postToCloudStorage } from './h5-upload'

export type { LocalPhoto } from '../core/photos'

/**
 * The id of the file input, in the page only while choosePhotos waits for the person: keep it stable,
 * browser tests use it. Headless Chromium cancels a file picker at once (choosePhotos gives []) unless
 * Playwright listens for `filechooser`; with a listener, set files on `#event-photo-input` or the chooser.
 */
const PHOTO_INPUT_ID = 'event-photo-input'

/** Lowest JPEG quality tried when a photo is still over the target size at the usual quality. */
const LOWEST_QUALITY = 0.4

/** Settles a picker the browser never reported closing (older browsers fire no `cancel`). */
let abandonPicker: (() => void) | undefined

function pickFiles(count: number): Promise<File[]> {
  abandonPicker?.()
  const input = document.createElement('input')
  input.type = 'file'
  input.accept = 'image/*'
  input.id = PHOTO_INPUT_ID
  input.multiple = count > 1
  input.style.cssText = 'position: fixed; left: -3000px; top: -4000px;'
  document.body.appendChild(input)
  return new Promise<File[]>((resolve) => {
    const settle = (files: File[]): void => {
      input.remove()
      abandonPicker = undefined
      resolve(files)
    }
    abandonPicker = () => settle([])
    input.addEventListener('change', () => settle(Array.from(input.files ?? []).slice(0, count)))
    input.addEventListener('cancel', () => settle([]))
    // Synchronously, within the person's tap: browsers open a file picker only during a user gesture.
    input.click()
  })
}

function loadImage(file: Blob): Promise<HTMLImageElement> {
  return new Promise((resolve, reject) => {
    const image = new Image()
    image.onload = () => resolve(image)
    const name = file instanceof File && file.name ? file.name : 'the photo'
    image.onerror = () => reject(new Error(`cannot read ${name} as an image`))
    image.src = URL.createObjectURL(file)
  })
}

/** Draws the photo at most PHOTO_MAX_SIDE on its long side and exports a JPEG data URL. */
async function shrink(file: File): Promise<LocalPhoto> {
  const image = await loadImage(file)
  try {
    // The browser has already turned the picture upright (EXIF orientation) in naturalWidth/Height.
    const { width, height } = scaledSize(image.naturalWidth, image.naturalHeight, PHOTO_MAX_SIDE)
    const canvas = document.createElement('canvas')
    canvas.width = width
    canvas.height = height
    const context = canvas.getContext('2d')
    if (!context) throw new Error('this browser cannot draw on a canvas')
    context.fillStyle = '#ffffff' // a transparent PNG would otherwise turn black as a JPEG
    context.fillRect(0, 0, width, height)
    context.drawImage(image, 0, 0, width, height)
    let quality = PHOTO_JPEG_QUALITY
    let dataUrl = canvas.toDataURL('image/jpeg', quality)
    while (dataUrlBytes(dataUrl) > PHOTO_TARGET_BYTES && quality - 0.15 >= LOWEST_QUALITY) {
      quality -= 0.15
      dataUrl = canvas.toDataURL('image/jpeg', quality)
    }
    return { localRef: dataUrl, bytes: dataUrlBytes(dataUrl) }
  } finally {
    URL.revokeObjectURL(image.src)
  }
}

export async function choosePhotos(max: number): Promise<LocalPhoto[]> {
  const count = Math.min(Math.floor(max), MAX_PHOTOS_PER_EVENT)
  if (!(count >= 1)) return []
  const files = await pickFiles(count)
  const photos: LocalPhoto[] = []
  for (const file of files) photos.push(await shrink(file)) // one at a time: bounded memory
  return photos
}

function decodeDataUrl(dataUrl: string): Blob {
  dataUrlBytes(dataUrl) // throws unless it is a base64 data URL
  const comma = dataUrl.indexOf(',')
  const type = dataUrl.slice('data:'.length, dataUrl.indexOf(';'))
  const binary = atob(dataUrl.slice(comma + 1))
  const bytes = new Uint8Array(binary.length)
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i)
  return new Blob([bytes], { type })
}

export async function uploadPhoto(localRef: string, cloudPath: string): Promise<string> {
  const body = decodeDataUrl(localRef)
  return postToCloudStorage(body, cloudPath, body.type)
}

export const photoSrc = (localRef: string): string => localRef

export function removeLocalPhoto(_localRef: string): void {
  // Nothing to delete: the data URL lives only where the caller keeps it.
}

export type ThumbnailSource =
  { readonly localRef: string } | { readonly fileID: string; readonly url: string }

/** The width of a thumbnail (publications' covers in the residents' list). */
const THUMB_WIDTH = 320

/**
 * A thumbnail drawn on a canvas. An image in cloud storage is fetched as bytes first: drawn from its
 * URL directly, a cross-origin image would taint the canvas and toDataURL would refuse.
 */
export async function makeThumbnail(source: ThumbnailSource): Promise<string> {
  let blob: Blob
  if ('localRef' in source) blob = decodeDataUrl(source.localRef)
  else {
    const res = await fetch(source.url)
    if (!res.ok) throw new Error(`cannot read the image: HTTP ${res.status}`)
    blob = await res.blob()
  }
  const image = await loadImage(blob)
  try {
    const width = Math.min(image.naturalWidth, THUMB_WIDTH)
    const height = Math.max(1, Math.round((image.naturalHeight * width) / image.naturalWidth))
    const canvas = document.createElement('canvas')
    canvas.width = width
    canvas.height = height
    const context = canvas.getContext('2d')
    if (!context) throw new Error('this browser cannot draw on a canvas')
    context.fillStyle = '#ffffff'
    context.fillRect(0, 0, width, height)
    context.drawImage(image, 0, 0, width, height)
    return canvas.toDataURL('image/jpeg', PHOTO_JPEG_QUALITY)
  } finally {
    URL.revokeObjectURL(image.src)
  }
}
