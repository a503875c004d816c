/**
 * Demo data for `npm start`: 春城街道 with its communities and grids, one persona of each role, and a
 * year and a half of plausible 法律讲座, so a newcomer sees a living product at once. Deterministic
 * (no randomness): the same demo every time. Only the local cloud loads this file (DEMO=0 turns it
 * off); it never reaches a real environment.
 */
import type { Persona, Seed } from '../src/server'

const district = {
  _id: 'node-lvyuan',
  kind: 'district',
  name: '绿园区',
  parentId: null,
  ancestors: [] as string[],
  retired: false,
}
const street = {
  _id: 'node-chuncheng',
  kind: 'street',
  name: '春城街道',
  parentId: district._id,
  ancestors: [district._id],
  streetId: 'node-chuncheng',
  retired: false,
}
const communities = ['明园社区', '春晓社区', '兴华社区'].map((name, i) => ({
  _id: ['node-cc-mingyuan', 'node-cc-chunxiao', 'node-cc-xinghua'][i]!,
  kind: 'community',
  name,
  parentId: street._id,
  ancestors: [district._id, street._id],
  streetId: street._id,
  retired: false,
}))
const grids = communities.flatMap((c, ci) =>
  [1, 2, 3].map((n) => ({
    _id: `${c._id}-grid-${n}`,
    kind: 'grid',
    name: `第${ci * 3 + n}网格`,
    parentId: c._id,
    ancestors: [...c.ancestors, c._id],
    streetId: street._id,
    retired: false,
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

const TOPICS = [
  '民法典进社区',
  '反电信网络诈骗',
  '国家安全法',
  '未成年人保护法',
  '劳动合同纠纷预防',
  '婚姻家庭与继承',
  '消费者权益保护',
]
const PLACES = ['社区党群服务中心', '社区活动室', '辖区小学报告厅', '新时代文明实践站']

/** 14 lectures last year (as in the seed report: 全年共举办各类法律讲座14场) and one a month this year so far. */
function demoLectures(today: Date): Record<string, unknown>[] {
  const thisYear = Number(new Date(today.getTime() + 8 * 3600_000).toISOString().slice(0, 4))
  const days: string[] = []
  for (let i = 0; i < 14; i++)
    days.push(
      `${thisYear - 1}-${String((i % 12) + 1).padStart(2, '0')}-${String(5 + ((i * 7) % 20)).padStart(2, '0')}`,
    )
  const todayIso = new Date(today.getTime() + 8 * 3600_000).toISOString().slice(0, 10)
  for (let m = 1; m <= 12; m++) {
    const day = `${thisYear}-${String(m).padStart(2, '0')}-10`
    if (day <= todayIso) days.push(day)
  }
  return days.map((happenedOn, i) => {
    const grid = grids[(i * 4) % grids.length]!
    const author = i % 3 === 0 ? personas[1]! : personas[0]!
    const id = demoId(i + 1)
    return {
      _id: id,
      type: 'lecture',
      typeLabel: '法律讲座',
      title: `${TOPICS[i % TOPICS.length]}法律讲座`,
      happenedOn,
      year: Number(happenedOn.slice(0, 4)),
      month: happenedOn.slice(0, 7),
      place: `${communities[Math.floor((i * 4) / 3) % 3]!.name}${PLACES[i % PLACES.length]}`,
      measures: { participants: 20 + ((i * 13) % 60), materials: 30 + ((i * 17) % 90) },
      attributes: { speaker: null },
      photos: [],
      location: null,
      nodeId: grid._id,
      nodeName: grid.name,
      ancestors: [...grid.ancestors, grid._id],
      streetId: street._id,
      voided: false,
      listStatus: 'recorded',
      handlers: [author.openid],
      createdBy: author.openid,
      createdByName: author.name,
      createdAt: new Date(`${happenedOn}T10:00:00+08:00`),
      version: 1,
      lastRequestId: id,
    }
  })
}

/** Demo events have fixed UUIDs (events are addressed by UUID): 00000000-0000-4000-8000-000000000001 … */
const demoId = (n: number): string => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`

export const chunchengSeed = (today: Date = new Date()): Seed => ({
  personas,
  documents: {
    orgNodes: [district, street, ...communities, ...grids],
    // Residents are nobody's business until invited: only staff have a users document.
    users: personas
      .filter((p) => p.role !== 'resident')
      .map((p) => ({
        _id: p.openid,
        name: p.name,
        streetId: street._id,
        grants: [{ role: p.role, nodeId: p.nodeId }],
        status: 'active',
        history: [
          { role: p.role, nodeId: p.nodeId, from: new Date('2024-01-02T09:00:00+08:00'), by: 'setup' },
        ],
      })),
    events: demoLectures(today),
  },
})
