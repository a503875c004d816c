/**
 * The Excel ledger (台账) of a node and period: sheet 指标汇总 (every figure as the report writes it,
 * its exact value, unit, the same period a year earlier and its definition), then one sheet per COUNT
 * or SUM figure listing exactly the events it counts (the same predicate as the totals), and 说明 (what
 * is counted, how numbers are worded, what is masked, how each figure is computed).
 *
 * Personal data: events never carry a dispute's parties (they live in caseParties, not read here);
 * free text (title, place) is masked for mobile and ID numbers. Text attributes (主讲人, 参与部门 …)
 * are left out; choices and flags (形式, 类别, 联合执法) are listed.
 *
 * Memory: exceljs' streaming writer. An in-memory workbook of 10,000 events (about 35,000 rows over the
 * figures' sheets) held about 100 MB of cells and peaked at 230 MB of heap (330 MB resident) while
 * writing: over the platform's 256 MB. Written row by row (each row committed, each sheet closed before
 * the next), the same export peaks at about 70 MB of heap (180 MB resident) in 5 s: the events
 * themselves plus one compressed file. Rows are made straight from the stored events: no copies of the
 * event list beyond each figure's array of references.
 */
import { Writable } from 'node:stream'
import { stream, type Alignment, type Borders, type CellValue, type Fill, type Worksheet } from 'exceljs'
import type { AttributeDefinition, EventTypeDefinition } from '../../../src/core/event-types'
import type { EventFigure } from '../../../src/core/figures'
import { CLOSURE_LABELS, OUTCOME_LABELS, REFERRAL_LABELS, STATUS_LABELS } from '../../../src/core/lifecycle'
import { maskText } from '../../../src/core/personal-data'
import type { Doc } from '../cloud'
import { eventsByFigure } from '../figures.repository'
import {
  chinaStamp,
  COUNTING_RULES,
  exactOf,
  methodOf,
  PRIVACY_RULES,
  wordedOf,
  type ExportInput,
} from './common'

const SUMMARY = '指标汇总'
const NOTES = '说明'
const HEADER_ROW = 3

const THIN = { style: 'thin' as const, color: { argb: 'FFBFBFBF' } }
const BORDER: Partial<Borders> = { top: THIN, left: THIN, bottom: THIN, right: THIN }
const HEADER_FILL: Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FF1F4E79' } }
const CENTER: Partial<Alignment> = { horizontal: 'center', vertical: 'middle', wrapText: true }
const FONT = 'Microsoft YaHei'

/** Excel's rules for a sheet name: at most 31 characters, none of []:*?/\, unique ignoring case. */
export function sheetNameOf(label: string, taken: Set<string>): string {
  const base =
    label
      .replace(/[[\]:*?/\\]/g, '_')
      .replace(/^'+|'+$/g, '')
      .trim() || '指标'
  for (let i = 1; ; i++) {
    const suffix = i === 1 ? '' : `（${i}）`
    // Excel counts UTF-16 units: whole characters are kept while they fit.
    let kept = ''
    for (const ch of base) {
      if (kept.length + ch.length + suffix.length > 31) break
      kept += ch
    }
    const name = `${kept}${suffix}`
    if (!taken.has(name.toLowerCase())) {
      taken.add(name.toLowerCase())
      return name
    }
  }
}

/** A column of a figure's sheet: its header, width and the value of an event in it. */
interface Column {
  readonly header: string
  readonly width: number
  readonly value: (e: Doc) => CellValue
  /** Summed on the 合计 row. */
  readonly total?: boolean
  readonly numFmt?: string
}

const dateOf = (on: unknown): Date | string => {
  const s = String(on ?? '')
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s)
  return m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : s
}

const attributeText = (a: AttributeDefinition, v: unknown): string => {
  if (a.kind === 'flag') return v === true ? '是' : '否'
  if (Array.isArray(v)) return v.join('、')
  return v === null || v === undefined ? '' : String(v)
}

const STATUS = STATUS_LABELS as Record<string, string>
const OUTCOME = OUTCOME_LABELS as Record<string, string>
const REFERRAL = REFERRAL_LABELS as Record<string, string>
const CLOSURE = CLOSURE_LABELS as Record<string, string>

/** 调解不成（移交）, 实质性办结 … */
const resultOf = (e: Doc): string => {
  if (e.outcome) {
    const referral = e.referral ? `（${REFERRAL[String(e.referral)] ?? String(e.referral)}）` : ''
    return `${OUTCOME[String(e.outcome)] ?? String(e.outcome)}${referral}`
  }
  return e.closure ? (CLOSURE[String(e.closure)] ?? String(e.closure)) : ''
}

/** The columns of a figure's sheet: the event, its choices and flags, its measures, where it stands. */
function columnsOf(f: EventFigure, catalogue: readonly EventTypeDefinition[]): Column[] {
  const defs = f.types
    .map((t) => catalogue.find((d) => d.type === t))
    .filter((d): d is EventTypeDefinition => !!d)
  const columns: Column[] = [
    { header: '日期', width: 12, value: (e) => dateOf(e.happenedOn), numFmt: 'yyyy-mm-dd' },
    { header: '类型', width: 12, value: (e) => String(e.typeLabel ?? e.type) },
    { header: '标题', width: 36, value: (e) => maskText(String(e.title ?? '')) },
    { header: '地点', width: 24, value: (e) => maskText(String(e.place ?? '')) },
    { header: '所属', width: 14, value: (e) => String(e.nodeName ?? '') },
  ]
  // Choices and flags only: free-text attributes (主讲人, 参与部门 …) may name people.
  const attributes = new Map<string, { def: AttributeDefinition; labels: string[] }>()
  for (const d of defs)
    for (const a of d.attributes) {
      if (a.kind === 'text') continue
      const seen = attributes.get(a.key)
      if (!seen) attributes.set(a.key, { def: a, labels: [a.label] })
      else if (!seen.labels.includes(a.label)) seen.labels.push(a.label)
    }
  for (const [key, { def, labels }] of attributes)
    columns.push({
      header: labels.join('/'),
      width: def.kind === 'flag' ? 10 : 14,
      value: (e) => attributeText(def, (e.attributes as Doc | undefined)?.[key]),
    })
  const measures = new Map<string, { label: string; unit: string }>()
  for (const d of defs)
    for (const m of d.measures)
      if ((f.kind === 'count' || m.key === f.measure) && !measures.has(m.key))
        measures.set(m.key, { label: m.label, unit: m.unit })
  for (const [key, m] of measures)
    columns.push({
      header: `${m.label}（${m.unit}）`,
      width: 12,
      total: true,
      value: (e) => Number((e.measures as Doc | undefined)?.[key] ?? 0),
    })
  columns.push({
    header: '状态',
    width: 10,
    value: (e) => (e.lifecycle ? (STATUS[String(e.status)] ?? String(e.status)) : '已记录'),
  })
  if (defs.some((d) => d.lifecycle)) {
    columns.push({ header: '结果', width: 16, value: resultOf })
    columns.push({
      header: '办结日期',
      width: 12,
      value: (e) => (e.closedOn ? dateOf(e.closedOn) : ''),
      numFmt: 'yyyy-mm-dd',
    })
  }
  columns.push({ header: '记录人', width: 10, value: (e) => String(e.createdByName ?? '') })
  return columns
}

function styleHeader(ws: Worksheet, row: number, count: number): void {
  const r = ws.getRow(row)
  r.height = 24
  for (let c = 1; c <= count; c++) {
    const cell = r.getCell(c)
    cell.font = { name: FONT, bold: true, color: { argb: 'FFFFFFFF' } }
    cell.fill = HEADER_FILL
    cell.alignment = CENTER
    cell.border = BORDER
  }
}

/** Rows 1 and 2: a title over the whole width and a line of context under it. */
function titleRows(ws: Worksheet, width: number, title: string, context: string): void {
  ws.mergeCells(1, 1, 1, width)
  ws.mergeCells(2, 1, 2, width)
  const t = ws.getCell(1, 1)
  t.value = title
  t.font = { name: FONT, bold: true, size: 14 }
  t.alignment = { horizontal: 'center', vertical: 'middle' }
  ws.getRow(1).height = 28
  const c = ws.getCell(2, 1)
  c.value = context
  c.font = { name: FONT, size: 9, color: { argb: 'FF595959' } }
  c.alignment = { vertical: 'middle', wrapText: true }
  ws.getRow(2).height = 30
}

type Writer = stream.xlsx.WorkbookWriter

const PRINT = {
  paperSize: 9, // A4
  orientation: 'landscape' as const,
  fitToPage: true,
  fitToWidth: 1,
  fitToHeight: 0,
}

/** A link to another sheet as a formula: read the same by Excel, WPS and LibreOffice. */
const linkTo = (sheet: string, text: string): CellValue => ({
  formula: `HYPERLINK("#'${sheet.replace(/'/g, "''")}'!A1","${text.replace(/"/g, '""')}")`,
  result: text,
})

function addSummary(
  wb: Writer,
  input: ExportInput,
  sheetOf: ReadonlyMap<string, string>,
  context: string,
): void {
  const t = input.totals
  const ws = wb.addWorksheet(SUMMARY, {
    views: [{ state: 'frozen', ySplit: HEADER_ROW }],
    pageSetup: PRINT,
    headerFooter: { oddFooter: '第 &P 页，共 &N 页' },
  })
  const previous = t.period.label.includes('至')
    ? `${t.previousPeriod.from}至${t.previousPeriod.to}`
    : t.previousPeriod.label
  const headers = ['分类', '指标', '数值', '准确数值', '单位', `上年同期（${previous}）`, '定义']
  ws.columns = [10, 30, 12, 12, 8, 16, 70].map((width) => ({ width }))
  titleRows(ws, headers.length, `${t.node.name}${t.period.label}法治数据台账`, context)
  ws.getRow(HEADER_ROW).values = headers
  styleHeader(ws, HEADER_ROW, headers.length)
  for (const f of t.settings.figures) {
    const v = t.values.get(f.key)!
    const p = t.previous.get(f.key)!
    const sheet = sheetOf.get(f.key)
    const row = ws.addRow([
      f.section,
      sheet ? linkTo(sheet, f.label) : f.label,
      v.text,
      f.kind === 'ratio' ? exactOf(f, v) : v.value,
      f.unit,
      f.kind === 'ratio' ? p.text : p.value,
      f.description,
    ])
    row.eachCell({ includeEmpty: true }, (cell, col) => {
      cell.border = BORDER
      cell.font = {
        name: FONT,
        ...(col === 2 && sheet ? { color: { argb: 'FF0563C1' }, underline: true } : {}),
      }
      cell.alignment =
        col === 7 || col === 2
          ? { vertical: 'middle', wrapText: true }
          : { horizontal: 'center', vertical: 'middle' }
    })
    row.commit()
  }
  ws.autoFilter = { from: { row: HEADER_ROW, column: 1 }, to: { row: HEADER_ROW, column: headers.length } }
  ws.commit()
}

function addFigureSheet(
  wb: Writer,
  input: ExportInput,
  f: EventFigure,
  name: string,
  events: readonly Doc[],
  context: string,
): void {
  const t = input.totals
  const v = t.values.get(f.key)!
  const columns = columnsOf(f, t.settings.catalogue)
  const width = columns.length + 1
  const ws = wb.addWorksheet(name, {
    views: [{ state: 'frozen', ySplit: HEADER_ROW }],
    pageSetup: PRINT,
    headerFooter: { oddFooter: `${f.label} 第 &P 页，共 &N 页` },
  })
  ws.columns = [
    { width: 7 },
    ...columns.map((c) => ({ width: c.width, ...(c.numFmt ? { style: { numFmt: c.numFmt } } : {}) })),
  ]
  titleRows(
    ws,
    width,
    `${f.label}：${wordedOf(f, v)}${v.text === String(v.value) ? '' : `（准确数值 ${v.value}${f.unit}）`}`,
    `口径：${f.description}\n${context}`,
  )
  ws.getRow(HEADER_ROW).values = ['序号', ...columns.map((c) => c.header)]
  styleHeader(ws, HEADER_ROW, width)
  ws.getRow(HEADER_ROW).commit()
  if (events.length === 0) {
    ws.mergeCells(HEADER_ROW + 1, 1, HEADER_ROW + 1, width)
    const cell = ws.getCell(HEADER_ROW + 1, 1)
    cell.value = '本期间没有计入该指标的记录'
    cell.alignment = { horizontal: 'center' }
    ws.commit()
    return
  }
  const totals = columns.map(() => 0)
  events.forEach((e, i) => {
    const values: CellValue[] = [i + 1]
    columns.forEach((c, k) => {
      const value = c.value(e)
      if (c.total) totals[k]! += Number(value)
      values.push(value)
    })
    ws.addRow(values).commit()
  })
  ws.autoFilter = {
    from: { row: HEADER_ROW, column: 1 },
    to: { row: HEADER_ROW + events.length, column: width },
  }
  const sum = ws.addRow([
    '合计',
    ...columns.map((c, k) => (c.total ? totals[k] : c.header === '标题' ? `共${events.length}条记录` : null)),
  ])
  sum.font = { name: FONT, bold: true }
  sum.eachCell({ includeEmpty: true }, (cell) => {
    cell.border = { top: { style: 'thin' } }
  })
  sum.commit()
  ws.commit()
}

function addNotes(wb: Writer, input: ExportInput, sheetOf: ReadonlyMap<string, string>): void {
  const t = input.totals
  const ws = wb.addWorksheet(NOTES)
  ws.columns = [{ width: 30 }, { width: 44 }, { width: 70 }, { width: 22 }]
  const line = (text: string, bold = false) => {
    const row = ws.addRow([text])
    ws.mergeCells(row.number, 1, row.number, 4)
    const cell = row.getCell(1)
    cell.font = { name: FONT, bold, ...(bold ? { size: 12 } : {}) }
    cell.alignment = { vertical: 'top', wrapText: true }
    row.height = bold ? 22 : Math.max(18, Math.ceil(Array.from(text).length / 70) * 16)
  }
  line(`${t.node.name}${t.period.label}法治数据台账 说明`, true)
  line(`统计范围：${t.node.name}及其下属各社区（村）、网格。统计期间：${t.period.from}至${t.period.to}。`)
  line(`导出人：${input.exportedByName}；导出时间：${chinaStamp(input.exportedAt)}。`)
  line('一、统计口径', true)
  for (const r of COUNTING_RULES) line(r)
  line('二、个人信息保护', true)
  for (const r of PRIVACY_RULES) line(r)
  line('三、指标定义', true)
  const header = ws.addRow(['指标', '计算方式', '定义', '记录清单'])
  styleHeader(ws, header.number, 4)
  for (const f of t.settings.figures) {
    const sheet = sheetOf.get(f.key)
    const row = ws.addRow([
      f.label,
      methodOf(f, t.settings.figures, t.settings.catalogue),
      f.description,
      sheet ? linkTo(sheet, sheet) : '—',
    ])
    row.eachCell({ includeEmpty: true }, (cell) => {
      cell.border = BORDER
      cell.font = { name: FONT }
      cell.alignment = { vertical: 'middle', wrapText: true }
    })
  }
  ws.commit()
}

/**
 * The workbook of a node and period as xlsx bytes. `events` are the counted events of the period
 * (figures.repository `countedEvents`); they are sorted by date in place.
 */
export async function ledgerXlsx(input: ExportInput, events: Doc[]): Promise<Buffer> {
  const t = input.totals
  events.sort((a, b) =>
    a.happenedOn === b.happenedOn
      ? String(a._id).localeCompare(String(b._id))
      : String(a.happenedOn) < String(b.happenedOn)
        ? -1
        : 1,
  )
  const byFigure = eventsByFigure(t.settings.figures, events, t.settings, t.period)
  const taken = new Set([SUMMARY.toLowerCase(), NOTES.toLowerCase()])
  const sheetOf = new Map<string, string>()
  const eventFigures = t.settings.figures.filter((f): f is EventFigure => f.kind !== 'ratio')
  for (const f of eventFigures) sheetOf.set(f.key, sheetNameOf(f.label, taken))

  const chunks: Buffer[] = []
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk)
      done()
    },
  })
  const wb = new stream.xlsx.WorkbookWriter({ stream: sink, useStyles: true, useSharedStrings: true })
  wb.creator = '法治台账'
  wb.created = input.exportedAt
  wb.title = `${t.node.name}${t.period.label}法治数据台账`
  const context = `统计范围：${t.node.name}（含下属社区、网格）；统计期间：${t.period.label}（${t.period.from}至${t.period.to}，按发生日期）；导出：${input.exportedByName} ${chinaStamp(input.exportedAt)}；当事人信息不导出，文字中的手机号、身份证号已遮蔽`
  addSummary(wb, input, sheetOf, context)
  for (const f of eventFigures)
    addFigureSheet(wb, input, f, sheetOf.get(f.key)!, byFigure.get(f.key) ?? [], context)
  addNotes(wb, input, sheetOf)
  // Resolves once the sink has taken the last byte.
  await wb.commit()
  return Buffer.concat(chunks)
}
