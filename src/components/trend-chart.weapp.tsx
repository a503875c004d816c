/**
 * weapp: the trend chart on `<Canvas type="2d">` (same-layer rendering, scrolls with the page). The
 * canvas node is found by a selector query once the render layer has it (retried a few times: the
 * view layer receives the page's data asynchronously), sized to the device's pixel ratio, then drawn.
 */
import { Canvas, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useEffect } from 'react'
import { drawLineChart, layoutLineChart, type ChartContext } from './chart'
import type { TrendChartProps } from './trend-chart'

interface CanvasNode {
  width: number
  height: number
  getContext(kind: '2d'): (ChartContext & { scale(x: number, y: number): void }) | null
}

const TRIES = 6

export function TrendChart({ points, id, height = 180 }: TrendChartProps) {
  useEffect(() => {
    let gone = false
    const draw = (attempt: number) => {
      Taro.createSelectorQuery()
        .select(`#${id}`)
        .fields({ node: true, size: true })
        .exec((res: ({ node?: CanvasNode; width: number; height: number } | null)[]) => {
          if (gone) return
          const found = res?.[0]
          const ctx = found?.node?.getContext('2d')
          if (!found?.node || !ctx || !found.width) {
            if (attempt < TRIES) setTimeout(() => draw(attempt + 1), 80 * (attempt + 1))
            return
          }
          const ratio = Taro.getWindowInfo().pixelRatio || 2
          found.node.width = Math.round(found.width * ratio)
          found.node.height = Math.round(found.height * ratio)
          ctx.scale(ratio, ratio)
          drawLineChart(ctx, layoutLineChart(points, found.width, found.height))
        })
    }
    Taro.nextTick(() => draw(0))
    return () => {
      gone = true
    }
  }, [points, id])

  return (
    <View className="trend-chart">
      <Canvas type="2d" id={id} className="trend-canvas" style={{ width: '100%', height: `${height}px` }} />
    </View>
  )
}
