/**
 * @jest-environment jsdom
 */
import { act, renderHook } from '@testing-library/react'
import { useCatalogue } from '../../src/components/use-catalogue'
import { BUILT_IN_TYPES } from '../../src/core/event-types'

// Taro's page lifecycle, storage and the cloud call, as the hook sees them (jest.mock is hoisted).
const mockShow: { fn?: () => void } = {}
jest.mock('@tarojs/taro', () => ({
  __esModule: true,
  default: { getStorageSync: () => undefined, setStorageSync: () => undefined },
  useDidShow: (fn: () => void) => {
    mockShow.fn = fn
  },
}))
const mockCalls: string[] = []
jest.mock('../../src/services/cloud', () => ({
  callCloud: (fn: string, action: string) => {
    mockCalls.push(`${fn}.${action}`)
    return Promise.resolve({ ok: true, data: { types: [BUILT_IN_TYPES[0]] } })
  },
}))

beforeEach(() => {
  mockCalls.length = 0
})

describe('useCatalogue', () => {
  it('reads the street’s catalogue each time the page shows', async () => {
    const { result } = renderHook(() => useCatalogue())
    expect(result.current.types.length).toBe(BUILT_IN_TYPES.length) // the built-in one at once
    await act(async () => mockShow.fn?.())
    expect(mockCalls).toEqual(['events.catalogue'])
    expect(result.current.types).toEqual([BUILT_IN_TYPES[0]])
    expect(result.current.loaded).toBe(true)
  })

  it('held back, makes no call until enabled (a resident passing through 记录 is never refused)', async () => {
    const { rerender, result } = renderHook(({ enabled }) => useCatalogue({ enabled }), {
      initialProps: { enabled: false },
    })
    await act(async () => mockShow.fn?.())
    expect(mockCalls).toEqual([])
    expect(result.current.loaded).toBe(false)
    await act(async () => rerender({ enabled: true }))
    expect(mockCalls).toEqual(['events.catalogue'])
    // Enabled once is enough: no second read until the page shows again.
    await act(async () => rerender({ enabled: true }))
    expect(mockCalls).toEqual(['events.catalogue'])
  })
})
