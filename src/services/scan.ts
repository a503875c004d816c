/**
 * Scanning a QR code, chosen at build time by Taro's platform suffixes: scan.weapp.ts uses the
 * phone's camera (Taro.scanCode); scan.h5.ts has none, so the browser shows no 扫码 button.
 * This file only declares the shape; the build always picks a platform file.
 */
export declare const canScan: boolean

/** What the QR code holds, or undefined when the person cancelled. */
export declare function scanCode(): Promise<string | undefined>
