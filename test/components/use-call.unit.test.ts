/**
 * @jest-environment jsdom
 */
import { act, renderHook } from '@testing-library/react'
import { useCall } from '../../src/components/use-call'
import type { Envelope } from '../../src/core/errors'

function deferred<T>() {
  let resolve!: (value: T) => void
  const promise = new Promise<T>((r) => (resolve = r))
  return { promise, resolve }
}

describe('useCall', () => {
  it('is busy while the call is under way, and keeps a refusal and its fields', async () => {
    const { result } = renderHook(() => useCall())
    const pending = deferred<Envelope<{ n: number }>>()
    let done!: Promise<Envelope<{ n: number }>>
    act(() => {
      done = result.current.run(() => pending.promise)
    })
    expect(result.current.busy).toBe(true)
    await act(async () => {
      pending.resolve({
        ok: false,
        error: {
          code: 'INVITE.USED',
          message: '该邀请码已被使用',
          details: { fields: { code: '已被使用' } },
        },
      })
      await done
    })
    expect(result.current.busy).toBe(false)
    expect(result.current.error).toBe('该邀请码已被使用')
    expect(result.current.fields).toEqual({ code: '已被使用' })
  })

  it('clears the last refusal when a call succeeds, and hands back its data', async () => {
    const { result } = renderHook(() => useCall())
    await act(async () => {
      await result.current.run(async () => ({ ok: false, error: { code: 'INTERNAL', message: '出错了' } }))
    })
    expect(result.current.error).toBe('出错了')
    let outcome: Envelope<{ n: number }> | undefined
    await act(async () => {
      outcome = await result.current.run(async () => ({ ok: true, data: { n: 3 } }))
    })
    expect(outcome).toEqual({ ok: true, data: { n: 3 } })
    expect(result.current).toMatchObject({ busy: false, error: undefined, fields: {} })
  })

  it('is no longer busy when the call itself throws', async () => {
    const { result } = renderHook(() => useCall())
    await act(async () => {
      await expect(result.current.run(() => Promise.reject(new Error('lost')))).rejects.toThrow('lost')
    })
    expect(result.current.busy).toBe(false)
  })
})
