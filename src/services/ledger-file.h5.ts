/**
 * H5: a ledger from a file input (accept=".xlsx,.csv"), kept as an object URL until it is uploaded to
 * the local cloud's POST /cloud-storage/upload as the persona chosen in 我的 (wx.cloud.uploadFile is
 * weapp only).
 *
 * Browser tests reach the input by a stable id (LEDGER_INPUT_ID) while the picker is open: headless
 * Chromium cancels a file picker at once unless Playwright listens for `filechooser`; with a listener,
 * set files on `#ledger-file-input` (page.setInputFiles) or on the chooser.
 */
import type { LedgerFile } from './ledger-file'
import { postToCloudStorage } from './h5-upload'

export type { LedgerFile } from './ledger-file'

const LEDGER_INPUT_ID = 'ledger-file-input'

/** Settles a picker the browser never reported closing (older browsers fire no `cancel`). */
let abandonPicker: (() => void) | undefined
/** The object URL of the file chosen last: released when another is chosen. */
let lastUrl: string | undefined

function pickFile(): Promise<File | undefined> {
  abandonPicker?.()
  const input = document.createElement('input')
  input.type = 'file'
  input.accept = '.xlsx,.csv'
  input.id = LEDGER_INPUT_ID
  input.style.cssText = 'position: fixed; left: -3000px; top: -4000px;'
  document.body.appendChild(input)
  return new Promise<File | undefined>((resolve) => {
    const settle = (file: File | undefined): void => {
      input.remove()
      abandonPicker = undefined
      resolve(file)
    }
    abandonPicker = () => settle(undefined)
    input.addEventListener('change', () => settle(input.files?.[0]))
    input.addEventListener('cancel', () => settle(undefined))
    // Synchronously, within the person's tap: browsers open a file picker only during a user gesture.
    input.click()
  })
}

export async function chooseLedgerFile(): Promise<LedgerFile | undefined> {
  const file = await pickFile()
  if (!file) return undefined
  if (lastUrl) URL.revokeObjectURL(lastUrl)
  lastUrl = URL.createObjectURL(file)
  return { name: file.name, size: file.size, localRef: lastUrl }
}

export async function uploadLedgerFile(
  file: LedgerFile,
  cloudPath: string,
  contentType: string,
): Promise<string> {
  return postToCloudStorage(await (await fetch(file.localRef)).blob(), cloudPath, contentType)
}
