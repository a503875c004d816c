/**
 * A ledger file (台账, .xlsx or .csv) chosen to import, chosen at build time by Taro's platform suffixes:
 * ledger-file.weapp.ts (WeChat's chooseMessageFile: a file from a chat, wx.cloud.uploadFile) and
 * ledger-file.h5.ts (a file input, the local cloud's POST /cloud-storage/upload). This file only
 * declares the shape; the build always picks a platform file.
 */

export interface LedgerFile {
  /** The file's name as the person sees it (讲座台账.xlsx). */
  readonly name: string
  readonly size: number
  /** Where the platform keeps it until it is uploaded: a temporary path (weapp), an object URL (H5). */
  readonly localRef: string
}

/**
 * Lets the person choose one .xlsx or .csv file (call it straight from a tap: the browser only opens
 * its picker during one). Resolves to undefined when the person cancels.
 */
export declare function chooseLedgerFile(): Promise<LedgerFile | undefined>

/**
 * Uploads the chosen file to `cloudPath` (under `imports/`) as `contentType` and resolves to its file
 * ID. Rejects on any failure, with `status` (H5: the HTTP status) when the server refused it.
 */
export declare function uploadLedgerFile(
  file: LedgerFile,
  cloudPath: string,
  contentType: string,
): Promise<string>
