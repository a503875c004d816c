/**
 * weapp: WeChat reports each change of network (Taro.onNetworkStatusChange). One platform listener is
 * registered on first use and fans out to ours; the state starts as online until getNetworkType answers,
 * since a send tried while offline only fails and waits.
 */
import Taro from '@tarojs/taro'

let online = true
let watching = false
let heard = false // a change event is newer than the first getNetworkType answer
const listeners = new Set<() => void>()

function watch(): void {
  if (watching) return
  watching = true
  Taro.onNetworkStatusChange(({ isConnected }) => {
    heard = true
    online = isConnected
    // Also on a switch between networks (weak Wi-Fi → 4G): a good moment to retry what waits.
    if (isConnected) for (const listener of [...listeners]) listener()
  })
  Taro.getNetworkType()
    .then(({ networkType }) => {
      if (!heard) online = networkType !== 'none'
    })
    .catch(() => undefined)
}

export function isOnline(): boolean {
  watch()
  return online
}

export function onNetworkBack(listener: () => void): () => void {
  watch()
  listeners.add(listener)
  return () => {
    listeners.delete(listener)
  }
}
