/**
 * H5: an ECharts chart on a plain DOM element the component owns (ADR 0007). The chart is made when the
 * element is laid out (`echarts.init(element, undefined, { renderer: 'canvas', width, height })`), given
 * each new option, resized when the element's width changes, and disposed of on unmount. Taro's H5
 * Canvas component is not used: it resets its canvas's size after each render, wiping a drawing.
 */
import { useEffect, useRef } from 'react'
import type { ChartOption } from './chart'
import { echarts, type EChartsType } from './echarts'

/** Draws `option` into the returned ref's element, `height` CSS pixels high and as wide as the element. */
export function useDomChart(option: ChartOption, height: number) {
  const ref = useRef<HTMLDivElement | null>(null)
  const chart = useRef<EChartsType | undefined>(undefined)
  const drawn = useRef<ChartOption | undefined>(undefined)
  const latest = useRef(option)
  latest.current = option

  useEffect(() => {
    const element = ref.current
    if (!element) return
    const instance = echarts.init(element, undefined, {
      renderer: 'canvas',
      width: element.clientWidth || undefined,
      height,
    })
    instance.setOption(latest.current, { notMerge: true })
    drawn.current = latest.current
    chart.current = instance
    // A page kept under another (Taro's H5 router hides it) measures 0 wide: keep the last drawing.
    let width = element.clientWidth
    const observer =
      typeof ResizeObserver === 'undefined'
        ? undefined
        : new ResizeObserver(() => {
            const now = element.clientWidth
            if (now > 0 && now !== width) {
              width = now
              instance.resize({ width: now, height })
            }
          })
    observer?.observe(element)
    return () => {
      observer?.disconnect()
      instance.dispose()
      chart.current = undefined
      drawn.current = undefined
    }
  }, [height])

  useEffect(() => {
    if (!chart.current || drawn.current === option) return
    chart.current.setOption(option, { notMerge: true })
    drawn.current = option
  }, [option])

  return ref
}
