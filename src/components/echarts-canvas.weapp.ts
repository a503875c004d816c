/**
 * weapp: ECharts on WeChat's `<canvas type="2d">` (ADR 0007), our own glue in place of a third-party
 * Taro wrapper. It follows the approach of the official echarts-for-weixin component
 * (github.com/ecomfe/echarts-for-weixin, `ec-canvas/ec-canvas.js` and `ec-canvas/wx-canvas.js`):
 *
 * - the canvas node is found with a selector query (`fields({ node, size })`) once the view layer has
 *   it, and sized to the device's pixel ratio;
 * - it is handed to ECharts wrapped in a small object that looks enough like a DOM canvas to zrender
 *   (getContext, width and height, event hooks that do nothing: WeChat has no DOM events), and the
 *   same object is ECharts' platform canvas (`setPlatformAPI`), so that text is measured with the
 *   canvas's own context;
 * - `echarts.init(adapter, undefined, { width, height, devicePixelRatio })` then draws on it.
 *
 * Touches are not forwarded to zrender: the charts have no tooltip or click (every value is written on
 * them, and the table under the bars opens each node's events). Not run on a device or in WeChat
 * DevTools here: checked by type, by the weapp build and by WeChat's offline code-quality check.
 */
import Taro from '@tarojs/taro'
import { useEffect, useRef } from 'react'
import type { ChartOption } from './chart'
import { echarts, type EChartsType } from './echarts'

/** What is used of WeChat's canvas node (type="2d"); its context follows the web's CanvasRenderingContext2D. */
export interface CanvasNode {
  width: number
  height: number
  getContext(kind: '2d'): CanvasRenderingContext2D | null
}

/** The canvas node as zrender sees it: a single canvas, no DOM. */
export class EChartsCanvas {
  constructor(
    private readonly node: CanvasNode,
    private readonly ctx: CanvasRenderingContext2D,
  ) {}

  getContext(kind: string): CanvasRenderingContext2D | null {
    return kind === '2d' ? this.ctx : null
  }

  /** Device pixels: zrender sets them to the CSS size × devicePixelRatio. */
  get width(): number {
    return this.node.width
  }
  set width(w: number) {
    this.node.width = w
  }
  get height(): number {
    return this.node.height
  }
  set height(h: number) {
    this.node.height = h
  }

  measureText(text: string, font?: string): { width: number } {
    this.ctx.font = font || '12px sans-serif'
    return this.ctx.measureText(text)
  }

  // zrender may listen on its root as on a DOM element: there are no such events on a mini program.
  addEventListener(): void {}
  removeEventListener(): void {}
  attachEvent(): void {}
  detachEvent(): void {}
}

/** How often, and how far apart (× the attempt), the canvas is looked for before giving up. */
const TRIES = 8
const RETRY_MS = 80

interface Found {
  node?: CanvasNode
  width: number
  height: number
}

/**
 * Draws `option` on the page's `<Canvas type="2d" id={id}>` (`height` CSS pixels high: the chart is
 * made again when it changes), again on each new option; the chart is disposed of on unmount.
 */
export function useCanvasChart(id: string, option: ChartOption, height: number): void {
  const chart = useRef<EChartsType | undefined>(undefined)
  const drawn = useRef<ChartOption | undefined>(undefined)
  const latest = useRef(option)
  latest.current = option

  useEffect(() => {
    let gone = false
    const find = (attempt: number) => {
      Taro.createSelectorQuery()
        .select(`#${id}`)
        .fields({ node: true, size: true })
        .exec((res: (Found | null)[]) => {
          if (gone) return
          const found = res?.[0]
          const node = found?.node
          const ctx = node?.getContext('2d')
          if (!found || !node || !ctx || !found.width || !found.height) {
            if (attempt < TRIES) setTimeout(() => find(attempt + 1), RETRY_MS * (attempt + 1))
            return
          }
          const ratio = Taro.getWindowInfo().pixelRatio || 2
          node.width = Math.round(found.width * ratio)
          node.height = Math.round(found.height * ratio)
          const canvas = new EChartsCanvas(node, ctx)
          // ECharts' platform canvas is global: the newest chart's serves (a chart's own drawing is its own).
          echarts.setPlatformAPI({
            createCanvas: () => canvas as unknown as HTMLCanvasElement,
            measureText: (text, font) => canvas.measureText(text, font),
          })
          const instance = echarts.init(canvas as unknown as HTMLElement, undefined, {
            width: found.width,
            height: found.height,
            devicePixelRatio: ratio,
          })
          instance.setOption(latest.current, { notMerge: true })
          drawn.current = latest.current
          chart.current = instance
        })
    }
    Taro.nextTick(() => find(0))
    return () => {
      gone = true
      chart.current?.dispose()
      chart.current = undefined
      drawn.current = undefined
    }
  }, [id, height])

  useEffect(() => {
    if (!chart.current || drawn.current === option) return
    chart.current.setOption(option, { notMerge: true })
    drawn.current = option
  }, [option])
}
