/**
 * H5: the local cloud plays WeChat's prompt (POST /cloud-subscribe, same origin as the gateway), as
 * the persona chosen in 我的, or as the anonymous visitor when none is: the same caller the gateway
 * sees, so the reminder it records is sent to whoever asked.
 */
import { currentToken } from './dev-login'
import type { SubscribeAnswer } from './subscribe'

export async function askToSubscribe(templateId: string): Promise<SubscribeAnswer> {
  const token = currentToken()
  try {
    const res = await fetch('/cloud-subscribe', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ tmplIds: [templateId] }),
    })
    if (!res.ok) {
      console.warn(`cloud-subscribe: HTTP ${res.status}`)
      return 'fail'
    }
    // As wx.requestSubscribeMessage answers: {errMsg: 'requestSubscribeMessage:ok', [templateId]: 'accept'}.
    const reply = (await res.json()) as Record<string, unknown>
    return reply[templateId] === 'accept' ? 'accept' : 'decline'
  } catch (e) {
    console.warn('cloud-subscribe failed', e)
    return 'fail'
  }
}
