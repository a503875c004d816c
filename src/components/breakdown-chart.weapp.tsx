/**
 * weapp: the breakdown chart (breakdown-chart.tsx) on `<Canvas type="2d">`, as wide as the card;
 * ECharts reaches it through echarts-canvas.weapp.ts.
 */
import { Canvas, View } from '@tarojs/components'
import { useMemo } from 'react'
import { breakdownBars, breakdownHeight, breakdownOption } from './chart'
import { useCanvasChart } from './echarts-canvas.weapp'
import type { BreakdownChartProps } from './breakdown-chart'

export function BreakdownChart({ id, figure, rows }: BreakdownChartProps) {
  const option = useMemo(() => breakdownOption(figure, rows), [figure, rows])
  const height = breakdownHeight(breakdownBars(rows).length)
  useCanvasChart(id, option, height)
  return (
    <View className="breakdown-chart">
      <Canvas type="2d" id={id} className="chart-canvas" style={{ width: '100%', height: `${height}px` }} />
    </View>
  )
}
