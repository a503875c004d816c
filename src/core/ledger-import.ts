/**
 * Importing an existing ledger (台账: the Excel sheet a street kept before the product) into events of
 * one type. Pure: the cloud function reads the file (xlsx or csv) into a table of cells and passes it
 * here with the type's definition; what comes back is, per row, the event as the form would send it
 * (`EventInput`) validated by the same `validateEvent`, or the row's errors against its column.
 *
 * Headers are matched by name, in any order: 标题 or the type's title label (讲座主题, 案由…), 日期 or its
 * date label (举办日期… also 举办时间), 地点 or its place label, each measure by its label or its form label
 * (参与人次, 发放资料 or 发放资料（份）), each attribute by its label (主讲人, 活动形式, 联合执法…). Spaces,
 * full/half-width brackets, a required mark (*) and a bracketed note after a header (发放资料(份), 联合执法
 * （是/否）) do not matter. The first ten rows are searched for the header row, so a title row above it
 * (2024年法律讲座台账) is fine. Other columns (序号, 备注…) are ignored and listed in `ignoredColumns`.
 *
 * Not imported, on purpose:
 * - a case's status (状态): a 矛盾纠纷 or 网格事件 comes in at its initial state (受理 / 上报), to be
 *   followed up in the product; a 状态 column is ignored like any other unknown column;
 * - a dispute's parties (当事人): personal data is never taken from a spreadsheet; an imported 矛盾纠纷
 *   has no parties. Columns of names, phones or ID numbers are ignored, never read;
 * - photos and locations.
 *
 * Dates may be written 2024-03-05, 2024/3/5, 2024.3.5, 2024年3月5日, 20240305, with or without a time
 * after them, or be Excel date cells (a `Date` at UTC midnight of the day shown, as exceljs gives them, or
 * the day's serial number). Numbers may be number cells or text with thousands separators (1,200). Flags
 * are 是/否 (also √/×, true/false). Several choices are separated by 、，, or ；.
 *
 * Rows whose recognised columns are all empty are skipped (a template numbered in advance). At most
 * `MAX_IMPORT_ROWS` data rows.
 */
import { isCalendarDate } from './china-time'
import type { ImportRowError } from './contract'
import type { FieldErrors } from './errors'
import { closedYearError, validateEvent, type EventFields, type EventInput } from './event-input'
import { measureLabel, type AttributeDefinition, type EventTypeDefinition } from './event-types'

export const MAX_IMPORT_ROWS = 1000
/** How far down the header row is looked for. */
const HEADER_SEARCH_ROWS = 10

/** A cell as a sheet gives it: text, a number, an Excel date, a boolean, or nothing. */
export type LedgerCell = string | number | boolean | Date | null | undefined

/** A sheet's rows in order: `table[i]` is the row the spreadsheet shows as row i + 1 (empty rows kept). */
export type LedgerTable = readonly (readonly LedgerCell[])[]

/** An event field a column fills: `title`, `happenedOn`, `place`, `measures.<key>`, `attributes.<key>`. */
export type LedgerField = string

export interface LedgerColumn {
  /** 0-based position in the row. */
  readonly index: number
  /** The header as written in the file. */
  readonly header: string
  readonly field: LedgerField
}

/** One data row of the ledger. */
export interface LedgerEntry {
  /** The row number as the spreadsheet shows it (the header row counts; the first row is 1). */
  readonly row: number
  /** The event as the form sends it. */
  readonly input: EventInput
  /**
   * The validated fields, present when `validateEvent` accepts the row. Then `errors` is empty, or holds
   * only the refusal of a date in a closed year (so that a row imported before the year was closed is
   * still recognised as already imported).
   */
  readonly fields?: EventFields
  /** The row's normalised content (canonical text of `fields`): identical rows have identical content. */
  readonly content?: string
  /** How many earlier rows of the file have the same content (0 for the first). */
  readonly occurrence?: number
  readonly errors: readonly ImportRowError[]
}

export type LedgerReading =
  | {
      readonly ok: true
      /** The row number of the header row. */
      readonly headerRow: number
      readonly columns: readonly LedgerColumn[]
      /** Headers of the columns not imported (unknown, a case's 状态, parties, a column repeated). */
      readonly ignoredColumns: readonly string[]
      /** Data rows, blank rows left out, in order. */
      readonly entries: readonly LedgerEntry[]
    }
  | {
      readonly ok: false
      readonly code: 'IMPORT.HEADERS_MISSING'
      readonly details: { readonly missing: readonly string[] }
    }
  | {
      readonly ok: false
      readonly code: 'IMPORT.TOO_MANY_ROWS'
      readonly details: { readonly rows: number; readonly max: number }
    }

export interface LedgerContext {
  /** Today in China (YYYY-MM-DD): nothing happens in the future. */
  readonly today?: string
  /** Years the street has closed: rows dated in them are refused. */
  readonly closedYears?: readonly number[]
}

// ── Headers ─────────────────────────────────────────────────────────────────────────────────────────

/** A header as compared: NFKC (full-width brackets and letters as half-width), no spaces, no * marks. */
export function normaliseHeader(header: string): string {
  return header
    .normalize('NFKC')
    .replace(/\s+/g, '')
    .replace(/^[*]+|[*]+$/g, '')
    .replace(/[(]必填[)]$|[(]选填[)]$/, '')
}

/** The header without a bracketed note at its end: 发放资料(份) → 发放资料. */
const withoutNote = (normalised: string): string => normalised.replace(/[([][^()[\]]*[)\]]$/, '')

interface FieldSpec {
  readonly field: LedgerField
  /** What the type calls it: the header the template uses and a missing column is named by. */
  readonly name: string
  readonly aliases: readonly string[]
  readonly required: boolean
}

/** Every column the type can fill, in the order of the form, with the headers each is known by. */
export function ledgerFields(def: EventTypeDefinition): readonly FieldSpec[] {
  const spec = (field: string, name: string, names: readonly string[], required: boolean): FieldSpec => {
    const aliases = new Set<string>()
    for (const n of [name, ...names]) {
      const normalised = normaliseHeader(n)
      aliases.add(normalised)
      aliases.add(withoutNote(normalised))
    }
    return { field, name, aliases: [...aliases].filter((a) => a !== ''), required }
  }
  return [
    spec('title', def.titleLabel, ['标题'], true),
    spec('happenedOn', def.dateLabel, ['日期', '发生日期', def.dateLabel.replace(/日期$/, '时间')], true),
    spec('place', def.placeLabel, ['地点'], def.placeRequired),
    ...def.measures.map((m) =>
      spec(`measures.${m.key}`, measureLabel(m), [m.label, `${m.label}（${m.unit}）`], m.required !== false),
    ),
    ...def.attributes.map((a) => spec(`attributes.${a.key}`, a.label, [], !!a.required)),
  ]
}

/** The headers of an import template of the type, in the order of the form. */
export const ledgerHeaders = (def: EventTypeDefinition): readonly string[] =>
  ledgerFields(def).map((f) => f.name)

const cellText = (cell: LedgerCell): string =>
  cell === null || cell === undefined
    ? ''
    : cell instanceof Date
      ? (dateOfCell(cell) ?? '')
      : typeof cell === 'boolean'
        ? cell
          ? '是'
          : '否'
        : String(cell).trim()

const isBlank = (cell: LedgerCell): boolean => cellText(cell) === ''

/** The columns of a header row: each field's first column, and the headers left unused. */
function mapHeaders(
  specs: readonly FieldSpec[],
  row: readonly LedgerCell[],
): { columns: LedgerColumn[]; ignored: string[]; missing: string[] } {
  const columns: LedgerColumn[] = []
  const ignored: string[] = []
  row.forEach((cell, index) => {
    const header = cellText(cell)
    if (header === '') return
    const normalised = normaliseHeader(header)
    const spec =
      specs.find((s) => s.aliases.includes(normalised)) ??
      specs.find((s) => s.aliases.includes(withoutNote(normalised)))
    if (!spec || columns.some((c) => c.field === spec.field)) ignored.push(header)
    else columns.push({ index, header, field: spec.field })
  })
  const missing = specs
    .filter((s) => s.required && !columns.some((c) => c.field === s.field))
    .map((s) => s.name)
  return { columns, ignored, missing }
}

/** The header row: the first of the first rows with every required column, else the one missing fewest. */
function findHeaderRow(
  specs: readonly FieldSpec[],
  table: LedgerTable,
): { index: number; columns: LedgerColumn[]; ignored: string[]; missing: string[] } {
  let best: ReturnType<typeof findHeaderRow> | undefined
  for (let index = 0; index < Math.min(table.length, HEADER_SEARCH_ROWS); index++) {
    const row = table[index] ?? []
    if (row.every(isBlank)) continue
    const mapped = { index, ...mapHeaders(specs, row) }
    if (mapped.missing.length === 0) return mapped
    if (!best || mapped.missing.length < best.missing.length) best = mapped
  }
  return (
    best ?? {
      index: 0,
      columns: [],
      ignored: [],
      missing: specs.filter((s) => s.required).map((s) => s.name),
    }
  )
}

// ── Cells ───────────────────────────────────────────────────────────────────────────────────────────

const pad = (n: number) => String(n).padStart(2, '0')
const ymd = (y: number, m: number, d: number) => `${y}-${pad(m)}-${pad(d)}`
/** Excel's day 0 of the 1900 date system, as the serial numbers count (1900-02-29 that never was included). */
const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30)
const DAY_MS = 86_400_000
const DATE_TEXT =
  /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:\s*(?:[T\s]\s*)?\d{1,2}[:：]\d{2}(?:[:：]\d{2}(?:\.\d+)?)?Z?)?$/
const DATE_DIGITS = /^((?:19|20)\d{2})(\d{2})(\d{2})$/

/**
 * A date cell as YYYY-MM-DD, or undefined when it is not a date. An Excel date is a `Date` at UTC
 * midnight of the day shown (or a serial number of days); text may be written in the usual ways.
 */
export function dateOfCell(cell: LedgerCell): string | undefined {
  if (cell instanceof Date) {
    if (Number.isNaN(cell.getTime())) return undefined
    return ymd(cell.getUTCFullYear(), cell.getUTCMonth() + 1, cell.getUTCDate())
  }
  if (typeof cell === 'number') {
    if (!Number.isFinite(cell)) return undefined
    const digits = DATE_DIGITS.exec(String(cell))
    if (digits) return checked(ymd(Number(digits[1]), Number(digits[2]), Number(digits[3])))
    // An Excel serial (a date cell that lost its format): 1 = 1900-01-01 … 2958465 = 9999-12-31.
    if (cell < 1 || cell >= 2_958_466) return undefined
    return dateOfCell(new Date(EXCEL_EPOCH_MS + Math.floor(cell) * DAY_MS))
  }
  if (typeof cell !== 'string') return undefined
  const s = cell.normalize('NFKC').trim()
  const m = DATE_TEXT.exec(s) ?? DATE_DIGITS.exec(s)
  return m ? checked(ymd(Number(m[1]), Number(m[2]), Number(m[3]))) : undefined
}

const checked = (date: string): string | undefined => (isCalendarDate(date) ? date : undefined)

const FLAG_TRUE = new Set(['是', '√', '✓', 'true', 'yes', 'y'])
const FLAG_FALSE = new Set(['否', '×', '✗', 'false', 'no', 'n'])

function attributeInput(def: AttributeDefinition, cell: LedgerCell): unknown {
  if (isBlank(cell)) return undefined
  const text = cellText(cell)
  switch (def.kind) {
    case 'flag': {
      if (typeof cell === 'boolean') return cell
      const t = text.normalize('NFKC').toLowerCase()
      return FLAG_TRUE.has(t) ? true : FLAG_FALSE.has(t) ? false : text
    }
    case 'choices':
      return text
        .split(/[、，,；;\s]+/)
        .map((s) => s.trim())
        .filter((s) => s !== '')
    default:
      return text
  }
}

function measureInput(cell: LedgerCell): unknown {
  if (typeof cell === 'number') return cell
  const text = cellText(cell)
  // 1,200 (thousands separators), as Excel shows large numbers.
  return /^\d{1,3}([,，]\d{3})+$/.test(text) ? text.replace(/[,，]/g, '') : text
}

/** The event a data row describes, as the form would send it (only the columns present). */
function inputOf(def: EventTypeDefinition, columns: readonly LedgerColumn[], row: readonly LedgerCell[]) {
  const input: { title?: unknown; happenedOn?: unknown; place?: unknown } = {}
  const measures: Record<string, unknown> = {}
  const attributes: Record<string, unknown> = {}
  let badDate = false
  for (const c of columns) {
    const cell = row[c.index]
    if (c.field === 'title' || c.field === 'place') input[c.field] = cellText(cell)
    else if (c.field === 'happenedOn') {
      const date = dateOfCell(cell)
      badDate = date === undefined && !isBlank(cell)
      input.happenedOn = date ?? cellText(cell)
    } else if (c.field.startsWith('measures.')) measures[c.field.slice(9)] = measureInput(cell)
    else {
      const key = c.field.slice(11)
      const a = def.attributes.find((x) => x.key === key)!
      const value = attributeInput(a, cell)
      if (value !== undefined) attributes[key] = value
    }
  }
  const event: EventInput = { ...input, measures, attributes }
  return { event, badDate }
}

// ── Rows ────────────────────────────────────────────────────────────────────────────────────────────

/** A form's message as a sheet's: 请选择 → 请填写; a choice lists what may be written. */
function sheetMessage(def: EventTypeDefinition, field: string, message: string): string {
  const text = message.replace(/^请选择/, '请填写')
  if (!field.startsWith('attributes.') || !/^请从列表中选择/.test(message)) return text
  const a = def.attributes.find((x) => `attributes.${x.key}` === field)
  return a?.options ? `${a.label}只能填写：${a.options.join('、')}` : text
}

/** JSON with object keys in order, so the same content always gives the same text. */
export const canonicalJson = (v: unknown): string =>
  Array.isArray(v)
    ? `[${v.map(canonicalJson).join(',')}]`
    : v !== null && typeof v === 'object'
      ? `{${Object.keys(v)
          .sort()
          .map((k) => `${JSON.stringify(k)}:${canonicalJson((v as Record<string, unknown>)[k])}`)
          .join(',')}}`
      : (JSON.stringify(v) ?? 'null')

/**
 * What identifies a row's event: its validated fields, normalised (the same however the cells were
 * typed). Values that are only defaults (a measure of 0, a flag not set, no choice) are left out, so a
 * blank cell and a missing column are the same, and a measure the street adds to the type later does not
 * make an imported row look new.
 */
export const contentOf = (f: EventFields): string => {
  const isDefault = (v: unknown) => v === 0 || v === false || v === '' || (Array.isArray(v) && v.length === 0)
  const set = (record: Readonly<Record<string, unknown>>) =>
    Object.fromEntries(
      Object.entries(record).filter(([, v]) => v !== undefined && v !== null && !isDefault(v)),
    )
  return canonicalJson({
    title: f.title,
    happenedOn: f.happenedOn,
    place: f.place,
    measures: set(f.measures),
    attributes: set(f.attributes),
  })
}

/**
 * Reads a ledger of type `def`: finds the header row, maps its columns, and validates every data row
 * as the form's event. Refuses the whole table when a required column is missing (IMPORT.HEADERS_MISSING,
 * naming them as the type does) or when it has more than MAX_IMPORT_ROWS data rows.
 */
export function readLedger(
  def: EventTypeDefinition,
  table: LedgerTable,
  context: LedgerContext = {},
): LedgerReading {
  const specs = ledgerFields(def)
  const header = findHeaderRow(specs, table)
  if (header.missing.length > 0)
    return { ok: false, code: 'IMPORT.HEADERS_MISSING', details: { missing: header.missing } }
  const { columns } = header
  const dataRows: { row: number; cells: readonly LedgerCell[] }[] = []
  for (let i = header.index + 1; i < table.length; i++) {
    const cells = table[i] ?? []
    if (columns.every((c) => isBlank(cells[c.index]))) continue
    dataRows.push({ row: i + 1, cells })
  }
  if (dataRows.length > MAX_IMPORT_ROWS)
    return {
      ok: false,
      code: 'IMPORT.TOO_MANY_ROWS',
      details: { rows: dataRows.length, max: MAX_IMPORT_ROWS },
    }

  const headerOf = (field: string): string =>
    columns.find((c) => c.field === field)?.header ?? specs.find((s) => s.field === field)?.name ?? field
  const order = (field: string): number => {
    const i = columns.findIndex((c) => c.field === field)
    return i < 0 ? columns.length : i
  }
  const seen = new Map<string, number>()
  const entries = dataRows.map(({ row, cells }): LedgerEntry => {
    const { event, badDate } = inputOf(def, columns, cells)
    const checked = validateEvent(def, event, { today: context.today })
    if (!checked.ok || badDate) {
      const fields: FieldErrors = checked.ok ? {} : { ...checked.fields }
      if (badDate) fields.happenedOn = `${def.dateLabel}不是有效的日期，请填写如2024-03-05的日期`
      const errors = Object.entries(fields)
        .sort(([a], [b]) => order(a) - order(b))
        .map(([field, message]) => ({
          row,
          column: headerOf(field),
          message: sheetMessage(def, field, message ?? ''),
        }))
      return { row, input: event, errors }
    }
    const content = contentOf(checked.value)
    const occurrence = seen.get(content) ?? 0
    seen.set(content, occurrence + 1)
    const closed = closedYearError(checked.value.happenedOn, context.closedYears ?? [])
    return {
      row,
      input: event,
      fields: checked.value,
      content,
      occurrence,
      errors: closed ? [{ row, column: headerOf('happenedOn'), message: closed }] : [],
    }
  })
  return {
    ok: true,
    headerRow: header.index + 1,
    columns,
    ignoredColumns: header.ignored,
    entries,
  }
}

// ── CSV ─────────────────────────────────────────────────────────────────────────────────────────────

/**
 * The rows of CSV text as Excel writes it: comma-separated, fields in double quotes where they hold a
 * comma, a quote ("" inside) or a line break; lines end with CRLF, LF or CR. A byte-order mark is dropped.
 * Row i of the result is the record the spreadsheet shows as row i + 1.
 */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = []
  let row: string[] = []
  let field = ''
  let quoted = false
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0
  const endRow = () => {
    row.push(field)
    rows.push(row)
    row = []
    field = ''
  }
  for (; i < text.length; i++) {
    const ch = text[i]!
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"'
          i++
        } else quoted = false
      } else field += ch
    } else if (ch === '"' && field.trim() === '') {
      field = ''
      quoted = true
    } else if (ch === ',') {
      row.push(field)
      field = ''
    } else if (ch === '\r' || ch === '\n') {
      if (ch === '\r' && text[i + 1] === '\n') i++
      endRow()
    } else field += ch
  }
  if (field !== '' || row.length > 0 || quoted) endRow()
  return rows
}
