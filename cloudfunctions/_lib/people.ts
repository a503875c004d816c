/**
 * The people and org-tree repository: `users` documents (keyed by OPENID) and `orgNodes`, read into
 * the shapes the core works with. Only this module knows how they are stored.
 */
import type { GrantHistoryView, PersonView } from '../../src/core/contract'
import { streetOf, type NodeKind, type OrgNode } from '../../src/core/org-tree'
import type { GrantView, RoleGrant, StaffRole } from '../../src/core/roles'
import { db, isoOf, type Doc } from './cloud'

export interface GrantHistoryEntry {
  readonly role: StaffRole
  readonly nodeId: string
  readonly from: Date
  readonly to?: Date
  readonly reason?: string
  /** OPENID of who granted or ended it. */
  readonly by: string
}

export interface Person {
  readonly openid: string
  readonly name: string
  readonly streetId?: string
  /** Active grants only. */
  readonly grants: readonly RoleGrant[]
  readonly status: 'active' | 'revoked'
  readonly history: readonly GrantHistoryEntry[]
  /** The privacy-notice version the person consented to (a copy of their `consents` document). */
  readonly consentVersion?: string
}

/** A node with the street it belongs to (undefined for a district). */
export interface StoredNode extends OrgNode {
  readonly streetId?: string
}

export function personOf(data: Doc): Person {
  return {
    openid: String(data._id),
    name: String(data.name ?? ''),
    streetId: typeof data.streetId === 'string' ? data.streetId : undefined,
    grants: Array.isArray(data.grants) ? (data.grants as RoleGrant[]) : [],
    status: data.status === 'revoked' ? 'revoked' : 'active',
    history: Array.isArray(data.history) ? (data.history as GrantHistoryEntry[]) : [],
    ...(typeof data.consentVersion === 'string' ? { consentVersion: data.consentVersion } : {}),
  }
}

/** The caller as known to the product; undefined for someone never invited (a resident). */
export async function findPerson(openid: string | undefined): Promise<Person | undefined> {
  if (!openid) return undefined
  const { data } = await db.collection('users').doc(openid).get()
  return data ? personOf(data) : undefined
}

export function nodeOf(data: Doc): StoredNode {
  const node: OrgNode = {
    id: String(data._id),
    kind: data.kind as NodeKind,
    name: String(data.name ?? ''),
    parentId: typeof data.parentId === 'string' ? data.parentId : null,
    ancestors: Array.isArray(data.ancestors) ? (data.ancestors as string[]) : [],
    retired: data.retired === true,
  }
  // Derived from the path, whatever the stored copy (kept only for the by_street index) says.
  const streetId = streetOf(node)
  return streetId ? { ...node, streetId } : node
}

export async function findNode(id: unknown): Promise<StoredNode | undefined> {
  if (typeof id !== 'string' || id.length === 0 || id.length > 64) return undefined
  const { data } = await db.collection('orgNodes').doc(id).get()
  return data ? nodeOf(data) : undefined
}

/** Nodes by id, in one query (ids not found are absent from the map). */
export async function findNodes(ids: Iterable<string>): Promise<Map<string, StoredNode>> {
  const unique = [...new Set(ids)]
  const nodes = new Map<string, StoredNode>()
  if (unique.length === 0) return nodes
  const { data } = await db
    .collection('orgNodes')
    .where({ _id: db.command.in(unique) })
    .limit(unique.length)
    .get()
  for (const doc of data) nodes.set(String(doc._id), nodeOf(doc))
  return nodes
}

export const grantViews = (grants: readonly RoleGrant[], nodes: Map<string, StoredNode>): GrantView[] =>
  grants.map((g) => ({ role: g.role, nodeId: g.nodeId, nodeName: nodes.get(g.nodeId)?.name ?? '（已删除）' }))

/** The admin's view of a person (`viewer`: the admin's OPENID): an explicit whitelist of the stored document. */
export function personView(
  person: Person,
  nodes: Map<string, StoredNode>,
  viewer: string | undefined,
): PersonView {
  const history: GrantHistoryView[] = person.history.map((h) => ({
    role: h.role,
    nodeName: nodes.get(h.nodeId)?.name ?? '（已删除）',
    from: isoOf(h.from),
    ...(h.to ? { to: isoOf(h.to) } : {}),
    ...(h.reason ? { reason: h.reason } : {}),
  }))
  return {
    id: person.openid,
    name: person.name,
    grants: grantViews(person.grants, nodes),
    status: person.status,
    history,
    self: person.openid === viewer,
  }
}

/** Every node id a person view needs a name for. */
export const nodeIdsOf = (person: Person): string[] => [
  ...person.grants.map((g) => g.nodeId),
  ...person.history.map((h) => h.nodeId),
]
