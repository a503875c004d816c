/**
 * 法律服务活动: what residents see when they open the mini-program (no login, no role). Upcoming
 * activities first (soonest first) under 即将举行, then past ones (newest first) under 往期回顾; filters by
 * type and community; a page at a time as the resident scrolls; pull down to refresh. A card opens the
 * activity. Grey cards hold the first screen until the first page arrives; the filters, read in
 * parallel, appear when they do.
 */
import { Picker, Text, View } from '@tarojs/components'
import Taro, { useShareAppMessage } from '@tarojs/taro'
import { Fragment, useMemo, useState } from 'react'
import { chinaToday } from '../../core/china-time'
import type { PublicFilters } from '../../core/contract'
import { sectionBefore } from '../format'
import { ActivityCard, ListSkeleton } from './activity-card'
import { useActivityList, type ListFilter } from './use-activity-list'
import { usePublicFilters } from './use-public-filters'
import '../public.css'
import './index.css'

const LIST_PATH = '/public/list/index'

const openActivity = (id: string) => void Taro.navigateTo({ url: `/public/detail/index?id=${id}` })

/** 我的 is where staff accept an invitation and switch to their own pages. */
const openStaffEntry = () => void Taro.switchTab({ url: '/pages/me/index' })

function FilterBar({
  filters,
  value,
  onChange,
}: {
  filters: PublicFilters
  value: ListFilter
  onChange: (next: ListFilter) => void
}) {
  const streets = new Set(filters.communities.map((c) => c.streetName)).size
  // One range array while the communities stay the same: the H5 picker resets its column on a new one.
  const communities = useMemo(
    () => [
      { id: '', label: '全部社区' },
      ...filters.communities.map((c) => ({
        id: c.id,
        label: streets > 1 ? `${c.streetName} ${c.name}` : c.name,
      })),
    ],
    [filters.communities, streets],
  )
  const labels = useMemo(() => communities.map((c) => c.label), [communities])
  const communityIndex = Math.max(
    0,
    communities.findIndex((c) => c.id === value.communityId),
  )
  const types = [{ type: '', label: '全部' }, ...filters.types]
  return (
    <View className="pub-filters">
      <View className="pub-type-chips">
        {types.map((t) => (
          <View
            key={t.type || 'all'}
            className={`pub-type-chip${t.type === value.type ? ' pub-type-chip-on' : ''}`}
            onClick={() => onChange({ ...value, type: t.type })}
          >
            {t.label}
          </View>
        ))}
      </View>
      {filters.communities.length > 1 ? (
        <Picker
          mode="selector"
          range={labels}
          value={communityIndex}
          onChange={(e) => onChange({ ...value, communityId: communities[Number(e.detail.value)]?.id ?? '' })}
        >
          <View className={`pub-community-chip${value.communityId ? ' pub-community-chip-on' : ''}`}>
            {communities[communityIndex]?.label ?? '全部社区'} ▾
          </View>
        </Picker>
      ) : null}
    </View>
  )
}

function Retry({ message, onRetry }: { message: string; onRetry: () => void }) {
  return (
    <View className="pub-error">
      <View className="pub-error-text">{message}</View>
      <View className="pub-retry-button" onClick={onRetry}>
        重试
      </View>
    </View>
  )
}

export default function ActivitiesPage() {
  const [filter, setFilter] = useState<ListFilter>({ type: '', communityId: '' })
  const { filters, retry: retryFilters } = usePublicFilters()
  const list = useActivityList(filter, retryFilters)
  const today = chinaToday()
  const filtered = filter.type !== '' || filter.communityId !== ''

  useShareAppMessage(() => ({ title: '法律服务活动：讲座、咨询、普法活动', path: LIST_PATH }))

  return (
    <View className="page pub-page pub-list">
      <View className="pub-intro">
        <Text className="pub-intro-text">法律讲座、法律咨询和普法活动，欢迎参加</Text>
        <Text className="pub-staff-entry" onClick={openStaffEntry}>
          工作人员入口 ›
        </Text>
      </View>

      {filters ? <FilterBar filters={filters} value={filter} onChange={setFilter} /> : null}

      {list.skeleton ? <ListSkeleton /> : null}
      {list.error && list.items.length === 0 ? (
        <Retry message={list.error} onRetry={() => void list.reload()} />
      ) : null}
      {list.empty ? <View className="pub-empty">{filtered ? '该条件下暂无活动' : '暂无活动'}</View> : null}

      {list.items.map((item, i) => {
        const heading = sectionBefore(list.items, i)
        return (
          <Fragment key={item.id}>
            {heading ? (
              <View className={`pub-section ${item.upcoming ? 'pub-section-upcoming' : 'pub-section-past'}`}>
                {heading}
              </View>
            ) : null}
            <ActivityCard item={item} today={today} onOpen={openActivity} />
          </Fragment>
        )
      })}

      {list.items.length > 0 ? (
        list.error ? (
          <Retry message={list.error} onRetry={list.more} />
        ) : (
          <View className="pub-foot" onClick={list.more}>
            {list.loading ? '加载中…' : list.next ? '加载更多' : '没有更多了'}
          </View>
        )
      ) : null}
    </View>
  )
}
