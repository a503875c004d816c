/**
 * 活动发布 (staff/publications/index): the publications of the caller's nodes (publications.manage),
 * soonest/newest first, a page at a time, filtered by status (全部 / 已发布 / 待审核 / 已撤下). Each row
 * says what needs attention: an edit held for review, images waiting for a check or a decision, and
 * whether the activity has been held (its event logged). 发布活动预告 announces one to come; a logged
 * event is published from its own page (向居民公开).
 */
import { View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useCallback, useState } from 'react'
import type { PublicationSummaryView } from '../../core/contract'
import type { PublicationStatus } from '../../core/publication'
import { PageError } from '../../components/field'
import { Button } from '../../components/nutui'
import { PagedListFoot } from '../../components/paged-list-foot'
import { PublicationBadges, PublicationStatusPill } from '../../components/publication-badges'
import { usePagedList } from '../../components/use-paged-list'
import { callCloud } from '../../services/cloud'
import './index.css'

type StatusFilter = '' | PublicationStatus

const STATUS_FILTERS: readonly { value: StatusFilter; label: string }[] = [
  { value: '', label: '全部' },
  { value: 'published', label: '已发布' },
  { value: 'review', label: '待审核' },
  { value: 'unpublished', label: '已撤下' },
]

const open = (url: string) => () => void Taro.navigateTo({ url })

function PublicationRow({ p }: { p: PublicationSummaryView }) {
  return (
    <View
      className={`card publication-row publication-${p.status}`}
      onClick={open(`/staff/publication/index?id=${p.id}`)}
    >
      <View className="row-head">
        <View className="row-type small">{p.typeLabel}</View>
        <PublicationStatusPill p={p} />
      </View>
      <View className="card-title row-title">{p.title}</View>
      <View className="card-line small muted">
        {p.date} {p.startTime} · {p.nodeName}
      </View>
      <PublicationBadges p={p} />
    </View>
  )
}

export default function PublicationsPage() {
  const [status, setStatus] = useState<StatusFilter>('')
  const fetchPage = useCallback(
    (cursor?: string) =>
      callCloud('publications', 'manage', { ...(status ? { status } : {}), ...(cursor ? { cursor } : {}) }),
    [status],
  )
  const list = usePagedList(fetchPage, (page) => page.publications)

  return (
    <View className="page publications-page">
      <View className="actions publications-actions">
        <Button
          type="primary"
          block
          onClick={open('/staff/publish/index?announce=1')}
          className="announce-button"
        >
          发布活动预告
        </Button>
      </View>
      <View className="hint small">已记录的讲座、咨询等活动，可在记录详情中点「向居民公开」。</View>

      <View className="publication-filters">
        {STATUS_FILTERS.map((s) => (
          <View
            key={s.value || 'all'}
            className={`publication-chip chip-${s.value || 'all'}${status === s.value ? ' publication-chip-on' : ''}`}
            onClick={() => setStatus(s.value)}
          >
            {s.label}
          </View>
        ))}
      </View>

      <PageError message={list.error} />
      {list.empty ? (
        <View className="hint empty">{status ? '当前筛选条件下没有活动' : '还没有向居民公开的活动'}</View>
      ) : null}
      {list.items.map((p) => (
        <PublicationRow key={p.id} p={p} />
      ))}
      <PagedListFoot list={list} />
    </View>
  )
}
