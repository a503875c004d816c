/**
 * 同意 to the privacy notice in force: records the consent with its version (session.consent). On a
 * phone the same tap is WeChat's own privacy agreement (open-type agreePrivacyAuthorization), which the
 * platform requires before camera, album or location APIs; the H5 build ignores the open type.
 */
import type { ReactNode } from 'react'
import type { ConsentRecord } from '../core/privacy'
import { PRIVACY_NOTICE } from '../core/privacy'
import { callCloud } from '../services/cloud'
import { PageError } from './field'
import { Button } from './nutui'
import { useCall } from './use-call'

export function ConsentButton({
  onAgreed,
  children,
}: {
  onAgreed: (consent: ConsentRecord) => void
  children: ReactNode
}) {
  const { busy, error, run } = useCall()

  async function agree() {
    const result = await run(() => callCloud('session', 'consent', { version: PRIVACY_NOTICE.version }))
    if (result.ok) onAgreed(result.data.consent)
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
