/**
 * 统计报表: the figures of a node (the caller's street by default; a community or grid below it from
 * the org tree) for a period (a year, one quarter or one month), section by section. Each figure shows
 * its value as the report writes it (14场, 100余人次, 100%), the exact value behind a 余, the same period
 * a year earlier, its definition (说明) and, in a closed year, what changed since the close. A figure
 * opens to the events behind it (staff/figure) when the caller may open them; a chosen figure's trend
 * month by month and its breakdown by community and grid follow (ECharts charts, ADR 0007; the breakdown's
 * table under its bars gives every node's exact value and opens its events), and 报告 opens the report's
 * paragraph with its exports.
 */
import { Picker, Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useEffect, useMemo, useState } from 'react'
import { chinaDate, chinaToday } from '../../core/china-time'
import type { FigureTotal, FigureView, TotalsView } from '../../core/contract'
import { PickerRow } from '../../components/event-form'
import { PageError } from '../../components/field'
import {
  bySection,
  chartable,
  defaultChoice,
  exactText,
  figureClass,
  figuresQuery,
  MONTH_LABELS,
  monthSeries,
  nodeOptions,
  nodeRows,
  PERIOD_PARTS,
  QUARTER_LABELS,
  requestOf,
  valueText,
  yearsUpTo,
  type PeriodChoice,
} from '../../components/figures-view'
import { BreakdownChart } from '../../components/breakdown-chart'
import { Button, Cell, CellGroup } from '../../components/nutui'
import { TrendChart } from '../../components/trend-chart'
import { useOrgTree } from '../../components/use-org-tree'
import { callCloud } from '../../services/cloud'
import './index.css'

const TODAY = chinaToday()
// Ranges made once: Taro's H5 picker resets its column when it receives a new range array.
const YEARS = yearsUpTo(Number(TODAY.slice(0, 4)))
const YEAR_RANGE = YEARS.map((y) => `${y}年`)
const QUARTER_RANGE = [...QUARTER_LABELS]
const MONTH_RANGE = [...MONTH_LABELS]

function FigureRow({
  figure,
  total,
  mayOpen,
  described,
  onOpen,
  onDescribe,
}: {
  figure: FigureView
  total: FigureTotal
  mayOpen: boolean
  described: boolean
  onOpen: () => void
  onDescribe: () => void
}) {
  const exact = exactText(figure, total.value)
  return (
    <View
      className={`figure-row ${figureClass(figure.key)}${mayOpen ? ' figure-opens' : ''}`}
      onClick={mayOpen ? onOpen : undefined}
    >
      <View className="figure-line">
        <View className="figure-label">{figure.label}</View>
        <View className={total.value.value === 0 ? 'figure-value figure-value-zero' : 'figure-value'}>
          {valueText(figure, total.value)}
        </View>
        {mayOpen ? <Text className="figure-chevron">›</Text> : null}
      </View>
      <View className="figure-meta small">
        {exact ? <Text className="figure-exact">{exact}</Text> : null}
        <Text className="figure-previous muted">上年同期 {valueText(figure, total.previous)}</Text>
        <Text
          className="figure-info"
          onClick={(e) => {
            e.stopPropagation()
            onDescribe()
          }}
        >
          {described ? '收起' : '说明'}
        </Text>
      </View>
      {total.closedValue ? (
        <View className="figure-changed small">
          结账后变化：结账时{valueText(figure, total.closedValue)}，现为{valueText(figure, total.value)}
        </View>
      ) : null}
      {described ? <View className="figure-description small">{figure.description}</View> : null}
    </View>
  )
}

function CloseNotice({ totals }: { totals: TotalsView }) {
  const close = totals.close
  if (!close) return null
  return close.status === 'closed' ? (
    <View className="notice notice-ok close-notice">
      {close.year}年已于{chinaDate(close.closedAt)}结账（{close.closedByName}）
    </View>
  ) : (
    <View className="notice close-notice close-reopened">{close.year}年结账后已重新开启</View>
  )
}

export default function StatsPage() {
  const [choice, setChoice] = useState<PeriodChoice>(() => defaultChoice(TODAY))
  const [nodeId, setNodeId] = useState<string | undefined>()
  const [totals, setTotals] = useState<TotalsView | undefined>()
  const [error, setError] = useState<string | undefined>()
  const [described, setDescribed] = useState<string | undefined>()
  const [chartKey, setChartKey] = useState('lecture.count')
  const { nodes } = useOrgTree()

  const period = useMemo(() => requestOf(choice), [choice])
  const options = useMemo(() => nodeOptions(nodes), [nodes])
  const nodeRange = useMemo(() => options.map((o) => o.label), [options])

  useEffect(() => {
    let current = true
    setTotals(undefined)
    setError(undefined)
    void callCloud('stats', 'totals', { period, ...(nodeId ? { nodeId } : {}) }).then((result) => {
      if (!current) return
      if (result.ok) setTotals(result.data)
      else setError(result.error.message)
    })
    return () => {
      current = false
    }
  }, [period, nodeId])

  const values = useMemo(() => new Map(totals?.totals.map((t) => [t.key, t]) ?? []), [totals])
  const sections = useMemo(() => bySection(totals?.figures ?? []), [totals])
  const charted = useMemo(() => chartable(totals?.figures ?? []), [totals])
  const chartRange = useMemo(() => charted.map((f) => f.label), [charted])
  const chartFigure = charted.find((f) => f.key === chartKey) ?? charted[0]
  const points = useMemo(
    () => (totals && chartFigure ? monthSeries(totals, totals.period, chartFigure.key) : []),
    [totals, chartFigure],
  )
  const rows = useMemo(
    () => (totals && chartFigure ? nodeRows(totals.byNode, chartFigure.key) : []),
    [totals, chartFigure],
  )

  const set = (patch: Partial<PeriodChoice>) => setChoice((c) => ({ ...c, ...patch }))
  const nodeIndex = options.findIndex((o) => o.id === (nodeId ?? totals?.node.id))
  const mayOpen = totals?.mayOpenEvents === true

  const openFigure = (key: string, node?: { id: string; name: string }) => {
    const at = node ?? (totals ? { id: totals.node.id, name: totals.node.name } : undefined)
    void Taro.navigateTo({
      url: `/staff/figure/index?${figuresQuery(period, at?.id ?? nodeId, {
        figure: key,
        ...(at ? { nodeName: at.name } : {}),
      })}`,
    })
  }
  const openReport = () =>
    void Taro.navigateTo({ url: `/staff/report/index?${figuresQuery(period, nodeId ?? totals?.node.id)}` })

  return (
    <View className="page stats-page">
      <CellGroup>
        <Picker
          mode="selector"
          range={YEAR_RANGE}
          value={Math.max(0, YEARS.indexOf(choice.year))}
          onChange={(e) => set({ year: YEARS[Number(e.detail.value)] ?? choice.year })}
        >
          <PickerRow className="year-picker" label="统计年度" value={`${choice.year}年`} />
        </Picker>
        <Cell className="form-field" align="center">
          <View className="form-field-label">统计期间</View>
          <View className="form-field-input part-chips">
            {PERIOD_PARTS.map((p) => (
              <View
                key={p.part}
                className={`part-chip part-${p.part}${choice.part === p.part ? ' part-chip-on' : ''}`}
                onClick={() => set({ part: p.part })}
              >
                {p.label}
              </View>
            ))}
          </View>
        </Cell>
        {choice.part === 'quarter' ? (
          <Picker
            mode="selector"
            range={QUARTER_RANGE}
            value={choice.quarter - 1}
            onChange={(e) => set({ quarter: (Number(e.detail.value) + 1) as PeriodChoice['quarter'] })}
          >
            <PickerRow className="quarter-picker" label="季度" value={QUARTER_LABELS[choice.quarter - 1]!} />
          </Picker>
        ) : null}
        {choice.part === 'month' ? (
          <Picker
            mode="selector"
            range={MONTH_RANGE}
            value={choice.month - 1}
            onChange={(e) => set({ month: Number(e.detail.value) + 1 })}
          >
            <PickerRow className="month-picker" label="月份" value={MONTH_LABELS[choice.month - 1]!} />
          </Picker>
        ) : null}
        {options.length > 1 ? (
          <Picker
            mode="selector"
            range={nodeRange}
            value={Math.max(0, nodeIndex)}
            onChange={(e) => setNodeId(options[Number(e.detail.value)]?.id)}
          >
            <PickerRow
              className="node-picker"
              label="统计范围"
              value={options[nodeIndex]?.label ?? totals?.node.name ?? ''}
            />
          </Picker>
        ) : null}
      </CellGroup>

      <PageError message={error} />
      {!totals && !error ? <View className="hint">统计中…</View> : null}

      {totals ? (
        <>
          <View className="card stats-head">
            <View className="card-title stats-title">
              {totals.node.name} · {totals.period.label}
            </View>
            <View className="card-line small muted">
              上年同期：{totals.previousPeriod.label}
              {mayOpen ? '；点数字查看对应的记录' : ''}
            </View>
          </View>
          <CloseNotice totals={totals} />

          {sections.map((s) => (
            <View key={s.section} className="figure-section">
              <View className="section-title">{s.section}</View>
              <View className="card figure-card">
                {s.figures.map((f) => {
                  const total = values.get(f.key)
                  return total ? (
                    <FigureRow
                      key={f.key}
                      figure={f}
                      total={total}
                      mayOpen={mayOpen}
                      described={described === f.key}
                      onOpen={() => openFigure(f.key)}
                      onDescribe={() => setDescribed((d) => (d === f.key ? undefined : f.key))}
                    />
                  ) : null
                })}
              </View>
            </View>
          ))}

          {chartFigure ? (
            <>
              <View className="section-title">按月趋势</View>
              <View className="card chart-card">
                <Picker
                  mode="selector"
                  range={chartRange}
                  value={Math.max(0, charted.indexOf(chartFigure))}
                  onChange={(e) => setChartKey(charted[Number(e.detail.value)]?.key ?? chartFigure.key)}
                >
                  <View className="chart-figure">
                    {chartFigure.label}（{chartFigure.unit}） ▾
                  </View>
                </Picker>
                <TrendChart id="trend-chart" figure={chartFigure} points={points} />
              </View>

              {rows.length > 0 ? (
                <>
                  <View className="section-title">按社区、网格</View>
                  <View className="card breakdown">
                    <View className="breakdown-head small muted">
                      {chartFigure.label}（{chartFigure.unit}）
                    </View>
                    <BreakdownChart id="breakdown-chart" figure={chartFigure} rows={rows} />
                    {rows.map((r) => (
                      <View
                        key={r.nodeId}
                        className={`breakdown-row breakdown-depth-${r.depth}`}
                        onClick={
                          mayOpen
                            ? () => openFigure(chartFigure.key, { id: r.nodeId, name: r.name })
                            : undefined
                        }
                      >
                        <View className="breakdown-name">{r.name}</View>
                        <View className="breakdown-value">{r.value}</View>
                        {mayOpen ? <Text className="figure-chevron">›</Text> : null}
                      </View>
                    ))}
                  </View>
                </>
              ) : null}
            </>
          ) : null}

          <View className="actions">
            <Button type="primary" block onClick={openReport} className="report-button">
              报告
            </Button>
          </View>
        </>
      ) : null}
      <View className="hint">按发生日期（北京时间）计入期间；作废的记录不计入。</View>
    </View>
  )
}
