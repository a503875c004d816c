/**
 * weapp: photos from WeChat's picker (camera or album), shrunk with compressImage when they are big,
 * then moved out of the temporary folder (which WeChat may empty once the app closes) into
 * USER_DATA_PATH, so a photo waiting for the network survives a restart. Uploaded with
 * wx.cloud.uploadFile, which overwrites an existing path: callers pass unique paths (photoCloudPath).
 */
import Taro from '@tarojs/taro'
import {
  MAX_PHOTOS_PER_EVENT,
  newPhotoToken,
  PHOTO_JPEG_QUALITY,
  PHOTO_MAX_SIDE,
  PHOTO_TARGET_BYTES,
  scaledSize,
  type LocalPhoto,
} from '../core/photos'
import { asError, cancelled, uploadToCloud, wxCloud } from './wx-cloud'

export type { LocalPhoto } from '../core/photos'

/** EXIF orientations that turn the picture a quarter: its displayed width is the stored height. */
const QUARTER_TURNS = new Set(['left', 'right', 'left-mirrored', 'right-mirrored'])

/** A temporary file small enough to keep: compressImage when it is big, too wide or not JPEG. */
async function shrink(src: string, size: number): Promise<string> {
  try {
    const info = await Taro.getImageInfo({ src })
    const turned = QUARTER_TURNS.has(info.orientation)
    const [width, height] = turned ? [info.height, info.width] : [info.width, info.height]
    const longSide = Math.max(width, height)
    if (size <= PHOTO_TARGET_BYTES && longSide <= PHOTO_MAX_SIDE && info.type === 'jpeg') return src
    const target = scaledSize(width, height, PHOTO_MAX_SIDE)
    // One side only, the other follows the aspect ratio: giving both could stretch a turned photo.
    const { tempFilePath } = await Taro.compressImage({
      src,
      quality: Math.round(PHOTO_JPEG_QUALITY * 100),
      ...(width >= height ? { compressedWidth: target.width } : { compressedHeight: target.height }),
    })
    return tempFilePath
  } catch (e) {
    console.warn('compressImage failed; keeping the photo as WeChat gave it', e)
    return src
  }
}

function keep(tempPath: string): LocalPhoto {
  const userDir = Taro.env.USER_DATA_PATH
  if (!userDir) throw new Error('USER_DATA_PATH is not available')
  const fs = Taro.getFileSystemManager()
  const localRef = fs.saveFileSync(tempPath, `${userDir}/photo-${newPhotoToken()}.jpg`)
  const stats = fs.statSync(localRef) as Taro.Stats
  return { localRef, bytes: stats.size }
}

export async function choosePhotos(max: number): Promise<LocalPhoto[]> {
  const count = Math.min(Math.floor(max), MAX_PHOTOS_PER_EVENT)
  if (!(count >= 1)) return []
  let files: Taro.chooseMedia.ChooseMedia[]
  try {
    const result = await Taro.chooseMedia({
      count,
      mediaType: ['image'],
      sourceType: ['album', 'camera'],
      sizeType: ['compressed'],
    })
    files = result.tempFiles
  } catch (e) {
    if (cancelled(e)) return []
    throw asError(e)
  }
  const photos: LocalPhoto[] = []
  try {
    // One at a time: compressing several big photos at once can run an older phone out of memory.
    for (const file of files.slice(0, count)) {
      photos.push(keep(await shrink(file.tempFilePath, file.size)))
    }
  } catch (e) {
    for (const photo of photos) removeLocalPhoto(photo.localRef) // all or nothing: no orphans
    throw asError(e)
  }
  return photos
}

export const uploadPhoto = (localRef: string, cloudPath: string): Promise<string> =>
  uploadToCloud(localRef, cloudPath)

export const photoSrc = (localRef: string): string => localRef

export function removeLocalPhoto(localRef: string): void {
  try {
    Taro.getFileSystemManager().unlinkSync(localRef)
  } catch {
    // Already gone (or never kept): nothing to clean up.
  }
}

export type ThumbnailSource =
  { readonly localRef: string } | { readonly fileID: string; readonly url: string }

/** The width of a thumbnail (publications' covers in the residents' list). */
const THUMB_WIDTH = 320

/**
 * A thumbnail with compressImage, one side given (the other follows the aspect ratio, as `shrink`
 * does). An image in cloud storage is first downloaded with wx.cloud.downloadFile, which needs no
 * download domain configured, unlike Taro.downloadFile of its temporary URL.
 */
export async function makeThumbnail(source: ThumbnailSource): Promise<string> {
  let src: string
  if ('localRef' in source) src = source.localRef
  else {
    try {
      src = (await wxCloud().downloadFile({ fileID: source.fileID })).tempFilePath
    } catch (e) {
      throw asError(e)
    }
  }
  try {
    const info = await Taro.getImageInfo({ src })
    const turned = QUARTER_TURNS.has(info.orientation)
    const width = turned ? info.height : info.width
    // One side only, the other follows the aspect ratio (as `shrink`): never wider than it is.
    const { tempFilePath } = await Taro.compressImage({
      src,
      quality: Math.round(PHOTO_JPEG_QUALITY * 100),
      compressedWidth: Math.min(width, THUMB_WIDTH),
    })
    return tempFilePath
  } catch (e) {
    throw asError(e)
  }
}
