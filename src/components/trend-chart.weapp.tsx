/**
 * weapp: the trend chart (trend-chart.tsx) on `<Canvas type="2d">` (same-layer rendering, scrolls with
 * the page), as wide as the card; ECharts reaches it through echarts-canvas.weapp.ts.
 */
import { Canvas, View } from '@tarojs/components'
import { useMemo } from 'react'
import { TREND_HEIGHT, trendOption } from './chart'
import { useCanvasChart } from './echarts-canvas.weapp'
import type { TrendChartProps } from './trend-chart'

export function TrendChart({ id, figure, points }: TrendChartProps) {
  const option = useMemo(() => trendOption(figure, points), [figure, points])
  useCanvasChart(id, option, TREND_HEIGHT)
  return (
    <View className="trend-chart">
      <Canvas
        type="2d"
        id={id}
        className="chart-canvas"
        style={{ width: '100%', height: `${TREND_HEIGHT}px` }}
      />
    </View>
  )
}
