/**
 * The dashboard's charts as ECharts options (ADR 0007), built from the figures' data without Taro or
 * ECharts itself (only its option types): a figure's trend month by month (a line) and its breakdown
 * by community or grid (horizontal bars). Unit-tested; drawn by trend-chart.*.tsx and
 * breakdown-chart.*.tsx through echarts.ts (ECharts core) and each platform's canvas glue.
 */
import type { BarSeriesOption, LineSeriesOption } from 'echarts/charts'
import type { GridComponentOption } from 'echarts/components'
import type { ComposeOption } from 'echarts/core'
import type { FigureView } from '../core/contract'
import type { MonthPoint, NodeRow } from './figures-view'

/** What the charts may hold: the parts registered in echarts.ts. */
export type ChartOption = ComposeOption<LineSeriesOption | BarSeriesOption | GridComponentOption>

export const CHART_COLORS = {
  /** The app's red. */
  line: '#c0392b',
  area: 'rgba(192, 57, 43, 0.08)',
  axis: '#dddddd',
  grid: '#eeeeee',
  text: '#888888',
  value: '#444444',
  name: '#333333',
} as const

/** The app's font stack (app.css): canvas text follows it on weapp and H5. */
export const CHART_FONT = "-apple-system, 'PingFang SC', 'Noto Sans CJK SC', 'Microsoft YaHei', sans-serif"

type Figure = Pick<FigureView, 'label' | 'unit'>

/** The trend chart's height in CSS pixels (its width is the card's). */
export const TREND_HEIGHT = 190

const base = {
  // Every value is written on the chart: nothing to animate in, and a screenshot shows the final drawing.
  animation: false,
  textStyle: { fontFamily: CHART_FONT, fontSize: 11, color: CHART_COLORS.text },
} as const

/**
 * The figure month by month over the period: one line in the app's red, each month's value above its
 * point (none for 0), whole steps on the value axis named by the figure's unit. Month labels that do not
 * fit are skipped by ECharts (every other one on a phone); the axis labels stay inside the canvas.
 */
export function trendOption(
  figure: Figure,
  points: readonly Pick<MonthPoint, 'label' | 'value'>[],
): ChartOption {
  return {
    ...base,
    grid: { left: 4, right: 12, top: 30, bottom: 4 },
    xAxis: {
      type: 'category',
      data: points.map((p) => p.label),
      axisTick: { show: false },
      axisLine: { lineStyle: { color: CHART_COLORS.axis } },
      axisLabel: { color: CHART_COLORS.text, fontSize: 11, hideOverlap: true },
    },
    yAxis: {
      type: 'value',
      name: figure.unit,
      nameGap: 12,
      nameTextStyle: { color: CHART_COLORS.text, align: 'right' },
      minInterval: 1,
      splitNumber: 4,
      axisLabel: { color: CHART_COLORS.text, fontSize: 11 },
      splitLine: { lineStyle: { color: CHART_COLORS.grid } },
    },
    series: [
      {
        type: 'line',
        name: figure.label,
        data: points.map((p) => ({ value: p.value, label: { show: p.value > 0 } })),
        symbol: 'circle',
        symbolSize: 6,
        lineStyle: { width: 2, color: CHART_COLORS.line },
        itemStyle: { color: CHART_COLORS.line },
        areaStyle: { color: CHART_COLORS.area },
        label: { show: true, position: 'top', distance: 4, color: CHART_COLORS.value, fontSize: 10 },
        labelLayout: { hideOverlap: true },
      },
    ],
  }
}

/** The rows the bar chart draws: the level just below the node (communities of a street, grids of a community). */
export const breakdownBars = (rows: readonly NodeRow[]): NodeRow[] => rows.filter((r) => r.depth === 0)

const BAR_ROW_PX = 30
const BAR_MARGIN_PX = 8

/** The bar chart's height for `count` bars, in CSS pixels. */
export const breakdownHeight = (count: number): number => Math.max(1, count) * BAR_ROW_PX + 2 * BAR_MARGIN_PX

/**
 * The figure by community (or grid): one horizontal bar each, in the server's order from the top, its
 * value and unit at the bar's end (14场); long names are cut with … (the table below writes them whole).
 */
export function breakdownOption(figure: Figure, rows: readonly NodeRow[]): ChartOption {
  const bars = breakdownBars(rows)
  // Room at the right for the longest end label: about 7 px a digit, 12 px a Chinese character.
  const digits = Math.max(1, ...bars.map((r) => String(r.value).length))
  const right = 8 + 7 * digits + 12 * figure.unit.length
  return {
    ...base,
    grid: { left: 4, right, top: BAR_MARGIN_PX, bottom: BAR_MARGIN_PX },
    xAxis: { type: 'value', show: false, minInterval: 1 },
    yAxis: {
      type: 'category',
      inverse: true,
      data: bars.map((r) => r.name),
      axisTick: { show: false },
      axisLine: { show: false },
      axisLabel: { color: CHART_COLORS.name, fontSize: 12, width: 84, overflow: 'truncate', ellipsis: '…' },
    },
    series: [
      {
        type: 'bar',
        name: figure.label,
        data: bars.map((r) => r.value),
        barMaxWidth: 14,
        itemStyle: { color: CHART_COLORS.line, borderRadius: [0, 3, 3, 0] },
        label: {
          show: true,
          position: 'right',
          color: CHART_COLORS.value,
          fontSize: 11,
          formatter: `{c}${figure.unit}`,
        },
      },
    ],
  }
}
