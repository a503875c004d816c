/**
 * What the residents' list can be filtered by (types, communities): read once and kept in memory for
 * as long as the mini-program runs, since it changes with the org tree and the catalogue, not by the
 * minute. It never holds up the list: the page shows activities without it and the filter bar once it
 * arrives; a failed read is simply asked again next time (or on pull-down refresh).
 */
import { useCallback, useEffect, useState } from 'react'
import type { PublicFilters } from '../../core/contract'
import { callCloud } from '../../services/cloud'

let kept: PublicFilters | undefined
let asking: Promise<PublicFilters | undefined> | undefined

/** One read shared by every page that asks while it is on its way. */
function readFilters(): Promise<PublicFilters | undefined> {
  asking ??= callCloud('publications', 'filters', {}).then((result) => {
    asking = undefined
    if (result.ok) kept = result.data
    return kept
  })
  return asking
}

export function usePublicFilters(): { filters?: PublicFilters; retry: () => void } {
  const [filters, setFilters] = useState<PublicFilters | undefined>(kept)

  const retry = useCallback(() => {
    if (kept) return
    void readFilters().then((f) => {
      if (f) setFilters(f)
    })
  }, [])

  useEffect(retry, [retry])

  return { filters, retry }
}
