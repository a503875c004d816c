/** Who the person is (session.me), loaded each time the page shows: grants change while a page is open. */
import { useDidShow } from '@tarojs/taro'
import { useCallback, useRef, useState } from 'react'
import type { Me } from '../core/contract'
import { callCloud } from '../services/cloud'

export function useMe(): { me?: Me; error?: string; reload: () => Promise<void> } {
  const [me, setMe] = useState<Me | undefined>()
  const [error, setError] = useState<string | undefined>()
  // Only the latest call's answer counts: an earlier one arriving late (say, from before the person
  // switched or joined) must not replace a newer answer.
  const latest = useRef(0)

  const reload = useCallback(async () => {
    const call = ++latest.current
    const result = await callCloud('session', 'me', {})
    if (call !== latest.current) return
    if (result.ok) {
      setMe(result.data)
      setError(undefined)
    } else {
      setError(result.error.message)
    }
  }, [])

  useDidShow(() => {
    void reload()
  })

  return { me, error, reload }
}
