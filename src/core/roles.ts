/**
 * Roles (domain.md, "People") and what the first slice lets each do. The full policy module
 * (role × action × org node × record) arrives with the accounts issue and replaces `mayLog`/`mayReadStreet`.
 */

export type Role =
  'resident' | 'gridWorker' | 'communityStaff' | 'streetStaff' | 'streetAdmin' | 'districtViewer'

export const ROLE_LABELS: Record<Role, string> = {
  resident: '居民',
  gridWorker: '网格员',
  communityStaff: '社区工作人员',
  streetStaff: '街道工作人员',
  streetAdmin: '街道管理员',
  districtViewer: '区级查看',
}

export interface RoleGrant {
  readonly role: Role
  /** The org node the role applies to (a grid for a grid worker, a street for street staff). */
  readonly nodeId: string
}

/** Who may log events, and at which node: grid workers at their grid, community staff at their community. */
export function loggingGrant(roles: readonly RoleGrant[]): RoleGrant | undefined {
  return roles.find((r) => r.role === 'gridWorker') ?? roles.find((r) => r.role === 'communityStaff')
}

/** Street staff and admins read their street's figures. */
export function streetGrant(roles: readonly RoleGrant[]): RoleGrant | undefined {
  return roles.find((r) => r.role === 'streetStaff' || r.role === 'streetAdmin')
}
