/**
 * weapp: the exported file into a temporary file, then WeChat's document viewer. wx.cloud.downloadFile
 * reads it by its file ID (no downloadFile domain to configure); the temporary URL through
 * Taro.downloadFile is the fallback.
 */
import Taro from '@tarojs/taro'
import type { ExportView } from '../core/contract'
import { wxCloud } from './wx-cloud'

type DocumentType = 'doc' | 'docx' | 'xls' | 'xlsx' | 'ppt' | 'pptx' | 'pdf'
const TYPES: readonly DocumentType[] = ['doc', 'docx', 'xls', 'xlsx', 'ppt', 'pptx', 'pdf']

async function download(file: ExportView): Promise<string> {
  try {
    const { tempFilePath } = await wxCloud().downloadFile({ fileID: file.fileID })
    if (tempFilePath) return tempFilePath
  } catch (e) {
    console.warn('cloud.downloadFile failed, trying the temporary URL', e)
  }
  const { tempFilePath, statusCode } = await Taro.downloadFile({ url: file.url })
  if (statusCode !== 200) throw new Error(`download failed: HTTP ${statusCode}`)
  return tempFilePath
}

export async function openExport(file: ExportView): Promise<void> {
  const filePath = await download(file)
  const extension = file.fileName.split('.').pop()?.toLowerCase() as DocumentType | undefined
  await Taro.openDocument({
    filePath,
    showMenu: true,
    ...(extension && TYPES.includes(extension) ? { fileType: extension } : {}),
  })
}
