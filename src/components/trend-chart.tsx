/**
 * A figure's trend month by month: a line drawn by ECharts from chart.ts's trendOption (ADR 0007).
 * Chosen at build time by Taro's platform suffixes: trend-chart.weapp.tsx (WeChat's
 * `<Canvas type="2d">`, through echarts-canvas.weapp.ts) and trend-chart.h5.tsx (a DOM element of its
 * own, through echarts-dom.h5.ts). This file only declares the shape.
 */
import type { ReactElement } from 'react'
import type { FigureView } from '../core/contract'
import type { MonthPoint } from './figures-view'

export interface TrendChartProps {
  /** Names the chart in the page (and its canvas id on weapp): unique within the page. */
  readonly id: string
  readonly figure: Pick<FigureView, 'label' | 'unit'>
  readonly points: readonly MonthPoint[]
}

export declare function TrendChart(props: TrendChartProps): ReactElement
