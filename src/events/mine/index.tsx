/**
 * 我的记录: what I logged, newest first, filtered by type, month (of the 发生日期), status and words of
 * the title; a page at a time (加载更多, or scrolling to the bottom). A row opens the record.
 */
import { Picker, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useCallback, useMemo, useState } from 'react'
import { chinaToday } from '../../core/china-time'
import type { EventListStatus, EventSummary, MyEventsQuery } from '../../core/contract'
import { PageError } from '../../components/field'
import { Button, Input } from '../../components/nutui'
import { PagedListFoot } from '../../components/paged-list-foot'
import { usePagedList } from '../../components/use-paged-list'
import { callCloud } from '../../services/cloud'
import { useCatalogue } from '../../components/use-catalogue'
import './index.css'

type StatusFilter = '' | EventListStatus

const STATUS_FILTERS: readonly { value: StatusFilter; label: string }[] = [
  { value: '', label: '全部' },
  { value: 'recorded', label: '已记录' },
  { value: 'open', label: '办理中' },
  { value: 'closed', label: '已办结' },
  { value: 'voided', label: '已作废' },
]

interface Filters {
  readonly type: string
  /** YYYY-MM, or '' for every month. */
  readonly month: string
  readonly status: StatusFilter
  readonly q: string
}

const NO_FILTERS: Filters = { type: '', month: '', status: '', q: '' }

const queryOf = (f: Filters, cursor?: string): MyEventsQuery => ({
  ...(f.type ? { type: f.type } : {}),
  ...(f.month ? { month: f.month } : {}),
  ...(f.status ? { status: f.status } : {}),
  ...(f.q.trim() ? { q: f.q.trim() } : {}),
  ...(cursor ? { cursor } : {}),
})

/** 2025-03 → 2025年3月 */
const monthLabel = (month: string): string => `${month.slice(0, 4)}年${Number(month.slice(5, 7))}月`

const open = (id: string) => () => void Taro.navigateTo({ url: `/events/detail/index?id=${id}` })

function EventRow({ event }: { event: EventSummary }) {
  const voided = event.status === 'voided'
  return (
    <View className={`card event-row event-${event.status}`} onClick={open(event.id)}>
      <View className="row-head">
        <View className="row-type small">{event.typeLabel}</View>
        {voided ? (
          <View className="status-pill status-pill-voided void-badge">已作废</View>
        ) : (
          <View className={`status-pill status-pill-${event.status} row-status`}>{event.statusLabel}</View>
        )}
      </View>
      <View className="card-title row-title">{event.title}</View>
      <View className="card-line small muted">
        {event.happenedOn} · {event.nodeName}
        {event.photoCount > 0 ? ` · ${event.photoCount}张照片` : ''}
      </View>
      {event.status === 'open' && event.waitingFor ? (
        <View className="card-line waiting-for">{event.waitingFor}</View>
      ) : null}
    </View>
  )
}

export default function MyEventsPage() {
  const { types } = useCatalogue()
  const [filters, setFilters] = useState<Filters>(NO_FILTERS)
  const [q, setQ] = useState('')
  const fetchPage = useCallback(
    (cursor?: string) => callCloud('events', 'mine', queryOf(filters, cursor)),
    [filters],
  )
  const list = usePagedList(fetchPage, (page) => page.events)

  const set = (patch: Partial<Filters>) => setFilters((f) => ({ ...f, ...patch }))
  const search = () => set({ q })

  const typeOptions = useMemo(
    () => [{ type: '', label: '全部类型' }, ...types.map((t) => ({ type: t.type, label: t.label }))],
    [types],
  )
  // One range array while the types stay the same: the H5 picker resets its column on a new one.
  const typeLabels = useMemo(() => typeOptions.map((t) => t.label), [typeOptions])
  const typeIndex = Math.max(
    0,
    typeOptions.findIndex((t) => t.type === filters.type),
  )
  const filtered = filters.type !== '' || filters.month !== '' || filters.status !== '' || filters.q !== ''

  return (
    <View className="page mine-page">
      <View className="search-row">
        <View className="search-input">
          <Input
            name="q"
            placeholder="搜索标题"
            value={q}
            onChange={setQ}
            onConfirm={search}
            confirmType="search"
            maxLength={30}
            clearable
            onClear={() => {
              setQ('')
              set({ q: '' })
            }}
          />
        </View>
        <Button size="small" type="primary" onClick={search} className="search-button">
          搜索
        </Button>
      </View>

      <View className="filter-row">
        <Picker
          mode="selector"
          range={typeLabels}
          value={typeIndex}
          onChange={(e) => set({ type: typeOptions[Number(e.detail.value)]?.type ?? '' })}
        >
          <View className={filters.type ? 'filter-chip filter-on type-filter' : 'filter-chip type-filter'}>
            {typeOptions[typeIndex]?.label ?? '全部类型'} ▾
          </View>
        </Picker>
        <Picker
          mode="date"
          fields="month"
          value={filters.month || chinaToday().slice(0, 7)}
          end={chinaToday().slice(0, 7)}
          onChange={(e) => set({ month: String(e.detail.value).slice(0, 7) })}
        >
          <View className={filters.month ? 'filter-chip filter-on month-filter' : 'filter-chip month-filter'}>
            {filters.month ? monthLabel(filters.month) : '全部月份'} ▾
          </View>
        </Picker>
        {filters.month ? (
          <View className="filter-chip month-clear" onClick={() => set({ month: '' })}>
            全部月份
          </View>
        ) : null}
      </View>

      <View className="filter-row status-row">
        {STATUS_FILTERS.map((s) => (
          <View
            key={s.value || 'all'}
            className={`status-chip status-${s.value || 'all'}${filters.status === s.value ? ' status-chip-on' : ''}`}
            onClick={() => set({ status: s.value })}
          >
            {s.label}
          </View>
        ))}
      </View>

      <PageError message={list.error} />
      {list.empty ? (
        <View className="hint empty">
          还没有记录
          {filtered ? <View className="small">（当前筛选条件下）</View> : null}
        </View>
      ) : null}
      {list.items.map((e) => (
        <EventRow key={e.id} event={e} />
      ))}
      <PagedListFoot list={list} />
    </View>
  )
}
