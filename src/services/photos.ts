/**
 * Photo evidence for an event, chosen at build time by Taro's platform suffixes: photos.weapp.ts
 * (WeChat's picker, compressImage, files kept under USER_DATA_PATH, wx.cloud.uploadFile) and
 * photos.h5.ts (a file input, a canvas, the local cloud's POST /cloud-storage/upload).
 * This file only declares the shape; the build always picks a platform file.
 *
 * A chosen photo is kept on the phone (it survives an app restart) until it is uploaded, so an
 * offline queue can hold its `localRef` and upload later. Sizes, paths and checks: src/core/photos.ts.
 */
import type { LocalPhoto } from '../core/photos'

export type { LocalPhoto } from '../core/photos'

/**
 * Lets the person take or choose up to `max` photos (call it straight from a tap: the browser only
 * opens its picker during one), shrunk to a long side of at most 1280 px as JPEG. Resolves to [] when
 * the person cancels; rejects when the photos cannot be read or kept.
 */
export declare function choosePhotos(max: number): Promise<LocalPhoto[]>

/**
 * Uploads a kept photo to `cloudPath` (photoCloudPath in src/core/photos.ts) and resolves to its
 * file ID. Rejects on any failure, with `status` (H5: the HTTP status) when the server refused it.
 */
export declare function uploadPhoto(localRef: string, cloudPath: string): Promise<string>

/** What an `<Image src>` can show before the photo is uploaded. */
export declare function photoSrc(localRef: string): string

/** Deletes a kept photo once it is uploaded or discarded; never throws. */
export declare function removeLocalPhoto(localRef: string): void

/**
 * What a thumbnail is made from: a photo chosen on the phone (`localRef`), or an image already in cloud
 * storage (`fileID`, with its temporary `url`), such as an event photo chosen as a publication's cover.
 */
export type ThumbnailSource =
  { readonly localRef: string } | { readonly fileID: string; readonly url: string }

/**
 * A small JPEG of the image for lists, made on the phone: 320 px wide (never enlarged), sharp on a list
 * row and a few tens of KB. Resolves to a localRef that uploadPhoto uploads and removeLocalPhoto
 * discards; rejects when it cannot be made.
 */
export declare function makeThumbnail(source: ThumbnailSource): Promise<string>
