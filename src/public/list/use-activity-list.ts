/**
 * The residents' list of activities, a page (≤ 20) at a time by the `next` cursor: the first page at
 * once when the page opens, the next on reaching the bottom, the first again on pull-down refresh or a
 * change of filter (which starts over from an empty list, so the skeleton shows rather than activities
 * of the old filter). Only the latest request's answer counts.
 *
 * Unlike usePagedList (staff's records, which change while they look), it does not read again each
 * time the page shows: coming back from an activity keeps the resident's place in a long list.
 */
import Taro, { usePullDownRefresh, useReachBottom } from '@tarojs/taro'
import { useCallback, useEffect, useRef, useState } from 'react'
import type { PublicItem, RequestOf } from '../../core/contract'
import { callCloud } from '../../services/cloud'

/** The list's filters: '' for every type, every community. */
export interface ListFilter {
  readonly type: string
  readonly communityId: string
}

export interface ActivityList {
  readonly items: readonly PublicItem[]
  readonly next?: string
  /** A page is on its way. */
  readonly loading: boolean
  /** Why the last page could not be read, in the server's words. */
  readonly error?: string
  /** Nothing on the first screen yet: show the skeleton. */
  readonly skeleton: boolean
  /** Read, and nothing in it. */
  readonly empty: boolean
  /** The page after the last one shown (again, after it failed), unless a page is on its way. */
  readonly more: () => void
  /** The first page again (重试 after the first page failed). */
  readonly reload: () => Promise<void>
}

const requestOf = (f: ListFilter, cursor?: string): RequestOf<'publications', 'list'> => ({
  ...(f.type ? { type: f.type } : {}),
  ...(f.communityId ? { communityId: f.communityId } : {}),
  ...(cursor ? { cursor } : {}),
})

interface State {
  readonly items: readonly PublicItem[]
  readonly next?: string
  readonly loading: boolean
  readonly error?: string
}

export function useActivityList(
  filter: ListFilter,
  /** Also run on pull-down refresh (the filters, if they could not be read). */
  onRefresh?: () => void,
): ActivityList {
  const { type, communityId } = filter
  // Loading from the first render: the skeleton is on screen before any call is made.
  const [state, setState] = useState<State>({ items: [], loading: true })
  const latest = useRef(0)

  const load = useCallback(
    async (cursor?: string, clear = false) => {
      const ticket = ++latest.current
      setState((s) => ({ ...(clear ? { items: [] } : s), loading: true, error: undefined }))
      const result = await callCloud('publications', 'list', requestOf({ type, communityId }, cursor))
      if (ticket !== latest.current) return
      setState((s) =>
        result.ok
          ? {
              items: cursor ? [...s.items, ...result.data.items] : result.data.items,
              next: result.data.next,
              loading: false,
            }
          : { ...s, loading: false, error: result.error.message },
      )
    },
    [type, communityId],
  )

  // The first page when the page opens, and from scratch whenever a filter changes.
  useEffect(() => {
    void load(undefined, true)
  }, [load])

  const more = () => {
    if (!state.loading && state.next) void load(state.next)
  }
  useReachBottom(() => {
    if (!state.error) more() // after a failure, the resident taps 重试 rather than the page retrying
  })

  usePullDownRefresh(() => {
    onRefresh?.()
    void load().finally(() => void Taro.stopPullDownRefresh())
  })

  const { items, next, loading, error } = state
  return {
    items,
    next,
    loading,
    error,
    skeleton: loading && items.length === 0,
    empty: !loading && !error && items.length === 0,
    more,
    reload: () => load(),
  }
}
