/** weapp: scan with the phone's camera (only QR codes; not from the album, so the code is in hand). */
import Taro from '@tarojs/taro'

export const canScan = true

export async function scanCode(): Promise<string | undefined> {
  try {
    const { result } = await Taro.scanCode({ onlyFromCamera: true, scanType: ['qrCode'] })
    return result
  } catch {
    return undefined // cancelled, or no camera permission: the code can still be typed
  }
}
