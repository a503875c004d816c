/**
 * Case lifecycles (domain.md): every step is an explicit action with who and when, and a step that the
 * lifecycle does not allow from the case's status is refused with a sentence saying why.
 *
 * 矛盾纠纷 dispute: 受理 accepted → 调解中 mediating → outcome (调解成功 / 部分达成 / 调解不成, the last
 *   then 移交 or 引导诉讼) or 撤回 withdrawn → 办结 closed (the outcome is filed); 回访 follow-ups after.
 * 网格事件 grid event: 上报 reported → 处置中 handling (交办 to a department, perhaps more than once) →
 *   办结 closed, either 程序性办结 (procedurally) or 实质性办结 (actually resolved): 办结率 must say which.
 *
 * A case belongs to the year of its 受理/上报 date; its steps are dated on or after that, never in the
 * future. What each status waits for is what the open-cases list shows.
 */
import { isCalendarDate } from './china-time'
import type { FieldErrors } from './errors'
import type { LifecycleKind } from './event-types'

export type DisputeStatus = 'accepted' | 'mediating' | 'resolved' | 'closed'
export type GridEventStatus = 'reported' | 'handling' | 'closed'
export type CaseStatus = DisputeStatus | GridEventStatus

/** 调解成功 / 部分达成 / 调解不成 / 撤回. */
export type DisputeOutcome = 'success' | 'partial' | 'failed' | 'withdrawn'
/** After 调解不成: 移交 (to another body) or 引导诉讼 (guided to court). */
export type Referral = 'transfer' | 'litigation'
/** 程序性办结 / 实质性办结. */
export type Closure = 'procedural' | 'substantive'

export const STATUS_LABELS: Record<CaseStatus, string> = {
  accepted: '已受理',
  mediating: '调解中',
  resolved: '已有结果',
  reported: '已上报',
  handling: '处置中',
  closed: '已办结',
}
export const OUTCOME_LABELS: Record<DisputeOutcome, string> = {
  success: '调解成功',
  partial: '部分达成',
  failed: '调解不成',
  withdrawn: '撤回',
}
export const REFERRAL_LABELS: Record<Referral, string> = { transfer: '移交', litigation: '引导诉讼' }
export const CLOSURE_LABELS: Record<Closure, string> = {
  procedural: '程序性办结',
  substantive: '实质性办结',
}

export type CaseActionKind =
  'startMediation' | 'recordOutcome' | 'withdraw' | 'close' | 'followUp' | 'startHandling' | 'assign'

export const ACTION_LABELS: Record<CaseActionKind, string> = {
  startMediation: '开始调解',
  recordOutcome: '记录调解结果',
  withdraw: '撤回',
  close: '办结',
  followUp: '回访',
  startHandling: '开始处置',
  assign: '交办',
}

/** One step as requested (untrusted until `applyCaseAction` accepted it). */
export interface CaseActionInput {
  readonly kind: unknown
  /** The date the step happened (YYYY-MM-DD, China time). */
  readonly on: unknown
  readonly note?: unknown
  readonly outcome?: unknown
  readonly referral?: unknown
  readonly department?: unknown
  readonly closure?: unknown
}

/** What a case's lifecycle is at: stored on the case. */
export interface CaseState {
  readonly lifecycle: LifecycleKind
  readonly status: CaseStatus
  /** 受理/上报 date: steps cannot be dated before it. */
  readonly openedOn: string
  /** The date of the last step: steps are dated in order. */
  readonly lastStepOn: string
  readonly outcome?: DisputeOutcome
  readonly referral?: Referral
  readonly department?: string
  readonly closure?: Closure
  readonly closedOn?: string
  readonly followUps: number
}

/** One accepted step, as the case's history keeps it (who and when are added by the function). */
export interface CaseStep {
  readonly kind: CaseActionKind
  readonly on: string
  readonly from: CaseStatus
  readonly to: CaseStatus
  readonly note?: string
  readonly outcome?: DisputeOutcome
  readonly referral?: Referral
  readonly department?: string
  readonly closure?: Closure
}

export type StepResult =
  | { readonly ok: true; readonly state: CaseState; readonly step: CaseStep }
  | { readonly ok: false; readonly code: 'CASE.ILLEGAL_STEP'; readonly message: string }
  | { readonly ok: false; readonly code: 'CASE.INVALID_STEP'; readonly fields: FieldErrors }

/** The status a new case starts in. */
export function initialCaseState(lifecycle: LifecycleKind, openedOn: string): CaseState {
  return {
    lifecycle,
    status: lifecycle === 'dispute' ? 'accepted' : 'reported',
    openedOn,
    lastStepOn: openedOn,
    followUps: 0,
  }
}

/** Which steps each status allows, per lifecycle: the whole of the state machines. */
export const TRANSITIONS: Readonly<
  Record<LifecycleKind, Readonly<Partial<Record<CaseStatus, readonly CaseActionKind[]>>>>
> = {
  dispute: {
    accepted: ['startMediation', 'withdraw'],
    mediating: ['recordOutcome', 'withdraw'],
    resolved: ['close'],
    closed: ['followUp'],
  },
  gridEvent: {
    reported: ['startHandling', 'assign'],
    handling: ['assign', 'close'],
  },
}

export const allowedSteps = (state: Pick<CaseState, 'lifecycle' | 'status'>): readonly CaseActionKind[] =>
  TRANSITIONS[state.lifecycle][state.status] ?? []

/** What an open case waits for, in the open-cases list; undefined once closed. */
export function waitingFor(state: Pick<CaseState, 'lifecycle' | 'status'>): string | undefined {
  switch (state.status) {
    case 'accepted':
      return '待调解'
    case 'mediating':
      return '待记录调解结果'
    case 'resolved':
      return '待办结归档'
    case 'reported':
      return '待处置'
    case 'handling':
      return '待办结'
    default:
      return undefined
  }
}

const isOneOf = <T extends string>(value: unknown, options: readonly T[]): value is T =>
  typeof value === 'string' && (options as readonly string[]).includes(value)

const NOTE_MAX = 200
const DEPARTMENT_MAX = 30

/**
 * Applies one step to a case. Refuses a step the status does not allow (CASE.ILLEGAL_STEP, with a
 * sentence naming the status and what is possible) and a step with bad fields (CASE.INVALID_STEP).
 * Pure: the same state and step always give the same answer.
 */
export function applyCaseAction(state: CaseState, input: CaseActionInput, today: string): StepResult {
  const kind = input.kind
  if (!isOneOf(kind, Object.keys(ACTION_LABELS) as CaseActionKind[]))
    return { ok: false, code: 'CASE.INVALID_STEP', fields: { kind: '请选择要进行的办理步骤' } }
  const allowed = allowedSteps(state)
  if (!allowed.includes(kind)) {
    const possible = allowed.map((k) => ACTION_LABELS[k]).join('、')
    return {
      ok: false,
      code: 'CASE.ILLEGAL_STEP',
      message: `该案件${STATUS_LABELS[state.status]}，不能${ACTION_LABELS[kind]}${possible ? `；现在可以：${possible}` : ''}`,
    }
  }
  const fields: FieldErrors = {}
  const on = input.on
  if (!isCalendarDate(on)) fields.on = '请选择日期'
  else if (on > today) fields.on = '日期不能晚于今天'
  else if (on < state.lastStepOn) fields.on = `日期不能早于上一步（${state.lastStepOn}）`
  const note = typeof input.note === 'string' ? input.note.trim() : ''
  if (input.note !== undefined && input.note !== null && typeof input.note !== 'string')
    fields.note = '请填写文字说明'
  else if (Array.from(note).length > NOTE_MAX) fields.note = `说明不能超过${NOTE_MAX}个字`
  if (kind === 'followUp' && Array.from(note).length < 2) fields.note = '请填写回访情况'

  let next: CaseState = { ...state }
  const step: { -readonly [K in keyof CaseStep]?: CaseStep[K] } = {}
  switch (kind) {
    case 'startMediation':
      next = { ...next, status: 'mediating' }
      break
    case 'recordOutcome': {
      const outcome = input.outcome
      if (!isOneOf(outcome, ['success', 'partial', 'failed'] as const)) fields.outcome = '请选择调解结果'
      else {
        const referral = input.referral
        if (outcome === 'failed' && !isOneOf(referral, ['transfer', 'litigation'] as const))
          fields.referral = '调解不成的，请选择移交或引导诉讼'
        else if (outcome !== 'failed' && referral !== undefined && referral !== null)
          fields.referral = '只有调解不成的案件才需移交或引导诉讼'
        else {
          next = { ...next, status: 'resolved', outcome }
          step.outcome = outcome
          if (outcome === 'failed') {
            next = { ...next, referral: referral as Referral }
            step.referral = referral as Referral
          }
        }
      }
      break
    }
    case 'withdraw':
      next = { ...next, status: 'resolved', outcome: 'withdrawn' }
      step.outcome = 'withdrawn'
      break
    case 'close':
      if (state.lifecycle === 'gridEvent') {
        const closure = input.closure
        if (!isOneOf(closure, ['procedural', 'substantive'] as const))
          fields.closure = '请选择程序性办结或实质性办结'
        else {
          next = { ...next, closure }
          step.closure = closure
        }
      }
      next = { ...next, status: 'closed', closedOn: typeof on === 'string' ? on : '' }
      break
    case 'followUp':
      next = { ...next, followUps: state.followUps + 1 }
      break
    case 'startHandling':
    case 'assign': {
      const department = typeof input.department === 'string' ? input.department.trim() : ''
      if (kind === 'assign' && Array.from(department).length < 2) fields.department = '请填写交办的部门'
      else if (Array.from(department).length > DEPARTMENT_MAX)
        fields.department = `部门名称不能超过${DEPARTMENT_MAX}个字`
      else {
        next = { ...next, status: 'handling', ...(department ? { department } : {}) }
        if (department) step.department = department
      }
      break
    }
  }
  if (Object.keys(fields).length > 0) return { ok: false, code: 'CASE.INVALID_STEP', fields }
  next = { ...next, lastStepOn: on as string }
  return {
    ok: true,
    state: next,
    step: { kind, on: on as string, from: state.status, to: next.status, ...(note ? { note } : {}), ...step },
  }
}

/** True while the case still waits for something (it shows in the open-cases list). */
export const isOpen = (state: Pick<CaseState, 'status'>): boolean => state.status !== 'closed'

/** Whole days from the case's 受理/上报 date to today: its age in the open-cases list. */
export function ageInDays(openedOn: string, today: string): number {
  const days = (Date.parse(`${today}T00:00:00Z`) - Date.parse(`${openedOn}T00:00:00Z`)) / 86_400_000
  return Math.max(0, Math.round(days))
}

/** An open case older than this many days is marked overdue in the open-cases list. */
export const OVERDUE_DAYS = 30

/** How a case's age reads in lists: 今天 for a case opened today, else 已N天 (超过30天 when overdue). */
export function ageLabel(days: number): string {
  if (days <= 0) return '今天'
  return `已${days}天${days > OVERDUE_DAYS ? '（超过30天）' : ''}`
}
