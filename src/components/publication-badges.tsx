/**
 * A publication's status (已发布, 待审核, 未通过审核, 已撤下) and what needs attention (an edit held for
 * review, images waiting, 已举办), the same in the staff list and on the publication's page.
 */
import { View } from '@tarojs/components'
import type { PublicationSummaryView } from '../core/contract'
import './publication-badges.css'

export function PublicationStatusPill({ p }: { p: Pick<PublicationSummaryView, 'status' | 'statusLabel'> }) {
  return <View className={`status-pill publication-pill-${p.status}`}>{p.statusLabel}</View>
}

export function PublicationBadges({
  p,
}: {
  p: Pick<PublicationSummaryView, 'pendingReview' | 'mediaAttention' | 'held'>
}) {
  if (!p.pendingReview && p.mediaAttention === 0 && !p.held) return null
  return (
    <View className="publication-badges">
      {p.pendingReview ? <View className="status-pill badge-review">修改待审核</View> : null}
      {p.mediaAttention > 0 ? (
        <View className="status-pill badge-media">{p.mediaAttention}张图片待处理</View>
      ) : null}
      {p.held ? <View className="status-pill badge-held">已举办</View> : null}
    </View>
  )
}
