/**
 * The street's catalogue of event types (events.catalogue), loaded once per page: the events pages
 * take their field labels and units from it, and 我的记录 its type filter.
 */
import { useEffect, useState } from 'react'
import type { EventTypeDefinition } from '../core/event-types'
import { callCloud } from '../services/cloud'

export function useCatalogue(): {
  types: readonly EventTypeDefinition[]
  loaded: boolean
  error?: string
} {
  const [types, setTypes] = useState<readonly EventTypeDefinition[]>([])
  const [loaded, setLoaded] = useState(false)
  const [error, setError] = useState<string | undefined>()

  useEffect(() => {
    let live = true
    void callCloud('events', 'catalogue', {}).then((result) => {
      if (!live) return
      if (result.ok) setTypes(result.data.types)
      else setError(result.error.message)
      setLoaded(true)
    })
    return () => {
      live = false
    }
  }, [])

  return { types, loaded, error }
}
