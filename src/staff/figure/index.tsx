/**
 * 指标明细 (staff/figure/index?figure=lecture.count&year=2025[&quarter|month][&node=…]): the events behind
 * one figure of 统计报表 or of the report, newest first, a page at a time (stats.events: "14场" opens to
 * the 14 lectures). A row opens the record. A ratio has no events of its own: its page shows how it is
 * made (numerator ÷ denominator), each part opening to its own events.
 */
import { Text, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { useCallback, useEffect, useState } from 'react'
import type { EventSummary, FigureView, ResponseOf, TotalsView } from '../../core/contract'
import { periodOf, type PeriodRequest, type SumFigure } from '../../core/figures'
import { PageError } from '../../components/field'
import { figuresQuery, paramOf, periodFromQuery, valueText } from '../../components/figures-view'
import { PagedListFoot } from '../../components/paged-list-foot'
import { usePagedList } from '../../components/use-paged-list'
import { callCloud } from '../../services/cloud'
import './index.css'

/** A whole year (not a quarter, a month or a range): what a close snapshots. */
const wholeYear = (p: PeriodRequest): p is { year: number } =>
  'year' in p && !('quarter' in p) && !('month' in p)

const openEvent = (id: string) => () => void Taro.navigateTo({ url: `/events/detail/index?id=${id}` })

function EventRow({ event, measure }: { event: EventSummary; measure?: { key: string; unit: string } }) {
  return (
    <View className={`card event-row event-${event.status}`} onClick={openEvent(event.id)}>
      <View className="row-head">
        <View className="row-type small">{event.typeLabel}</View>
        <View className={`status-pill status-pill-${event.status} row-status`}>{event.statusLabel}</View>
      </View>
      <View className="card-title row-title">{event.title}</View>
      <View className="card-line small muted">
        {event.happenedOn} · {event.nodeName}
        {measure ? (
          <Text className="row-measure">
            {' '}
            · {event.measures[measure.key] ?? 0}
            {measure.unit}
          </Text>
        ) : null}
      </View>
    </View>
  )
}

/**
 * For a closed year: what changed in this figure since the close (its events now against the snapshot's),
 * so a late correction is visible in the figure it touched.
 */
function CloseChanges({ figure, year, nodeId }: { figure: FigureView; year: number; nodeId?: string }) {
  const [changes, setChanges] = useState<ResponseOf<'stats', 'closeChanges'> | undefined>()
  useEffect(() => {
    void callCloud('stats', 'closeChanges', { figure: figure.key, year, ...(nodeId ? { nodeId } : {}) }).then(
      (result) => {
        if (result.ok) setChanges(result.data)
      },
    )
  }, [figure.key, year, nodeId])
  if (!changes?.closed) return null
  if (changes.addedCount === 0 && changes.removedCount === 0)
    return <View className="hint close-changes-none">{year}年已结账，结账后该指标的记录没有变化。</View>
  return (
    <View className="card close-changes">
      <View className="card-title">
        结账后变化：新增{changes.addedCount}条，移除{changes.removedCount}条
      </View>
      {changes.added.map((e) => (
        <View key={e.id} className="card-line small close-change-added" onClick={openEvent(e.id)}>
          + {e.happenedOn} {e.title}（{e.statusLabel}）
        </View>
      ))}
      {changes.removed.map((e) => (
        <View key={e.id} className="card-line small close-change-removed" onClick={openEvent(e.id)}>
          − {e.happenedOn} {e.title}（{e.statusLabel}）
        </View>
      ))}
    </View>
  )
}

function FigureEvents({
  figure,
  period,
  nodeId,
  onTotal,
}: {
  figure: FigureView
  period: PeriodRequest
  nodeId?: string
  onTotal: (total: number) => void
}) {
  const fetchPage = useCallback(
    async (cursor?: string) => {
      const result = await callCloud('stats', 'events', {
        figure: figure.key,
        period,
        ...(nodeId ? { nodeId } : {}),
        ...(cursor ? { cursor } : {}),
      })
      if (result.ok && !cursor) onTotal(result.data.total)
      return result
    },
    [figure.key, period, nodeId, onTotal],
  )
  const list = usePagedList(fetchPage, (page) => page.events)
  const measure =
    figure.kind === 'sum' ? { key: (figure as SumFigure).measure, unit: figure.unit } : undefined
  return (
    <>
      <PageError message={list.error} />
      {list.empty ? <View className="hint empty">这一期间没有计入该指标的记录</View> : null}
      {list.items.map((e) => (
        <EventRow key={e.id} event={e} measure={measure} />
      ))}
      <PagedListFoot list={list} />
    </>
  )
}

function RatioParts({
  figure,
  figures,
  period,
  nodeId,
  open,
}: {
  figure: Extract<FigureView, { kind: 'ratio' }>
  figures: readonly FigureView[]
  period: PeriodRequest
  nodeId?: string
  open: (key: string) => void
}) {
  const [totals, setTotals] = useState<TotalsView | undefined>()
  useEffect(() => {
    void callCloud('stats', 'totals', { period, ...(nodeId ? { nodeId } : {}) }).then((result) => {
      if (result.ok) setTotals(result.data)
    })
  }, [period, nodeId])
  const valueOf = (f: FigureView | undefined) => {
    const v = f && totals?.totals.find((t) => t.key === f.key)?.value
    return f && v ? valueText(f, v) : undefined
  }
  const part = (key: string, role: 'numerator' | 'denominator') => {
    const f = figures.find((x) => x.key === key)
    const value = valueOf(f)
    return (
      <View className={`card ratio-part ratio-${role}`} onClick={() => open(key)}>
        <View className="row-head">
          <View className="small muted">{role === 'numerator' ? '分子' : '分母'}</View>
          <Text className="ratio-chevron">›</Text>
        </View>
        <View className="ratio-part-line">
          <View className="card-title ratio-part-label">{f?.label ?? key}</View>
          {value ? <View className="ratio-part-value">{value}</View> : null}
        </View>
        {f ? <View className="card-line small muted">{f.description}</View> : null}
      </View>
    )
  }
  const ratio = valueOf(figure)
  return (
    <>
      {ratio ? <View className="card ratio-value">{ratio}</View> : null}
      <View className="hint">比率没有自己的记录：点分子或分母查看各自的记录。</View>
      {part(figure.numerator, 'numerator')}
      {part(figure.denominator, 'denominator')}
    </>
  )
}

export default function FigurePage() {
  const params = useRouter().params
  const key = paramOf(params, 'figure') ?? ''
  const nodeId = paramOf(params, 'node')
  const nodeName = paramOf(params, 'nodeName')
  // Read once: the query does not change while the page is open.
  const [period] = useState(() => periodFromQuery(params))
  const [figures, setFigures] = useState<readonly FigureView[] | undefined>()
  const [error, setError] = useState<string | undefined>()
  const [total, setTotal] = useState<number | undefined>()

  useEffect(() => {
    void callCloud('stats', 'figures', {}).then((result) => {
      if (result.ok) setFigures(result.data.figures)
      else setError(result.error.message)
    })
  }, [])

  const figure = figures?.find((f) => f.key === key)
  const missing = !period || !key || (figures !== undefined && !figure)
  const open = (k: string) =>
    void Taro.navigateTo({
      url: `/staff/figure/index?${figuresQuery(period!, nodeId, { figure: k, ...(nodeName ? { nodeName } : {}) })}`,
    })

  return (
    <View className="page figure-page">
      <PageError message={missing ? '找不到该指标' : error} />
      {figure && period ? (
        <>
          <View className="card figure-head">
            <View className="card-title figure-title">{figure.label}</View>
            <View className="card-line small muted">
              {nodeName ? `${nodeName} · ` : ''}
              {periodOf(period).label}
            </View>
            {total !== undefined && figure.kind !== 'ratio' ? (
              <View className="card-line figure-total">
                共{total}
                {figure.kind === 'count' ? figure.unit : '条记录'}
              </View>
            ) : null}
            <View className="card-line small figure-head-description">{figure.description}</View>
          </View>
          {figure.kind === 'ratio' ? (
            <RatioParts figure={figure} figures={figures ?? []} period={period} nodeId={nodeId} open={open} />
          ) : (
            <>
              {wholeYear(period) ? <CloseChanges figure={figure} year={period.year} nodeId={nodeId} /> : null}
              <FigureEvents figure={figure} period={period} nodeId={nodeId} onTotal={setTotal} />
            </>
          )}
        </>
      ) : !missing && !error ? (
        <View className="hint">加载中…</View>
      ) : null}
    </View>
  )
}
