/**
 * The report's figures paragraph (report.ts; domain.md, "How reports write numbers"): the default
 * template rendered from a year of logged events reproduces the wording of seed report 000 (春城街道
 * 2024); equal ratios are merged, unequal ones listed, a ratio with nothing to divide by is "—" and never
 * merged as 100%; open cases are stated only when there are some; every number links to its figures.
 */
import { phraseNumber, phrasePercent } from '../../src/core/approx-number'
import {
  BUILT_IN_FIGURES,
  mergeFigures,
  periodOf,
  totalFigures,
  type FigureDefinition,
  type FigureValue,
} from '../../src/core/figures'
import {
  checkTemplate,
  DEFAULT_REPORT_TEMPLATE,
  renderReport,
  REPORT_TEMPLATE_MAX,
} from '../../src/core/report'
import { rollupsOf } from '../../src/core/rollups'
import { cellsOf, defOf, TREE, type RandomEvent } from '../support/random-events'
import { COMMUNITY_PROMOTIONS } from '../support/figures'

const Y2024 = periodOf({ year: 2024 })
const context = { year: 2024, streetName: '春城街道', periodLabel: '2024年', periodEnded: true }
const byKey = (key: string) => BUILT_IN_FIGURES.find((f) => f.key === key)!

// ---- 春城街道's 2024, logged event by event -----------------------------------------------------

const grids = ['G1', 'G2', 'G3'] as const
const at = (i: number) => {
  const node = grids[i % grids.length]!
  return { nodeId: node, ancestors: TREE[node]!, streetId: 'S' }
}
const dateIn2024 = (i: number) =>
  `2024-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 28) + 1).padStart(2, '0')}`
const times = <T>(n: number, make: (i: number) => T): T[] => Array.from({ length: n }, (_, i) => make(i))

const event = (type: string, i: number, fields: Partial<RandomEvent> = {}): RandomEvent => ({
  type,
  happenedOn: dateIn2024(i),
  ...at(i),
  measures: {},
  attributes: {},
  ...fields,
})
const closedCase = (type: 'dispute' | 'gridEvent', i: number, fields: Partial<RandomEvent> = {}) =>
  event(type, i, {
    lifecycle: type,
    status: 'closed',
    outcome: type === 'dispute' ? (['success', 'partial', 'failed'] as const)[i % 3] : null,
    closure: type === 'gridEvent' ? (i % 4 === 0 ? 'procedural' : 'substantive') : null,
    closedOn: '2024-12-31',
    attributes: { category: '其他' },
    ...fields,
  })

const SPECIAL = ['文艺汇演', '进校园', '进社区']

/**
 * 14 lectures, 106 people consulted, 706 materials (738 would read 730余), 9 special promotions, 64
 * disputes and 639 grid events, all closed within the year.
 */
const chunchengEvents: RandomEvent[] = [
  ...times(14, (i) =>
    event('lecture', i, { measures: { participants: 40, materials: 30 }, attributes: { speaker: '王律师' } }),
  ),
  ...times(10, (i) => event('consultation', i, { measures: { people: 5 } })),
  ...times(8, (i) => event('consultation', i, { measures: { people: 7 } })),
  ...times(9, (i) =>
    event('promotion', i, {
      measures: { audience: 200, materials: i < 8 ? 35 : 6 },
      attributes: { form: SPECIAL[i % 3]!, theme: '民法典' },
    }),
  ),
  ...times(2, (i) =>
    event('promotion', i, { measures: { audience: 175 }, attributes: { form: 'LED屏', theme: '反诈' } }),
  ),
  ...times(64, (i) => closedCase('dispute', i)),
  ...times(639, (i) => closedCase('gridEvent', i)),
  ...times(38, (i) =>
    event('enforcement', i, {
      attributes: {
        category: i < 20 ? '私搭乱建' : i < 30 ? '乱堆乱放' : i < 36 ? '日常执法检查' : '其他',
        joint: i % 8 === 0,
      },
    }),
  ),
  ...times(12, (i) =>
    event('study', i, { measures: { participants: 45 }, attributes: { form: '会前学法' } }),
  ),
  // What never counts for 2024: a voided lecture, a lecture of 2023, a dispute accepted in 2023.
  event('lecture', 0, { voided: true, measures: { participants: 30, materials: 50 } }),
  event('lecture', 0, { happenedOn: '2023-12-31', measures: { participants: 30, materials: 50 } }),
  closedCase('dispute', 0, { happenedOn: '2023-12-20', closedOn: '2024-01-10' }),
]

const totalsOf = (events: readonly RandomEvent[], period = Y2024) =>
  totalFigures(BUILT_IN_FIGURES, cellsOf(rollupsOf(events, defOf).values()), period)

/** Values as the totals give them, for a few figures set by hand: numbers, or [numerator, denominator]. */
function valuesWith(set: Record<string, number | readonly [number, number]>): Map<string, FigureValue> {
  const values = totalFigures(BUILT_IN_FIGURES, [], Y2024)
  for (const [key, v] of Object.entries(set)) {
    if (typeof v === 'number') values.set(key, { key, value: v, text: phraseNumber(v, byKey(key).wording) })
    else {
      const [numerator, denominator] = v
      values.set(key, {
        key,
        value: denominator > 0 ? numerator / denominator : 0,
        numerator,
        denominator,
        text: phrasePercent(numerator, denominator),
      })
    }
  }
  return values
}

const render = (
  values: ReadonlyMap<string, FigureValue>,
  ctx = context,
  template = DEFAULT_REPORT_TEMPLATE,
) => renderReport(template, BUILT_IN_FIGURES, values, ctx)

describe("春城街道's 2024, rendered with the default template", () => {
  const values = totalsOf(chunchengEvents)
  const report = render(values)

  it.each([
    '2024年，全街共举办各类法律讲座14场',
    '接受法律咨询100余人次',
    '发放宣传资料700余份',
    '举办文艺汇演等特色普法宣传活动9次',
    '全年排查化解矛盾纠纷64件',
    '处理网格事件639件',
    '调处率和办结率均100%',
  ])('says "%s", as seed report 000 does', (phrase) => {
    expect(report.text).toContain(phrase)
  })

  it('reads as the seed reads, sentence by sentence', () => {
    expect(report.text).toBe(
      '2024年，全街共举办各类法律讲座14场，接受法律咨询100余人次，发放宣传资料700余份，' +
        '举办文艺汇演等特色普法宣传活动9次，开展普法宣传活动11次，受众人群2100余人。' +
        '全年排查化解矛盾纠纷64件，处理网格事件639件，调处率和办结率均100%。' +
        '开展执法38次，其中处理私搭乱建执法20次，清理乱堆乱放执法10次，日常开展执法检查6次，' +
        '通过“街道吹哨、部门报到”机制开展联合执法5次。' +
        '组织法治学习培训12次，参与540人次。',
    )
  })

  it('states no open cases when every case was closed in the year', () => {
    expect(report.text).not.toContain('未办结')
  })

  it('links every number to its figure: no number of the paragraph is plain text but the year', () => {
    for (const s of report.segments.filter((s) => !s.figures))
      expect(s.text.replaceAll('2024', '')).not.toMatch(/\d/)
    for (const s of report.segments.filter((s) => s.figures)) {
      expect(s.figures!.length).toBeGreaterThan(0)
      for (const key of s.figures!) expect(s.text).toBe(values.get(key)!.text)
    }
  })

  it('keeps the exact value beside every 余 number, and only there', () => {
    const numbers = report.segments.filter((s) => s.figures)
    expect(numbers.filter((s) => s.exact)).toEqual([
      { text: '100余', figures: ['consultation.people'], exact: '106' },
      { text: '700余', figures: ['materials'], exact: '706' },
      { text: '2100余', figures: ['promotion.audience'], exact: '2150' },
    ])
    for (const s of numbers) expect(s.text.endsWith('余')).toBe(s.exact !== undefined)
  })

  it('merges the two equal ratios into one number linked to both', () => {
    expect(report.segments).toContainEqual({
      text: '100%',
      figures: ['dispute.handledRate', 'case.closedRate'],
    })
  })
})

describe('ratios', () => {
  it('are listed, each with its label, when they differ', () => {
    const report = render(valuesWith({ 'dispute.handledRate': [63, 64], 'case.closedRate': [703, 703] }))
    expect(report.text).toContain('调处率98.4%，办结率100%')
    expect(report.text).not.toContain('均')
    expect(report.segments).toContainEqual({ text: '98.4%', figures: ['dispute.handledRate'] })
    expect(report.segments).toContainEqual({ text: '100%', figures: ['case.closedRate'] })
  })

  it('with no cases are "—", never merged, never 100%', () => {
    const report = render(valuesWith({ 'dispute.handledRate': [0, 0], 'case.closedRate': [0, 0] }))
    expect(report.text).toContain('调处率—，办结率—')
    expect(report.text).not.toContain('均')
    expect(report.text).not.toContain('100%')
  })

  it('one with no cases beside one at 100% are listed apart', () => {
    const report = render(valuesWith({ 'dispute.handledRate': [0, 0], 'case.closedRate': [639, 639] }))
    expect(report.text).toContain('调处率—，办结率100%')
  })

  it('from a year with no events at all are "—"', () => {
    const report = render(totalsOf([]))
    expect(report.text).toContain('全年排查化解矛盾纠纷0件，处理网格事件0件，调处率—，办结率—。')
  })

  it('three equal ones read "A、B和C均…"', () => {
    const report = render(
      valuesWith({
        'dispute.handledRate': [64, 64],
        'case.closedRate': [703, 703],
        'dispute.successRate': [64, 64],
      }),
      context,
      '{均:dispute.handledRate,case.closedRate,dispute.successRate}',
    )
    expect(report.text).toBe('调处率、办结率和调解成功率均100%')
  })
})

describe('open cases', () => {
  const open = valuesWith({
    'case.openAtYearEnd': 3,
    'dispute.handledRate': [61, 64],
    'case.closedRate': [700, 703],
  })

  it('are stated at year end when there are some', () => {
    const report = render(open)
    expect(report.text).toContain('调处率95.3%，办结率99.5%，截至年底尚有3件未办结。')
    expect(report.segments).toContainEqual({ text: '3', figures: ['case.openAtYearEnd'] })
  })

  it('are stated "截至目前" while the period has not ended', () => {
    const report = render(open, { ...context, periodEnded: false })
    expect(report.text).toContain('，截至目前尚有3件未办结')
    expect(report.text).not.toContain('截至年底')
  })

  it('are not mentioned when there are none', () => {
    expect(render(valuesWith({ 'case.openAtYearEnd': 0 })).text).not.toContain('未办结')
  })

  it('come from the events: a case accepted in 2024 and closed in 2025 is open at the end of 2024', () => {
    const events = [
      ...chunchengEvents,
      closedCase('dispute', 1, { happenedOn: '2024-12-20', closedOn: '2025-01-06' }),
      event('gridEvent', 2, { lifecycle: 'gridEvent', status: 'handling', attributes: { category: '其他' } }),
    ]
    const report = render(totalsOf(events))
    expect(report.text).toContain(
      '全年排查化解矛盾纠纷65件，处理网格事件640件，调处率100%，办结率99.8%，截至年底尚有2件未办结。',
    )
  })
})

describe('placeholders', () => {
  it('{街道} and {期间} are the street and the period', () => {
    const report = render(
      valuesWith({ 'lecture.count': 4 }),
      { ...context, periodLabel: '2024年第一季度' },
      '{街道}{期间}举办法律讲座{lecture.count}场',
    )
    expect(report.text).toBe('春城街道2024年第一季度举办法律讲座4场')
  })

  it('a figure the street no longer has reads "—", linked to nothing', () => {
    const report = render(valuesWith({}), context, '其他{f_gone}项')
    expect(report.text).toBe('其他—项')
    expect(report.segments.some((s) => s.figures)).toBe(false)
  })
})

describe('a template an admin saves', () => {
  const figures: FigureDefinition[] = mergeFigures({
    figures: [COMMUNITY_PROMOTIONS],
    version: 1,
  })

  it('is accepted when it names known figures, its own ones included (trimmed)', () => {
    expect(checkTemplate(DEFAULT_REPORT_TEMPLATE, BUILT_IN_FIGURES)).toEqual({
      ok: true,
      value: DEFAULT_REPORT_TEMPLATE,
    })
    expect(checkTemplate(' 进社区普法{f_9c1e}次 ', figures)).toEqual({
      ok: true,
      value: '进社区普法{f_9c1e}次',
    })
  })

  it('is refused naming a figure that does not exist', () => {
    expect(checkTemplate('讲座{lecture.cnt}场，{未办结:nothing}', figures)).toEqual({
      ok: false,
      fields: { template: '没有这些指标：lecture.cnt、nothing' },
    })
  })

  it('is refused merging figures that are not ratios in {均:…}', () => {
    expect(checkTemplate('{均:dispute.count,case.closedRate}', figures)).toEqual({
      ok: false,
      fields: { template: '没有这些指标：dispute.count' },
    })
    expect(checkTemplate('{均:dispute.handledRate,nothing}', figures)).toEqual({
      ok: false,
      fields: { template: '没有这些指标：nothing' },
    })
  })

  it.each([
    ['empty', ''],
    ['blank', '   '],
    ['too long', 'x'.repeat(REPORT_TEMPLATE_MAX + 1)],
    ['not text', 42],
  ])('is refused when %s', (_, template) => {
    expect(checkTemplate(template, figures)).toEqual({
      ok: false,
      fields: { template: `请填写1至${REPORT_TEMPLATE_MAX}个字` },
    })
  })
})
