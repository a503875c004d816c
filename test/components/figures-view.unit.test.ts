import fc from 'fast-check'
import type { FigureView, OrgNodeView, TotalsView } from '../../src/core/contract'
import { BUILT_IN_FIGURES, periodOf, type FigureValue, type PeriodRequest } from '../../src/core/figures'
import {
  bySection,
  chartable,
  defaultChoice,
  exactText,
  figureClass,
  figuresQuery,
  monthSeries,
  nodeOptions,
  nodeRows,
  paramOf,
  periodFromQuery,
  requestOf,
  valueText,
  yearsUpTo,
} from '../../src/components/figures-view'

const figures: FigureView[] = BUILT_IN_FIGURES.map((f) => ({ ...f, builtIn: true }))
const figure = (key: string) => figures.find((f) => f.key === key)!
const value = (key: string, v: number, text: string, parts?: [number, number]): FigureValue => ({
  key,
  value: v,
  text,
  ...(parts ? { numerator: parts[0], denominator: parts[1] } : {}),
})

/** What the router hands over for a query string (values still encoded, as on some platforms). */
const paramsOf = (query: string): Record<string, string> =>
  Object.fromEntries(query.split('&').map((kv) => kv.split('=') as [string, string]))

describe('the period', () => {
  it('offers this year down to 2000, newest first', () => {
    const years = yearsUpTo(2026)
    expect(years[0]).toBe(2026)
    expect(years.at(-1)).toBe(2000)
    expect(years).toHaveLength(27)
  })

  it('starts on the whole of this year, with today’s quarter and month ready', () => {
    expect(defaultChoice('2026-11-26')).toEqual({ year: 2026, part: 'year', quarter: 4, month: 11 })
    expect(defaultChoice('2025-01-01')).toEqual({ year: 2025, part: 'year', quarter: 1, month: 1 })
  })

  it('asks for the year, the quarter or the month chosen', () => {
    const c = { year: 2025, part: 'year', quarter: 2, month: 5 } as const
    expect(requestOf(c)).toEqual({ year: 2025 })
    expect(requestOf({ ...c, part: 'quarter' })).toEqual({ year: 2025, quarter: 2 })
    expect(requestOf({ ...c, part: 'month' })).toEqual({ year: 2025, month: 5 })
  })

  it('travels in a page’s query and comes back the same, with the node and what else the page needs', () => {
    const request = fc.oneof(
      fc.record({ year: fc.integer({ min: 2000, max: 2100 }) }),
      fc.record({ year: fc.integer({ min: 2000, max: 2100 }), quarter: fc.constantFrom(1, 2, 3, 4) }),
      fc.record({ year: fc.integer({ min: 2000, max: 2100 }), month: fc.integer({ min: 1, max: 12 }) }),
    ) as fc.Arbitrary<PeriodRequest>
    fc.assert(
      fc.property(request, fc.option(fc.constantFrom('node-cc-mingyuan', 'node-chuncheng')), (p, node) => {
        const query = figuresQuery(p, node ?? undefined, { figure: 'lecture.count', nodeName: '明园社区' })
        const params = paramsOf(query)
        expect(periodFromQuery(params)).toEqual(p)
        expect(paramOf(params, 'node')).toBe(node ?? undefined)
        expect(paramOf(params, 'figure')).toBe('lecture.count')
        expect(paramOf(params, 'nodeName')).toBe('明园社区')
      }),
    )
    const range = { from: '2025-03-05', to: '2025-04-10' }
    expect(periodFromQuery(paramsOf(figuresQuery(range)))).toEqual(range)
  })

  it('takes parameters the platform already decoded', () => {
    expect(paramOf({ nodeName: '明园社区' }, 'nodeName')).toBe('明园社区')
    expect(paramOf({ nodeName: '100%' }, 'nodeName')).toBe('100%')
    expect(paramOf({ nodeName: '' }, 'nodeName')).toBeUndefined()
  })

  it('names no period for a malformed query', () => {
    for (const q of [
      {},
      { year: 'abc' },
      { year: '1999' },
      { year: '2025', quarter: '5' },
      { year: '2025', month: '13' },
      { year: '2025', month: '1.5' },
      { from: '2025-01-01' },
      { from: '2025-02-01', to: '2025-01-01' },
      { from: '20250101', to: '2025-01-31' },
    ])
      expect(periodFromQuery(q)).toBeUndefined()
  })
})

describe('a figure’s value beside its label', () => {
  it('is written as the report writes it, with the unit', () => {
    expect(valueText(figure('lecture.count'), value('lecture.count', 14, '14'))).toBe('14场')
    expect(valueText(figure('consultation.people'), value('consultation.people', 106, '100余'))).toBe(
      '100余人次',
    )
    expect(valueText(figure('dispute.handledRate'), value('dispute.handledRate', 1, '100%'))).toBe('100%')
    expect(valueText(figure('dispute.handledRate'), value('dispute.handledRate', 0, '—'))).toBe('—')
    expect(valueText(figure('lecture.count'), value('lecture.count', 0, '—'))).toBe('—')
  })

  it('shows the exact number behind a 余, and a ratio’s parts', () => {
    expect(exactText(figure('consultation.people'), value('consultation.people', 106, '100余'))).toBe(
      '实际106人次',
    )
    expect(exactText(figure('materials'), value('materials', 700, '700'))).toBeUndefined()
    expect(exactText(figure('lecture.count'), value('lecture.count', 14, '14'))).toBeUndefined()
    expect(exactText(figure('case.closedRate'), value('case.closedRate', 1, '100%', [64, 64]))).toBe(
      '64 ÷ 64',
    )
    expect(exactText(figure('case.closedRate'), value('case.closedRate', 0, '—'))).toBeUndefined()
  })

  it('has a CSS class without the key’s dots', () => {
    expect(figureClass('lecture.count')).toBe('figure-lecture-count')
    expect(figureClass('f_a1b2')).toBe('figure-f_a1b2')
  })
})

describe('sections', () => {
  it('keeps the dashboard’s order, every figure once, and puts unknown sections under 其他', () => {
    const own: FigureView = { ...figure('lecture.count'), key: 'f_1', section: '食品安全', builtIn: false }
    const sections = bySection([...figures, own])
    expect(sections.map((s) => s.section)).toEqual([
      '普法宣传',
      '矛盾纠纷',
      '网格事件',
      '行政执法',
      '学法培训',
      '其他',
    ])
    expect(sections.flatMap((s) => s.figures)).toHaveLength(figures.length + 1)
    expect(sections.at(-1)!.figures).toEqual([own])
    expect(sections[0]!.figures[0]!.key).toBe('lecture.count')
  })

  it('leaves empty sections out', () => {
    expect(bySection([figure('lecture.count')]).map((s) => s.section)).toEqual(['普法宣传'])
  })

  it('charts COUNT and SUM figures only', () => {
    expect(chartable(figures).some((f) => f.kind === 'ratio')).toBe(false)
    expect(chartable(figures)).toHaveLength(figures.filter((f) => f.kind !== 'ratio').length)
  })
})

describe('the trend', () => {
  const byMonth: TotalsView['byMonth'] = [
    { month: '2025-03', values: { 'lecture.count': 2 } },
    { month: '2025-12', values: { 'lecture.count': 1, materials: 40 } },
  ]

  it('has every month of the period, 0 where nothing happened', () => {
    const series = monthSeries({ byMonth }, periodOf({ year: 2025 }), 'lecture.count')
    expect(series.map((p) => p.label)).toEqual(Array.from({ length: 12 }, (_x, i) => `${i + 1}月`))
    expect(series.map((p) => p.value)).toEqual([0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 1])
  })

  it('covers a quarter or a month, and names the year when the period runs over two', () => {
    expect(monthSeries({ byMonth }, periodOf({ year: 2025, quarter: 1 }), 'lecture.count')).toEqual([
      { month: '2025-01', label: '1月', value: 0 },
      { month: '2025-02', label: '2月', value: 0 },
      { month: '2025-03', label: '3月', value: 2 },
    ])
    expect(monthSeries({ byMonth }, periodOf({ from: '2025-12-01', to: '2026-01-31' }), 'materials')).toEqual(
      [
        { month: '2025-12', label: '2025年12月', value: 40 },
        { month: '2026-01', label: '2026年1月', value: 0 },
      ],
    )
  })
})

describe('the breakdown by node', () => {
  const byNode: TotalsView['byNode'] = [
    { nodeId: 'c1', name: '明园社区', kind: 'community', parentId: 's', values: { 'lecture.count': 6 } },
    { nodeId: 'c2', name: '春晓社区', kind: 'community', parentId: 's', values: { 'lecture.count': 3 } },
    { nodeId: 'g1', name: '第1网格', kind: 'grid', parentId: 'c1', values: { 'lecture.count': 4 } },
    { nodeId: 'g2', name: '第2网格', kind: 'grid', parentId: 'c1', values: { 'lecture.count': 2 } },
    { nodeId: 'g4', name: '第4网格', kind: 'grid', parentId: 'c2', values: {} },
  ]

  it('lists each community followed by its grids, with bars against the largest of their level', () => {
    expect(nodeRows(byNode, 'lecture.count')).toEqual([
      { nodeId: 'c1', name: '明园社区', kind: 'community', depth: 0, value: 6, share: 1 },
      { nodeId: 'g1', name: '第1网格', kind: 'grid', depth: 1, value: 4, share: 1 },
      { nodeId: 'g2', name: '第2网格', kind: 'grid', depth: 1, value: 2, share: 0.5 },
      { nodeId: 'c2', name: '春晓社区', kind: 'community', depth: 0, value: 3, share: 0.5 },
      { nodeId: 'g4', name: '第4网格', kind: 'grid', depth: 1, value: 0, share: 0 },
    ])
  })

  it('shows grids alone (a community’s breakdown) at the top level, and no bars when everything is 0', () => {
    const grids = byNode.filter((n) => n.kind === 'grid')
    const rows = nodeRows(grids, 'materials')
    expect(rows.map((r) => [r.name, r.depth, r.share])).toEqual([
      ['第1网格', 0, 0],
      ['第2网格', 0, 0],
      ['第4网格', 0, 0],
    ])
  })
})

describe('the nodes the dashboard is read for', () => {
  const node = (
    id: string,
    kind: OrgNodeView['kind'],
    name: string,
    parentId: string | null,
    retired = false,
  ) => ({ id, kind, name, parentId, retired }) as OrgNodeView
  const tree = [
    node('d', 'district', '绿园区', null),
    node('s', 'street', '春城街道', 'd'),
    node('c1', 'community', '明园社区', 's'),
    node('c2', 'community', '春晓社区', 's'),
    node('c3', 'community', '旧社区', 's', true),
    node('g1', 'grid', '第1网格', 'c1'),
    node('g4', 'grid', '第4网格', 'c2'),
  ]

  it('are the street, then each community followed by its grids; retired nodes and the district left out', () => {
    expect(nodeOptions(tree.slice(1))).toEqual([
      { id: 's', label: '春城街道' },
      { id: 'c1', label: '明园社区' },
      { id: 'g1', label: '明园社区 · 第1网格' },
      { id: 'c2', label: '春晓社区' },
      { id: 'g4', label: '春晓社区 · 第4网格' },
    ])
    expect(nodeOptions(tree).map((o) => o.id)).toEqual(['s', 'c1', 'g1', 'c2', 'g4'])
  })

  it('start at the caller’s own node when the tree starts below a street', () => {
    expect(nodeOptions(tree.filter((n) => ['c1', 'g1'].includes(n.id)))).toEqual([
      { id: 'c1', label: '明园社区' },
      { id: 'g1', label: '明园社区 · 第1网格' },
    ])
  })
})
