/**
 * The trend chart's drawing (ADR 0007): a small line chart of whole numbers, laid out here without
 * Taro (unit-tested) and painted by `drawLineChart` with the few calls that WeChat's canvas 2d and a
 * browser's canvas share. trend-chart.weapp.tsx and trend-chart.h5.tsx hand it each platform's context.
 */

export interface ChartPoint {
  readonly label: string
  readonly value: number
}

export interface PlacedPoint extends ChartPoint {
  readonly x: number
  readonly y: number
  /** Whether the point's label is written under the axis (every other one when they are crowded). */
  readonly showLabel: boolean
}

export interface LineLayout {
  readonly width: number
  readonly height: number
  readonly plot: {
    readonly left: number
    readonly top: number
    readonly right: number
    readonly bottom: number
  }
  /** The value axis: 0 up to a round maximum, with its y. */
  readonly ticks: readonly { readonly y: number; readonly value: number }[]
  readonly points: readonly PlacedPoint[]
}

const FONT_PX = 10
/** About the width of one digit at FONT_PX (a Chinese character takes FONT_PX). */
const DIGIT_PX = 5.6
/** Space kept between two axis labels. */
const LABEL_GAP_PX = 3

/** About how wide `text` is at FONT_PX: 12月 ≈ 21 px, 2024年12月 ≈ 54 px. */
export const textWidth = (text: string): number =>
  Array.from(text).reduce((w, c) => w + (c.charCodeAt(0) > 0xff ? FONT_PX : DIGIT_PX), 0)

/** A whole, round step that reaches `max` in about `count` steps: 1, 2, 5, 10, 20, 50 … */
export function niceStep(max: number, count = 4): number {
  if (!(max > 0)) return 1
  const raw = max / count
  const magnitude = 10 ** Math.floor(Math.log10(raw))
  const n = raw / magnitude
  const nice = n <= 1 ? 1 : n <= 2 ? 2 : n <= 5 ? 5 : 10
  return Math.max(1, nice * magnitude)
}

/** Where each point, tick and label goes in a `width` × `height` chart (CSS pixels). */
export function layoutLineChart(points: readonly ChartPoint[], width: number, height: number): LineLayout {
  const max = Math.max(0, ...points.map((p) => p.value))
  const step = niceStep(max)
  const top = Math.max(step, Math.ceil(max / step) * step)
  const plot = {
    left: 8 + Math.ceil(textWidth(String(top))),
    top: FONT_PX + 8,
    right: width - 8,
    bottom: height - FONT_PX - 10,
  }
  const yOf = (v: number) => plot.bottom - (v / top) * (plot.bottom - plot.top)
  const ticks: { y: number; value: number }[] = []
  for (let v = 0; v <= top; v += step) ticks.push({ y: yOf(v), value: v })
  const slot = points.length > 0 ? (plot.right - plot.left) / points.length : 0
  const room = Math.max(0, ...points.map((p) => textWidth(p.label))) + LABEL_GAP_PX
  const every = slot > 0 ? Math.max(1, Math.ceil(room / slot)) : 1
  return {
    width,
    height,
    plot,
    ticks,
    points: points.map((p, i) => ({
      ...p,
      x: plot.left + (i + 0.5) * slot,
      y: yOf(p.value),
      showLabel: i % every === 0,
    })),
  }
}

/** What drawLineChart uses of a canvas 2d context (WeChat's and the browser's alike). */
export type ChartContext = Pick<
  CanvasRenderingContext2D,
  | 'clearRect'
  | 'beginPath'
  | 'closePath'
  | 'moveTo'
  | 'lineTo'
  | 'stroke'
  | 'fill'
  | 'arc'
  | 'fillText'
  | 'fillStyle'
  | 'strokeStyle'
  | 'lineWidth'
  | 'font'
  | 'textAlign'
  | 'textBaseline'
>

export const CHART_COLORS = {
  line: '#c0392b',
  area: 'rgba(192, 57, 43, 0.08)',
  grid: '#eeeeee',
  text: '#888888',
  value: '#444444',
} as const

/** Paints the chart: grid lines with their values, the line over a light area, each point and its value. */
export function drawLineChart(ctx: ChartContext, layout: LineLayout): void {
  const { plot, points, ticks } = layout
  ctx.clearRect(0, 0, layout.width, layout.height)
  ctx.font = `${FONT_PX}px sans-serif`
  ctx.lineWidth = 1
  ctx.strokeStyle = CHART_COLORS.grid
  ctx.fillStyle = CHART_COLORS.text
  ctx.textAlign = 'right'
  ctx.textBaseline = 'middle'
  for (const t of ticks) {
    ctx.beginPath()
    ctx.moveTo(plot.left, t.y)
    ctx.lineTo(plot.right, t.y)
    ctx.stroke()
    ctx.fillText(String(t.value), plot.left - 4, t.y)
  }
  ctx.textAlign = 'center'
  ctx.textBaseline = 'top'
  for (const p of points) if (p.showLabel) ctx.fillText(p.label, p.x, plot.bottom + 6)
  if (points.length === 0) return

  const first = points[0]!
  const last = points[points.length - 1]!
  ctx.beginPath()
  ctx.moveTo(first.x, plot.bottom)
  for (const p of points) ctx.lineTo(p.x, p.y)
  ctx.lineTo(last.x, plot.bottom)
  ctx.closePath()
  ctx.fillStyle = CHART_COLORS.area
  ctx.fill()

  ctx.beginPath()
  points.forEach((p, i) => (i === 0 ? ctx.moveTo(p.x, p.y) : ctx.lineTo(p.x, p.y)))
  ctx.strokeStyle = CHART_COLORS.line
  ctx.lineWidth = 2
  ctx.stroke()

  ctx.textBaseline = 'bottom'
  for (const p of points) {
    ctx.beginPath()
    ctx.arc(p.x, p.y, 3, 0, Math.PI * 2)
    ctx.fillStyle = CHART_COLORS.line
    ctx.fill()
    if (p.value > 0) {
      ctx.fillStyle = CHART_COLORS.value
      ctx.fillText(String(p.value), p.x, p.y - 5)
    }
  }
}
