/**
 * What a page shows from one call when it mounts: `apply` takes the answer (the page keeps it as it
 * likes), a refusal becomes the page's error in the server's words. `reload` asks again.
 */
import { useCallback, useEffect, useRef, useState } from 'react'
import type { Envelope } from '../core/errors'

export function useLoad<T>(
  fetch: () => Promise<Envelope<T>>,
  apply: (data: T) => void,
): { readonly error?: string; reload: () => Promise<void> } {
  const [error, setError] = useState<string | undefined>()
  // The latest callbacks, so the page may pass inline functions without reloading on every render.
  const latest = useRef({ fetch, apply })
  latest.current = { fetch, apply }
  const reload = useCallback(async () => {
    const result = await latest.current.fetch()
    if (result.ok) {
      latest.current.apply(result.data)
      setError(undefined)
    } else {
      setError(result.error.message)
    }
  }, [])
  useEffect(() => {
    void reload()
  }, [reload])
  return { error, reload }
}
