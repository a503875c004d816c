/** H5: the browser's own view of the network (navigator.onLine and the window's `online` event). */

export const isOnline = (): boolean => typeof navigator === 'undefined' || navigator.onLine !== false

export function onNetworkBack(listener: () => void): () => void {
  const back = () => listener()
  window.addEventListener('online', back)
  return () => window.removeEventListener('online', back)
}
