/**
 * Where the person is, to record where an event happened. Optional: a refusal, a failure or a slow
 * fix gives undefined and the event is logged without it. WeChat coordinates (gcj02, what its maps
 * use). The H5 build's Taro.getLocation offers only wgs84, so in a browser this gives undefined.
 *
 * Call it only after consent to the privacy notice (PrivacyGate), from the person's own tap;
 * app.config.ts declares getLocation (requiredPrivateInfos) and why it is asked (permission).
 */
import Taro from '@tarojs/taro'

/** Longer than this and the form goes on without a location. */
const LOCATION_TIMEOUT_MS = 10_000

export async function currentLocation(): Promise<{ latitude: number; longitude: number } | undefined> {
  let timer: ReturnType<typeof setTimeout> | undefined
  const timeout = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), LOCATION_TIMEOUT_MS)
  })
  const fix = Taro.getLocation({ type: 'gcj02' }).then(
    ({ latitude, longitude }) => ({ latitude, longitude }),
    (e: unknown) => {
      console.warn('getLocation failed or was refused; going on without a location', e)
      return undefined
    },
  )
  try {
    return await Promise.race([fix, timeout])
  } finally {
    clearTimeout(timer)
  }
}
