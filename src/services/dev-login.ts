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

async function logIn(openid: string, name: string): Promise<void> {
  const res = await fetch('/dev/login', { method: 'POST', body: JSON.stringify({ openid }) })
  const { token } = (await res.json()) as { token: string }
  Taro.setStorageSync(TOKEN_KEY, token)
  Taro.setStorageSync(NAME_KEY, name)
}

export async function actAs(persona: Persona | undefined): Promise<void> {
  if (!persona) {
    Taro.removeStorageSync(TOKEN_KEY)
    Taro.removeStorageSync(NAME_KEY)
    return
  }
  await logIn(persona.openid, persona.name)
}

export const NEW_PERSON_NAME = '新用户（未登记）'

/**
 * Acts as someone who has never used the mini-program: a fresh OPENID (dev-new-<8 hex>) each time,
 * as a person who was just invited would arrive.
 */
export async function actAsNewPerson(): Promise<void> {
  const bytes = crypto.getRandomValues(new Uint8Array(4))
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')
  await logIn(`dev-new-${hex}`, NEW_PERSON_NAME)
}
