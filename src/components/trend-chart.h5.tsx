/** H5: the trend chart (trend-chart.tsx) in a DOM element of its own, as wide as the card. */
import { View } from '@tarojs/components'
import { useMemo } from 'react'
import { TREND_HEIGHT, trendOption } from './chart'
import { useDomChart } from './echarts-dom.h5'
import type { TrendChartProps } from './trend-chart'

export function TrendChart({ id, figure, points }: TrendChartProps) {
  const option = useMemo(() => trendOption(figure, points), [figure, points])
  const ref = useDomChart(option, TREND_HEIGHT)
  return (
    <View className="trend-chart">
      <div
        id={id}
        ref={ref}
        className="chart-canvas"
        style={{ width: '100%', height: `${TREND_HEIGHT}px` }}
      />
    </View>
  )
}
