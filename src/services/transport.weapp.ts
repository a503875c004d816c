/** weapp: the only call path to cloud functions is wx.cloud.callFunction (identity from WeChat). */
import { wxCloud } from './wx-cloud'

export async function invoke(name: string, data: Record<string, unknown>): Promise<unknown> {
  const { result } = await wxCloud().callFunction({ name, data })
  return result
}
