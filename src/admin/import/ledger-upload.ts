/**
 * What 导入历史台账 needs around the upload: which files are ledgers, where they go in cloud storage
 * (`imports/`, the only folder ledgers.importLedger reads), how large they may be, and what the chosen
 * type's headers are (from the core's reading of ledgers, so the help and the reading never differ).
 */
import { chinaToday } from '../../core/china-time'
import type { ImportRowError } from '../../core/contract'
import { newEventId } from '../../core/event-input'
import type { EventTypeDefinition } from '../../core/event-types'
import { ledgerFields } from '../../core/ledger-import'

export type LedgerExtension = 'xlsx' | 'csv'

/** As ledgers.importLedger (MAX_LEDGER_BYTES) and the local cloud's upload route allow. */
export const LEDGER_MAX_BYTES = 5 * 1024 * 1024

export const LEDGER_CONTENT_TYPES: Readonly<Record<LedgerExtension, string>> = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv',
}

/** The ledger kind of a file by its name (讲座台账.XLSX → xlsx), or undefined for anything else. */
export function ledgerExtension(name: string): LedgerExtension | undefined {
  const extension = /\.([a-z]+)$/i.exec(name.trim())?.[1]?.toLowerCase()
  return extension === 'xlsx' || extension === 'csv' ? extension : undefined
}

/**
 * A fresh cloud path for an upload: `imports/<day>-<random id>.<ext>`. Nothing in it names the street
 * or the file (a name may hold anything); every upload gets its own path, so none overwrites another.
 */
export const ledgerCloudPath = (extension: LedgerExtension, random: () => number = Math.random): string =>
  `imports/${chinaToday().replace(/-/g, '')}-${newEventId(random)}.${extension}`

/** 12 KB, 1.4 MB. */
export function fileSize(bytes: number): string {
  if (bytes < 1024 * 1024) return `${Math.max(1, Math.round(bytes / 1024))} KB`
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`
}

/** The headers a ledger of the type is read by, in the order of the form, and which must be there. */
export const expectedHeaders = (def: EventTypeDefinition): readonly { name: string; required: boolean }[] =>
  ledgerFields(def).map((f) => ({ name: f.name, required: f.required }))

/** Where a row's error is: 第4行 · 举办日期. */
export const errorPlace = (e: ImportRowError): string =>
  e.column ? `第${e.row}行 · ${e.column}` : `第${e.row}行`
