/**
 * Invitations (邀请码): how a person becomes staff. A street admin invites a role at a node; the code is
 * shown once, as text and as a QR code; the person enters or scans it and their OPENID is bound.
 *
 * A code is 10 symbols from a 32-letter alphabet without look-alikes (no 0/O, 1/I): 50 random bits,
 * so guessing is hopeless even before the rate limit. Only a hash of the code is stored.
 */
import type { FieldErrors } from './errors'
import { isStaffRole, type StaffRole } from './roles'

export const INVITE_ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ'
export const INVITE_CODE_LENGTH = 10
export const INVITE_VALID_DAYS = { min: 1, max: 30, default: 7 } as const
export const PERSON_NAME_LIMITS = { min: 2, max: 20 } as const
/** Failed attempts to use an invitation allowed per person per window, before further tries are refused. */
export const INVITE_ATTEMPTS = { max: 5, windowMinutes: 15 } as const
/** What a QR code of an invitation holds: a prefix that says what it is, then the code. */
export const INVITE_QR_PREFIX = 'fazhi-ledger:invite:'

/** Roles a street admin may invite (district viewers are set up by the district, not a street). */
export const INVITABLE_ROLES: readonly StaffRole[] = [
  'gridWorker',
  'communityStaff',
  'streetStaff',
  'streetAdmin',
]

/** A new code from `randomBytes` (crypto-strong on the server). 256 is a multiple of 32: no bias. */
export function newInviteCode(randomBytes: (n: number) => Uint8Array): string {
  return Array.from(randomBytes(INVITE_CODE_LENGTH), (b) => INVITE_ALPHABET[b % INVITE_ALPHABET.length]).join(
    '',
  )
}

/** ABCDE-FGHJK: easier to read out and type. */
export const formatInviteCode = (code: string): string => `${code.slice(0, 5)}-${code.slice(5)}`

/**
 * The code in what a person typed or scanned: case, spaces and dashes do not matter, and a scanned
 * QR payload is unwrapped. Undefined when it cannot be a code at all.
 */
export function parseInviteCode(input: unknown): string | undefined {
  if (typeof input !== 'string' || input.length > 200) return undefined
  const raw = input.trim().startsWith(INVITE_QR_PREFIX) ? input.trim().slice(INVITE_QR_PREFIX.length) : input
  const code = raw.toUpperCase().replace(/[\s-]/g, '')
  if (code.length !== INVITE_CODE_LENGTH) return undefined
  for (const ch of code) if (!INVITE_ALPHABET.includes(ch)) return undefined
  return code
}

export interface InvitationRequest {
  readonly role: StaffRole
  readonly nodeId: string
  /** Who is invited, as the admin knows them: shown in the people list once accepted. */
  readonly name: string
  readonly validDays: number
}

/** Checks an admin's invitation form; which nodes the admin may invite at is the policy's business. */
export function validateInvitation(
  input: Record<keyof InvitationRequest, unknown>,
): { ok: true; value: InvitationRequest } | { ok: false; fields: FieldErrors } {
  const fields: FieldErrors = {}
  const role = input.role
  if (!isStaffRole(role) || !INVITABLE_ROLES.includes(role)) fields.role = '请选择身份'
  const nodeId = typeof input.nodeId === 'string' && input.nodeId.length <= 64 ? input.nodeId : ''
  if (!nodeId) fields.nodeId = '请选择所属网格、社区或街道'
  const name = personName(input.name)
  if (typeof name !== 'string') fields.name = name.error
  const days =
    input.validDays === undefined || input.validDays === ''
      ? INVITE_VALID_DAYS.default
      : Number(typeof input.validDays === 'string' ? input.validDays.trim() : input.validDays)
  if (!Number.isInteger(days) || days < INVITE_VALID_DAYS.min || days > INVITE_VALID_DAYS.max)
    fields.validDays = `有效期应为${INVITE_VALID_DAYS.min}至${INVITE_VALID_DAYS.max}天`
  if (Object.keys(fields).length > 0 || typeof name !== 'string' || !isStaffRole(role))
    return { ok: false, fields }
  return { ok: true, value: { role, nodeId, name, validDays: days } }
}

/** A person's name: 2 to 20 characters, no digits or symbols that a name never has. */
export function personName(value: unknown): string | { error: string } {
  const name = typeof value === 'string' ? value.trim() : ''
  if (name.length === 0) return { error: '请填写姓名' }
  if (name.length < PERSON_NAME_LIMITS.min) return { error: `姓名至少${PERSON_NAME_LIMITS.min}个字` }
  if (name.length > PERSON_NAME_LIMITS.max) return { error: `姓名不能超过${PERSON_NAME_LIMITS.max}个字` }
  if (/[\d<>{}[\]\\/@#$%^&*=+|~`]/.test(name)) return { error: '姓名不能包含数字或符号' }
  return name
}

export type InvitationStatus = 'open' | 'used' | 'revoked' | 'expired'

export const INVITATION_STATUS_LABELS: Record<InvitationStatus, string> = {
  open: '待使用',
  used: '已使用',
  revoked: '已撤销',
  expired: '已过期',
}

/** The status a person sees: an open invitation past its expiry is expired. */
export const invitationStatus = (
  stored: 'open' | 'used' | 'revoked',
  expiresAt: Date,
  now: Date,
): InvitationStatus => (stored === 'open' && expiresAt.getTime() <= now.getTime() ? 'expired' : stored)
