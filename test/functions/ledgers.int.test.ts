/**
 * Exports through the built `ledgers` function and the real wx-server-sdk against the local cloud: events
 * logged by a grid worker (lectures, consultations, a promotion, a dispute and a grid event taken to
 * 办结, an enforcement action, a study session, one voided lecture), then the Excel ledger and the Word
 * section exported by street staff, downloaded through their temporary URLs and read back: the summary's
 * numbers are the totals, a figure's sheet lists exactly its events, numbers typed into free text are
 * masked and parties never appear; the document holds the report's paragraph, the 公文 fonts and an A4
 * page. Who may export, bad periods, and the audit entry of each export.
 */
import { Workbook, type Worksheet } from 'exceljs'
import JSZip from 'jszip'
import { chinaToday, yearOf } from '../../src/core/china-time'
import { newEventId } from '../../src/core/event-input'
import { PRIVACY_NOTICE } from '../../src/core/privacy'
import { functionsCloud, NODE, PERSONA } from '../support/functions'

const fx = functionsCloud()
const { ok, codeOf } = fx

const WORKER = PERSONA.gridWorker
const MEDIATOR = PERSONA.mediator
const CLERK = PERSONA.clerk
const today = chinaToday()
const thisYear = yearOf(today)

/**
 * The day the events are logged on, and the period exported: this year, and a day without demo events
 * (demo lectures fall on the 10th of each month, the demo cases 5 and 12 days ago), so the expected
 * numbers are exactly what this file logs.
 */
const DAY = (() => {
  for (let back = 0; ; back++) {
    const d = new Date(Date.parse(`${today}T00:00:00Z`) - back * 86_400_000).toISOString().slice(0, 10)
    if (d.slice(8) !== '10' && back !== 5 && back !== 12) return d
  }
})()
const PERIOD = { from: DAY, to: DAY }
if (yearOf(DAY) !== thisYear) throw new Error(`no usable day this year before ${today}`)

const PHONE = '13812345678'
const ID_NUMBER = '110101199003071234'
const PARTY_PHONE = '13900001111'

const LECTURES = [
  {
    title: `民法典进社区（报名电话${PHONE}）`,
    place: '明园社区党群服务中心',
    participants: 45,
    materials: 120,
  },
  { title: '反电信诈骗讲座', place: `明园小区5栋 登记人证件${ID_NUMBER}`, participants: 38, materials: 30 },
  { title: '未成年人保护法讲座', place: '明园小学报告厅', participants: 23, materials: 50 },
]

let ids: Record<string, string[]> = {}

async function create(type: string, event: Record<string, unknown>, who: string = WORKER): Promise<string> {
  const id = newEventId()
  await ok('events', { action: 'create', id, type, event: { happenedOn: DAY, ...event } }, who)
  ;(ids[type] ??= []).push(id)
  return id
}

async function step(id: string, version: number, s: Record<string, unknown>): Promise<void> {
  await ok(
    'cases',
    { action: 'step', id, version, requestId: newEventId(), step: { on: today, ...s } },
    MEDIATOR,
  )
}

beforeAll(async () => {
  ids = {}
  for (const who of [WORKER, MEDIATOR])
    await ok('session', { action: 'consent', version: PRIVACY_NOTICE.version }, who)
  for (const l of LECTURES)
    await create('lecture', {
      title: l.title,
      place: l.place,
      measures: { participants: l.participants, materials: l.materials },
      attributes: { speaker: '王律师' },
    })
  // Voided: listed nowhere, counted nowhere.
  const voided = newEventId()
  await ok(
    'events',
    {
      action: 'create',
      id: voided,
      type: 'lecture',
      event: {
        title: '作废的讲座',
        happenedOn: DAY,
        place: '明园社区',
        measures: { participants: 500, materials: 1 },
      },
    },
    WORKER,
  )
  await ok(
    'events',
    { action: 'void', id: voided, version: 1, requestId: newEventId(), reason: '重复登记' },
    WORKER,
  )
  await create('consultation', {
    title: '劳动合同咨询',
    measures: { people: 60 },
    attributes: { adviser: '李律师' },
  })
  await create('consultation', {
    title: '赡养纠纷咨询',
    measures: { people: 46 },
    attributes: { adviser: '李律师' },
  })
  await create('promotion', {
    title: '宪法宣传周文艺汇演',
    place: '明园广场',
    measures: { audience: 300, materials: 500 },
    attributes: { form: '文艺汇演', theme: '宪法' },
  })
  const dispute = await create('dispute', {
    title: '楼上漏水纠纷',
    attributes: { category: '邻里纠纷' },
    parties: [
      { role: 'applicant', name: '张三丰', phone: PARTY_PHONE },
      { role: 'respondent', name: '李四海' },
    ],
  })
  await step(dispute, 1, { kind: 'startMediation' })
  await step(dispute, 2, { kind: 'recordOutcome', outcome: 'success' })
  await step(dispute, 3, { kind: 'close' })
  const gridEvent = await create('gridEvent', {
    title: '楼道堆放杂物',
    place: '明园小区3栋',
    attributes: { category: '安全隐患' },
  })
  await step(gridEvent, 1, { kind: 'startHandling' })
  await step(gridEvent, 2, { kind: 'close', closure: 'substantive' })
  await create('enforcement', {
    title: '拆除违建棚架',
    place: '春晓路12号',
    attributes: { category: '私搭乱建', joint: true, departments: '城管、市场监管' },
  })
  await create('study', {
    title: '学习行政复议法',
    measures: { participants: 25 },
    attributes: { form: '会前学法' },
  })
})

/** The figures this file's events make on DAY: exact value and wording. */
const EXPECTED: Record<string, [number | string, string]> = {
  'lecture.count': [3, '3'],
  'lecture.participants': [106, '100余'],
  'consultation.count': [2, '2'],
  'consultation.people': [106, '100余'],
  materials: [700, '700'],
  'promotion.count': [1, '1'],
  'promotion.audience': [300, '300'],
  'promotion.special': [1, '1'],
  'dispute.count': [1, '1'],
  'dispute.handledRate': ['1/1', '100%'],
  'gridEvent.count': [1, '1'],
  'case.count': [2, '2'],
  'case.closed': [2, '2'],
  'case.closedRate': ['2/2', '100%'],
  'case.openAtYearEnd': [0, '0'],
  'enforcement.count': [1, '1'],
  'enforcement.illegalBuilding': [1, '1'],
  'enforcement.clutter': [0, '0'],
  'study.count': [1, '1'],
  'study.participants': [25, '25'],
}

async function download(url: string): Promise<Buffer> {
  const res = await fetch(url)
  expect(res.status).toBe(200)
  return Buffer.from(await res.arrayBuffer())
}

async function workbookOf(url: string): Promise<{ wb: Workbook; bytes: Buffer }> {
  const bytes = await download(url)
  const wb = new Workbook()
  await wb.xlsx.load(bytes as unknown as ArrayBuffer)
  return { wb, bytes }
}

/** Rows of a figure's sheet below its header (row 3) that are events (a number in 序号), by header. */
function eventRows(ws: Worksheet): Record<string, string>[] {
  const headers = (ws.getRow(3).values as unknown[]).map((v) => String(v ?? ''))
  const rows: Record<string, string>[] = []
  ws.eachRow((row, n) => {
    if (n <= 3 || typeof row.getCell(1).value !== 'number') return
    const out: Record<string, string> = {}
    headers.forEach((h, c) => {
      const value = row.getCell(c).value
      if (h) out[h] = value instanceof Date ? value.toISOString().slice(0, 10) : row.getCell(c).text
    })
    rows.push(out)
  })
  return rows
}

/** Every text of every part of a zip (an xlsx or docx), to look for what must never be there. */
async function allText(bytes: Buffer): Promise<string> {
  const zip = await JSZip.loadAsync(bytes)
  const parts = await Promise.all(
    Object.values(zip.files)
      .filter((f) => !f.dir && /\.(xml|rels)$/.test(f.name))
      .map((f) => f.async('string')),
  )
  return parts.join('\n')
}

describe('the Excel ledger', () => {
  let exported: { fileID: string; url: string; fileName: string }
  let wb: Workbook
  let bytes: Buffer

  beforeAll(async () => {
    exported = await ok('ledgers', { action: 'exportXlsx', period: PERIOD }, CLERK)
    ;({ wb, bytes } = await workbookOf(exported.url))
  })

  it('is stored under exports/<street>/ with a Chinese file name', () => {
    expect(exported.fileID).toMatch(/^cloud:\/\/.+\/exports\/node-chuncheng\/\d{8}-\d{6}-[0-9a-f]{12}\.xlsx$/)
    expect(exported.fileName).toBe(`春城街道${DAY}至${DAY}法治数据台账.xlsx`)
  })

  it('sums up every figure as the report writes it, with its exact value, equal to the totals', async () => {
    const ws = wb.getWorksheet('指标汇总')!
    expect(ws.getCell(1, 1).text).toBe(`春城街道${DAY}至${DAY}法治数据台账`)
    expect((ws.getRow(3).values as unknown[]).slice(1)).toEqual([
      '分类',
      '指标',
      '数值',
      '准确数值',
      '单位',
      `上年同期（${thisYear - 1}-${DAY.slice(5)}至${thisYear - 1}-${DAY.slice(5)}）`,
      '定义',
    ])
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 3 })
    const totals = await ok('stats', { action: 'totals', period: PERIOD }, CLERK)
    const byLabel = new Map<string, { text: string; exact: string; previous: string }>()
    ws.eachRow((row, n) => {
      if (n > 3)
        byLabel.set(row.getCell(2).text, {
          text: row.getCell(3).text,
          exact: row.getCell(4).text,
          previous: row.getCell(6).text,
        })
    })
    expect(byLabel.size).toBe(totals.figures.length)
    for (const f of totals.figures) {
      const total = totals.totals.find((x: { key: string }) => x.key === f.key)
      const row = byLabel.get(f.label)!
      expect([f.key, row.text]).toEqual([f.key, total.value.text])
      const exact =
        f.kind === 'ratio' ? `${total.value.numerator}/${total.value.denominator}` : String(total.value.value)
      expect([f.key, row.exact]).toEqual([f.key, exact])
      const expected = EXPECTED[f.key]
      if (expected) expect([f.key, row.exact, row.text]).toEqual([f.key, String(expected[0]), expected[1]])
    }
  })

  it('lists exactly a figure’s events on its sheet, by date, masked, with the measures of its type', () => {
    const lectures = eventRows(wb.getWorksheet('法律讲座')!)
    expect(lectures.map((r) => r['标题']).sort()).toEqual(
      [`民法典进社区（报名电话138****5678）`, '反电信诈骗讲座', '未成年人保护法讲座'].sort(),
    )
    expect(lectures.map((r) => r['序号'])).toEqual(['1', '2', '3'])
    const masked = lectures.find((r) => r['标题'] === '反电信诈骗讲座')!
    expect(masked).toMatchObject({
      地点: '明园小区5栋 登记人证件110***********1234',
      所属: '第3网格',
      类型: '法律讲座',
      '参与人次（人次）': '38',
      '发放资料（份）': '30',
      状态: '已记录',
      记录人: '张伟',
    })
    expect(masked['日期']).toContain(DAY)
    // A SUM over two types lists both, with the figure's measure only.
    const materials = eventRows(wb.getWorksheet('发放宣传资料')!)
    expect(materials).toHaveLength(4)
    expect(materials.map((r) => Number(r['发放资料（份）'])).reduce((a, b) => a + b, 0)).toBe(700)
    expect(Object.keys(materials[0]!)).not.toContain('参与人次（人次）')
    // Cases: where each stands, its result and when it was closed.
    const cases = eventRows(wb.getWorksheet('已办结案件')!)
    expect(cases.map((r) => [r['类型'], r['状态'], r['结果']]).sort()).toEqual([
      ['矛盾纠纷', '已办结', '调解成功'],
      ['网格事件', '已办结', '实质性办结'],
    ])
    expect(eventRows(wb.getWorksheet('处理私搭乱建执法')!)).toEqual([
      expect.objectContaining({
        标题: '拆除违建棚架',
        执法类别: '私搭乱建',
        '联合执法（街道吹哨、部门报到）': '是',
      }),
    ])
    expect(eventRows(wb.getWorksheet('清理乱堆乱放执法')!)).toEqual([])
  })

  it('names its sheets as Excel allows, states its rules in 说明, and never carries personal data', async () => {
    const names = wb.worksheets.map((w) => w.name)
    expect(names[0]).toBe('指标汇总')
    expect(names.at(-1)).toBe('说明')
    expect(new Set(names.map((n) => n.toLowerCase())).size).toBe(names.length)
    for (const n of names) {
      expect(Array.from(n).length).toBeLessThanOrEqual(31)
      expect(n).not.toMatch(/[[\]:*?/\\]/)
    }
    const notes: string[] = []
    wb.getWorksheet('说明')!.eachRow((row) => notes.push(row.getCell(1).text))
    expect(notes.join('\n')).toMatch(/手机号码、身份证号码已做遮蔽处理/)
    expect(notes.join('\n')).toMatch(/已作废的记录不计入/)
    const text = await allText(bytes)
    for (const secret of [PHONE, ID_NUMBER, PARTY_PHONE, '张三丰', '李四海', '王律师', '作废的讲座'])
      expect([secret, text.includes(secret)]).toEqual([secret, false])
  })

  it('is what a community’s staff export for their community, and logged for each export', async () => {
    const community = await ok(
      'ledgers',
      { action: 'exportXlsx', nodeId: NODE.mingyuan, period: PERIOD },
      MEDIATOR,
    )
    expect(community.fileName).toBe(`明园社区${DAY}至${DAY}法治数据台账.xlsx`)
    const { wb: mine } = await workbookOf(community.url)
    expect(eventRows(mine.getWorksheet('法律讲座')!).map((r) => r['标题'])).toHaveLength(3)
    const { data } = await fx.db.collection('auditLog').where({ action: 'export' }).get()
    expect(data).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          actor: CLERK,
          outcome: 'ok',
          streetId: 'node-chuncheng',
          target: expect.objectContaining({
            kind: 'ledger.xlsx',
            id: exported.fileID,
            label: exported.fileName,
          }),
        }),
        expect.objectContaining({
          actor: MEDIATOR,
          target: expect.objectContaining({ id: community.fileID, label: community.fileName }),
        }),
      ]),
    )
  })
})

describe('the Word section', () => {
  it('lays out the report’s paragraph as an official document: A4, 公文 margins and fonts, figures and 余 footnotes', async () => {
    const exported = await ok('ledgers', { action: 'exportDocx', period: PERIOD }, CLERK)
    expect(exported.fileName).toBe(`春城街道${DAY}至${DAY}法治政府建设报告（数据部分）.docx`)
    expect(exported.fileID).toMatch(/\/exports\/node-chuncheng\/\d{8}-\d{6}-[0-9a-f]{12}\.docx$/)
    const zip = await JSZip.loadAsync(await download(exported.url))
    const xml = await zip.file('word/document.xml')!.async('string')
    const text = [...xml.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('')
    const report = await ok('stats', { action: 'report', period: PERIOD }, CLERK)
    expect(text).toContain(report.rendered.text)
    expect(report.rendered.text).toContain(
      `${thisYear}年，全街共举办各类法律讲座3场，接受法律咨询100余人次，发放宣传资料700份，举办文艺汇演等特色普法宣传活动1次`,
    )
    expect(report.rendered.text).toContain('全年排查化解矛盾纠纷1件，处理网格事件1件，调处率和办结率均100%')
    expect(text).toContain(`春城街道关于${DAY}至${DAY}法治政府建设情况的报告`)
    expect(text).toContain('一、主要数据')
    expect(text).toContain('二、指标明细')
    // The page: A4, top 37 mm, bottom 35 mm, left 28 mm, right 26 mm (in twentieths of a point).
    expect(xml).toMatch(/<w:pgSz w:w="11906" w:h="16838"/)
    expect(xml).toMatch(/<w:pgMar w:top="2098" w:right="1474" w:bottom="1984" w:left="1587"/)
    // Fonts: 仿宋_GB2312 三号 body with a two-character indent and fixed 28 pt lines; 黑体 headings.
    expect(xml).toContain('w:eastAsia="仿宋_GB2312"')
    expect(xml).toContain('w:eastAsia="黑体"')
    expect(xml).toContain('w:eastAsia="方正小标宋简体"')
    expect(xml).toMatch(/<w:spacing w:line="560" w:lineRule="exact"\/>/)
    expect(xml).toMatch(/<w:ind w:firstLine="640"\/>/)
    const styles = await zip.file('word/styles.xml')!.async('string')
    expect(styles).toMatch(/w:eastAsia="仿宋_GB2312"/)
    expect(styles).toMatch(/<w:sz w:val="32"\/>/)
    const fonts = await zip.file('word/fontTable.xml')!.async('string')
    expect(fonts).toContain('<w:font w:name="仿宋_GB2312"><w:altName w:val="仿宋"/>')
    expect(await zip.file('word/_rels/document.xml.rels')!.async('string')).toMatch(
      /relationships\/fontTable" Target="fontTable.xml"/,
    )
    // The table of figures, and each 余 number's exact value in a footnote.
    expect(text).toMatch(/接受法律咨询100余人次106人次法律咨询接待人次之和/)
    expect(text).toMatch(/调处率100%1\/1/)
    const footnotes = await zip.file('word/footnotes.xml')!.async('string')
    expect(footnotes).toContain('“100余人次”为约数，准确数值为106人次（接受法律咨询）。')
    expect(xml).toContain('<w:footnoteReference w:id="1"/>')
  })

  it('names a whole year as the report does', async () => {
    const exported = await ok('ledgers', { action: 'exportDocx', period: { year: thisYear } }, CLERK)
    expect(exported.fileName).toBe(`春城街道${thisYear}年法治政府建设报告（数据部分）.docx`)
    const zip = await JSZip.loadAsync(await download(exported.url))
    const xml = await zip.file('word/document.xml')!.async('string')
    const text = [...xml.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('')
    expect(text).toContain(`春城街道关于${thisYear}年度法治政府建设情况的报告`)
    const report = await ok('stats', { action: 'report', period: { year: thisYear } }, CLERK)
    expect(text).toContain(report.rendered.text)
  })
})

describe('who may export, and what', () => {
  it('refuses grid workers and residents, and staff outside their node', async () => {
    for (const action of ['exportXlsx', 'exportDocx']) {
      expect(['AUTH.FORBIDDEN', 'AUTH.OUT_OF_SCOPE']).toContain(
        await codeOf('ledgers', { action, period: { year: thisYear } }, WORKER),
      )
      expect(await codeOf('ledgers', { action, period: { year: thisYear } }, PERSONA.resident)).toBe(
        'AUTH.NOT_STAFF',
      )
      expect(
        await codeOf('ledgers', { action, nodeId: NODE.street, period: { year: thisYear } }, MEDIATOR),
      ).toBe('AUTH.OUT_OF_SCOPE')
    }
    const refused = await fx.count('auditLog', { outcome: 'refused', attempted: 'ledgers.exportXlsx' })
    expect(refused).toBeGreaterThanOrEqual(3)
  })

  it('refuses a period it cannot count', async () => {
    const bad = (period: unknown) => codeOf('ledgers', { action: 'exportXlsx', period }, CLERK)
    expect(await bad({ year: 1999 })).toBe('STATS.YEAR_INVALID')
    expect(await bad({ year: thisYear + 1 })).toBe('STATS.YEAR_INVALID')
    expect(await bad(undefined)).toBe('STATS.YEAR_INVALID')
    expect(await bad({ year: thisYear, month: 13 })).toBe('STATS.PERIOD_INVALID')
    expect(await bad({ from: `${thisYear}-02-30`, to: `${thisYear}-03-01` })).toBe('STATS.PERIOD_INVALID')
    expect(await bad({ from: DAY, to: `${thisYear - 1}-01-01` })).toBe('STATS.PERIOD_INVALID')
    expect(await codeOf('ledgers', { action: 'exportDocx', period: { year: 'x' } }, CLERK)).toBe(
      'STATS.YEAR_INVALID',
    )
  })
})
