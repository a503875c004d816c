/**
 * Figures (figures.ts; domain.md, "The four kinds of figure"): COUNT, SUM and RATIO definitions as data,
 * computed over rollup cells. Their values are checked against events counted one by one, by the
 * definitions written out below in plain code (independently of the module's filters), over random
 * events; and periods, validation of a street's own figures, and merging are checked by example.
 */
import fc from 'fast-check'
import { phrasePercent } from '../../src/core/approx-number'
import { BUILT_IN_TYPES, type EventTypeDefinition } from '../../src/core/event-types'
import {
  BUILT_IN_FIGURES,
  figureAmount,
  figureLine,
  figureTakes,
  mergeFigures,
  monthsOf,
  periodOf,
  previousYearOf,
  totalFigures,
  validateFigure,
  type EventFigure,
  type FigureDefinition,
  type FigureValue,
  type Period,
} from '../../src/core/figures'
import { facetOf, rollupsOf, type RollupDoc } from '../../src/core/rollups'
import {
  addDays,
  caseFields,
  cellsOf,
  defOf,
  randomEvents,
  TREE,
  write,
  YEARS,
  type RandomEvent,
} from '../support/random-events'
import { COMMUNITY_PROMOTIONS } from '../support/figures'
import { initialCaseState } from '../../src/core/lifecycle'

const EVENT_FIGURES = BUILT_IN_FIGURES.filter((f): f is EventFigure => f.kind !== 'ratio')

/** The figures of `events` in `period`, as the stats read them: from the recounted rollups' cells. */
const totals = (events: readonly RandomEvent[], period: Period, defs = BUILT_IN_FIGURES) =>
  totalFigures(defs, cellsOf(rollupsOf(events, defOf).values()), period)

/** Values only, to compare two sets of totals. */
const valuesOf = (t: ReadonlyMap<string, FigureValue>) => Object.fromEntries([...t].map(([k, v]) => [k, v]))

// ---- the definitions written out, one event at a time -----------------------------------------

const m = (e: RandomEvent, key: string) => e.measures?.[key] ?? 0
const attr = (e: RandomEvent) => e.attributes ?? {}
const is =
  (...types: string[]) =>
  (e: RandomEvent) =>
    types.includes(e.type)
const isCase = is('dispute', 'gridEvent')
const form = (e: RandomEvent, ...forms: string[]) => forms.includes(attr(e).form as string)

/** What one event adds to each built-in COUNT or SUM, in a period ending in `year`. */
const BY_HAND: Record<string, (e: RandomEvent, year: number) => number> = {
  'lecture.count': (e) => (is('lecture')(e) ? 1 : 0),
  'lecture.participants': (e) => (is('lecture')(e) ? m(e, 'participants') : 0),
  'consultation.count': (e) => (is('consultation')(e) ? 1 : 0),
  'consultation.people': (e) => (is('consultation')(e) ? m(e, 'people') : 0),
  materials: (e) => (is('lecture', 'promotion')(e) ? m(e, 'materials') : 0),
  'promotion.count': (e) => (is('promotion')(e) ? 1 : 0),
  'promotion.audience': (e) => (is('promotion')(e) ? m(e, 'audience') : 0),
  'promotion.special': (e) => (is('promotion')(e) && form(e, '文艺汇演', '进校园', '进社区') ? 1 : 0),
  'promotion.school': (e) => (is('promotion')(e) && form(e, '进校园') ? 1 : 0),
  'promotion.schoolAudience': (e) => (is('promotion')(e) && form(e, '进校园') ? m(e, 'audience') : 0),
  'dispute.count': (e) => (is('dispute')(e) ? 1 : 0),
  'dispute.withOutcome': (e) =>
    is('dispute')(e) && ['success', 'partial', 'failed'].includes(e.outcome ?? '') ? 1 : 0,
  'dispute.success': (e) => (is('dispute')(e) && e.outcome === 'success' ? 1 : 0),
  'gridEvent.count': (e) => (is('gridEvent')(e) ? 1 : 0),
  'gridEvent.substantive': (e) => (is('gridEvent')(e) && e.closure === 'substantive' ? 1 : 0),
  'case.count': (e) => (isCase(e) ? 1 : 0),
  'case.closed': (e) => (isCase(e) && e.status === 'closed' ? 1 : 0),
  'case.openAtYearEnd': (e, year) =>
    isCase(e) && (!e.closedOn || Number(e.closedOn.slice(0, 4)) > year) ? 1 : 0,
  'enforcement.count': (e) => (is('enforcement')(e) ? 1 : 0),
  'enforcement.illegalBuilding': (e) => (is('enforcement')(e) && attr(e).category === '私搭乱建' ? 1 : 0),
  'enforcement.clutter': (e) => (is('enforcement')(e) && attr(e).category === '乱堆乱放' ? 1 : 0),
  'enforcement.inspection': (e) => (is('enforcement')(e) && attr(e).category === '日常执法检查' ? 1 : 0),
  'enforcement.joint': (e) => (is('enforcement')(e) && attr(e).joint === true ? 1 : 0),
  'study.count': (e) => (is('study')(e) ? 1 : 0),
  'study.participants': (e) => (is('study')(e) ? m(e, 'participants') : 0),
  'study.centralGroup': (e) => (is('study')(e) && form(e, '中心组学法') ? 1 : 0),
  'study.preMeeting': (e) => (is('study')(e) && form(e, '会前学法') ? 1 : 0),
  'study.course': (e) => (is('study')(e) && form(e, '培训班') ? 1 : 0),
  'study.courseParticipants': (e) => (is('study')(e) && form(e, '培训班') ? m(e, 'participants') : 0),
  'study.warning': (e) => (is('study')(e) && form(e, '警示教育片') ? 1 : 0),
  'study.visit': (e) => (is('study')(e) && form(e, '参观学习') ? 1 : 0),
  'study.warningAndVisitPeople': (e) =>
    is('study')(e) && form(e, '警示教育片', '参观学习') ? m(e, 'participants') : 0,
}

const inPeriod = (e: RandomEvent, p: Period) => e.happenedOn >= p.from && e.happenedOn <= p.to
const counted = (events: readonly RandomEvent[], p: Period) =>
  events.filter((e) => e.voided !== true && inPeriod(e, p))

// ---- random periods ---------------------------------------------------------------------------

const year = fc.constantFrom(...YEARS)
const randomPeriod: fc.Arbitrary<Period> = fc.oneof(
  year.map((y) => periodOf({ year: y })),
  fc
    .tuple(year, fc.constantFrom(1 as const, 2 as const, 3 as const, 4 as const))
    .map(([y, quarter]) => periodOf({ year: y, quarter })),
  fc.tuple(year, fc.integer({ min: 1, max: 12 })).map(([y, month]) => periodOf({ year: y, month })),
  fc
    .tuple(fc.nat(730), fc.nat(730))
    .map(([a, b]) =>
      periodOf({ from: addDays('2023-01-01', Math.min(a, b)), to: addDays('2023-01-01', Math.max(a, b)) }),
    ),
)

describe('the built-in figures', () => {
  it('have unique keys, and every figure written out here', () => {
    const keys = BUILT_IN_FIGURES.map((f) => f.key)
    expect(new Set(keys).size).toBe(keys.length)
    expect(EVENT_FIGURES.map((f) => f.key).sort()).toEqual(Object.keys(BY_HAND).sort())
  })

  it('are each what an admin could have saved: known types, measures, options and COUNT or SUM parts', () => {
    for (const f of BUILT_IN_FIGURES) {
      const { key: _, builtIn: __, ...input } = f
      expect({ key: f.key, result: validateFigure(input, BUILT_IN_TYPES, BUILT_IN_FIGURES).ok }).toEqual({
        key: f.key,
        result: true,
      })
    }
  })
})

describe('totals over rollup cells', () => {
  it('are the events counted one by one, by the definitions written out (property)', () => {
    fc.assert(
      fc.property(randomEvents(), randomPeriod, (events, period) => {
        const t = totals(events, period)
        const y = Number(period.to.slice(0, 4))
        const taken = counted(events, period)
        for (const [key, add] of Object.entries(BY_HAND))
          expect({ key, value: t.get(key)!.value }).toEqual({
            key,
            value: taken.reduce((s, e) => s + add(e, y), 0),
          })
      }),
      { numRuns: 200 },
    )
  })

  it('take what figureTakes takes of each event, one by one (property)', () => {
    fc.assert(
      fc.property(randomEvents(), randomPeriod, (events, period) => {
        const t = totals(events, period)
        const y = Number(period.to.slice(0, 4))
        for (const f of EVENT_FIGURES) {
          const oneByOne = counted(events, period)
            .filter((e) => figureTakes(f, e.type, facetOf(e, defOf(e.type)), y))
            .reduce((s, e) => s + figureAmount(f, 1, e.measures ?? {}), 0)
          expect({ key: f.key, value: t.get(f.key)!.value }).toEqual({ key: f.key, value: oneByOne })
        }
      }),
    )
  })

  it('divide a RATIO’s parts, "—" with nothing to divide by (property)', () => {
    fc.assert(
      fc.property(randomEvents(), randomPeriod, (events, period) => {
        const t = totals(events, period)
        for (const f of BUILT_IN_FIGURES) {
          if (f.kind !== 'ratio') continue
          const numerator = t.get(f.numerator)!.value
          const denominator = t.get(f.denominator)!.value
          expect(t.get(f.key)).toEqual({
            key: f.key,
            value: denominator > 0 ? numerator / denominator : 0,
            numerator,
            denominator,
            text: phrasePercent(numerator, denominator),
          })
        }
      }),
    )
  })

  it('do not depend on the order of the events or of the cells (property)', () => {
    fc.assert(
      fc.property(
        randomEvents().chain((events) =>
          fc.tuple(fc.constant(events), fc.shuffledSubarray(events, { minLength: events.length })),
        ),
        randomPeriod,
        ([events, shuffled], period) => {
          const expected = valuesOf(totals(events, period))
          expect(valuesOf(totals(shuffled, period))).toEqual(expected)
          const cells = cellsOf(rollupsOf(events, defOf).values()).reverse()
          expect(valuesOf(totalFigures(BUILT_IN_FIGURES, cells, period))).toEqual(expected)
        },
      ),
    )
  })

  it('of whole months read from the months’ totals equal those read day by day (property)', () => {
    fc.assert(
      fc.property(randomEvents(), year, fc.integer({ min: 1, max: 4 }), (events, y, quarter) => {
        const docs = [...rollupsOf(events, defOf).values()]
        for (const period of [
          periodOf({ year: y }),
          periodOf({ year: y, quarter: quarter as 1 | 2 | 3 | 4 }),
        ])
          expect(valuesOf(totalFigures(BUILT_IN_FIGURES, cellsOf(docs, 'month'), period))).toEqual(
            valuesOf(totalFigures(BUILT_IN_FIGURES, cellsOf(docs, 'day'), period)),
          )
      }),
    )
  })

  it('of a year are the sums of its twelve months and of its four quarters (property)', () => {
    fc.assert(
      fc.property(randomEvents(), year, (events, y) => {
        const cells = cellsOf(rollupsOf(events, defOf).values())
        const of = (p: Period) => totalFigures(BUILT_IN_FIGURES, cells, p)
        const whole = of(periodOf({ year: y }))
        const months = Array.from({ length: 12 }, (_, i) => of(periodOf({ year: y, month: i + 1 })))
        const quarters = ([1, 2, 3, 4] as const).map((quarter) => of(periodOf({ year: y, quarter })))
        for (const f of EVENT_FIGURES) {
          const sum = (parts: ReadonlyMap<string, FigureValue>[]) =>
            parts.reduce((s, p) => s + p.get(f.key)!.value, 0)
          expect({ key: f.key, months: sum(months), quarters: sum(quarters) }).toEqual({
            key: f.key,
            months: whole.get(f.key)!.value,
            quarters: whole.get(f.key)!.value,
          })
        }
      }),
    )
  })

  it("of the street are the sums of its communities' (property)", () => {
    fc.assert(
      fc.property(randomEvents(), randomPeriod, (events, period) => {
        const docs = [...rollupsOf(events, defOf).values()]
        const under = (node: string) =>
          totalFigures(BUILT_IN_FIGURES, cellsOf(docs.filter((d) => d.ancestors.includes(node))), period)
        const street = under('S')
        const [c1, c2] = [under('C1'), under('C2')]
        for (const f of EVENT_FIGURES)
          expect(street.get(f.key)!.value).toBe(c1.get(f.key)!.value + c2.get(f.key)!.value)
      }),
    )
  })

  it('are back where they were after a void and a restore (property)', () => {
    fc.assert(
      fc.property(randomEvents(30), fc.nat(), randomPeriod, (events, pick, period) => {
        if (events.length === 0) return
        const kept = new Map<string, RollupDoc>()
        for (const e of events) write(kept, undefined, e)
        const of = () => valuesOf(totalFigures(BUILT_IN_FIGURES, cellsOf(kept.values()), period))
        const start = of()
        const e = { ...events[pick % events.length]!, voided: false }
        write(kept, undefined, e)
        const withIt = of()
        write(kept, e, { ...e, voided: true })
        expect(of()).toEqual(start)
        write(kept, { ...e, voided: true }, e)
        expect(of()).toEqual(withIt)
      }),
    )
  })
})

// ---- examples ---------------------------------------------------------------------------------

const Y2024 = periodOf({ year: 2024 })

const at = (node: string) => ({ nodeId: node, ancestors: TREE[node]!, streetId: 'S' })
const dispute = (
  happenedOn: string,
  state: Partial<ReturnType<typeof caseFields>> = {},
  attributes = { category: '邻里纠纷' },
): RandomEvent => ({
  type: 'dispute',
  happenedOn,
  ...at('C1'),
  measures: {},
  attributes,
  ...caseFields(initialCaseState('dispute', happenedOn)),
  ...state,
})
const closedDispute = (happenedOn: string, closedOn: string, outcome = 'success') =>
  dispute(happenedOn, { status: 'closed', outcome: outcome as never, closedOn })

describe('a ratio', () => {
  it('with nothing to divide by is "—" and 0, never 100% and never an error', () => {
    const t = totals([], Y2024)
    for (const key of ['dispute.handledRate', 'dispute.successRate', 'case.closedRate'])
      expect(t.get(key)).toEqual({ key, value: 0, numerator: 0, denominator: 0, text: '—' })
  })

  it('is not 100% when one case of 64 is still open (98.4%)', () => {
    const events = [
      ...Array.from({ length: 63 }, () => closedDispute('2024-05-06', '2024-06-01')),
      dispute('2024-12-20', { status: 'mediating' }),
    ]
    const t = totals(events, Y2024)
    expect(t.get('case.closedRate')).toMatchObject({ numerator: 63, denominator: 64, text: '98.4%' })
    expect(t.get('dispute.handledRate')!.text).toBe('98.4%')
    expect(t.get('dispute.successRate')!.text).toBe('100%')
  })

  it('of disputes with an outcome leaves out those withdrawn (撤回)', () => {
    const events = [
      closedDispute('2024-05-06', '2024-06-01'),
      closedDispute('2024-05-06', '2024-06-01', 'withdrawn'),
    ]
    const t = totals(events, Y2024)
    expect(t.get('dispute.handledRate')!.text).toBe('50%')
    expect(t.get('case.closedRate')!.text).toBe('100%')
  })
})

describe('cases open at year end (年底未办结)', () => {
  const events = [
    closedDispute('2024-03-01', '2024-12-31'), // closed within its year: not open
    closedDispute('2024-11-20', '2025-01-08'), // closed after its year ended: open at year end
    dispute('2024-12-30', { status: 'mediating' }), // still open
    closedDispute('2023-10-10', '2024-02-01'), // a 2023 case closed in 2024
    { ...dispute('2024-06-01', { status: 'mediating' }), voided: true }, // voided: never counts
  ]

  it('counts the period’s cases closed after its year, or not yet', () => {
    expect(totals(events, Y2024).get('case.openAtYearEnd')!.value).toBe(2)
    expect(totals(events, periodOf({ year: 2023 })).get('case.openAtYearEnd')!.value).toBe(1)
  })

  it('of a month counts its cases not closed by the end of that year', () => {
    expect(totals(events, periodOf({ year: 2024, month: 3 })).get('case.openAtYearEnd')!.value).toBe(0)
    expect(totals(events, periodOf({ year: 2024, month: 11 })).get('case.openAtYearEnd')!.value).toBe(1)
  })

  it('are cases only: no lecture is ever open', () => {
    const lecture: RandomEvent = {
      type: 'lecture',
      happenedOn: '2024-03-05',
      ...at('G1'),
      measures: { participants: 45, materials: 0 },
    }
    expect(totals([lecture], Y2024).get('case.openAtYearEnd')!.value).toBe(0)
  })
})

describe("a figure over a street's own type with multiple choices", () => {
  const own: EventTypeDefinition = {
    type: 'c_food',
    label: '食品安全督导检查',
    unit: '次',
    titleLabel: '事项',
    dateLabel: '日期',
    placeLabel: '地点',
    placeRequired: false,
    measures: [{ key: 'm1', label: '检查商户', unit: '家', max: 100_000 }],
    attributes: [
      { key: 'a1', label: '检查形式', kind: 'choices', options: ['日常检查', '专项检查', '联合检查'] },
    ],
    builtIn: false,
  }
  const special: FigureDefinition = {
    key: 'f_special',
    kind: 'sum',
    label: '专项检查商户',
    unit: '家',
    wording: 'exact',
    description: '检查形式含专项检查的检查商户数',
    section: '其他',
    types: ['c_food'],
    measure: 'm1',
    where: { attributes: { a1: ['专项检查'] } },
  }
  const check = (forms: string[], m1: number): RandomEvent => ({
    type: 'c_food',
    happenedOn: '2024-05-06',
    ...at('G1'),
    measures: { m1 },
    attributes: { a1: forms },
  })

  it('takes an event when one of its choices is accepted', () => {
    const events = [check(['日常检查', '专项检查'], 12), check(['专项检查'], 3), check(['日常检查'], 40)]
    const cells = cellsOf(rollupsOf(events, (t) => (t === 'c_food' ? own : defOf(t))).values())
    expect(totalFigures([special], cells, Y2024).get('f_special')!.value).toBe(15)
  })

  it('is accepted for the type as an admin saves it', () => {
    const { key: _, ...input } = special
    expect(validateFigure(input, [...BUILT_IN_TYPES, own], BUILT_IN_FIGURES).ok).toBe(true)
  })
})

describe('a figure as one line', () => {
  const byKey = (key: string) => BUILT_IN_FIGURES.find((f) => f.key === key)!
  it.each([
    { key: 'lecture.count', value: 14, text: '14', line: '法律讲座 14场' },
    { key: 'consultation.people', value: 106, text: '100余', line: '接受法律咨询 100余人次' },
    { key: 'case.closedRate', value: 1, text: '100%', line: '办结率 100%' },
    { key: 'case.closedRate', value: 0, text: '—', line: '办结率 —' },
  ])('$key written "$text" reads "$line"', ({ key, value, text, line }) => {
    expect(figureLine(byKey(key), { key, value, text })).toBe(line)
  })
})

describe('periods', () => {
  it.each([
    [{ year: 2024 }, { from: '2024-01-01', to: '2024-12-31', label: '2024年' }],
    [
      { year: 2024, quarter: 1 as const },
      { from: '2024-01-01', to: '2024-03-31', label: '2024年第一季度' },
    ],
    [
      { year: 2024, quarter: 2 as const },
      { from: '2024-04-01', to: '2024-06-30', label: '2024年第二季度' },
    ],
    [
      { year: 2024, quarter: 4 as const },
      { from: '2024-10-01', to: '2024-12-31', label: '2024年第四季度' },
    ],
    [
      { year: 2024, month: 2 },
      { from: '2024-02-01', to: '2024-02-29', label: '2024年2月' },
    ],
    [
      { year: 2023, month: 2 },
      { from: '2023-02-01', to: '2023-02-28', label: '2023年2月' },
    ],
    [
      { year: 2024, month: 12 },
      { from: '2024-12-01', to: '2024-12-31', label: '2024年12月' },
    ],
    [
      { from: '2024-03-05', to: '2024-04-10' },
      { from: '2024-03-05', to: '2024-04-10', label: '2024-03-05至2024-04-10' },
    ],
  ])('%j is %j', (request, period) => {
    expect(periodOf(request)).toEqual(period)
  })

  it('a year earlier is the same period, 29 Feb becoming 28 Feb', () => {
    expect(previousYearOf(periodOf({ year: 2024 }))).toEqual(periodOf({ year: 2023 }))
    expect(previousYearOf(periodOf({ year: 2024, month: 2 }))).toEqual(periodOf({ year: 2023, month: 2 }))
    expect(previousYearOf(periodOf({ year: 2024, quarter: 3 }))).toEqual(periodOf({ year: 2023, quarter: 3 }))
    expect(previousYearOf(periodOf({ from: '2024-02-29', to: '2024-04-10' }))).toEqual(
      periodOf({ from: '2023-02-28', to: '2023-04-10' }),
    )
    expect(previousYearOf(periodOf({ from: '2024-12-01', to: '2025-01-31' }))).toEqual(
      periodOf({ from: '2023-12-01', to: '2024-01-31' }),
    )
  })

  it('touches the months it covers, across the end of a year', () => {
    expect(monthsOf(periodOf({ from: '2024-11-15', to: '2025-02-03' }))).toEqual([
      '2024-11',
      '2024-12',
      '2025-01',
      '2025-02',
    ])
    expect(monthsOf(periodOf({ year: 2024, month: 7 }))).toEqual(['2024-07'])
    expect(monthsOf(periodOf({ year: 2024, quarter: 4 }))).toEqual(['2024-10', '2024-11', '2024-12'])
    expect(monthsOf(periodOf({ year: 2024 }))).toHaveLength(12)
  })

  it('reads from the rollups of exactly its months (property)', () => {
    fc.assert(
      fc.property(randomEvents(), randomPeriod, (events, period) => {
        const months = new Set(monthsOf(period))
        const cells = cellsOf(rollupsOf(events, defOf).values())
        expect(
          valuesOf(
            totalFigures(
              BUILT_IN_FIGURES,
              cells.filter((c) => months.has(c.month)),
              period,
            ),
          ),
        ).toEqual(valuesOf(totalFigures(BUILT_IN_FIGURES, cells, period)))
      }),
    )
  })
})

describe("a street's own figure", () => {
  const check = (input: Record<string, unknown>) => validateFigure(input, BUILT_IN_TYPES, BUILT_IN_FIGURES)
  const fieldsOf = (result: ReturnType<typeof check>) => (result.ok ? {} : result.fields)
  const { key: _key, ...communityPromotion } = COMMUNITY_PROMOTIONS

  it('a COUNT with an attribute filter is accepted as written', () => {
    expect(check(communityPromotion)).toEqual({ ok: true, value: communityPromotion })
  })

  it('a SUM takes its unit from the measure', () => {
    const result = check({
      kind: 'sum',
      label: '宣讲受众',
      description: '宣讲活动的受众人数',
      section: '普法宣传',
      types: ['promotion'],
      measure: 'audience',
      wording: 'approx',
      where: { attributes: { form: ['宣讲'] } },
    })
    expect(result).toEqual({
      ok: true,
      value: expect.objectContaining({ kind: 'sum', unit: '人', measure: 'audience', wording: 'approx' }),
    })
  })

  it('a COUNT of cases may filter on status, outcome and closure, and on being open at year end', () => {
    const input = {
      ...communityPromotion,
      label: '调解不成的纠纷',
      types: ['dispute'],
      where: { outcome: ['failed'], status: ['closed'], openAtYearEnd: true },
    }
    expect(check(input)).toEqual({ ok: true, value: input })
  })

  it('is refused with types that are not in the catalogue', () => {
    expect(fieldsOf(check({ ...communityPromotion, types: ['food'] }))).toEqual({
      types: '请选择记录类型',
    })
    expect(fieldsOf(check({ ...communityPromotion, types: [] }))).toHaveProperty('types')
    expect(fieldsOf(check({ ...communityPromotion, types: ['promotion', 'promotion'] }))).toHaveProperty(
      'types',
    )
  })

  it('is refused with an option the type does not have, or an attribute that is not a choice or flag', () => {
    expect(fieldsOf(check({ ...communityPromotion, where: { attributes: { form: ['广场舞'] } } }))).toEqual({
      'where.attributes.form': '所选记录类型没有这个选项',
    })
    expect(
      fieldsOf(check({ ...communityPromotion, where: { attributes: { colour: ['红'] } } })),
    ).toHaveProperty(['where.attributes.colour'])
    expect(
      fieldsOf(check({ ...communityPromotion, where: { attributes: { partner: ['派出所'] } } })),
    ).toHaveProperty(['where.attributes.partner'])
    expect(fieldsOf(check({ ...communityPromotion, where: { attributes: { form: [] } } }))).toHaveProperty([
      'where.attributes.form',
    ])
  })

  it('is refused as a SUM over types that lack the measure', () => {
    expect(
      fieldsOf(
        check({
          ...communityPromotion,
          kind: 'sum',
          types: ['lecture', 'consultation'],
          measure: 'participants',
          where: undefined,
        }),
      ),
    ).toEqual({ measure: '所选的每种记录类型都要有这个统计项' })
  })

  it('is refused filtering on status where a type is not a case', () => {
    expect(fieldsOf(check({ ...communityPromotion, where: { status: ['closed'] } }))).toEqual({
      'where.status': '只有案件类记录可以按状态筛选',
    })
    expect(
      fieldsOf(
        check({ ...communityPromotion, types: ['dispute', 'lecture'], where: { outcome: ['success'] } }),
      ),
    ).toHaveProperty(['where.outcome'])
    expect(fieldsOf(check({ ...communityPromotion, where: { openAtYearEnd: true } }))).toHaveProperty([
      'where.openAtYearEnd',
    ])
    expect(
      fieldsOf(check({ ...communityPromotion, types: ['dispute'], where: { status: ['lost'] } })),
    ).toHaveProperty(['where.status'])
  })

  it('a RATIO of two COUNT or SUM figures is accepted; one referring to a ratio is refused', () => {
    const ratio = {
      kind: 'ratio',
      label: '实质性办结占比',
      description: '实质性办结 ÷ 已办结',
      section: '网格事件',
      numerator: 'gridEvent.substantive',
      denominator: 'case.closed',
    }
    expect(check(ratio)).toEqual({
      ok: true,
      value: { ...ratio, unit: '%', wording: 'exact' },
    })
    expect(fieldsOf(check({ ...ratio, numerator: 'case.closedRate' }))).toEqual({
      numerator: '请选择一个计数或求和指标',
    })
    expect(fieldsOf(check({ ...ratio, denominator: 'nothing' }))).toEqual({
      denominator: '请选择一个计数或求和指标',
    })
  })

  it('is refused without a kind, a label or a description', () => {
    expect(fieldsOf(check({ ...communityPromotion, kind: 'average' }))).toEqual({
      kind: '请选择计数、求和或比率',
    })
    expect(fieldsOf(check({ ...communityPromotion, label: ' ' }))).toHaveProperty('label')
    expect(fieldsOf(check({ ...communityPromotion, description: 'x'.repeat(201) }))).toHaveProperty(
      'description',
    )
  })
})

describe("a street's figures", () => {
  const own: FigureDefinition = COMMUNITY_PROMOTIONS
  const lectures = BUILT_IN_FIGURES.find((f) => f.key === 'lecture.count')!

  it('are the built-in figures when the street has changed nothing', () => {
    expect(mergeFigures(undefined)).toEqual(BUILT_IN_FIGURES)
    expect(mergeFigures({ figures: [], version: 0 })).toEqual(BUILT_IN_FIGURES)
  })

  it("take the street's version of a built-in figure in its place, under its key, and append its own", () => {
    const mine = { ...lectures, label: '普法讲座', wording: 'approx' as const, builtIn: false }
    const merged = mergeFigures({ figures: [own, mine], version: 3 })
    expect(merged.map((f) => f.key)).toEqual([...BUILT_IN_FIGURES.map((f) => f.key), own.key])
    expect(merged[BUILT_IN_FIGURES.indexOf(lectures)]).toEqual({
      ...mine,
      key: 'lecture.count',
      builtIn: true,
    })
    expect(merged.at(-1)).toEqual({ ...own, builtIn: false })
  })
})
