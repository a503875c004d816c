/**
 * org: the org tree (区 → 街道 → 社区/村 → 网格). Street admins add, rename, move and retire the nodes
 * below their street; every node keeps its history; nothing is deleted, so an event keeps its node.
 * Everyone on the staff reads their part of the tree (for pickers and names).
 */
import { randomBytes } from 'node:crypto'
import type { OrgNodeView } from '../../src/core/contract'
import { changesBetween } from '../../src/core/audit'
import { AppError } from '../../src/core/errors'
import { CHILD_KIND, childAncestors, moveProblem, validateNodeName } from '../../src/core/org-tree'
import { POLICY } from '../../src/core/policy'
import { writeAuditIn } from '../_lib/audit'
import { db, type Doc } from '../_lib/cloud'
import { findNode, findNodes, nodeOf, personOf, type StoredNode } from '../_lib/people'
import { serve, type Context } from '../_lib/serve'

const view = (n: StoredNode): OrgNodeView => ({
  id: n.id,
  kind: n.kind,
  name: n.name,
  parentId: n.parentId,
  retired: n.retired,
})

const MAX_NODES = 1000

async function existingNode(id: unknown): Promise<StoredNode> {
  const node = await findNode(id)
  if (!node) throw new AppError('ORG.NOT_FOUND')
  return node
}

/** Refuses changes to the street itself or above: a street admin manages what is below their street. */
async function managedNode(ctx: Context, id: unknown): Promise<StoredNode> {
  const node = await existingNode(id)
  await ctx.require('org.manage', node)
  if (node.kind === 'street' || node.kind === 'district') await ctx.refuse('AUTH.FORBIDDEN', node.streetId)
  if (node.retired) throw new AppError('ORG.NODE_RETIRED')
  return node
}

async function siblingNameTaken(parentId: string, name: string, except?: string): Promise<boolean> {
  const { data } = await db.collection('orgNodes').where({ parentId, name, retired: false }).limit(2).get()
  return data.some((d) => d._id !== except)
}

/** Writes a node's change with its history entry and audit entry, all or nothing. */
async function commitChange(
  ctx: Context,
  node: StoredNode,
  change: Doc,
  action: 'org.add' | 'org.rename' | 'org.move' | 'org.retire',
  before: Doc,
): Promise<void> {
  const after = Object.fromEntries(Object.keys(before).map((k) => [k, change[k]]))
  const changes = changesBetween(before, after)
  const entry = { at: new Date(), by: ctx.openid ?? '', change: action, changes }
  await db.runTransaction(async (t) => {
    const ref = t.collection('orgNodes').doc(node.id)
    if (action === 'org.add') {
      await ref.set({ data: { ...change, history: [entry] } })
    } else {
      const { data } = await ref.get()
      const history = Array.isArray(data?.history) ? data.history : []
      await ref.update({ data: { ...change, history: [...history, entry] } })
    }
    await writeAuditIn(
      t,
      ctx.entry(
        action,
        node.streetId,
        { kind: 'orgNode', id: node.id, label: String(change.name ?? node.name) },
        changes,
      ),
    )
  })
}

export const main = serve('org', {
  tree: {
    access: 'org.read',
    async run(request, ctx) {
      const roots = await findNodes(
        (ctx.person?.grants ?? [])
          .filter((g) => POLICY['org.read'].roles.includes(g.role))
          .map((g) => g.nodeId),
      )
      // Each root's subtree in one indexed query: a street's nodes carry its id; below a community or a
      // district, its children; a grid has none. Admins also see how many people work at each node.
      const subtree = (root: StoredNode) =>
        root.kind === 'grid'
          ? Promise.resolve({ data: [] })
          : db
              .collection('orgNodes')
              .where(root.kind === 'street' ? { streetId: root.id } : { parentId: root.id })
              .limit(MAX_NODES)
              .get()
      const staff = (root: StoredNode) =>
        root.kind === 'street' && ctx.allows('people.manage', root)
          ? db.collection('users').where({ streetId: root.id, status: 'active' }).limit(1000).get()
          : Promise.resolve({ data: [] })
      const [subtrees, people] = await Promise.all([
        Promise.all([...roots.values()].map(subtree)),
        Promise.all([...roots.values()].map(staff)),
      ])
      const found = new Map<string, StoredNode>([...roots.values()].map((r) => [r.id, r]))
      for (const d of subtrees.flatMap((r) => r.data)) found.set(String(d._id), nodeOf(d))
      const counts = new Map<string, number>()
      for (const grant of people.flatMap((r) => r.data).flatMap((d) => personOf(d).grants))
        counts.set(grant.nodeId, (counts.get(grant.nodeId) ?? 0) + 1)
      const order = { district: 0, street: 1, community: 2, grid: 3 }
      const nodes = [...found.values()]
        .filter((n) => request.includeRetired === true || !n.retired)
        .sort(
          (a, b) =>
            order[a.kind] - order[b.kind] || a.name.localeCompare(b.name, 'zh-Hans-CN', { numeric: true }),
        )
      return {
        nodes: nodes.map((n) => ({
          ...view(n),
          ...(counts.has(n.id) ? { peopleCount: counts.get(n.id) } : {}),
        })),
      }
    },
  },

  add: {
    access: 'org.manage',
    async run(request, ctx) {
      const parent = await existingNode(request.parentId)
      await ctx.require('org.manage', parent)
      if (parent.retired) throw new AppError('ORG.NODE_RETIRED')
      const kind = CHILD_KIND[parent.kind]
      if (!kind || parent.kind === 'district') throw new AppError('ORG.WRONG_PARENT_KIND')
      const name = validateNodeName(request.name)
      if (!name.ok) throw new AppError('ORG.INVALID', { fields: name.fields })
      if (await siblingNameTaken(parent.id, name.value))
        throw new AppError('ORG.INVALID', { fields: { name: '同一级已有同名节点' } })
      const node: StoredNode = {
        id: `node-${randomBytes(8).toString('hex')}`,
        kind,
        name: name.value,
        parentId: parent.id,
        ancestors: childAncestors(parent),
        retired: false,
        streetId: parent.streetId,
      }
      const { id: _id, ...stored } = node
      await commitChange(ctx, node, stored, 'org.add', { name: null, parentId: null })
      return { node: view(node) }
    },
  },

  rename: {
    access: 'org.manage',
    async run(request, ctx) {
      const node = await managedNode(ctx, request.id)
      const name = validateNodeName(request.name)
      if (!name.ok) throw new AppError('ORG.INVALID', { fields: name.fields })
      if (name.value === node.name) return { node: view(node) }
      if (node.parentId && (await siblingNameTaken(node.parentId, name.value, node.id)))
        throw new AppError('ORG.INVALID', { fields: { name: '同一级已有同名节点' } })
      await commitChange(ctx, node, { name: name.value }, 'org.rename', { name: node.name })
      return { node: view({ ...node, name: name.value }) }
    },
  },

  move: {
    access: 'org.manage',
    async run(request, ctx) {
      const node = await managedNode(ctx, request.id)
      const parent = await existingNode(request.parentId)
      await ctx.require('org.manage', parent)
      const problem = moveProblem(node, parent)
      if (problem) throw new AppError(problem)
      if (parent.id === node.parentId) return { node: view(node) }
      // Within one street only grids can change parent (a community's parent is the street itself), and
      // grids have no nodes below them: no descendant needs its ancestors rewritten.
      const ancestors = childAncestors(parent)
      await commitChange(ctx, node, { parentId: parent.id, ancestors }, 'org.move', {
        parentId: node.parentId,
        ancestors: node.ancestors,
      })
      return { node: view({ ...node, parentId: parent.id, ancestors }) }
    },
  },

  retire: {
    access: 'org.manage',
    async run(request, ctx) {
      const node = await managedNode(ctx, request.id)
      const [children, people] = await Promise.all([
        db.collection('orgNodes').where({ parentId: node.id, retired: false }).count(),
        db.collection('users').where({ streetId: node.streetId, 'grants.nodeId': node.id }).count(),
      ])
      if (children.total > 0) throw new AppError('ORG.HAS_ACTIVE_CHILDREN', { count: children.total })
      if (people.total > 0) throw new AppError('ORG.HAS_PEOPLE', { count: people.total })
      await commitChange(ctx, node, { retired: true, retiredAt: new Date() }, 'org.retire', {
        retired: false,
      })
      return { node: view({ ...node, retired: true }) }
    },
  },
})
