/**
 * @jest-environment jsdom
 */
import { act, renderHook, waitFor } from '@testing-library/react'
import { useLoad } from '../../src/components/use-load'
import type { Envelope } from '../../src/core/errors'

describe('useLoad', () => {
  it('loads once on mount and hands the answer to the page, whatever callbacks it passes each render', async () => {
    const fetch = jest.fn(async (): Promise<Envelope<{ n: number }>> => ({ ok: true, data: { n: 7 } }))
    const seen: number[] = []
    const { result, rerender } = renderHook(() =>
      useLoad(fetch, (data) => {
        seen.push(data.n)
      }),
    )
    await waitFor(() => expect(seen).toEqual([7]))
    rerender()
    rerender()
    expect(fetch).toHaveBeenCalledTimes(1)
    expect(result.current.error).toBeUndefined()
  })

  it('keeps a refusal as the page’s error, and clears it when a reload succeeds', async () => {
    const answers: Envelope<{ n: number }>[] = [
      { ok: false, error: { code: 'AUTH.FORBIDDEN', message: '您没有权限进行此操作' } },
      { ok: true, data: { n: 1 } },
    ]
    const applied: number[] = []
    const { result } = renderHook(() =>
      useLoad(
        async () => answers.shift()!,
        (d) => applied.push(d.n),
      ),
    )
    await waitFor(() => expect(result.current.error).toBe('您没有权限进行此操作'))
    expect(applied).toEqual([])
    await act(() => result.current.reload())
    expect(result.current.error).toBeUndefined()
    expect(applied).toEqual([1])
  })
})
