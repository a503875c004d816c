/**
 * weapp: a ledger from a chat (WeChat's chooseMessageFile: a phone has no file manager a mini-program
 * may open; the clerk sends the spreadsheet to themselves or to 文件传输助手 first), uploaded with
 * wx.cloud.uploadFile.
 */
import Taro from '@tarojs/taro'
import type { LedgerFile } from './ledger-file'
import { wxCloud } from './wx-cloud'

export type { LedgerFile } from './ledger-file'

/** WeChat's failures are plain objects ({errMsg, errCode}); callers get an Error that keeps them. */
function asError(e: unknown): Error {
  if (e instanceof Error) return e
  const { errMsg, errCode } = (e ?? {}) as { errMsg?: string; errCode?: number }
  return Object.assign(new Error(errMsg ?? String(e)), { errCode })
}

const cancelled = (e: unknown): boolean =>
  /cancel/i.test((e as { errMsg?: string } | undefined)?.errMsg ?? '')

export async function chooseLedgerFile(): Promise<LedgerFile | undefined> {
  try {
    const { tempFiles } = await Taro.chooseMessageFile({ count: 1, type: 'file', extension: ['xlsx', 'csv'] })
    const file = tempFiles[0]
    return file ? { name: file.name, size: file.size, localRef: file.path } : undefined
  } catch (e) {
    if (cancelled(e)) return undefined
    throw asError(e)
  }
}

export async function uploadLedgerFile(
  file: LedgerFile,
  cloudPath: string,
  _contentType: string,
): Promise<string> {
  try {
    const { fileID } = await wxCloud().uploadFile({ cloudPath, filePath: file.localRef })
    return fileID
  } catch (e) {
    throw asError(e)
  }
}
