/**
 * H5: the trend chart on a browser `<canvas>` (Taro's H5 Canvas resizes its own canvas after each
 * render, wiping a drawing, so a plain element is used), sized to the device's pixel ratio and drawn
 * again when the points or the page's width change.
 */
import { View } from '@tarojs/components'
import { useEffect, useRef } from 'react'
import { drawLineChart, layoutLineChart } from './chart'
import type { TrendChartProps } from './trend-chart'

export function TrendChart({ points, id, height = 180 }: TrendChartProps) {
  const ref = useRef<HTMLCanvasElement | null>(null)

  useEffect(() => {
    const draw = () => {
      const canvas = ref.current
      const ctx = canvas?.getContext('2d')
      if (!canvas || !ctx || canvas.clientWidth === 0) return
      const ratio = window.devicePixelRatio || 1
      const width = canvas.clientWidth
      canvas.width = Math.round(width * ratio)
      canvas.height = Math.round(height * ratio)
      ctx.setTransform(ratio, 0, 0, ratio, 0, 0)
      drawLineChart(ctx, layoutLineChart(points, width, height))
    }
    draw()
    window.addEventListener('resize', draw)
    return () => window.removeEventListener('resize', draw)
  }, [points, height])

  return (
    <View className="trend-chart">
      <canvas id={id} ref={ref} className="trend-canvas" style={{ width: '100%', height: `${height}px` }} />
    </View>
  )
}
