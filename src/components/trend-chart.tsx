/**
 * A figure's trend month by month, drawn by chart.ts on a canvas; chosen at build time by Taro's
 * platform suffixes: trend-chart.weapp.tsx (WeChat's `<Canvas type="2d">`, found by a selector query)
 * and trend-chart.h5.tsx (a browser `<canvas>`). This file only declares the shape (ADR 0007).
 */
import type { ReactElement } from 'react'
import type { ChartPoint } from './chart'

export interface TrendChartProps {
  readonly points: readonly ChartPoint[]
  /** Names the chart in the page (and its canvas id on weapp): unique within the page. */
  readonly id: string
  /** CSS pixels; the width is the container's. */
  readonly height?: number
}

export declare function TrendChart(props: TrendChartProps): ReactElement
