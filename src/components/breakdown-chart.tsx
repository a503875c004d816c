/**
 * A figure by community or grid: horizontal bars drawn by ECharts from chart.ts's breakdownOption
 * (ADR 0007), one for each node just below the one read. Chosen at build time by Taro's platform
 * suffixes: breakdown-chart.weapp.tsx (WeChat's `<Canvas type="2d">`) and breakdown-chart.h5.tsx (a DOM
 * element of its own). This file only declares the shape.
 */
import type { ReactElement } from 'react'
import type { FigureView } from '../core/contract'
import type { NodeRow } from './figures-view'

export interface BreakdownChartProps {
  /** Names the chart in the page (and its canvas id on weapp): unique within the page. */
  readonly id: string
  readonly figure: Pick<FigureView, 'label' | 'unit'>
  /** The breakdown's rows (nodeRows); the bars are those of depth 0. */
  readonly rows: readonly NodeRow[]
}

export declare function BreakdownChart(props: BreakdownChartProps): ReactElement
