/**
 * ECharts for the dashboard's charts (ADR 0007): its core with only the parts chart.ts's options use
 * (line and bar series on a cartesian grid, drawn on a canvas), registered once. The one module that
 * imports ECharts' code, from the chart components of the `staff` subpackage only, so that the library
 * stays out of the main package. No tooltip, legend or animation: every value is written on the chart.
 */
import { BarChart, LineChart } from 'echarts/charts'
import { GridComponent } from 'echarts/components'
import * as echarts from 'echarts/core'
import { CanvasRenderer } from 'echarts/renderers'

echarts.use([LineChart, BarChart, GridComponent, CanvasRenderer])

export { echarts }
export type { EChartsType } from 'echarts/core'
