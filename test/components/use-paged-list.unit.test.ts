/**
 * @jest-environment jsdom
 */
import { act, renderHook } from '@testing-library/react'
import { usePagedList } from '../../src/components/use-paged-list'
import type { Envelope } from '../../src/core/errors'

// The page's lifecycle, as Taro would call it: the test shows the page again and scrolls to its bottom.
const mockLifecycle: { show?: () => void; bottom?: () => void } = {}
jest.mock('@tarojs/taro', () => ({
  useDidShow: (fn: () => void) => {
    mockLifecycle.show = fn
  },
  useReachBottom: (fn: () => void) => {
    mockLifecycle.bottom = fn
  },
}))

interface Page {
  readonly rows: readonly string[]
  readonly next?: string
}

function deferred<T>() {
  let resolve!: (value: T) => void
  const promise = new Promise<T>((r) => (resolve = r))
  return { promise, resolve }
}

/** A server whose answers the test hands out one at a time, and the cursors it was asked for. */
function server() {
  const asked: (string | undefined)[] = []
  const answers: ReturnType<typeof deferred<Envelope<Page>>>[] = []
  const fetchPage = (cursor?: string) => {
    asked.push(cursor)
    const answer = deferred<Envelope<Page>>()
    answers.push(answer)
    return answer.promise
  }
  /** Answers the request number `i` (0 the first). */
  const answer = (i: number, envelope: Envelope<Page>) =>
    act(async () => {
      answers[i]?.resolve(envelope)
      await answers[i]?.promise
    })
  return { asked, fetchPage, answer }
}

const page = (rows: readonly string[], next?: string): Envelope<Page> => ({
  ok: true,
  data: { rows, ...(next ? { next } : {}) },
})

const rowsOf = (p: Page) => p.rows

describe('usePagedList', () => {
  it('reads the first page when it opens, and the next by its cursor on 加载更多 or at the bottom', async () => {
    const s = server()
    const { result } = renderHook(() => usePagedList(s.fetchPage, rowsOf))
    expect(s.asked).toEqual([undefined])
    expect(result.current).toMatchObject({ items: [], loading: true, empty: false })

    await s.answer(0, page(['a', 'b'], 'c1'))
    expect(result.current).toMatchObject({ items: ['a', 'b'], next: 'c1', loading: false, empty: false })

    act(() => result.current.more())
    expect(s.asked).toEqual([undefined, 'c1'])
    expect(result.current.loading).toBe(true)
    // A page on its way: neither a second tap nor the bottom asks again.
    act(() => result.current.more())
    act(() => mockLifecycle.bottom?.())
    expect(s.asked).toHaveLength(2)

    await s.answer(1, page(['c'], 'c2'))
    expect(result.current).toMatchObject({ items: ['a', 'b', 'c'], next: 'c2', loading: false })

    act(() => mockLifecycle.bottom?.())
    expect(s.asked).toEqual([undefined, 'c1', 'c2'])
    await s.answer(2, page(['d']))
    expect(result.current).toMatchObject({ items: ['a', 'b', 'c', 'd'], next: undefined })

    // The last page: nothing more to ask for.
    act(() => result.current.more())
    act(() => mockLifecycle.bottom?.())
    expect(s.asked).toHaveLength(3)
  })

  it('is empty only once read with nothing in it', async () => {
    const s = server()
    const { result } = renderHook(() => usePagedList(s.fetchPage, rowsOf))
    expect(result.current.empty).toBe(false)
    await s.answer(0, page([]))
    expect(result.current).toMatchObject({ items: [], empty: true, loading: false })
  })

  it('keeps the rows and shows the refusal when a page cannot be read; the next answer clears it', async () => {
    const s = server()
    const { result } = renderHook(() => usePagedList(s.fetchPage, rowsOf))
    await s.answer(0, page(['a'], 'c1'))
    act(() => result.current.more())
    await s.answer(1, { ok: false, error: { code: 'NETWORK.UNAVAILABLE', message: '网络不可用' } })
    expect(result.current).toMatchObject({ items: ['a'], next: 'c1', loading: false, error: '网络不可用' })
    expect(result.current.empty).toBe(false)

    act(() => result.current.more())
    expect(s.asked).toEqual([undefined, 'c1', 'c1'])
    await s.answer(2, page(['b']))
    expect(result.current).toMatchObject({ items: ['a', 'b'], error: undefined })
  })

  it('reads the first page again with new filters, and drops the answer of an earlier request', async () => {
    const s = server()
    const byFilter = new Map<string, (cursor?: string) => Promise<Envelope<Page>>>()
    const fetchFor = (filter: string) => {
      if (!byFilter.has(filter)) byFilter.set(filter, (cursor) => s.fetchPage(cursor))
      return byFilter.get(filter) as (cursor?: string) => Promise<Envelope<Page>>
    }
    const { result, rerender } = renderHook(({ filter }) => usePagedList(fetchFor(filter), rowsOf), {
      initialProps: { filter: 'all' },
    })
    await s.answer(0, page(['a', 'b'], 'c1'))
    act(() => result.current.more())

    // The filter changes while the second page is on its way.
    rerender({ filter: 'open' })
    expect(s.asked).toEqual([undefined, 'c1', undefined])
    await s.answer(2, page(['x']))
    expect(result.current).toMatchObject({ items: ['x'], next: undefined, loading: false })
    await s.answer(1, page(['c'], 'c2'))
    expect(result.current).toMatchObject({ items: ['x'], next: undefined, loading: false })

    // The same filter (the same fetchPage) and an inline itemsOf do not read it again.
    rerender({ filter: 'open' })
    expect(s.asked).toHaveLength(3)
  })

  it('reads the first page again each time the page shows after the first', async () => {
    const s = server()
    const { result } = renderHook(() => usePagedList(s.fetchPage, (p: Page) => p.rows))
    act(() => mockLifecycle.show?.())
    expect(s.asked).toEqual([undefined])
    await s.answer(0, page(['a'], 'c1'))
    act(() => result.current.more())
    await s.answer(1, page(['b']))

    // Back from a record that changed.
    act(() => mockLifecycle.show?.())
    expect(s.asked).toEqual([undefined, 'c1', undefined])
    await s.answer(2, page(['b2', 'a2'], 'c3'))
    expect(result.current).toMatchObject({ items: ['b2', 'a2'], next: 'c3' })
  })
})
