/** session: who am I (name, grants, what I may do, my consent), and consenting to the privacy notice. */
import { AppError } from '../../src/core/errors'
import { PRIVACY_NOTICE } from '../../src/core/privacy'
import { writeAuditIn } from '../_lib/audit'
import { db } from '../_lib/cloud'
import { findConsent } from '../_lib/consent'
import { meOf } from '../_lib/me'
import { serve } from '../_lib/serve'

export const main = serve('session', {
  me: {
    access: 'anyone',
    async run(_request, ctx) {
      return meOf(ctx.person, await findConsent(ctx.openid))
    },
  },
  consent: {
    access: 'anyone',
    async run(request, ctx) {
      const openid = ctx.openid
      if (!openid) throw new AppError('REQUEST.INVALID')
      if (request.version !== PRIVACY_NOTICE.version) throw new AppError('PRIVACY.NOTICE_OUTDATED')
      const at = new Date()
      // The consent and its audit entry commit together.
      await db.runTransaction(async (t) => {
        await t
          .collection('consents')
          .doc(openid)
          .set({ data: { version: PRIVACY_NOTICE.version, at } })
        // Staff carry a copy, so logging a dispute need not read the consent again.
        if (ctx.person)
          await t
            .collection('users')
            .doc(openid)
            .update({ data: { consentVersion: PRIVACY_NOTICE.version } })
        await writeAuditIn(
          t,
          ctx.entry('privacy.consent', ctx.person?.streetId, { kind: 'consent', id: PRIVACY_NOTICE.version }),
        )
      })
      return { consent: { version: PRIVACY_NOTICE.version, at: at.toISOString() } }
    },
  },
})
