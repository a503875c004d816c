/**
 * A dispute case (矛盾纠纷) as it is accepted (受理): its countable fields and its parties, who are
 * personal data kept apart (personal-data.ts). The rest of its lifecycle (调解中 → outcome → 办结,
 * 回访) is the grid-workers issue's; this is what accounts and privacy need to hold a real case.
 */
import { chinaToday, isCalendarDate, yearOf } from './china-time'
import type { FieldErrors } from './errors'
import { EARLIEST_YEAR } from './event-types'
import { validateParties, type Party } from './personal-data'

export const DISPUTE_CATEGORIES = [
  '婚姻家庭',
  '邻里纠纷',
  '房屋宅基地',
  '合同纠纷',
  '损害赔偿',
  '劳动争议',
  '物业纠纷',
  '其他',
] as const
export type DisputeCategory = (typeof DISPUTE_CATEGORIES)[number]

export type CaseStatus = 'accepted' | 'mediating' | 'closed'
export const CASE_STATUS_LABELS: Record<CaseStatus, string> = {
  accepted: '受理',
  mediating: '调解中',
  closed: '办结',
}

export interface DisputeInput {
  readonly title: unknown
  readonly acceptedOn: unknown
  readonly category: unknown
  readonly parties: unknown
}

export interface Dispute {
  /** 案由: a short description without names (it appears in lists). */
  readonly title: string
  /** 受理日期: puts the case in a year. */
  readonly acceptedOn: string
  readonly category: DisputeCategory
  readonly parties: readonly Party[]
}

export function validateDispute(
  input: DisputeInput,
  today: string = chinaToday(),
): { ok: true; value: Dispute } | { ok: false; fields: FieldErrors } {
  const fields: FieldErrors = {}
  const title = typeof input.title === 'string' ? input.title.trim() : ''
  if (title.length < 2) fields.title = '请填写案由（至少2个字）'
  else if (title.length > 60) fields.title = '案由不能超过60个字'
  const acceptedOn = input.acceptedOn
  if (!isCalendarDate(acceptedOn)) fields.acceptedOn = '请选择受理日期'
  else if (acceptedOn > today) fields.acceptedOn = '受理日期不能晚于今天'
  else if (yearOf(acceptedOn) < EARLIEST_YEAR) fields.acceptedOn = `受理日期不能早于${EARLIEST_YEAR}年`
  const category = input.category
  if (!(DISPUTE_CATEGORIES as readonly unknown[]).includes(category)) fields.category = '请选择纠纷类别'
  const parties = validateParties(input.parties)
  if (!parties.ok) Object.assign(fields, parties.fields)
  if (Object.keys(fields).length > 0 || !parties.ok) return { ok: false, fields }
  return {
    ok: true,
    value: {
      title,
      acceptedOn: acceptedOn as string,
      category: category as DisputeCategory,
      parties: parties.value,
    },
  }
}
