/**
 * Demo data for `npm start`: 春城街道 with its communities and grids, and one persona of each role,
 * so a newcomer sees a living product at once. Events are added by the features that log them.
 * Only the local cloud loads this file (DEMO=0 turns it off); it never reaches a real environment.
 */
import type { Persona, Seed } from '../src/server'

const district = { _id: 'node-lvyuan', kind: 'district', name: '绿园区', parentId: null }
const street = { _id: 'node-chuncheng', kind: 'street', name: '春城街道', parentId: district._id }
const communities = [
  { _id: 'node-cc-mingyuan', kind: 'community', name: '明园社区', parentId: street._id },
  { _id: 'node-cc-chunxiao', kind: 'community', name: '春晓社区', parentId: street._id },
  { _id: 'node-cc-xinghua', kind: 'community', name: '兴华社区', parentId: street._id },
]
const grids = communities.flatMap((c, ci) =>
  [1, 2, 3].map((n) => ({
    _id: `${c._id}-grid-${n}`,
    kind: 'grid',
    name: `第${ci * 3 + n}网格`,
    parentId: c._id,
  })),
)
const grid3 = grids[2]!
const mingyuan = communities[0]!

export const personas: readonly Persona[] = [
  {
    openid: 'demo-grid-zhangwei',
    name: '张伟',
    role: 'gridWorker',
    roleLabel: '网格员',
    nodeId: grid3._id,
    nodeName: `春城街道${grid3.name}`,
  },
  {
    openid: 'demo-community-zhaomin',
    name: '赵敏',
    role: 'communityStaff',
    roleLabel: '社区工作人员',
    nodeId: mingyuan._id,
    nodeName: mingyuan.name,
  },
  {
    openid: 'demo-street-chenjing',
    name: '陈静',
    role: 'streetStaff',
    roleLabel: '街道工作人员',
    nodeId: street._id,
    nodeName: street.name,
  },
  {
    openid: 'demo-admin-lina',
    name: '李娜',
    role: 'streetAdmin',
    roleLabel: '街道管理员',
    nodeId: street._id,
    nodeName: street.name,
  },
  {
    openid: 'demo-resident-wangfang',
    name: '王芳',
    role: 'resident',
    roleLabel: '居民',
    nodeId: street._id,
    nodeName: street.name,
  },
]

export const chunchengSeed: Seed = {
  personas,
  documents: {
    orgNodes: [district, street, ...communities, ...grids],
    users: personas.map((p) => ({
      _id: p.openid,
      name: p.name,
      streetId: street._id,
      roles: p.role === 'resident' ? [] : [{ role: p.role, nodeId: p.nodeId }],
    })),
  },
}
