/** H5: the local cloud's gateway, POST /cloud/<function>, as the persona chosen in 我的. */
import { currentToken } from './dev-login'

export async function invoke(name: string, data: Record<string, unknown>): Promise<unknown> {
  const token = currentToken()
  const res = await fetch(`/cloud/${name}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(data),
  })
  const body = (await res.json()) as { result?: unknown; errCode?: number; errMsg?: string }
  if (!res.ok) throw Object.assign(new Error(body.errMsg ?? `HTTP ${res.status}`), { errCode: body.errCode })
  return body.result
}
