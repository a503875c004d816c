/** weapp: the only call path to cloud functions is wx.cloud.callFunction (identity from WeChat). */
import Taro from '@tarojs/taro'

let initialised = false

export async function invoke(name: string, data: Record<string, unknown>): Promise<unknown> {
  if (!initialised) {
    Taro.cloud.init({ env: CLOUD_ENV || undefined, traceUser: true })
    initialised = true
  }
  const { result } = await Taro.cloud.callFunction({ name, data })
  return result
}
