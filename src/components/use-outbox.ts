/**
 * What a page shows of the outbox (待发送 / 需修改 …): its items and counts, re-rendered on every change.
 * While a page using it is mounted, the outbox is flushed on mount, the moment the network comes back,
 * and every 30 s while items wait (a send that failed waits out its backoff, then goes on its own).
 */
import { useEffect, useMemo, useState } from 'react'
import { countByState, type OutboxItem, type OutboxState } from '../core/outbox'
import { onNetworkBack } from '../services/network'
import type { Outbox } from '../services/outbox'

export const OUTBOX_POLL_MS = 30_000

export interface OutboxView {
  /** Oldest first. */
  readonly items: readonly OutboxItem[]
  readonly counts: Readonly<Record<OutboxState, number>>
}

/**
 * Pass the app's outbox (`appOutbox` from services/outbox-instance.ts). `onBack` and `pollMs` are
 * there for tests.
 */
export function useOutbox(
  outbox: Outbox,
  onBack: (listener: () => void) => () => void = onNetworkBack,
  pollMs: number = OUTBOX_POLL_MS,
): OutboxView {
  const [items, setItems] = useState(() => outbox.list())

  useEffect(() => {
    const unsubscribe = outbox.subscribe(setItems)
    setItems(outbox.list()) // a change between the first render and the subscription
    void outbox.flush()
    const stopListening = onBack(() => void outbox.retryNow())
    return () => {
      unsubscribe()
      stopListening()
    }
  }, [outbox, onBack])

  const counts = useMemo(() => countByState(items), [items])
  const waiting = counts.waiting > 0

  useEffect(() => {
    if (!waiting) return
    const timer = setInterval(() => void outbox.flush(), pollMs)
    return () => clearInterval(timer)
  }, [outbox, waiting, pollMs])

  return { items, counts }
}
