import * as echarts from 'echarts'
import fc from 'fast-check'
import {
  breakdownBars,
  breakdownHeight,
  breakdownOption,
  CHART_COLORS,
  CHART_FONT,
  TREND_HEIGHT,
  trendOption,
  type ChartOption,
} from '../../src/components/chart'
import type { NodeRow } from '../../src/components/figures-view'

const lectures = { label: '法律讲座', unit: '场' }
const months = (values: number[]) => values.map((value, i) => ({ label: `${i + 1}月`, value }))

/** The option's one series and axes, as plain records (ChartOption's unions are wide). */
function parts(option: ChartOption) {
  const one = <T>(x: T | T[] | undefined): T => (Array.isArray(x) ? x[0]! : x!)
  return {
    series: one(option.series) as Record<string, unknown> & { data: unknown[] },
    xAxis: one(option.xAxis) as Record<string, unknown>,
    yAxis: one(option.yAxis) as Record<string, unknown>,
  }
}

/** What ECharts itself draws from the option (server-side, as SVG text), `width` × `height` CSS pixels. */
function drawn(option: ChartOption, width: number, height: number): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height })
  try {
    chart.setOption(option)
    return chart.renderToSVGString()
  } finally {
    chart.dispose()
  }
}
const texts = (svg: string) => Array.from(svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g), (m) => m[1]!)

describe('the trend', () => {
  it('has a point for each month, in order, with the month under it and the value above it', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 100_000 }), { maxLength: 24 }), (values) => {
        const { series, xAxis } = parts(trendOption(lectures, months(values)))
        expect(series.type).toBe('line')
        expect(xAxis.data).toEqual(values.map((_v, i) => `${i + 1}月`))
        expect(series.data).toEqual(values.map((value) => ({ value, label: { show: value > 0 } })))
      }),
    )
  })

  it('names the value axis by the figure’s unit, steps it by whole numbers, in the app’s red and font', () => {
    const option = trendOption({ label: '普法宣传人次', unit: '人次' }, months([3, 0, 106]))
    const { series, yAxis } = parts(option)
    expect(yAxis).toMatchObject({ type: 'value', name: '人次', minInterval: 1 })
    expect(series).toMatchObject({
      name: '普法宣传人次',
      lineStyle: { color: '#c0392b' },
      itemStyle: { color: CHART_COLORS.line },
    })
    expect(option.textStyle).toMatchObject({ fontFamily: CHART_FONT })
    expect(CHART_FONT).toContain('PingFang SC')
    expect(option.animation).toBe(false)
  })

  it('is drawn by ECharts with its unit, every value above 0 and the months that fit a phone', () => {
    const values = [0, 2, 1, 0, 3, 1, 0, 2, 1, 1, 2, 1]
    const svg = drawn(trendOption(lectures, months(values)), 319, TREND_HEIGHT)
    const written = texts(svg)
    expect(written).toContain('场')
    // The values above their points: each month's above 0 (none for 0).
    expect(written.filter((t) => t === '2')).toHaveLength(3 + 1) // three points and the axis tick 2
    expect(written).toContain('3')
    // The months along the axis: at least every other one, the first among them, none written twice.
    const monthsWritten = written.filter((t) => /^\d+月$/.test(t))
    expect(monthsWritten[0]).toBe('1月')
    expect(monthsWritten.length).toBeGreaterThanOrEqual(6)
    expect(new Set(monthsWritten).size).toBe(monthsWritten.length)
  })

  it('draws an empty period as its axis alone', () => {
    const svg = drawn(trendOption(lectures, []), 319, TREND_HEIGHT)
    expect(texts(svg)).toContain('场')
    expect(svg).not.toMatch(/月/)
  })
})

describe('the breakdown', () => {
  const rows: NodeRow[] = [
    { nodeId: 'c1', name: '明园社区', kind: 'community', depth: 0, value: 6, share: 1 },
    { nodeId: 'g1', name: '第1网格', kind: 'grid', depth: 1, value: 4, share: 1 },
    { nodeId: 'g2', name: '第2网格', kind: 'grid', depth: 1, value: 2, share: 0.5 },
    { nodeId: 'c2', name: '春晓社区', kind: 'community', depth: 0, value: 3, share: 0.5 },
    { nodeId: 'c3', name: '一个名字很长很长的社区', kind: 'community', depth: 0, value: 1250, share: 1 },
  ]

  it('has a bar for each node just below the one read, top down in the server’s order', () => {
    const { series, xAxis, yAxis } = parts(breakdownOption(lectures, rows))
    expect(breakdownBars(rows).map((r) => r.nodeId)).toEqual(['c1', 'c2', 'c3'])
    expect(series).toMatchObject({ type: 'bar', name: '法律讲座', data: [6, 3, 1250] })
    expect(yAxis).toMatchObject({
      type: 'category',
      inverse: true,
      data: ['明园社区', '春晓社区', '一个名字很长很长的社区'],
    })
    expect(xAxis).toMatchObject({ type: 'value', minInterval: 1 })
  })

  it('writes each value with its unit at the bar’s end, with room kept for the longest', () => {
    const option = breakdownOption({ label: '普法宣传人次', unit: '人次' }, rows)
    const { series } = parts(option)
    expect(series.label).toMatchObject({ show: true, position: 'right', formatter: '{c}人次' })
    const grid = (Array.isArray(option.grid) ? option.grid[0] : option.grid) as { right: number }
    expect(grid.right).toBeGreaterThanOrEqual(4 * 6 + 2 * 11) // "1250人次" at 11 px
  })

  it('grows a row’s height with each bar', () => {
    expect(breakdownHeight(3)).toBeGreaterThan(breakdownHeight(2))
    expect(breakdownHeight(0)).toBe(breakdownHeight(1))
  })

  it('is drawn by ECharts with every name (long ones cut) and every value with its unit', () => {
    const svg = drawn(breakdownOption(lectures, rows), 319, breakdownHeight(3))
    const written = texts(svg)
    expect(written).toEqual(expect.arrayContaining(['明园社区', '春晓社区', '6场', '3场', '1250场']))
    expect(written.some((t) => t.startsWith('一个名字') && t.endsWith('…'))).toBe(true)
    expect(written).not.toContain('第1网格')
  })
})
