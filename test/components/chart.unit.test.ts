import fc from 'fast-check'
import { drawLineChart, layoutLineChart, niceStep, type ChartContext } from '../../src/components/chart'

const months = (values: number[]) => values.map((value, i) => ({ label: `${i + 1}月`, value }))

/** A canvas context that records what is drawn (the calls drawLineChart makes, and the text it writes). */
function recordingContext() {
  const calls: string[] = []
  const texts: string[] = []
  const ctx = {
    fillStyle: '',
    strokeStyle: '',
    lineWidth: 1,
    font: '',
    textAlign: 'left',
    textBaseline: 'alphabetic',
    clearRect: () => calls.push('clearRect'),
    beginPath: () => calls.push('beginPath'),
    closePath: () => calls.push('closePath'),
    moveTo: () => calls.push('moveTo'),
    lineTo: () => calls.push('lineTo'),
    stroke: () => calls.push('stroke'),
    fill: () => calls.push('fill'),
    arc: () => calls.push('arc'),
    fillText: (text: string) => {
      calls.push('fillText')
      texts.push(text)
    },
  } as unknown as ChartContext
  return { ctx, calls, texts }
}

describe('the value axis', () => {
  it('steps by whole round numbers', () => {
    expect(niceStep(0)).toBe(1)
    expect(niceStep(1)).toBe(1)
    expect(niceStep(14)).toBe(5)
    expect(niceStep(40)).toBe(10)
    expect(niceStep(2150)).toBe(1000)
  })

  it('reaches the largest value with a few whole steps from 0', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 1_000_000 }), { minLength: 1, maxLength: 12 }),
        (values) => {
          const layout = layoutLineChart(months(values), 343, 180)
          const ticks = layout.ticks.map((t) => t.value)
          expect(ticks[0]).toBe(0)
          expect(ticks.at(-1)!).toBeGreaterThanOrEqual(Math.max(...values))
          expect(ticks.length).toBeGreaterThanOrEqual(2)
          expect(ticks.length).toBeLessThanOrEqual(11)
          expect(ticks.every((t) => Number.isInteger(t))).toBe(true)
        },
      ),
    )
  })
})

describe('the layout', () => {
  it('places every point inside the plot, left to right, higher for larger values', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 5000 }), { minLength: 1, maxLength: 24 }),
        fc.integer({ min: 200, max: 800 }),
        (values, width) => {
          const { plot, points } = layoutLineChart(months(values), width, 180)
          for (const p of points) {
            expect(p.x).toBeGreaterThan(plot.left)
            expect(p.x).toBeLessThan(plot.right)
            expect(p.y).toBeGreaterThanOrEqual(plot.top - 1e-9)
            expect(p.y).toBeLessThanOrEqual(plot.bottom + 1e-9)
          }
          for (let i = 1; i < points.length; i++) {
            expect(points[i]!.x).toBeGreaterThan(points[i - 1]!.x)
            if (values[i]! > values[i - 1]!) expect(points[i]!.y).toBeLessThan(points[i - 1]!.y)
          }
          expect(points[0]!.showLabel).toBe(true)
        },
      ),
    )
  })

  it('writes every month under a phone-wide chart, and every other one when they are crowded', () => {
    expect(layoutLineChart(months(Array(12).fill(1)), 343, 180).points.every((p) => p.showLabel)).toBe(true)
    const narrow = layoutLineChart(months(Array(12).fill(1)), 200, 180).points
    expect(narrow.filter((p) => p.showLabel).length).toBeLessThan(12)
    expect(narrow.filter((p) => p.showLabel).length).toBeGreaterThan(0)
  })
})

describe('drawing', () => {
  it('writes the axis values, the months and each value above 0', () => {
    const { ctx, texts, calls } = recordingContext()
    drawLineChart(ctx, layoutLineChart(months([0, 2, 14]), 343, 180))
    expect(calls[0]).toBe('clearRect')
    expect(texts).toEqual(expect.arrayContaining(['0', '5', '10', '15', '1月', '2月', '3月', '2', '14']))
    expect(calls.filter((c) => c === 'arc')).toHaveLength(3)
  })

  it('draws the axis alone when there is nothing to plot', () => {
    const { ctx, calls } = recordingContext()
    drawLineChart(ctx, layoutLineChart([], 343, 180))
    expect(calls).not.toContain('arc')
  })
})
