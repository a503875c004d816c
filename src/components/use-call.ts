/**
 * What a page keeps while it calls a function on a person's behalf: whether the call is under way (the
 * button shows busy and cannot be tapped again), the refusal in the server's words, and the server's
 * field errors, shown next to their fields. Client-side validation writes its field errors here too.
 */
import { useCallback, useState, type Dispatch, type SetStateAction } from 'react'
import type { Envelope, FieldErrors } from '../core/errors'

export interface Call {
  readonly busy: boolean
  readonly error?: string
  readonly fields: FieldErrors
  setError: Dispatch<SetStateAction<string | undefined>>
  setFields: Dispatch<SetStateAction<FieldErrors>>
  /** Runs one call: clears the last refusal, is busy meanwhile, and records a refusal's message and fields. */
  run: <T>(call: () => Promise<Envelope<T>>) => Promise<Envelope<T>>
}

export function useCall(): Call {
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | undefined>()
  const [fields, setFields] = useState<FieldErrors>({})

  const run = useCallback(async <T>(call: () => Promise<Envelope<T>>): Promise<Envelope<T>> => {
    setBusy(true)
    setError(undefined)
    const result = await call().finally(() => setBusy(false))
    if (result.ok) {
      setFields({})
    } else {
      setFields(result.error.details?.fields ?? {})
      setError(result.error.message)
    }
    return result
  }, [])

  return { busy, error, fields, setError, setFields, run }
}
