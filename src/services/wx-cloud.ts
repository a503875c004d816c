/**
 * weapp only (imported by the `.weapp.ts` services, never by H5 code): wx.cloud initialised once, in
 * one place, for every use of it (function calls, photo uploads), so they all talk to the same env.
 */
import Taro from '@tarojs/taro'

let initialised = false

export function wxCloud(): typeof Taro.cloud {
  if (!initialised) {
    Taro.cloud.init({ env: CLOUD_ENV || undefined, traceUser: true })
    initialised = true
  }
  return Taro.cloud
}

/** WeChat's failures are plain objects ({errMsg, errCode}); callers get an Error that keeps them. */
export function asError(e: unknown): Error {
  if (e instanceof Error) return e
  const { errMsg, errCode } = (e ?? {}) as { errMsg?: string; errCode?: number }
  return Object.assign(new Error(errMsg ?? String(e)), { errCode })
}

/** A picker the person closed without choosing. */
export const cancelled = (e: unknown): boolean =>
  /cancel/i.test((e as { errMsg?: string } | undefined)?.errMsg ?? '')

/** A local file into cloud storage at `cloudPath` (which wx.cloud.uploadFile overwrites: make it unique). */
export async function uploadToCloud(filePath: string, cloudPath: string): Promise<string> {
  try {
    const { fileID } = await wxCloud().uploadFile({ cloudPath, filePath })
    return fileID
  } catch (e) {
    throw asError(e)
  }
}
