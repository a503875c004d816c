/**
 * The street's catalogue of event types (events.catalogue), as every page that shows or logs events
 * needs it: at once from the copy kept on the phone (else the built-in one), so 记录 works offline and
 * labels never wait; then fresh from the server each time the page shows, and kept for next time.
 * `loaded` turns true once the server has answered (or `error` says why it did not).
 */
import Taro, { useDidShow } from '@tarojs/taro'
import { useEffect, useRef, useState } from 'react'
import { mergeCatalogue, type EventTypeDefinition } from '../core/event-types'
import { callCloud } from '../services/cloud'

const CACHE_KEY = 'catalogue'

const isTypeDefinition = (t: unknown): t is EventTypeDefinition =>
  typeof t === 'object' &&
  t !== null &&
  typeof (t as EventTypeDefinition).type === 'string' &&
  typeof (t as EventTypeDefinition).label === 'string' &&
  Array.isArray((t as EventTypeDefinition).measures) &&
  Array.isArray((t as EventTypeDefinition).attributes)

/** The catalogue last received from the server, else the built-in one. */
function cachedCatalogue(): readonly EventTypeDefinition[] {
  try {
    const stored: unknown = Taro.getStorageSync(CACHE_KEY)
    if (Array.isArray(stored) && stored.length > 0 && stored.every(isTypeDefinition)) return stored
  } catch {
    // Unreadable storage: the built-in catalogue serves.
  }
  return mergeCatalogue(undefined)
}

/**
 * `enabled: false` holds the fresh read back (the kept copy still serves) until it turns true: 记录 asks
 * only once it knows the person is staff, so a resident passing through never makes a refused call (each
 * refusal is written to the street's audit log).
 */
export function useCatalogue(options: { enabled?: boolean } = {}): {
  types: readonly EventTypeDefinition[]
  loaded: boolean
  error?: string
} {
  const enabled = options.enabled ?? true
  const [types, setTypes] = useState(cachedCatalogue)
  const [loaded, setLoaded] = useState(false)
  const [error, setError] = useState<string | undefined>()
  const live = useRef(true)
  useEffect(
    () => () => {
      live.current = false
    },
    [],
  )

  const refresh = (): void => {
    void callCloud('events', 'catalogue', {}).then((result) => {
      if (!live.current) return
      if (result.ok) {
        setTypes(result.data.types)
        setError(undefined)
        try {
          Taro.setStorageSync(CACHE_KEY, result.data.types)
        } catch (e) {
          // Storage full: the outbox needs it more; the copy in memory serves this time.
          console.warn('catalogue: could not keep a copy', e)
        }
      } else {
        // Offline or refused: the kept copy stays; a page that needs a fresh one says why.
        setError(result.error.message)
      }
      setLoaded(true)
    })
  }
  // A showing of the page while held back: read once it is enabled.
  const waiting = useRef(false)
  const enabledNow = useRef(enabled)
  enabledNow.current = enabled
  useDidShow(() => {
    if (enabledNow.current) refresh()
    else waiting.current = true
  })
  useEffect(() => {
    if (enabled && waiting.current) {
      waiting.current = false
      refresh()
    }
  }, [enabled]) // refresh reads nothing but refs and setters

  return { types, loaded, error }
}
