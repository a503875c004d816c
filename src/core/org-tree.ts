/**
 * The org tree (组织树): 区 district → 街道 street → 社区/村 community → 网格 grid. Every node stores the
 * ids of the nodes above it (`ancestors`, from the district down), so "this node and everything below
 * it" is one indexed equality (`ancestors: id`) and a grant's reach is a membership test.
 *
 * Nodes are never deleted: a retired node keeps its id, so an event logged at it keeps its node even
 * after the tree changes.
 */
import type { FieldErrors } from './errors'

export type NodeKind = 'district' | 'street' | 'community' | 'grid'

export const NODE_KIND_LABELS: Record<NodeKind, string> = {
  district: '区',
  street: '街道',
  community: '社区/村',
  grid: '网格',
}

/** The only kind a node of each kind may hang under. */
export const PARENT_KIND: Record<NodeKind, NodeKind | null> = {
  district: null,
  street: 'district',
  community: 'street',
  grid: 'community',
}

export const CHILD_KIND: Record<NodeKind, NodeKind | null> = {
  district: 'street',
  street: 'community',
  community: 'grid',
  grid: null,
}

export const NODE_NAME_LIMITS = { min: 2, max: 30 } as const

/** Where a node sits: its id and the ids above it, from the district down. */
export interface NodePlace {
  readonly id: string
  readonly ancestors: readonly string[]
}

export interface OrgNode extends NodePlace {
  readonly kind: NodeKind
  readonly name: string
  readonly parentId: string | null
  readonly retired: boolean
}

/** True when `target` is `node` itself or lies below it. */
export const covers = (nodeId: string, target: NodePlace): boolean =>
  target.id === nodeId || target.ancestors.includes(nodeId)

/** The street a node belongs to (itself when it is a street); undefined for a district. */
export function streetOf(node: NodePlace & { kind: NodeKind }): string | undefined {
  if (node.kind === 'street') return node.id
  if (node.kind === 'district') return undefined
  return node.ancestors[1]
}

/** The ancestors a child of `parent` gets. */
export const childAncestors = (parent: NodePlace): string[] => [...parent.ancestors, parent.id]

/** A trimmed node name, or the Chinese sentence saying what is wrong with it. */
export function validateNodeName(
  value: unknown,
): { ok: true; value: string } | { ok: false; fields: FieldErrors } {
  const name = typeof value === 'string' ? value.trim() : ''
  if (name.length === 0) return { ok: false, fields: { name: '请填写名称' } }
  if (name.length < NODE_NAME_LIMITS.min)
    return { ok: false, fields: { name: `名称至少${NODE_NAME_LIMITS.min}个字` } }
  if (name.length > NODE_NAME_LIMITS.max)
    return { ok: false, fields: { name: `名称不能超过${NODE_NAME_LIMITS.max}个字` } }
  return { ok: true, value: name }
}

/**
 * Why `node` cannot move under `parent`, or undefined when it can: the parent must be of the kind the
 * tree demands, active, in the same street, and not the node itself or below it.
 */
export function moveProblem(
  node: OrgNode,
  parent: OrgNode,
): 'ORG.WRONG_PARENT_KIND' | 'ORG.NODE_RETIRED' | 'ORG.MOVE_INTO_ITSELF' | 'ORG.OTHER_STREET' | undefined {
  if (covers(node.id, parent)) return 'ORG.MOVE_INTO_ITSELF'
  if (PARENT_KIND[node.kind] !== parent.kind) return 'ORG.WRONG_PARENT_KIND'
  if (parent.retired || node.retired) return 'ORG.NODE_RETIRED'
  const from = streetOf(node)
  const to = parent.kind === 'street' ? parent.id : streetOf(parent)
  if (from !== to) return 'ORG.OTHER_STREET'
  return undefined
}
