/**
 * 同意 to the privacy notice in force: records the consent with its version (session.consent). On a
 * phone the same tap is WeChat's own privacy agreement (open-type agreePrivacyAuthorization), which the
 * platform requires before camera, album or location APIs; the H5 build ignores the open type.
 */
import { useState, type ReactNode } from 'react'
import type { ConsentRecord } from '../core/privacy'
import { PRIVACY_NOTICE } from '../core/privacy'
import { callCloud } from '../services/cloud'
import { PageError } from './field'
import { Button } from './nutui'

export function ConsentButton({
  onAgreed,
  children,
}: {
  onAgreed: (consent: ConsentRecord) => void
  children: ReactNode
}) {
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | undefined>()

  async function agree() {
    setBusy(true)
    setError(undefined)
    const result = await callCloud('session', 'consent', { version: PRIVACY_NOTICE.version })
    setBusy(false)
    if (result.ok) onAgreed(result.data.consent)
    else setError(result.error.message)
  }

  return (
    <>
      <PageError message={error} />
      <Button
        type="primary"
        block
        loading={busy}
        disabled={busy}
        openType="agreePrivacyAuthorization"
        onClick={() => void agree()}
        className="consent-agree"
      >
        {children}
      </Button>
    </>
  )
}
