/**
 * weapp: a ledger from a chat (WeChat's chooseMessageFile: a phone has no file manager a mini-program
 * may open; the clerk sends the spreadsheet to themselves or to 文件传输助手 first), uploaded with
 * wx.cloud.uploadFile.
 */
import Taro from '@tarojs/taro'
import type { LedgerFile } from './ledger-file'
import { asError, cancelled, uploadToCloud } from './wx-cloud'

export type { LedgerFile } from './ledger-file'

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
  return uploadToCloud(file.localRef, cloudPath)
}
