/**
 * weapp only (imported by the `.weapp.ts` services, never by H5 code): wx.cloud initialised once, in
 * one place, for every use of it (function calls, photo uploads), so they all talk to the same env.
 */
import Taro from '@tarojs/taro'

let initialised = false

export function wxCloud(): typeof Taro.cloud {
  if (!initialised) {
    Taro.cloud.init({ env: CLOUD_ENV || undefined, traceUser: true })
    initialised = true
  }
  return Taro.cloud
}
