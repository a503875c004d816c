/**
 * Parties' personal details (当事人信息) of a dispute case: personal data under PIPL, often sensitive,
 * and mediation is confidential. They are stored apart from the case's countable fields, shown masked
 * by default (张*, 138****5678), and purged after the retention period while the counts stay.
 */
import type { FieldErrors } from './errors'
import { personName } from './invitation'

export type PartyRole = 'applicant' | 'respondent' | 'third'

export const PARTY_ROLE_LABELS: Record<PartyRole, string> = {
  applicant: '申请人',
  respondent: '被申请人',
  third: '第三人',
}

export interface Party {
  readonly role: PartyRole
  readonly name: string
  /** Mainland mobile number, 11 digits. */
  readonly phone?: string
  /** 居民身份证号码, 18 characters. */
  readonly idNumber?: string
  readonly address?: string
}

export const MAX_PARTIES = 10
export const ADDRESS_MAX = 60

const PHONE = /^1[3-9]\d{9}$/
const ID_NUMBER = /^\d{17}[\dX]$/
const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
const ID_CHECK = '10X98765432'

/** True for an 18-character 居民身份证号码 whose check character (GB 11643) is right. */
export function isIdNumber(value: string): boolean {
  if (!ID_NUMBER.test(value)) return false
  const sum = ID_WEIGHTS.reduce((s, w, i) => s + w * Number(value[i]), 0)
  return ID_CHECK[sum % 11] === value[17]
}

const optional = (value: unknown): string | undefined => {
  const s = typeof value === 'string' ? value.trim() : ''
  return s === '' ? undefined : s
}

/** Validates the parties of a case; errors are keyed `parties.<i>.<field>`. */
export function validateParties(
  input: unknown,
): { ok: true; value: Party[] } | { ok: false; fields: FieldErrors } {
  if (!Array.isArray(input) || input.length === 0)
    return { ok: false, fields: { parties: '请至少填写一位当事人' } }
  if (input.length > MAX_PARTIES) return { ok: false, fields: { parties: `当事人不能超过${MAX_PARTIES}位` } }
  const fields: FieldErrors = {}
  const parties: Party[] = []
  input.forEach((raw: unknown, i) => {
    const p = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>
    const key = (f: string) => `parties.${i}.${f}`
    const role = p.role
    if (role !== 'applicant' && role !== 'respondent' && role !== 'third')
      fields[key('role')] = '请选择当事人类型'
    const name = personName(p.name)
    if (typeof name !== 'string') fields[key('name')] = name.error
    const phone = optional(p.phone)?.replace(/[\s-]/g, '')
    if (phone !== undefined && !PHONE.test(phone)) fields[key('phone')] = '请填写11位手机号码'
    const idNumber = optional(p.idNumber)?.toUpperCase()
    if (idNumber !== undefined && !isIdNumber(idNumber)) fields[key('idNumber')] = '身份证号码不正确'
    const address = optional(p.address)
    if (address !== undefined && address.length > ADDRESS_MAX)
      fields[key('address')] = `地址不能超过${ADDRESS_MAX}个字`
    if (typeof name === 'string' && (role === 'applicant' || role === 'respondent' || role === 'third'))
      parties.push({
        role,
        name,
        ...(phone !== undefined ? { phone } : {}),
        ...(idNumber !== undefined ? { idNumber } : {}),
        ...(address !== undefined ? { address } : {}),
      })
  })
  return Object.keys(fields).length > 0 ? { ok: false, fields } : { ok: true, value: parties }
}

/** 张三 → 张*, 欧阳娜娜 → 欧***: the family name stays so a handler can tell parties apart. */
export const maskName = (name: string): string => {
  const chars = Array.from(name)
  return chars.length <= 1 ? '*' : `${chars[0]}${'*'.repeat(chars.length - 1)}`
}

/** 13812345678 → 138****5678. */
export const maskPhone = (phone: string): string =>
  phone.length >= 7
    ? `${phone.slice(0, 3)}${'*'.repeat(phone.length - 7)}${phone.slice(-4)}`
    : '*'.repeat(phone.length)

/** 110101199003071234 → 110***********1234: region prefix and last four only. */
export const maskIdNumber = (id: string): string =>
  id.length > 7 ? `${id.slice(0, 3)}${'*'.repeat(id.length - 7)}${id.slice(-4)}` : '*'.repeat(id.length)

/** Keeps the first six characters (the district or road) and hides the rest. */
export const maskAddress = (address: string): string => {
  const chars = Array.from(address)
  return chars.length <= 6 ? `${chars.slice(0, 2).join('')}****` : `${chars.slice(0, 6).join('')}****`
}

/** The view of a party in lists and exports unless a reader asks (and is logged) for more. */
export function maskParty(p: Party): Party {
  return {
    role: p.role,
    name: maskName(p.name),
    ...(p.phone !== undefined ? { phone: maskPhone(p.phone) } : {}),
    ...(p.idNumber !== undefined ? { idNumber: maskIdNumber(p.idNumber) } : {}),
    ...(p.address !== undefined ? { address: maskAddress(p.address) } : {}),
  }
}

/** How long parties' details are kept after a case is closed (configurable per street). */
export const RETENTION_YEARS = { min: 1, max: 30, default: 3 } as const

/**
 * The last closing date whose parties' details are purged today: a case closed on or before it has
 * been closed for more than `years` years.
 */
export function purgeCutoff(today: string, years: number): string {
  const [y, m, d] = today.split('-').map(Number) as [number, number, number]
  const cutoff = new Date(Date.UTC(y - years, m - 1, d - 1))
  return cutoff.toISOString().slice(0, 10)
}

export const isValidRetention = (value: unknown): value is number =>
  typeof value === 'number' &&
  Number.isInteger(value) &&
  value >= RETENTION_YEARS.min &&
  value <= RETENTION_YEARS.max

// An ID number (18 characters, the last may be X; or the old 15 digits) or a mobile number (11 digits,
// possibly written 3-4-4 with spaces or hyphens) standing alone: not part of a longer run of digits.
// No lookbehind (older iOS JavaScript engines reject it): the character before is captured instead.
const ID_IN_TEXT = /(^|\D)(\d{17}[\dXx]|\d{15})(?![\dXx])/g
const PHONE_IN_TEXT = /(^|\D)(1[3-9]\d[-\s]?\d{4}[-\s]?\d{4})(?!\d)/g

/**
 * Free text (an event's title or place) with the mobile and ID numbers in it masked as parties' are
 * (138****5678, 110***********1234): for exports and lists, where a number typed into a title would
 * otherwise travel unmasked.
 */
export const maskText = (text: string): string =>
  text
    .replace(ID_IN_TEXT, (_m, before: string, id: string) => `${before}${maskIdNumber(id.toUpperCase())}`)
    .replace(
      PHONE_IN_TEXT,
      (_m, before: string, phone: string) => `${before}${maskPhone(phone.replace(/[-\s]/g, ''))}`,
    )
