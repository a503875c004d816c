/**
 * The request id (and base version) of a change whose fate is unknown. A change (修改, 作废, 恢复, a
 * case step) is sent with a client-made `requestId` and the `version` it was based on; the server
 * applies one requestId once, and answers a resend of an applied change (same id, same version) with
 * the event as it is. So the id is kept until the change succeeds, and after a lost network (or an
 * unexplained failure: the change may have been applied) the resend reuses the id and the version.
 * After a definite refusal nothing was applied: the next attempt keeps the id but is based on the
 * event as now loaded.
 */
import { useCallback, useRef } from 'react'
import type { Envelope } from '../core/errors'
import { newEventId } from '../core/event-input'

/** Failures after which the change may or may not have been applied. */
const UNKNOWN_OUTCOME = new Set(['NETWORK.UNAVAILABLE', 'INTERNAL'])

interface Pending {
  /** Which change: `void`, `restore`, `update`, `step:close` … */
  readonly key: string
  readonly requestId: string
  /** Set while the outcome of the last send is unknown: the resend must carry it. */
  readonly version?: number
}

export function usePendingRequest(): {
  /** The requestId and version to send for change `key` of an event now at `version`. */
  begin: (key: string, version: number) => { requestId: string; version: number }
  /** Records what became of the send. */
  settle: (key: string, sent: { requestId: string; version: number }, result: Envelope<unknown>) => void
} {
  const pending = useRef<Pending | undefined>(undefined)

  const begin = useCallback((key: string, version: number) => {
    const p = pending.current?.key === key ? pending.current : undefined
    return { requestId: p?.requestId ?? newEventId(), version: p?.version ?? version }
  }, [])

  const settle = useCallback(
    (key: string, sent: { requestId: string; version: number }, result: Envelope<unknown>) => {
      if (result.ok) pending.current = undefined
      else if (UNKNOWN_OUTCOME.has(result.error.code))
        pending.current = { key, requestId: sent.requestId, version: sent.version }
      else pending.current = { key, requestId: sent.requestId }
    },
    [],
  )

  return { begin, settle }
}
