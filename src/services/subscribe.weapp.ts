/** weapp: WeChat's own prompt (允许 / 取消, with 总是保持以上选择). */
import Taro from '@tarojs/taro'
import type { SubscribeAnswer } from './subscribe'

/** WeChat's errCode when the person has switched subscription messages off in the app's settings. */
const SWITCHED_OFF = 20004

export async function askToSubscribe(templateId: string): Promise<SubscribeAnswer> {
  try {
    // Taro 4 types `entityIds` (Alipay's) as required alongside `tmplIds`; WeChat ignores it.
    const reply = await Taro.requestSubscribeMessage({ tmplIds: [templateId], entityIds: [] })
    // The reply keys each template id to 'accept', 'reject', 'ban' (template banned) or 'filter'.
    return (reply as unknown as Record<string, unknown>)[templateId] === 'accept' ? 'accept' : 'decline'
  } catch (e) {
    const errCode = (e as { errCode?: unknown } | undefined)?.errCode
    if (errCode === SWITCHED_OFF) return 'decline'
    console.warn('requestSubscribeMessage failed', e)
    return 'fail'
  }
}
