/**
 * @jest-environment jsdom
 */
import { act, renderHook } from '@testing-library/react'
import { useMe } from '../../src/components/use-me'
import type { Envelope } from '../../src/core/errors'

// Taro's page lifecycle and the cloud call, as the hook sees them (jest.mock is hoisted above the imports).

const mockShow: { fn?: () => void } = {}
jest.mock('@tarojs/taro', () => ({
  useDidShow: (fn: () => void) => {
    mockShow.fn = fn
  },
}))
const mockAnswers: ((value: Envelope<unknown>) => void)[] = []
jest.mock('../../src/services/cloud', () => ({
  callCloud: () => new Promise((resolve) => mockAnswers.push(resolve)),
}))

const me = (name: string) => ({ ok: true as const, data: { name } })

describe('useMe', () => {
  it('keeps the newest answer when an older call answers last (a persona switched meanwhile)', async () => {
    const { result } = renderHook(() => useMe())
    act(() => mockShow.fn?.()) // the page shows: a call as the resident
    let second!: Promise<void>
    act(() => {
      second = result.current.reload() // switched to 李娜: a second call
    })
    await act(async () => {
      mockAnswers[1]!(me('李娜'))
      await second
    })
    await act(async () => {
      mockAnswers[0]!(me('居民')) // the first call's answer arrives late
      await Promise.resolve()
    })
    expect(result.current.me).toEqual({ name: '李娜' })
  })
})
