/**
 * The one policy module: may this person do this action at this org node (on this record)?
 * Every action of every cloud function passes through `authorize`; the table below is the whole of
 * who may do what, and test/core/policy.unit.test.ts checks it as a full matrix
 * (every role × every action × own node / node below / node elsewhere).
 *
 * A grant reaches its node and everything below it (org-tree.ts `covers`). Some actions also admit
 * the handlers of a record (a case's 承办人), whatever their node. Residents hold no grant: every
 * action here is refused to them; what residents may do (see publicised activities, accept an
 * invitation, give consent) needs no grant and is not in this table.
 */
import type { ErrorCode } from './errors'
import { covers, type NodePlace } from './org-tree'
import { STAFF_ROLES, type RoleGrant, type StaffRole } from './roles'

export type PolicyAction =
  | 'event.log'
  | 'event.read'
  | 'event.edit'
  | 'case.handle'
  | 'case.readParties'
  | 'figures.read'
  | 'figures.export'
  | 'figures.manage'
  | 'year.close'
  | 'ledger.import'
  | 'org.read'
  | 'org.manage'
  | 'people.manage'
  | 'audit.read'
  | 'privacy.manage'
  | 'catalogue.manage'
  | 'publication.manage'
  | 'publication.review'

interface Rule {
  /** What the action is, in Chinese, for refusals in the audit log. */
  readonly label: string
  /** Roles whose grant at (or above) the target node allows the action. */
  readonly roles: readonly StaffRole[]
  /** Whether the handlers of the record may also do it, wherever their grant is. */
  readonly handlers?: boolean
}

export const POLICY: Readonly<Record<PolicyAction, Rule>> = {
  'event.log': { label: '记录事件', roles: ['gridWorker', 'communityStaff', 'streetStaff', 'streetAdmin'] },
  // An event's fields (a case's type, dates, status, not its parties): everyone working at its node or
  // above, not the district; and its handlers (who logged it, a case's 承办人) wherever they are.
  'event.read': {
    label: '查看记录',
    roles: ['gridWorker', 'communityStaff', 'streetStaff', 'streetAdmin'],
    handlers: true,
  },
  // Correcting or voiding what was logged: who logged it, and the staff who review their community or street.
  'event.edit': {
    label: '修改或作废记录',
    roles: ['communityStaff', 'streetStaff', 'streetAdmin'],
    handlers: true,
  },
  // A case's lifecycle steps: its handlers, and community or street staff over its node.
  'case.handle': {
    label: '办理案件',
    roles: ['communityStaff', 'streetStaff', 'streetAdmin'],
    handlers: true,
  },
  // Parties' personal details: the case's handlers and staff of its community and street (domain.md, privacy).
  'case.readParties': {
    label: '查看当事人信息',
    roles: ['communityStaff', 'streetStaff', 'streetAdmin'],
    handlers: true,
  },
  'figures.read': { label: '查看统计数据', roles: STAFF_ROLES },
  // Exports list the events behind every figure (masked): those who may open the figures to events.
  'figures.export': { label: '导出报告和台账', roles: ['communityStaff', 'streetStaff', 'streetAdmin'] },
  'figures.manage': { label: '管理统计指标和报告模板', roles: ['streetAdmin'] },
  'year.close': { label: '年度结账', roles: ['streetAdmin'] },
  'ledger.import': { label: '导入历史台账', roles: ['streetStaff', 'streetAdmin'] },
  'org.read': { label: '查看组织架构', roles: STAFF_ROLES },
  'org.manage': { label: '管理组织架构', roles: ['streetAdmin'] },
  'people.manage': { label: '管理人员', roles: ['streetAdmin'] },
  'audit.read': { label: '查看操作日志', roles: ['streetAdmin'] },
  'privacy.manage': { label: '管理个人信息保留期限', roles: ['streetAdmin'] },
  'catalogue.manage': { label: '管理记录类型', roles: ['streetAdmin'] },
  // Publicising an activity to residents: community and street staff over its node (a grid worker logs it,
  // those who answer for the community's or street's voice publish it).
  'publication.manage': { label: '发布活动', roles: ['communityStaff', 'streetStaff', 'streetAdmin'] },
  // Deciding on content WeChat's check held for review: street staff and admins.
  'publication.review': { label: '审核公开内容', roles: ['streetStaff', 'streetAdmin'] },
}

export const POLICY_ACTIONS = Object.keys(POLICY) as PolicyAction[]

export interface Actor {
  readonly openid: string
  readonly grants: readonly RoleGrant[]
}

/** A record with handlers (who logged an event, a case's 承办人): their OPENIDs. */
export interface HandledRecord {
  readonly handlers: readonly string[]
}

export type Decision =
  | { readonly allowed: true; readonly grant?: RoleGrant; readonly asHandler: boolean }
  | { readonly allowed: false; readonly code: Extract<ErrorCode, `AUTH.${string}`> }

/**
 * Decides one action at one node. Refusals say why: AUTH.NOT_STAFF (no grant at all),
 * AUTH.OUT_OF_SCOPE (the role may, but not at that node), AUTH.FORBIDDEN (no role of the person may).
 */
export function authorize(
  actor: Actor | undefined,
  action: PolicyAction,
  target: NodePlace,
  record?: HandledRecord,
): Decision {
  if (!actor || actor.grants.length === 0) return { allowed: false, code: 'AUTH.NOT_STAFF' }
  const rule = POLICY[action]
  const permitted = actor.grants.filter((g) => rule.roles.includes(g.role))
  const grant = permitted.find((g) => covers(g.nodeId, target))
  if (grant) return { allowed: true, grant, asHandler: false }
  if (rule.handlers && record?.handlers.includes(actor.openid)) return { allowed: true, asHandler: true }
  return { allowed: false, code: permitted.length > 0 ? 'AUTH.OUT_OF_SCOPE' : 'AUTH.FORBIDDEN' }
}

/** True when some grant of the person allows the action somewhere (to show or hide a menu entry). */
export const mayEver = (actor: Actor | undefined, action: PolicyAction): boolean =>
  !!actor && actor.grants.some((g) => POLICY[action].roles.includes(g.role))

/** Where a person logs an event by default: the most specific node they may log at (their grid first). */
export function defaultLoggingGrant(grants: readonly RoleGrant[]): RoleGrant | undefined {
  const order: readonly StaffRole[] = ['gridWorker', 'communityStaff', 'streetStaff', 'streetAdmin']
  for (const role of order) {
    const grant = grants.find((g) => g.role === role && POLICY['event.log'].roles.includes(g.role))
    if (grant) return grant
  }
  return undefined
}
