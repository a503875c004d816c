/**
 * H5 only (imported by the `.h5.ts` services): the browser cannot call wx.cloud.uploadFile, so it posts
 * the bytes to the local cloud's upload route (`POST /cloud-storage/upload`, signed in as the current
 * persona), which stores them as an SDK upload would and answers the file ID.
 */
import { currentToken } from './dev-login'

export async function postToCloudStorage(
  body: Blob,
  cloudPath: string,
  contentType: string,
): Promise<string> {
  const token = currentToken()
  const res = await fetch(`/cloud-storage/upload?path=${encodeURIComponent(cloudPath)}`, {
    method: 'POST',
    headers: { 'content-type': contentType, ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body,
  })
  const reply = (await res.json().catch(() => ({}))) as {
    fileID?: unknown
    errCode?: number
    errMsg?: string
  }
  if (!res.ok || typeof reply.fileID !== 'string') {
    throw Object.assign(new Error(reply.errMsg ?? `HTTP ${res.status}`), {
      status: res.status,
      errCode: reply.errCode,
    })
  }
  return reply.fileID
}
