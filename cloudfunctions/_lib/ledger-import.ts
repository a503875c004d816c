/**
 * `ledgers.importLedger`: an existing ledger (台账, xlsx or csv with Chinese headers) uploaded to cloud
 * storage under `imports/`, into events of one type at one node. The reading and the validation of the
 * rows are the core's (src/core/ledger-import.ts); here: who may, where, the file, the ids, the writes.
 *
 * - Access: `ledger.import` and `event.log` at the node the events will belong to (the request's
 *   `nodeId`, else the caller's street): an event belongs to exactly one node.
 * - The type comes from the street's catalogue (its own types too; a retired type is refused), and the
 *   street's closed years refuse rows dated in them, with the closed-year sentence.
 * - A dry run validates every row, writes nothing and answers every row's errors (and how many rows were
 *   imported before). A real run writes nothing either when any row has an error: it answers the same
 *   errors with `created: 0`. Otherwise every row becomes an event exactly as `events.create` stores one
 *   (new-event.ts, `addEventOnce`: the event and its totals in one transaction, then its audit entry),
 *   created by the caller, with `importedFrom: {fileID, row}`.
 * - Idempotent: an event's id derives from the street, the node, the type, the row's normalised content
 *   and how many identical rows came before it in the file, so importing the same file again (or the same
 *   rows in another file, or after a run cut short) creates nothing new: those rows are `alreadyImported`.
 * - Time: rows are written 8 at a time, but never two of the same month at once (they update the same
 *   totals document, and would conflict at commit and be retried). Each row costs the round trips of a
 *   create (a transaction of the event and its totals, then the audit entry): about 7 ms a row on the local
 *   cloud, so 1000 rows of one month take about 8 s there; rows of several months go in parallel.
 * - A workbook's first sheet with the type's headers is read (a sheet of instructions may come first).
 */
import { createHash } from 'node:crypto'
import { Workbook, type CellValue } from 'exceljs'
import { chinaToday } from '../../src/core/china-time'
import type { ImportResult, ImportRowError } from '../../src/core/contract'
import { AppError } from '../../src/core/errors'
import { findType } from '../../src/core/event-types'
import {
  parseCsv,
  readLedger,
  type LedgerCell,
  type LedgerEntry,
  type LedgerTable,
} from '../../src/core/ledger-import'
import { currentEnv, db, downloadFile, type Doc } from './cloud'
import { addEventOnce, streetSettings } from './events.repository'
import { eventEntry, newEventDoc } from './new-event'
import { findNode, type StoredNode } from './people'
import type { Context } from './serve'

/** Where the app uploads ledgers to import. */
export const IMPORT_FOLDER = 'imports/'
/** A ledger of 1000 rows is far smaller; anything larger is not one. */
export const MAX_LEDGER_BYTES = 5 * 1024 * 1024
/** Events written at once (each a transaction and an audit entry). */
const CONCURRENCY = 8
/** Ids looked up per query. */
const LOOKUP_CHUNK = 100

export interface ImportRequest {
  readonly fileID?: unknown
  readonly type?: unknown
  readonly nodeId?: unknown
  readonly dryRun?: unknown
}

/** The id of the event a row becomes: a UUID v4 shape (EVENT_ID) derived from what the row is and where. */
export function importEventId(
  streetId: string,
  nodeId: string,
  type: string,
  content: string,
  occurrence: number,
): string {
  const hex = createHash('sha256')
    .update(JSON.stringify(['ledger', streetId, nodeId, type, content, occurrence]))
    .digest('hex')
  const variant = '89ab'[parseInt(hex[16]!, 16) % 4]!
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`
}

/** The node the events will belong to, after the policy allowed importing and logging events there. */
async function importNode(ctx: Context, nodeId: unknown): Promise<StoredNode & { streetId: string }> {
  const named = nodeId !== undefined && nodeId !== null && nodeId !== ''
  const node = await findNode(named ? nodeId : ctx.person?.streetId)
  if (!node && named) throw new AppError('ORG.NOT_FOUND')
  if (!node?.streetId) return ctx.refuse('AUTH.FORBIDDEN')
  const target = { ...node, streetId: node.streetId }
  await ctx.require('ledger.import', target)
  await ctx.require('event.log', target)
  if (node.retired) throw new AppError('ORG.NODE_RETIRED')
  return target
}

/** The request's file: a file of this environment uploaded under `imports/`. */
function checkFileId(fileID: unknown): string {
  const env = currentEnv()
  const path = typeof fileID === 'string' ? /^cloud:\/\/[^/]+\/(.*)$/.exec(fileID)?.[1] : undefined
  if (
    typeof fileID !== 'string' ||
    fileID.length > 500 ||
    path === undefined ||
    !path.startsWith(IMPORT_FOLDER) ||
    path.includes('..') ||
    (env !== undefined && !fileID.startsWith(`cloud://${env}.`))
  )
    throw new AppError('REQUEST.INVALID', { field: 'fileID' })
  return fileID
}

// ── Reading the file ────────────────────────────────────────────────────────────────────────────────

const isZip = (b: Buffer) => b.length > 4 && b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04

/** A cell as exceljs gives it, as the core reads cells: text, number, date, boolean or nothing. */
function cellOf(value: CellValue | undefined): LedgerCell {
  if (value === null || value === undefined) return null
  if (
    typeof value === 'string' ||
    typeof value === 'number' ||
    typeof value === 'boolean' ||
    value instanceof Date
  )
    return value
  const v = value as unknown as Doc
  if (Array.isArray(v.richText))
    return (v.richText as { text?: unknown }[]).map((t) => String(t.text ?? '')).join('')
  if ('result' in v || 'formula' in v || 'sharedFormula' in v) return cellOf(v.result as CellValue)
  if ('text' in v) return cellOf(v.text as CellValue)
  return null // an error value (#N/A …)
}

/** The rows of each visible sheet of the workbook that has any, in the workbook's order. */
async function xlsxTables(bytes: Buffer): Promise<LedgerTable[]> {
  const workbook = new Workbook()
  await workbook.xlsx.load(bytes as unknown as ArrayBuffer) // exceljs types an older Buffer
  return workbook.worksheets
    .filter((sheet) => sheet.state === 'visible' && sheet.actualRowCount > 0)
    .map((sheet) => {
      const table: LedgerCell[][] = []
      sheet.eachRow({ includeEmpty: true }, (row, rowNumber) => {
        // row.values is 1-based: [ , A, B, …].
        const values = Array.isArray(row.values) ? (row.values as CellValue[]).slice(1) : []
        table[rowNumber - 1] = Array.from(values, (v) => cellOf(v))
      })
      return Array.from(table, (row) => row ?? [])
    })
}

/** CSV text: UTF-8 (with or without a byte-order mark), else GB18030 (how Excel in China saves CSV). */
export function decodeCsv(bytes: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    return new TextDecoder('gb18030').decode(bytes)
  }
}

/** The file's tables (a workbook's sheets, a CSV's one), or IMPORT.FILE_INVALID. */
async function readFile(fileID: string): Promise<LedgerTable[]> {
  let bytes: Buffer
  try {
    bytes = await downloadFile(fileID)
  } catch (e) {
    console.warn('[ledgers.importLedger] download failed', fileID, e)
    throw new AppError('IMPORT.FILE_INVALID', { reason: 'notFound' })
  }
  if (bytes.length > MAX_LEDGER_BYTES)
    throw new AppError('IMPORT.FILE_INVALID', { reason: 'tooLarge', maxBytes: MAX_LEDGER_BYTES })
  if (isZip(bytes)) {
    try {
      return await xlsxTables(bytes)
    } catch (e) {
      console.warn('[ledgers.importLedger] not a readable xlsx', fileID, e)
      throw new AppError('IMPORT.FILE_INVALID', { reason: 'xlsx' })
    }
  }
  // Binary (an old .xls, an image, UTF-16 text): not a CSV we can read.
  if (bytes.subarray(0, 4096).includes(0)) throw new AppError('IMPORT.FILE_INVALID', { reason: 'format' })
  return [parseCsv(decodeCsv(bytes))]
}

// ── Writing ─────────────────────────────────────────────────────────────────────────────────────────

/** Which of `ids` are stored, with their documents. */
async function storedEvents(ids: readonly string[]): Promise<Map<string, Doc>> {
  const found = new Map<string, Doc>()
  for (let i = 0; i < ids.length; i += LOOKUP_CHUNK) {
    const chunk = ids.slice(i, i + LOOKUP_CHUNK)
    const { data } = await db
      .collection('events')
      .where({ _id: db.command.in(chunk) })
      .limit(chunk.length)
      .get()
    for (const doc of data) found.set(String(doc._id), doc)
  }
  return found
}

/**
 * Runs `work` on every item, `concurrency` at a time, never two items of the same key at once (items of
 * a key in their order): the longest queues start first. A failure stops the run (the import can be run
 * again: what was stored is then already imported).
 */
async function runByKey<T>(
  items: readonly T[],
  keyOf: (item: T) => string,
  concurrency: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  const queues = new Map<string, T[]>()
  for (const item of items) {
    const key = keyOf(item)
    const queue = queues.get(key)
    if (queue) queue.push(item)
    else queues.set(key, [item])
  }
  const pending = [...queues.values()].sort((a, b) => b.length - a.length)
  let next = 0
  // After a failure the other workers stop at their next item, and the first failure is thrown.
  let failed: { error: unknown } | undefined
  const worker = async () => {
    while (!failed && next < pending.length) {
      const queue = pending[next++]!
      for (const item of queue) {
        if (failed) return
        try {
          await work(item)
        } catch (error) {
          failed ??= { error }
        }
      }
    }
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, pending.length) }, worker))
  if (failed) throw failed.error
}

interface Row {
  readonly entry: LedgerEntry & { fields: NonNullable<LedgerEntry['fields']> }
  readonly id: string
}

export async function importLedger(request: ImportRequest, ctx: Context): Promise<ImportResult> {
  const fileID = checkFileId(request.fileID)
  if (typeof request.type !== 'string' || request.type.length === 0 || request.type.length > 40)
    throw new AppError('REQUEST.INVALID', { field: 'type' })
  if (typeof request.dryRun !== 'boolean') throw new AppError('REQUEST.INVALID', { field: 'dryRun' })
  const { type, dryRun } = request
  const node = await importNode(ctx, request.nodeId)
  const { catalogue, closedYears } = await streetSettings(node.streetId)
  const def = findType(catalogue, type)
  if (!def) throw new AppError('EVENT.TYPE_UNKNOWN')
  if (def.retired) throw new AppError('EVENT.TYPE_RETIRED')

  // The first sheet with the type's headers: a workbook may begin with a sheet of instructions (填表说明).
  const context = { today: chinaToday(), closedYears }
  const readings = (await readFile(fileID)).map((table) => readLedger(def, table, context))
  const reading =
    readings.find((r) => r.ok || r.code !== 'IMPORT.HEADERS_MISSING') ??
    readings[0] ??
    readLedger(def, [], context)
  if (!reading.ok) throw new AppError(reading.code, reading.details)

  const rows: Row[] = reading.entries.flatMap((entry) =>
    entry.fields && entry.content !== undefined
      ? [
          {
            entry: entry as Row['entry'],
            id: importEventId(node.streetId, node.id, def.type, entry.content, entry.occurrence ?? 0),
          },
        ]
      : [],
  )
  const stored = await storedEvents(rows.map((r) => r.id))
  // A row imported before is recognised as such, even if its year was closed since.
  const already = new Set(
    rows
      .filter((r) => {
        const doc = stored.get(r.id)
        return doc?.importedFrom && doc.type === def.type && doc.nodeId === node.id
      })
      .map((r) => r.id),
  )
  const rowOf = new Map(rows.map((r) => [r.entry as LedgerEntry, r]))
  const errors: ImportRowError[] = []
  for (const entry of reading.entries) {
    const row = rowOf.get(entry)
    if (row && already.has(row.id)) continue
    if (row && stored.has(row.id))
      errors.push({ row: entry.row, message: '这一行与一条已有的记录编号相同，无法导入，请联系管理员' })
    else errors.push(...entry.errors)
  }
  const result = {
    dryRun,
    type: def.type,
    rows: reading.entries.length,
    errors,
    ...(reading.ignoredColumns.length > 0 ? { ignoredColumns: reading.ignoredColumns } : {}),
  }
  if (dryRun || errors.length > 0) return { ...result, created: 0, alreadyImported: already.size }

  let created = 0
  let duplicates = 0
  const person = ctx.person!
  const toCreate = rows.filter((r) => !already.has(r.id))
  await runByKey(
    toCreate,
    (r) => r.entry.fields.happenedOn.slice(0, 7),
    CONCURRENCY,
    async ({ entry, id }) => {
      const doc = newEventDoc(id, def, entry.fields, node, person, {
        importedFrom: { fileID, row: entry.row },
      })
      try {
        const { duplicate } = await addEventOnce(doc, eventEntry(ctx, 'event.create', doc))
        if (duplicate) duplicates++
        else created++
      } catch (e) {
        // The same rows imported by a colleague at the same moment: theirs now.
        if (e instanceof AppError && e.code === 'EVENT.ID_TAKEN') duplicates++
        else throw e
      }
    },
  )
  return { ...result, created, alreadyImported: already.size + duplicates }
}
