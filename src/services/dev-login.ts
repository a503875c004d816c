/**
 * Local cloud only (H5 build): who the browser acts as. WeChat logs a user in on a phone; in the
 * browser a persona switcher stores the local cloud's bearer token here instead.
 */
import Taro from '@tarojs/taro'

const TOKEN_KEY = 'dev-login-token'
const NAME_KEY = 'dev-login-name'

export interface Persona {
  readonly openid: string
  readonly name: string
  readonly role: string
  readonly roleLabel: string
  readonly nodeName: string
}

export const currentToken = (): string => Taro.getStorageSync(TOKEN_KEY) || ''
export const currentPersonaName = (): string => Taro.getStorageSync(NAME_KEY) || ''

export async function listPersonas(): Promise<Persona[]> {
  const res = await fetch('/dev/personas')
  return ((await res.json()) as { personas: Persona[] }).personas
}

export async function actAs(persona: Persona | undefined): Promise<void> {
  if (!persona) {
    Taro.removeStorageSync(TOKEN_KEY)
    Taro.removeStorageSync(NAME_KEY)
    return
  }
  const res = await fetch('/dev/login', { method: 'POST', body: JSON.stringify({ openid: persona.openid }) })
  const { token } = (await res.json()) as { token: string }
  Taro.setStorageSync(TOKEN_KEY, token)
  Taro.setStorageSync(NAME_KEY, persona.name)
}
