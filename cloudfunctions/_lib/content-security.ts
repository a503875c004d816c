/**
 * WeChat content security for what the public will see: `security.msgSecCheck` (v2) for text, answered
 * at once, and `security.mediaCheckAsync` (v2) for images, whose verdict arrives later as a message push
 * (`wxa_media_check`) to the function that asked. Both fail closed: a text the check could not judge is
 * not published (PUBLICATION.CHECK_UNAVAILABLE). The calling function declares both in its config.json.
 */
import { AppError } from '../../src/core/errors'
import type { CheckSuggest } from '../../src/core/publication'
import { errCodeOf, openapi } from './cloud'

/** msgSecCheck scene 1: 资料 (profile-like content written by the person, here an activity notice). */
const SCENE = 1
/** The most text one msgSecCheck call takes. */
export const CHECK_TEXT_MAX = 2500

const suggestOf = (v: unknown): CheckSuggest | undefined =>
  v === 'pass' || v === 'review' || v === 'risky' ? v : undefined

/** The verdict on `content`, written by `openid` (who must have opened the mini-program in the last 2 hours). */
export async function checkText(
  openid: string,
  content: string,
): Promise<{ suggest: CheckSuggest; label: number }> {
  try {
    const reply = await openapi().security.msgSecCheck({
      version: 2,
      openid,
      scene: SCENE,
      content: content.slice(0, CHECK_TEXT_MAX),
    })
    const suggest = suggestOf(reply.result?.suggest)
    if (!suggest) throw new Error(`msgSecCheck answered without a verdict: ${JSON.stringify(reply)}`)
    return { suggest, label: Number(reply.result?.label ?? 0) }
  } catch (e) {
    console.error('[content-security] msgSecCheck failed', errCodeOf(e), e)
    throw new AppError('PUBLICATION.CHECK_UNAVAILABLE', { errCode: errCodeOf(e) ?? null })
  }
}

/** Asks for an image check of the file behind `url`; the verdict is pushed later under the trace id. */
export async function requestImageCheck(openid: string, url: string): Promise<string> {
  try {
    const reply = await openapi().security.mediaCheckAsync({
      mediaUrl: url,
      mediaType: 2,
      version: 2,
      openid,
      scene: SCENE,
    })
    if (!reply.traceId) throw new Error('mediaCheckAsync answered without a trace id')
    return reply.traceId
  } catch (e) {
    console.error('[content-security] mediaCheckAsync failed', errCodeOf(e), e)
    throw new AppError('PUBLICATION.CHECK_UNAVAILABLE', { errCode: errCodeOf(e) ?? null })
  }
}

/** A pushed image verdict (the message WeChat sends for `wxa_media_check`), or undefined for anything else. */
export interface MediaVerdict {
  readonly traceId: string
  /** `failed` when the check itself failed (errcode ≠ 0, e.g. the file could not be fetched). */
  readonly suggest: CheckSuggest | 'failed'
  readonly label: number
}

export function mediaVerdictOf(event: Record<string, unknown>): MediaVerdict | undefined {
  if (event.MsgType !== 'event' || event.Event !== 'wxa_media_check') return undefined
  const traceId = event.trace_id
  if (typeof traceId !== 'string' || !/^[\w-]{1,128}$/.test(traceId)) return undefined
  const result = (event.result ?? {}) as { suggest?: unknown; label?: unknown }
  const suggest = Number(event.errcode ?? 0) === 0 ? suggestOf(result.suggest) : undefined
  return { traceId, suggest: suggest ?? 'failed', label: Number(result.label ?? 0) }
}
