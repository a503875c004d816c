/**
 * How a call reaches a cloud function, chosen at build time by Taro's platform suffixes:
 * transport.weapp.ts (wx.cloud.callFunction) and transport.h5.ts (the local cloud's gateway).
 * This file only declares the shape; the build always picks a platform file.
 */
export type Invoke = (name: string, data: Record<string, unknown>) => Promise<unknown>

export declare const invoke: Invoke
