/** H5: the breakdown chart (breakdown-chart.tsx) in a DOM element of its own, as wide as the card. */
import { View } from '@tarojs/components'
import { useMemo } from 'react'
import { breakdownBars, breakdownHeight, breakdownOption } from './chart'
import { useDomChart } from './echarts-dom.h5'
import type { BreakdownChartProps } from './breakdown-chart'

export function BreakdownChart({ id, figure, rows }: BreakdownChartProps) {
  const option = useMemo(() => breakdownOption(figure, rows), [figure, rows])
  const height = breakdownHeight(breakdownBars(rows).length)
  const ref = useDomChart(option, height)
  return (
    <View className="breakdown-chart">
      <div id={id} ref={ref} className="chart-canvas" style={{ width: '100%', height: `${height}px` }} />
    </View>
  )
}
