/**
 * A list read a page at a time by its keyset cursor (我的记录, 待办案件): the first page when the page
 * opens, again whenever `fetchPage` changes (new filters: wrap it in useCallback over them) and each
 * time the page shows again (back from a record that was edited, voided or had a step taken); the
 * page after, by the last answer's `next`, on 加载更多 or on scrolling to the bottom. Only the latest
 * request's answer is shown: the filters may change while a page is on its way.
 */
import { useDidShow, useReachBottom } from '@tarojs/taro'
import { useCallback, useEffect, useRef, useState } from 'react'
import type { Envelope } from '../core/errors'

export interface PagedList<T> {
  readonly items: readonly T[]
  /** The cursor of the page after the last one shown; none on the last page. */
  readonly next?: string
  readonly loading: boolean
  /** Why the last page could not be read, in the server's words. */
  readonly error?: string
  /** Read, and nothing in it: no page on its way and no error. */
  readonly empty: boolean
  /** Reads the page after the last one, unless it was the last or a page is on its way. */
  readonly more: () => void
}

export function usePagedList<D extends { readonly next?: string }, T>(
  /** One page: the first without a cursor. */
  fetchPage: (cursor?: string) => Promise<Envelope<D>>,
  /** A page's rows in its answer (may be written inline: it does not reload the list). */
  itemsOf: (data: D) => readonly T[],
): PagedList<T> {
  const [items, setItems] = useState<readonly T[]>([])
  const [next, setNext] = useState<string | undefined>()
  const [loading, setLoading] = useState(true)
  const [error, setError] = useState<string | undefined>()
  const latest = useRef(0)
  const shown = useRef(false)
  const rowsOf = useRef(itemsOf)
  rowsOf.current = itemsOf

  const load = useCallback(
    async (cursor?: string) => {
      const ticket = ++latest.current
      setLoading(true)
      const result = await fetchPage(cursor)
      if (ticket !== latest.current) return
      setLoading(false)
      if (!result.ok) {
        setError(result.error.message)
        return
      }
      setError(undefined)
      const rows = rowsOf.current(result.data)
      setItems((list) => (cursor ? [...list, ...rows] : rows))
      setNext(result.data.next)
    },
    [fetchPage],
  )

  useEffect(() => {
    void load()
  }, [load])

  // The first show is the load above.
  useDidShow(() => {
    if (shown.current) void load()
    shown.current = true
  })

  const more = () => {
    if (next && !loading) void load(next)
  }
  useReachBottom(more)

  return { items, next, loading, error, empty: !loading && !error && items.length === 0, more }
}
