/**
 * Importing ledgers (ledgers.importLedger) through the built function and the real wx-server-sdk against
 * the local cloud: an xlsx made with exceljs and a GBK csv uploaded to cloud storage, a dry run that
 * lists every row's error and writes nothing, a clean file imported once (re-importing it creates
 * nothing), cases at their initial state, who may import, closed years, and a ledger of 1000 rows in
 * one month within the function's 60 s.
 */
import { Workbook } from 'exceljs'
import { chinaToday, yearOf } from '../../src/core/china-time'
import { EVENT_ID } from '../../src/core/event-input'
import { functionsCloud, NODE, PERSONA } from '../support/functions'
import { sdkFor, type Sdk } from '../support/local-cloud'

const fx = functionsCloud({ instancesPerFunction: 2 })
const { call, ok, codeOf, count } = fx
let storage: Sdk

const CLERK = PERSONA.clerk
const ADMIN = PERSONA.admin
const today = chinaToday()
const thisYear = yearOf(today)
const lastYear = thisYear - 1
const settingsId = `street:${NODE.street}`

beforeAll(() => {
  storage = sdkFor(fx.cloud)
})

type Cell = string | number | Date | boolean | null

async function xlsx(
  rows: readonly (readonly Cell[])[],
  before: Record<string, readonly (readonly Cell[])[]> = {},
): Promise<Buffer> {
  const workbook = new Workbook()
  for (const [name, sheetRows] of [...Object.entries(before), ['台账', rows] as const]) {
    const sheet = workbook.addWorksheet(name)
    for (const row of sheetRows) sheet.addRow([...row])
  }
  return Buffer.from(await workbook.xlsx.writeBuffer())
}

let uploads = 0
async function upload(content: Buffer, name: string, folder = 'imports'): Promise<string> {
  const { fileID } = await storage.uploadFile({
    cloudPath: `${folder}/${++uploads}/${name}`,
    fileContent: content,
  })
  return fileID
}

/** GBK bytes of `text`, as Excel in China saves a CSV (an encoder from the platform's GBK decoder). */
let gbkTable: Map<string, number[]> | undefined
function gbk(text: string): Buffer {
  if (!gbkTable) {
    gbkTable = new Map()
    const decoder = new TextDecoder('gbk')
    for (let lead = 0x81; lead <= 0xfe; lead++)
      for (let trail = 0x40; trail <= 0xfe; trail++) {
        if (trail === 0x7f) continue
        const ch = decoder.decode(new Uint8Array([lead, trail]))
        if (ch.length === 1 && ch !== '\uFFFD' && !gbkTable.has(ch)) gbkTable.set(ch, [lead, trail])
      }
  }
  const bytes: number[] = []
  for (const ch of text) {
    if (ch.charCodeAt(0) < 0x80) bytes.push(ch.charCodeAt(0))
    else bytes.push(...gbkTable.get(ch)!)
  }
  return Buffer.from(bytes)
}

const importLedger = (fileID: string, type: string, dryRun: boolean, who: string = CLERK, nodeId?: string) =>
  call('ledgers', { action: 'importLedger', fileID, type, dryRun, ...(nodeId ? { nodeId } : {}) }, who)

/** A date of this year on or before today, `n` days into the year at most. */
const day = (n: number) => {
  const jan1 = `${thisYear}-01-01`
  const d = new Date(Date.parse(jan1) + n * 86_400_000).toISOString().slice(0, 10)
  return d > today ? today : d
}

const LECTURE_HEADER = [
  '序号',
  '讲座主题',
  '举办日期',
  '举办地点',
  '参与人次',
  '发放资料（份）',
  '主讲人',
  '备注',
]
const lectureRows = (n: number, prefix: string): Cell[][] =>
  Array.from({ length: n }, (_x, i) => [
    i + 1,
    `${prefix}法律讲座${i + 1}`,
    new Date(`${day(i)}T00:00:00Z`),
    '明园社区党群服务中心',
    30 + i,
    100,
    '王律师',
    '',
  ])

describe('a dry run', () => {
  it('lists every row’s error with its row and column, and writes nothing', async () => {
    const fileID = await upload(
      await xlsx([
        [`${thisYear}年普法宣传活动台账`],
        ['活动名称', '活动日期', '活动地点', '受众（人）', '发放资料', '活动形式', '宣传主题'],
        ['宪法宣传周', day(0), '明园广场', 300, 500, '文艺汇演', '宪法'],
        ['反诈宣传', '2024-13-45', '明园广场', 300, 500, '宣讲', '反诈'],
        ['国家安全日', day(1), '明园广场', 100_001, '', '宣讲', '国家安全'],
        ['', day(2), '明园广场', 20, 0, '宣讲', '禁毒'],
        ['民法典进校园', day(3), '春晓小学', 200, 50, '快闪', '民法典'],
        [],
        ['禁毒宣传', day(4), '兴华社区', 80, 60, '条幅', '禁毒'],
      ]),
      '普法.xlsx',
    )
    const before = await count('events')
    const reply = await importLedger(fileID, 'promotion', true)
    expect(reply.error).toBeUndefined()
    expect(reply.data).toEqual({
      dryRun: true,
      type: 'promotion',
      rows: 6,
      errors: [
        { row: 4, column: '活动日期', message: '活动日期不是有效的日期，请填写如2024-03-05的日期' },
        { row: 5, column: '受众（人）', message: '受众不能超过100000' },
        { row: 6, column: '活动名称', message: '请填写活动名称' },
        {
          row: 7,
          column: '活动形式',
          message: '活动形式只能填写：宣讲、文艺汇演、进校园、进社区、LED屏、条幅、微信群、其他',
        },
      ],
      created: 0,
      alreadyImported: 0,
    })
    // A real run of a file with errors writes nothing either, and answers the same errors.
    const real = await ok(
      'ledgers',
      { action: 'importLedger', fileID, type: 'promotion', dryRun: false },
      CLERK,
    )
    expect(real).toMatchObject({ dryRun: false, created: 0, errors: reply.data.errors })
    expect(await count('events')).toBe(before)
    expect(await count('auditLog', { action: 'event.create', actor: CLERK })).toBe(0)
  })

  it('reads the first sheet with the type’s headers, after a sheet of instructions', async () => {
    const fileID = await upload(
      await xlsx([LECTURE_HEADER, ...lectureRows(2, '说明后')], {
        填表说明: [['请按模板填写，日期写作2024-03-05'], ['每行一场讲座']],
      }),
      '两个工作表.xlsx',
    )
    expect(
      await ok('ledgers', { action: 'importLedger', fileID, type: 'lecture', dryRun: true }, CLERK),
    ).toMatchObject({
      rows: 2,
      errors: [],
    })
  })

  it('refuses a sheet missing required columns, naming them', async () => {
    const fileID = await upload(
      await xlsx([
        ['讲座主题', '参与人次'],
        ['民法典', 3],
      ]),
      '缺列.xlsx',
    )
    const reply = await importLedger(fileID, 'lecture', true)
    expect(reply.error).toMatchObject({
      code: 'IMPORT.HEADERS_MISSING',
      details: { missing: ['举办日期', '举办地点', '发放资料（份）'] },
    })
  })

  it('refuses more than 1000 rows, a file that is not a ledger, and a file outside imports/', async () => {
    const tooMany = await upload(
      Buffer.from(
        [
          '讲座主题,举办日期,举办地点,参与人次,发放资料',
          ...Array.from({ length: 1001 }, () => `讲座,${today},明园,1,1`),
        ].join('\n'),
      ),
      'many.csv',
    )
    expect((await importLedger(tooMany, 'lecture', true)).error).toMatchObject({
      code: 'IMPORT.TOO_MANY_ROWS',
      details: { rows: 1001, max: 1000 },
    })
    const png = await upload(
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]),
      'a.png',
    )
    expect(
      await codeOf('ledgers', { action: 'importLedger', fileID: png, type: 'lecture', dryRun: true }, CLERK),
    ).toBe('IMPORT.FILE_INVALID')
    const elsewhere = await upload(await xlsx([['讲座主题']]), 'x.xlsx', 'events')
    expect(
      await codeOf(
        'ledgers',
        { action: 'importLedger', fileID: elsewhere, type: 'lecture', dryRun: true },
        CLERK,
      ),
    ).toBe('REQUEST.INVALID')
    const missing = elsewhere.replace('events/', 'imports/none/')
    expect(
      await codeOf(
        'ledgers',
        { action: 'importLedger', fileID: missing, type: 'lecture', dryRun: true },
        CLERK,
      ),
    ).toBe('IMPORT.FILE_INVALID')
    expect(
      await codeOf('ledgers', { action: 'importLedger', fileID: png, type: 'nope', dryRun: true }, CLERK),
    ).toBe('EVENT.TYPE_UNKNOWN')
  })
})

describe('a clean file', () => {
  const N = 12
  let fileID: string

  it('imports every row as an event the caller logged, counted in the figures and listed in 我的记录', async () => {
    fileID = await upload(
      await xlsx([[`${thisYear}年法律讲座台账`], LECTURE_HEADER, ...lectureRows(N, '明园')]),
      '讲座.xlsx',
    )
    const totals = async () =>
      (await ok('stats', { action: 'totals', period: { year: thisYear } }, CLERK)).totals.find(
        (t: { key: string }) => t.key === 'lecture.count',
      ).value.value as number
    const countedBefore = await totals()
    const before = await count('events', { type: 'lecture' })

    const dry = await ok('ledgers', { action: 'importLedger', fileID, type: 'lecture', dryRun: true }, CLERK)
    expect(dry).toEqual({
      dryRun: true,
      type: 'lecture',
      rows: N,
      errors: [],
      created: 0,
      alreadyImported: 0,
      ignoredColumns: ['序号', '备注'],
    })
    expect(await count('events', { type: 'lecture' })).toBe(before)

    const reply = await importLedger(fileID, 'lecture', false)
    expect(reply.error).toBeUndefined()
    expect(reply.data).toEqual({
      dryRun: false,
      type: 'lecture',
      rows: N,
      errors: [],
      created: N,
      alreadyImported: 0,
      ignoredColumns: ['序号', '备注'],
    })
    expect(await count('events', { type: 'lecture' })).toBe(before + N)
    expect(await totals()).toBe(countedBefore + N)

    const { events } = await ok('events', { action: 'mine', type: 'lecture', limit: 50 }, CLERK)
    const imported = events.filter((e: { title: string }) => e.title.startsWith('明园法律讲座'))
    expect(imported).toHaveLength(N)
    const stored = (
      await fx.db
        .collection('events')
        .where({ importedFrom: { fileID, row: 3 } })
        .get()
    ).data
    expect(stored).toHaveLength(1)
    expect(stored[0]).toMatchObject({
      _id: expect.stringMatching(EVENT_ID),
      type: 'lecture',
      title: '明园法律讲座1',
      happenedOn: day(0),
      place: '明园社区党群服务中心',
      measures: { participants: 30, materials: 100 },
      attributes: { speaker: '王律师' },
      nodeId: NODE.street,
      streetId: NODE.street,
      createdBy: CLERK,
      version: 1,
      voided: false,
      listStatus: 'recorded',
      importedFrom: { fileID, row: 3 },
    })
    // Each event's creation is in the audit log, once, as for a logged one.
    expect(await count('auditLog', { _id: `event.create:${String(stored[0]._id)}` })).toBe(1)
    const detail = await ok('events', { action: 'get', id: stored[0]._id }, CLERK)
    expect(detail.event).toMatchObject({ title: '明园法律讲座1', createdByName: expect.any(String) })
  })

  it('imported again creates nothing and reports every row as already imported, by anyone', async () => {
    const before = await count('events')
    const dry = await ok('ledgers', { action: 'importLedger', fileID, type: 'lecture', dryRun: true }, CLERK)
    expect(dry).toMatchObject({ created: 0, alreadyImported: N, errors: [] })
    const again = await ok(
      'ledgers',
      { action: 'importLedger', fileID, type: 'lecture', dryRun: false },
      CLERK,
    )
    expect(again).toEqual({
      dryRun: false,
      type: 'lecture',
      rows: N,
      errors: [],
      created: 0,
      alreadyImported: N,
      ignoredColumns: ['序号', '备注'],
    })
    // The same rows in another file, by the street admin: the same events.
    const copy = await upload(await xlsx([LECTURE_HEADER, ...lectureRows(N, '明园')]), '讲座-副本.xlsx')
    const byAdmin = await ok(
      'ledgers',
      { action: 'importLedger', fileID: copy, type: 'lecture', dryRun: false },
      ADMIN,
    )
    expect(byAdmin).toMatchObject({ created: 0, alreadyImported: N })
    expect(await count('events')).toBe(before)
  })

  it('keeps two identical rows of one file as two events, and a third one added later is the only new one', async () => {
    const row: Cell[] = [1, '重复的讲座', day(0), '春晓社区', 10, 10, '李律师', '']
    const two = await upload(await xlsx([LECTURE_HEADER, row, row]), 'two.xlsx')
    expect(
      await ok('ledgers', { action: 'importLedger', fileID: two, type: 'lecture', dryRun: false }, CLERK),
    ).toMatchObject({
      created: 2,
      alreadyImported: 0,
    })
    const three = await upload(await xlsx([LECTURE_HEADER, row, row, row]), 'three.xlsx')
    expect(
      await ok('ledgers', { action: 'importLedger', fileID: three, type: 'lecture', dryRun: false }, CLERK),
    ).toMatchObject({
      created: 1,
      alreadyImported: 2,
    })
    expect(await count('events', { title: '重复的讲座' })).toBe(3)
  })
})

describe('a CSV saved by Excel in China (GBK)', () => {
  it('is read and imported, at the node named', async () => {
    const text = [
      '执法事项,执法日期,执法地点,执法类别,联合执法（是/否）,参与部门',
      `"拆除违建棚架, 二处",${day(0).replace(/-0?/g, '/')},春晓路12号,私搭乱建,是,城管`,
      `清理占道经营,${thisYear}年1月1日,明园路,占道经营,否,`,
      '',
    ].join('\r\n')
    const fileID = await upload(gbk(text), '执法.csv')
    const dry = await ok(
      'ledgers',
      { action: 'importLedger', fileID, type: 'enforcement', dryRun: true, nodeId: NODE.grid3 },
      CLERK,
    )
    expect(dry).toMatchObject({ rows: 2, errors: [], created: 0 })
    const reply = await ok(
      'ledgers',
      { action: 'importLedger', fileID, type: 'enforcement', dryRun: false, nodeId: NODE.grid3 },
      CLERK,
    )
    expect(reply).toMatchObject({ rows: 2, created: 2 })
    const stored = (await fx.db.collection('events').where({ 'importedFrom.fileID': fileID }).get()).data
    expect(stored.map((e: { title: string }) => e.title).sort()).toEqual([
      '拆除违建棚架, 二处',
      '清理占道经营',
    ])
    expect(stored.every((e: { nodeId: string }) => e.nodeId === NODE.grid3)).toBe(true)
    expect(stored.find((e: { title: string }) => e.title === '清理占道经营').attributes).toEqual({
      category: '占道经营',
      joint: false,
      departments: null,
    })
  })

  it('also with a UTF-8 byte-order mark', async () => {
    const text = `\uFEFF咨询事项,咨询日期,接受咨询,法律顾问\n劳动合同咨询,${day(0)},6,李律师\n`
    const fileID = await upload(Buffer.from(text, 'utf8'), '咨询.csv')
    expect(
      await ok('ledgers', { action: 'importLedger', fileID, type: 'consultation', dryRun: false }, CLERK),
    ).toMatchObject({
      rows: 1,
      created: 1,
    })
  })
})

describe('cases', () => {
  it('come in at their initial state, a dispute without parties', async () => {
    const fileID = await upload(
      await xlsx([
        ['案由', '受理日期', '纠纷类别', '状态', '申请人'],
        ['楼上漏水纠纷', day(0), '邻里纠纷', '调解成功', '张三'],
      ]),
      '纠纷.xlsx',
    )
    const reply = await ok(
      'ledgers',
      { action: 'importLedger', fileID, type: 'dispute', dryRun: false, nodeId: NODE.mingyuan },
      CLERK,
    )
    expect(reply).toMatchObject({ created: 1 })
    const [stored] = (await fx.db.collection('events').where({ 'importedFrom.fileID': fileID }).get()).data
    expect(stored).toMatchObject({
      lifecycle: 'dispute',
      status: 'accepted',
      steps: [],
      partyCount: 0,
      open: true,
      listStatus: 'open',
    })
    expect(JSON.stringify(stored)).not.toContain('张三')
    expect(await count('caseParties', { _id: stored._id })).toBe(0)
  })
})

describe('who may import', () => {
  it('street staff and admins, not a grid worker nor community staff, and only within their street', async () => {
    const fileID = await upload(await xlsx([LECTURE_HEADER, ...lectureRows(1, '权限')]), 'who.xlsx')
    expect(
      await codeOf(
        'ledgers',
        { action: 'importLedger', fileID, type: 'lecture', dryRun: true },
        PERSONA.gridWorker,
      ),
    ).toBe('AUTH.FORBIDDEN')
    expect(
      await codeOf(
        'ledgers',
        { action: 'importLedger', fileID, type: 'lecture', dryRun: true },
        PERSONA.mediator,
      ),
    ).toBe('AUTH.FORBIDDEN')
    expect(
      await codeOf(
        'ledgers',
        { action: 'importLedger', fileID, type: 'lecture', dryRun: true },
        PERSONA.resident,
      ),
    ).toBe('AUTH.NOT_STAFF')
    expect(
      await codeOf(
        'ledgers',
        { action: 'importLedger', fileID, type: 'lecture', dryRun: true, nodeId: 'node-nowhere' },
        CLERK,
      ),
    ).toBe('ORG.NOT_FOUND')
    expect(
      await count('auditLog', {
        outcome: 'refused',
        actor: PERSONA.gridWorker,
        attempted: 'ledgers.importLedger',
      }),
    ).toBe(1)
    expect(
      await ok('ledgers', { action: 'importLedger', fileID, type: 'lecture', dryRun: true }, ADMIN),
    ).toMatchObject({ rows: 1 })
  })
})

describe('a closed year', () => {
  it('refuses rows dated in it with the closed-year sentence; rows imported before it was closed stay imported', async () => {
    const row = (title: string, date: string): Cell[] => [1, title, date, '明园社区', 20, 20, '王律师', '']
    const before = await upload(
      await xlsx([LECTURE_HEADER, row('结账前导入的讲座', `${lastYear}-12-30`)]),
      'before.xlsx',
    )
    expect(
      await ok('ledgers', { action: 'importLedger', fileID: before, type: 'lecture', dryRun: false }, CLERK),
    ).toMatchObject({
      created: 1,
    })

    const { data: settings } = await fx.db.collection('settings').doc(settingsId).get()
    if (settings)
      await fx.db
        .collection('settings')
        .doc(settingsId)
        .update({ data: { closedYears: [lastYear] } })
    else await fx.db.collection('settings').add({ data: { _id: settingsId, closedYears: [lastYear] } })
    try {
      const fileID = await upload(
        await xlsx([
          LECTURE_HEADER,
          row('结账前导入的讲座', `${lastYear}-12-30`),
          row('去年的讲座', `${lastYear}-12-31`),
          row('今年的讲座', day(0)),
        ]),
        'closed.xlsx',
      )
      const total = await count('events')
      const reply = await ok(
        'ledgers',
        { action: 'importLedger', fileID, type: 'lecture', dryRun: false },
        CLERK,
      )
      expect(reply).toEqual({
        dryRun: false,
        type: 'lecture',
        rows: 3,
        errors: [
          { row: 3, column: '举办日期', message: `${lastYear}年度已结账，不能再新增或修改该年度的记录` },
        ],
        created: 0,
        alreadyImported: 1,
        ignoredColumns: ['序号', '备注'],
      })
      expect(await count('events')).toBe(total)
    } finally {
      await fx.db
        .collection('settings')
        .doc(settingsId)
        .update({ data: { closedYears: settings?.closedYears ?? [] } })
    }
  })
})

describe('a ledger of 1000 rows', () => {
  it('in one month is imported within the function’s 60 s, each row once', async () => {
    const month = today.slice(0, 8)
    const rows: Cell[][] = Array.from({ length: 1000 }, (_x, i) => [
      i + 1,
      `千行讲座${i + 1}`,
      `${month}01`,
      '兴华社区',
      i,
      1,
      '',
      '',
    ])
    const fileID = await upload(await xlsx([LECTURE_HEADER, ...rows]), 'big.xlsx')
    // Within the function's 60 s (ledgers/config.json): the local host ends a call that runs longer.
    const reply = await ok(
      'ledgers',
      { action: 'importLedger', fileID, type: 'lecture', dryRun: false },
      CLERK,
    )
    expect(reply).toMatchObject({ rows: 1000, created: 1000, alreadyImported: 0, errors: [] })
    expect(await count('events', { 'importedFrom.fileID': fileID })).toBe(1000)
    // The month's totals count each once (no write lost to a conflict).
    const totals = await ok('stats', { action: 'totals', period: { year: thisYear } }, CLERK)
    const byMonth = totals.byMonth.find((m: { month: string }) => m.month === today.slice(0, 7))
    expect(byMonth.values['lecture.count']).toBe(
      await count('events', { type: 'lecture', month: today.slice(0, 7), voided: false }),
    )
  })

  it('over a year’s months is written several months at once, each month’s totals exact', async () => {
    const rows: Cell[][] = Array.from({ length: 1000 }, (_x, i) => [
      i + 1,
      `全年讲座${i + 1}`,
      `${lastYear}-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 28) + 1).padStart(2, '0')}`,
      '春晓社区',
      i,
      2,
      '',
      '',
    ])
    const fileID = await upload(await xlsx([LECTURE_HEADER, ...rows]), 'year.xlsx')
    const reply = await ok(
      'ledgers',
      { action: 'importLedger', fileID, type: 'lecture', dryRun: false },
      CLERK,
    )
    expect(reply).toMatchObject({ rows: 1000, created: 1000, errors: [] })
    const totals = await ok('stats', { action: 'totals', period: { year: lastYear } }, CLERK)
    for (let m = 1; m <= 12; m++) {
      const month = `${lastYear}-${String(m).padStart(2, '0')}`
      const counted =
        totals.byMonth.find((x: { month: string }) => x.month === month)?.values['lecture.count'] ?? 0
      expect(counted).toBe(await count('events', { type: 'lecture', month, voided: false }))
    }
  })
})
