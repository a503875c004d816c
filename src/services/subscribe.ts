/**
 * Asking a person for one one-time subscription message (一次性订阅消息), chosen at build time by
 * Taro's platform suffixes like scan.ts: subscribe.weapp.ts asks WeChat (Taro.requestSubscribeMessage,
 * which must run inside the tap that asks); subscribe.h5.ts asks the local cloud (POST /cloud-subscribe),
 * which always accepts and records the grant so subscribeMessage.send can be tried in the browser.
 * This file only declares the shape; the build always picks a platform file.
 */

/**
 * What became of the request: `accept`ed; `decline`d (the person refused, or has turned such messages
 * off in WeChat's settings); or it could not be asked (`fail`: no network, a platform error).
 */
export type SubscribeAnswer = 'accept' | 'decline' | 'fail'

/** Asks for one message of template `templateId`. Call it straight from the tap (WeChat requires it). */
export declare function askToSubscribe(templateId: string): Promise<SubscribeAnswer>
