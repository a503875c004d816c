/**
 * Roles (domain.md, "People"). A person holds any number of grants, each a role at one org node; the
 * node bounds what the role reaches (that node and everything below it). Anyone with no grant is a
 * resident (居民). What each role may do is the policy module's table (policy.ts), not here.
 */
import type { NodeKind } from './org-tree'

export type StaffRole = 'gridWorker' | 'communityStaff' | 'streetStaff' | 'streetAdmin' | 'districtViewer'
export type Role = 'resident' | StaffRole

export const ROLE_LABELS: Record<Role, string> = {
  resident: '居民',
  gridWorker: '网格员',
  communityStaff: '社区工作人员/调解员',
  streetStaff: '街道工作人员',
  streetAdmin: '街道管理员',
  districtViewer: '区级查看',
}

export const STAFF_ROLES: readonly StaffRole[] = [
  'gridWorker',
  'communityStaff',
  'streetStaff',
  'streetAdmin',
  'districtViewer',
]

/** The kind of node each role is granted at: a grid worker at a 网格, a mediator at a 社区 … */
export const ROLE_NODE_KIND: Record<StaffRole, NodeKind> = {
  gridWorker: 'grid',
  communityStaff: 'community',
  streetStaff: 'street',
  streetAdmin: 'street',
  districtViewer: 'district',
}

export const isStaffRole = (value: unknown): value is StaffRole =>
  typeof value === 'string' && (STAFF_ROLES as readonly string[]).includes(value)

export interface RoleGrant {
  readonly role: StaffRole
  /** The org node the role applies to (a grid for a grid worker, a street for street staff). */
  readonly nodeId: string
}

/**
 * Whether an admin changing `role` on their own entry (`self`) must leave it to another admin: their own
 * 街道管理员 grant, so that a street is never left without an admin by mistake (PEOPLE.SELF).
 */
export const isOwnAdminGrant = (role: StaffRole, self: boolean): boolean => self && role === 'streetAdmin'

/** A grant as shown to its holder and to admins: with the node's name. */
export interface GrantView extends RoleGrant {
  readonly nodeName: string
}
