/**
 * One activity in the residents' list, and the grey cards shown in its place until the first page
 * arrives. Plain Taro components only: the `public` subpackage stays small.
 */
import { Image, Text, View } from '@tarojs/components'
import type { PublicItem } from '../../core/contract'
import { activityTimeText, coverWordOf, speakerLabel } from '../format'

export function ActivityCard({
  item,
  today,
  onOpen,
}: {
  item: PublicItem
  /** YYYY-MM-DD, China time: 今天 / 明天 in the time line. */
  today: string
  onOpen: (id: string) => void
}) {
  return (
    <View
      className={`pub-activity-card ${item.upcoming ? 'pub-activity-upcoming' : 'pub-activity-past'}`}
      onClick={() => onOpen(item.id)}
    >
      {item.thumb ? (
        <Image className="pub-activity-thumb" src={item.thumb} mode="aspectFill" lazyLoad />
      ) : (
        // No cover: a quiet block with the type's word, so rows keep one shape.
        <View className={`pub-activity-thumb pub-activity-thumb-none pub-type-${item.type}`}>
          <Text className="pub-activity-thumb-glyph">{coverWordOf(item.type, item.typeLabel)}</Text>
        </View>
      )}
      <View className="pub-activity-body">
        <View className="pub-activity-head">
          <Text className={`status-pill pub-activity-tag pub-type-${item.type}`}>{item.typeLabel}</Text>
          <Text className="pub-activity-where">{item.where}</Text>
        </View>
        <View className="pub-activity-title">{item.title}</View>
        <View className="pub-activity-line pub-activity-time">{activityTimeText(item, today)}</View>
        <View className="pub-activity-line pub-activity-place">{item.place}</View>
        {item.speaker ? (
          <View className="pub-activity-line pub-activity-speaker">
            {speakerLabel(item.type)}：{item.speaker}
          </View>
        ) : null}
      </View>
    </View>
  )
}

/** Grey cards of the card's shape, rendered at once so the first screen is never blank. */
export function ListSkeleton({ count = 4 }: { count?: number }) {
  return (
    <View className="pub-list-skeleton">
      {Array.from({ length: count }, (_x, i) => (
        <View key={i} className="pub-activity-card pub-skeleton-card">
          <View className="pub-activity-thumb pub-skeleton-block" />
          <View className="pub-activity-body">
            <View className="pub-skeleton-block pub-skeleton-tag" />
            <View className="pub-skeleton-block pub-skeleton-line pub-skeleton-title" />
            <View className="pub-skeleton-block pub-skeleton-line" />
            <View className="pub-skeleton-block pub-skeleton-line pub-skeleton-short" />
          </View>
        </View>
      ))}
    </View>
  )
}
