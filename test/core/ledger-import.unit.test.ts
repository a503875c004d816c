/**
 * Importing ledgers (ledger-import.ts): headers found by any of their names, cells as Excel and CSV give
 * them, every row validated as the form's event with its errors against its row and column, blank rows
 * skipped, the limits, and the CSV reader. The round trip is a property: any valid row of any type,
 * written in any of the accepted ways, comes back as the event the form would have sent.
 */
import fc from 'fast-check'
import { validateEvent, type EventFields } from '../../src/core/event-input'
import { BUILT_IN_TYPES, findType, measureLabel, type EventTypeDefinition } from '../../src/core/event-types'
import {
  contentOf,
  dateOfCell,
  ledgerHeaders,
  MAX_IMPORT_ROWS,
  parseCsv,
  readLedger,
  type LedgerCell,
  type LedgerEntry,
  type LedgerReading,
} from '../../src/core/ledger-import'

const TODAY = '2025-06-30'
const context = { today: TODAY }

const typeNamed = (type: string): EventTypeDefinition => {
  const def = findType(BUILT_IN_TYPES, type)
  if (!def) throw new Error(`no built-in type ${type}`)
  return def
}
const lecture = typeNamed('lecture')
const promotion = typeNamed('promotion')
const enforcement = typeNamed('enforcement')
const dispute = typeNamed('dispute')
const gridEvent = typeNamed('gridEvent')

/** A street's own type with what the built-in ones lack: several choices, an optional measure. */
const inspection: EventTypeDefinition = {
  type: 'c_0123456789ab',
  label: '食品安全督导检查',
  unit: '次',
  titleLabel: '检查事项',
  dateLabel: '检查日期',
  placeLabel: '检查地点',
  placeRequired: false,
  measures: [
    { key: 'm1', label: '检查商户', unit: '户', max: 500 },
    { key: 'm2', label: '整改问题', unit: '个', max: 100, required: false },
  ],
  attributes: [
    {
      key: 'a1',
      label: '检查内容',
      kind: 'choices',
      options: ['证照', '卫生', '储存', '标识'],
      required: true,
    },
    { key: 'a2', label: '联合检查', kind: 'flag' },
    { key: 'a3', label: '带队领导', kind: 'text' },
  ],
  builtIn: false,
}

const TYPES = [...BUILT_IN_TYPES, inspection]

function accepted(reading: LedgerReading): Extract<LedgerReading, { ok: true }> {
  if (!reading.ok) throw new Error(`refused: ${JSON.stringify(reading)}`)
  return reading
}

const errorsOf = (reading: LedgerReading) => accepted(reading).entries.flatMap((e) => e.errors)

// ── The round trip ──────────────────────────────────────────────────────────────────────────────────

const CHARS = [...'民法典进社区宣传周反诈国家安全明园广场王律师李一二三ABCxyz0123456789·（）-—']
const text = (min: number, max: number) =>
  fc
    .array(fc.constantFrom(...CHARS), { minLength: min, maxLength: max })
    .map((cs) => cs.join(''))
    // What a person typed, as a cell holds it; surrounding spaces are trimmed by both the form and the import.
    .chain((s) => fc.constantFrom(s, ` ${s} `))

const DAY_MS = 86_400_000
const day = fc
  .integer({ min: Date.UTC(2000, 0, 1) / DAY_MS, max: Date.UTC(2025, 5, 30) / DAY_MS })
  .map((n) => new Date(n * DAY_MS))
const isoOf = (d: Date) => d.toISOString().slice(0, 10)

/** A date written in any of the accepted ways. */
const dateCell = (d: Date): fc.Arbitrary<LedgerCell> => {
  const [y, m, dd] = [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate()]
  return fc.constantFrom<LedgerCell>(
    isoOf(d),
    `${y}/${m}/${dd}`,
    `${y}年${m}月${dd}日`,
    `${y}.${m}.${dd}`,
    `${isoOf(d)} 09:30`,
    new Date(d),
    (d.getTime() - Date.UTC(1899, 11, 30)) / DAY_MS,
  )
}

/** A whole number written as a number cell, as digits, or with thousands separators. */
const numberCell = (n: number): fc.Arbitrary<LedgerCell> =>
  fc.constantFrom<LedgerCell>(n, String(n), n.toLocaleString('en-US'))

interface Column {
  readonly headers: readonly string[]
  readonly value: unknown
  /** The value as the cell holds it. */
  readonly cell: LedgerCell
  /** Present in the sheet (optional columns may be left out). */
  readonly present: boolean
}

/** One valid row of `def`: for each field its possible headers, its value and its cell. */
function validRow(def: EventTypeDefinition): fc.Arbitrary<Column[]> {
  const columns: fc.Arbitrary<Column>[] = []
  const col = (
    headers: readonly string[],
    value: fc.Arbitrary<unknown>,
    cell: (v: unknown) => fc.Arbitrary<LedgerCell>,
    required: boolean,
  ) =>
    columns.push(
      fc
        .tuple(value, required ? fc.constant(true) : fc.boolean())
        .chain(([v, present]) => cell(v).map((c): Column => ({ headers, value: v, cell: c, present }))),
    )
  const asText = (v: unknown) => fc.constant<LedgerCell>(v as string)
  col(['标题', def.titleLabel, `* ${def.titleLabel}`], text(2, 60), asText, true)
  col(['日期', def.dateLabel, def.dateLabel.replace(/日期$/, '时间')], day, (d) => dateCell(d as Date), true)
  col(
    ['地点', def.placeLabel],
    def.placeRequired ? text(2, 60) : fc.oneof(text(2, 60), fc.constant('')),
    asText,
    def.placeRequired,
  )
  for (const m of def.measures)
    col(
      [m.label, measureLabel(m), `${m.label}(${m.unit})`],
      fc.integer({ min: 0, max: m.max }),
      (n) => numberCell(n as number),
      m.required !== false,
    )
  for (const a of def.attributes) {
    const headers = [a.label, `${a.label}（必填）`]
    if (a.kind === 'text')
      col(headers, a.required ? text(1, 40) : fc.oneof(text(1, 40), fc.constant('')), asText, !!a.required)
    if (a.kind === 'choice')
      col(
        headers,
        a.required ? fc.constantFrom(...a.options!) : fc.constantFrom('', ...a.options!),
        asText,
        !!a.required,
      )
    if (a.kind === 'flag')
      col(
        [...headers, a.label.replace(/（.*）$/, '（是/否）')],
        fc.boolean(),
        (b) => fc.constantFrom<LedgerCell>(b as boolean, b ? '是' : '否', b ? '√' : '×'),
        false,
      )
    if (a.kind === 'choices')
      col(
        headers,
        fc.subarray([...a.options!], { minLength: 1 }),
        (list) => fc.constantFrom<LedgerCell>((list as string[]).join('、'), (list as string[]).join(', ')),
        !!a.required,
      )
  }
  return fc.tuple(...columns)
}

/** What the form sends for the row's values (the reference the import must agree with). */
function formFields(def: EventTypeDefinition, columns: readonly Column[]): EventFields {
  const [title, date, place, ...rest] = columns
  const measures: Record<string, unknown> = {}
  const attributes: Record<string, unknown> = {}
  def.measures.forEach((m, i) => {
    if (rest[i]!.present) measures[m.key] = rest[i]!.value
  })
  def.attributes.forEach((a, i) => {
    const { value, present } = rest[def.measures.length + i]!
    if (present && value !== '') attributes[a.key] = value
  })
  const checked = validateEvent(
    def,
    {
      title: title!.value,
      happenedOn: isoOf(date!.value as Date),
      place: place!.present ? place!.value : undefined,
      measures,
      attributes,
    },
    context,
  )
  if (!checked.ok) throw new Error(`the generator made an invalid row: ${JSON.stringify(checked.fields)}`)
  return checked.value
}

const sheet = fc.constantFrom(...TYPES).chain((def) =>
  fc.record({
    def: fc.constant(def),
    rows: fc.array(validRow(def), { minLength: 1, maxLength: 5 }),
    // The header each field is written with, the order of the columns, extra columns, a title row.
    headerChoice: fc.array(fc.nat(), { minLength: 40, maxLength: 40 }),
    order: fc.array(fc.nat(), { minLength: 40, maxLength: 40 }),
    extra: fc.boolean(),
    titleRow: fc.boolean(),
  }),
)

describe('any valid row round-trips', () => {
  it('as the event the form would send, whatever the headers, the column order and the cell formats', () => {
    fc.assert(
      fc.property(sheet, ({ def, rows, headerChoice, order, extra, titleRow }) => {
        const present = rows[0]!.map((c) => c.present)
        // Every row of a sheet has the same columns: the first row decides which optional ones are there.
        const sameColumns = rows.map((r) => r.map((c, i) => ({ ...c, present: present[i]! })))
        const fieldsIdx = present.flatMap((p, i) => (p ? [i] : []))
        const sorted = [...fieldsIdx].sort((a, b) => (order[a]! % 7) - (order[b]! % 7) || a - b)
        const header: LedgerCell[] = sorted.map((i) => {
          const hs = rows[0]![i]!.headers
          return hs[headerChoice[i]! % hs.length]!
        })
        if (extra) header.unshift('序号')
        const body = sameColumns.map((r, n) => {
          const cells: LedgerCell[] = sorted.map((i) => r[i]!.cell)
          if (extra) cells.unshift(n + 1)
          return cells
        })
        const table = [...(titleRow ? [[`2024年${def.label}台账`]] : []), header, ...body]
        const reading = accepted(readLedger(def, table, context))
        expect(reading.headerRow).toBe(titleRow ? 2 : 1)
        expect(reading.entries).toHaveLength(rows.length)
        reading.entries.forEach((entry, n) => {
          expect(entry.errors).toEqual([])
          expect(entry.row).toBe(n + (titleRow ? 3 : 2))
          expect(entry.fields).toEqual(formFields(def, sameColumns[n]!))
          expect(entry.content).toBe(contentOf(entry.fields!))
        })
      }),
      { numRuns: 300 },
    )
  })

  it('counts identical rows: the same content is the same whatever the cell format, each occurrence numbered', () => {
    const reading = accepted(
      readLedger(
        lecture,
        [
          ['讲座主题', '举办日期', '举办地点', '参与人次', '发放资料', '主讲人'],
          ['民法典进社区', '2024-03-05', '明园社区', 45, 120, '王律师'],
          ['民法典进社区', new Date(Date.UTC(2024, 2, 5)), '明园社区', '45', '120', ' 王律师 '],
          ['民法典进社区', '2024年3月5日', '明园社区', 45, 120, '王律师'],
          ['宪法宣传', '2024/3/5', '明园社区', 45, 120, '王律师'],
        ],
        context,
      ),
    )
    const [a, b, c, d] = reading.entries
    expect(a!.content).toBe(b!.content)
    expect(c!.content).toBe(a!.content)
    expect(d!.content).not.toBe(a!.content)
    expect(reading.entries.map((e) => e.occurrence)).toEqual([0, 1, 2, 0])
  })

  it('is the same for a blank cell and a missing column, and for a measure the type gained since', () => {
    const withColumn = accepted(
      readLedger(
        promotion,
        [
          ['活动名称', '活动日期', '活动地点', '受众', '发放资料', '活动形式', '宣传主题', '合作单位'],
          ['宪法宣传周', '2024-12-04', '明园广场', 300, '', '宣讲', '宪法', ''],
        ],
        context,
      ),
    )
    const without = accepted(
      readLedger(
        promotion,
        [
          ['活动名称', '活动日期', '活动地点', '受众', '活动形式', '宣传主题'],
          ['宪法宣传周', '2024-12-04', '明园广场', 300, '宣讲', '宪法'],
        ],
        context,
      ),
    )
    const extended = {
      ...promotion,
      measures: [
        ...promotion.measures,
        { key: 'm1', label: '发放礼品', unit: '份', max: 100, required: false },
      ],
    }
    const later = accepted(
      readLedger(
        extended,
        [
          ['活动名称', '活动日期', '活动地点', '受众', '活动形式', '宣传主题'],
          ['宪法宣传周', '2024-12-04', '明园广场', 300, '宣讲', '宪法'],
        ],
        context,
      ),
    )
    expect(without.entries[0]!.content).toBe(withColumn.entries[0]!.content)
    expect(later.entries[0]!.content).toBe(withColumn.entries[0]!.content)
    expect(later.entries[0]!.fields?.measures).toEqual({ audience: 300, materials: 0, m1: 0 })
  })
})

// ── Headers ─────────────────────────────────────────────────────────────────────────────────────────

describe('headers', () => {
  const row = ['民法典进社区', '2024-03-05', '明园社区', 45, 120, '王律师']
  const fieldsOf = (header: LedgerCell[], cells: LedgerCell[] = row) =>
    accepted(readLedger(lecture, [header, cells], context)).entries[0]!.fields

  it.each([
    [['标题', '日期', '地点', '参与人次', '发放资料', '主讲人']],
    [['讲座主题', '举办日期', '举办地点', '参与人次', '发放资料（份）', '主讲人']],
    [['讲座主题 ', '举办时间', '举办地点', '参与人次（人次）', '发放资料(份)', '主讲人']],
    [['*讲座主题', '举办日期*', '地 点', '参与人次', '发放资料（选填）', '主讲人']],
    [['讲座主题（必填）', '发生日期', '举办地点', '参与人次', '发放资料', '主讲人']],
  ])('are recognised by any of their names: %j', (header) => {
    expect(fieldsOf(header)).toEqual({
      title: '民法典进社区',
      happenedOn: '2024-03-05',
      place: '明园社区',
      measures: { participants: 45, materials: 120 },
      attributes: { speaker: '王律师' },
      photos: [],
    })
  })

  it('may come in any order, with unknown columns ignored and listed', () => {
    const reading = accepted(
      readLedger(
        lecture,
        [
          ['序号', '主讲人', '备注', '发放资料', '参与人次', '举办地点', '举办日期', '讲座主题'],
          [1, '王律师', '无', 120, 45, '明园社区', '2024-03-05', '民法典进社区'],
        ],
        context,
      ),
    )
    expect(reading.ignoredColumns).toEqual(['序号', '备注'])
    expect(reading.entries[0]!.fields).toMatchObject({
      title: '民法典进社区',
      measures: { participants: 45 },
    })
  })

  it('use the first of two columns of the same field and ignore the second', () => {
    const reading = accepted(
      readLedger(
        lecture,
        [
          ['标题', '讲座主题', '日期', '地点', '参与人次', '发放资料'],
          ['民法典进社区', '另一个主题', '2024-03-05', '明园社区', 45, 120],
        ],
        context,
      ),
    )
    expect(reading.ignoredColumns).toEqual(['讲座主题'])
    expect(reading.entries[0]!.fields?.title).toBe('民法典进社区')
  })

  it('recognise a flag by its label without the note in brackets', () => {
    const reading = accepted(
      readLedger(
        enforcement,
        [
          ['执法事项', '执法日期', '执法地点', '执法类别', '联合执法（是/否）', '参与部门'],
          ['拆除违建棚架', '2024-05-01', '春晓路12号', '私搭乱建', '是', '城管'],
          ['清理占道', '2024-05-02', '春晓路', '占道经营', '否', ''],
          ['清理占道', '2024-05-03', '春晓路', '占道经营', '', ''],
        ],
        context,
      ),
    )
    expect(reading.entries.map((e) => e.fields?.attributes.joint)).toEqual([true, false, false])
  })

  it('lie below a title row', () => {
    const reading = accepted(
      readLedger(
        lecture,
        [['2024年法律讲座台账'], [], ['讲座主题', '举办日期', '举办地点', '参与人次', '发放资料'], row],
        context,
      ),
    )
    expect(reading.headerRow).toBe(3)
    expect(reading.entries[0]!.row).toBe(4)
  })

  it('missing a required column refuse the whole sheet, naming each missing column as the type does', () => {
    expect(readLedger(lecture, [['标题', '参与人次', '主讲人'], row], context)).toEqual({
      ok: false,
      code: 'IMPORT.HEADERS_MISSING',
      details: { missing: ['举办日期', '举办地点', '发放资料（份）'] },
    })
    expect(readLedger(promotion, [['活动名称', '活动日期', '活动地点', '受众（人）']], context)).toEqual({
      ok: false,
      code: 'IMPORT.HEADERS_MISSING',
      details: { missing: ['活动形式', '宣传主题'] },
    })
    // An optional column may be left out: an optional measure counts 0, a place not required is empty.
    const consultation = accepted(
      readLedger(typeNamed('consultation'), [
        ['咨询事项', '咨询日期', '接受咨询'],
        ['劳动合同', '2024-03-05', 6],
      ]),
    )
    expect(consultation.entries[0]!.fields).toMatchObject({
      place: '',
      measures: { people: 6 },
      attributes: {},
    })
  })

  it('of an empty file are all missing', () => {
    expect(readLedger(lecture, [], context)).toMatchObject({
      ok: false,
      details: { missing: ['讲座主题', '举办日期', '举办地点', '参与人次', '发放资料（份）'] },
    })
  })

  it('of a template are the type’s own names', () => {
    expect(ledgerHeaders(lecture)).toEqual([
      '讲座主题',
      '举办日期',
      '举办地点',
      '参与人次',
      '发放资料（份）',
      '主讲人',
    ])
    expect(ledgerHeaders(inspection)).toEqual([
      '检查事项',
      '检查日期',
      '检查地点',
      '检查商户（户）',
      '整改问题（个）',
      '检查内容',
      '联合检查',
      '带队领导',
    ])
  })
})

// ── Errors ──────────────────────────────────────────────────────────────────────────────────────────

describe('each kind of error is reported with its row and its column as written', () => {
  const header = [
    '序号',
    '活动名称',
    '活动日期',
    '活动地点',
    '受众（人）',
    '发放资料',
    '活动形式',
    '宣传主题',
  ]
  const good = ['宪法宣传周', '2024-12-04', '明园广场', 300, 500, '文艺汇演', '宪法']
  const withCell = (index: number, value: LedgerCell) => good.map((c, i) => (i === index ? value : c))
  const table = [
    ['2024年普法宣传活动台账'],
    header,
    [1, ...good],
    [2, ...withCell(1, '2024-13-45')],
    [3, ...withCell(1, '下周三')],
    [4, ...withCell(1, '2025-07-01')],
    [5, ...withCell(1, '1999-12-31')],
    [6, ...withCell(3, 100_001)],
    [7, ...withCell(3, '三百')],
    [8, ...withCell(3, 2.5)],
    [9, ...withCell(0, '')],
    [10, ...withCell(0, '宣')],
    [11, ...withCell(5, '快闪')],
    [12, ...withCell(2, '')],
    [13, ...withCell(4, '')],
  ]

  it('in Chinese, one per bad cell, none for a good row', () => {
    const reading = accepted(readLedger(promotion, table, context))
    expect(reading.entries).toHaveLength(13)
    expect(reading.entries[0]!.errors).toEqual([])
    expect(errorsOf(readLedger(promotion, table, context))).toEqual([
      { row: 4, column: '活动日期', message: '活动日期不是有效的日期，请填写如2024-03-05的日期' },
      { row: 5, column: '活动日期', message: '活动日期不是有效的日期，请填写如2024-03-05的日期' },
      { row: 6, column: '活动日期', message: '活动日期不能晚于今天' },
      { row: 7, column: '活动日期', message: '活动日期不能早于2000年' },
      { row: 8, column: '受众（人）', message: '受众不能超过100000' },
      { row: 9, column: '受众（人）', message: '受众应为不小于0的整数' },
      { row: 10, column: '受众（人）', message: '受众应为不小于0的整数' },
      { row: 11, column: '活动名称', message: '请填写活动名称' },
      { row: 12, column: '活动名称', message: '活动名称至少2个字' },
      {
        row: 13,
        column: '活动形式',
        message: '活动形式只能填写：宣讲、文艺汇演、进校园、进社区、LED屏、条幅、微信群、其他',
      },
      { row: 14, column: '活动地点', message: '请填写活动地点' },
      // An optional measure left empty counts 0: not an error.
    ])
  })

  it('several in one row, in the order of the columns', () => {
    const errors = errorsOf(readLedger(promotion, [header, [1, '', '', '', '', 5, '', '']], context))
    expect(errors.map((e) => e.column)).toEqual([
      '活动名称',
      '活动日期',
      '活动地点',
      '受众（人）',
      '活动形式',
      '宣传主题',
    ])
    expect(errors.map((e) => e.message)).toEqual([
      '请填写活动名称',
      '请填写活动日期',
      '请填写活动地点',
      '请填写受众',
      '请填写活动形式',
      '请填写宣传主题',
    ])
    expect(errors.every((e) => e.row === 2)).toBe(true)
  })

  it('a flag that is neither 是 nor 否, several choices not in the list', () => {
    expect(
      errorsOf(
        readLedger(
          inspection,
          [
            ['检查事项', '检查日期', '检查商户', '检查内容', '联合检查'],
            ['春节前检查', '2024-01-20', 12, '卫生、消防', '是'],
            ['春节前检查', '2024-01-21', 12, '卫生', '也许'],
          ],
          context,
        ),
      ),
    ).toEqual([
      { row: 2, column: '检查内容', message: '检查内容只能填写：证照、卫生、储存、标识' },
      { row: 3, column: '联合检查', message: '联合检查应为是或否' },
    ])
  })

  it('a date in a closed year, with the closed-year sentence; the row is still read (to recognise it if imported before)', () => {
    const reading = accepted(
      readLedger(
        lecture,
        [
          ['讲座主题', '举办日期', '举办地点', '参与人次', '发放资料'],
          ['民法典进社区', '2023-12-30', '明园社区', 45, 0],
          ['民法典进社区', '2024-01-02', '明园社区', 45, 0],
        ],
        { today: TODAY, closedYears: [2023] },
      ),
    )
    const [closed, open] = reading.entries as LedgerEntry[]
    expect(closed!.errors).toEqual([
      { row: 2, column: '举办日期', message: '2023年度已结账，不能再新增或修改该年度的记录' },
    ])
    expect(closed!.fields?.happenedOn).toBe('2023-12-30')
    expect(open!.errors).toEqual([])
  })
})

// ── Rows ────────────────────────────────────────────────────────────────────────────────────────────

describe('rows', () => {
  const header = ['序号', '讲座主题', '举办日期', '举办地点', '参与人次', '发放资料']
  const row = (n: number): LedgerCell[] => [n, `讲座${n}`, '2024-03-05', '明园社区', n, 0]

  it('blank ones are skipped, also a template numbered in advance, and row numbers stay the sheet’s', () => {
    const reading = accepted(
      readLedger(
        lecture,
        [header, row(1), [], ['', '  ', null], row(2), [4, '', '', '', '', ''], [5], row(3)],
        context,
      ),
    )
    expect(reading.entries.map((e) => [e.row, e.fields?.title])).toEqual([
      [2, '讲座1'],
      [5, '讲座2'],
      [8, '讲座3'],
    ])
  })

  it(`at most ${MAX_IMPORT_ROWS} data rows; blank rows do not count`, () => {
    const rows = Array.from({ length: MAX_IMPORT_ROWS }, (_x, i) => row(i + 1))
    const full = accepted(readLedger(lecture, [header, ...rows, [], [], []], context))
    expect(full.entries).toHaveLength(MAX_IMPORT_ROWS)
    expect(readLedger(lecture, [header, ...rows, row(1001)], context)).toEqual({
      ok: false,
      code: 'IMPORT.TOO_MANY_ROWS',
      details: { rows: 1001, max: MAX_IMPORT_ROWS },
    })
  })

  it('give the event as the form sends it', () => {
    const reading = accepted(
      readLedger(
        promotion,
        [
          ['活动名称', '活动日期', '活动地点', '受众', '发放资料', '活动形式', '宣传主题', '合作单位'],
          ['宪法宣传周', '2024/12/4', '明园广场', '1,200', '', '文艺汇演', '宪法', ''],
        ],
        context,
      ),
    )
    expect(reading.entries[0]!.input).toEqual({
      title: '宪法宣传周',
      happenedOn: '2024-12-04',
      place: '明园广场',
      measures: { audience: '1200', materials: '' },
      attributes: { form: '文艺汇演', theme: '宪法' },
    })
    expect(reading.entries[0]!.fields?.measures).toEqual({ audience: 1200, materials: 0 })
  })

  it('of a case type come in without their status, and of a dispute without its parties', () => {
    const disputes = accepted(
      readLedger(
        dispute,
        [
          ['案由', '受理日期', '纠纷类别', '状态', '申请人', '联系电话'],
          ['楼上漏水纠纷', '2024-03-05', '邻里纠纷', '调解成功', '张三', '13812345678'],
        ],
        context,
      ),
    )
    expect(disputes.ignoredColumns).toEqual(['状态', '申请人', '联系电话'])
    expect(disputes.entries[0]!.errors).toEqual([])
    expect(disputes.entries[0]!.input).not.toHaveProperty('parties')
    const grid = accepted(
      readLedger(
        gridEvent,
        [
          ['事件描述', '上报日期', '事件地点', '事件类别', '状态'],
          ['楼道堆放杂物', '2024-03-05', '明园小区5栋', '安全隐患', '已办结'],
        ],
        context,
      ),
    )
    expect(grid.ignoredColumns).toEqual(['状态'])
    expect(grid.entries[0]!.fields).toMatchObject({
      title: '楼道堆放杂物',
      attributes: { category: '安全隐患' },
    })
  })
})

// ── Dates ───────────────────────────────────────────────────────────────────────────────────────────

describe('dates', () => {
  it.each<[LedgerCell, string | undefined]>([
    ['2024-03-05', '2024-03-05'],
    ['2024/3/5', '2024-03-05'],
    ['2024年3月5日', '2024-03-05'],
    ['2024 年 3 月 5 日', '2024-03-05'],
    ['2024.03.05', '2024-03-05'],
    ['２０２４－０３－０５', '2024-03-05'],
    ['20240305', '2024-03-05'],
    [20240305, '2024-03-05'],
    ['2024-03-05 14:30', '2024-03-05'],
    ['2024-03-05T14:30:00Z', '2024-03-05'],
    ['2024/3/5 9:05:00', '2024-03-05'],
    [new Date(Date.UTC(2024, 2, 5)), '2024-03-05'],
    [45356, '2024-03-05'],
    [45356.75, '2024-03-05'],
    ['2024-02-30', undefined],
    ['2024-3', undefined],
    ['3/5/2024', undefined],
    ['明天', undefined],
    [new Date(Number.NaN), undefined],
    [true, undefined],
    [null, undefined],
  ])('%p is %p', (cell, date) => {
    expect(dateOfCell(cell)).toBe(date)
  })

  it('of Excel date cells are the day shown, whatever the day', () => {
    fc.assert(
      fc.property(day, (d) => {
        expect(dateOfCell(d)).toBe(isoOf(d))
        expect(dateOfCell((d.getTime() - Date.UTC(1899, 11, 30)) / DAY_MS)).toBe(isoOf(d))
      }),
    )
  })
})

// ── CSV ─────────────────────────────────────────────────────────────────────────────────────────────

/** CSV as Excel writes it: a field quoted when it must be. */
const toCsv = (rows: readonly (readonly string[])[], eol: string) =>
  rows
    .map((r) =>
      r.map((f) => (/[",\r\n]/.test(f) || f.trim() !== f ? `"${f.replace(/"/g, '""')}"` : f)).join(','),
    )
    .join(eol)

describe('CSV', () => {
  it('reads quoted fields with commas, quotes and line breaks, any line ending, and a byte-order mark', () => {
    const text =
      '\uFEFF讲座主题,举办日期,备注\r\n"民法典, 进社区",2024-03-05,"他说""好""\n第二行"\n宪法,2024/3/5,\r\n'
    expect(parseCsv(text)).toEqual([
      ['讲座主题', '举办日期', '备注'],
      ['民法典, 进社区', '2024-03-05', '他说"好"\n第二行'],
      ['宪法', '2024/3/5', ''],
    ])
    expect(parseCsv('a,b\rc,d')).toEqual([
      ['a', 'b'],
      ['c', 'd'],
    ])
  })

  it('keeps empty lines as empty rows, so row numbers are the sheet’s', () => {
    expect(parseCsv('a\n\nb\n')).toEqual([['a'], [''], ['b']])
    expect(parseCsv('')).toEqual([])
  })

  it('reads back whatever Excel wrote', () => {
    const field = fc.string({
      unit: fc.constantFrom('a', '中', ',', '"', '\n', '\r\n', ' ', '1'),
      maxLength: 8,
    })
    fc.assert(
      fc.property(
        fc.array(fc.array(field, { minLength: 2, maxLength: 5 }), { minLength: 1, maxLength: 6 }),
        fc.constantFrom('\r\n', '\n'),
        (rows, eol) => {
          expect(parseCsv(toCsv(rows, eol))).toEqual(rows)
        },
      ),
    )
  })
})
