/** Under a list read a page at a time (use-paged-list.ts): 加载中… while a page is on its way, else 加载更多. */
import { View } from '@tarojs/components'
import { Button } from './nutui'
import type { PagedList } from './use-paged-list'

export function PagedListFoot({ list }: { list: PagedList<unknown> }) {
  if (list.loading) return <View className="hint">加载中…</View>
  return list.next ? (
    <View className="actions">
      <Button block onClick={list.more} className="more-button">
        加载更多
      </Button>
    </View>
  ) : null
}
