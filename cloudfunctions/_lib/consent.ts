/** Consent to the privacy notice (用户隐私保护指引), one `consents` document per OPENID. */
import { AppError } from '../../src/core/errors'
import { hasCurrentConsent, PRIVACY_NOTICE, type ConsentRecord } from '../../src/core/privacy'
import { db, isoOf } from './cloud'

export async function findConsent(openid: string | undefined): Promise<ConsentRecord | undefined> {
  if (!openid) return undefined
  const { data } = await db.collection('consents').doc(openid).get()
  return data ? { version: String(data.version), at: isoOf(data.at) } : undefined
}

/**
 * Refuses unless the caller consented to the notice in force: before any personal data is collected.
 * Staff carry the version they consented to on their `users` document (written with the consent, in the
 * same transaction, and when they join): when it is the version in force no read is needed.
 */
export async function requireCurrentConsent(
  person: { consentVersion?: string } | undefined,
  openid: string | undefined,
): Promise<void> {
  if (person?.consentVersion === PRIVACY_NOTICE.version) return
  await requireConsent(openid)
}

/** Refuses unless the caller consented to the notice in force: before any personal data is collected. */
export async function requireConsent(openid: string | undefined): Promise<ConsentRecord> {
  const consent = await findConsent(openid)
  if (!consent || !hasCurrentConsent(consent))
    throw new AppError(consent ? 'PRIVACY.NOTICE_OUTDATED' : 'PRIVACY.CONSENT_REQUIRED')
  return consent
}
