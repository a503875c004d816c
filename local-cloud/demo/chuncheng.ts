/**
 * Demo data for `npm start`: 春城街道 with its communities and grids, one persona of each role, and a
 * year and a half of plausible 法律讲座, so a newcomer sees a living product at once. Deterministic
 * (no randomness): the same demo every time. Only the local cloud loads this file (DEMO=0 turns it
 * off); it never reaches a real environment.
 */
import { BUILT_IN_TYPES } from '../../src/core/event-types'
import { rollupsOf, storedCells, type CountableEvent } from '../../src/core/rollups'
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

/** What every demo event has: where and when it happened, who logged it, version 1. */
function demoOrigin(
  id: string,
  grid: (typeof grids)[number],
  happenedOn: string,
  author: { openid: string; name: string },
): Record<string, unknown> {
  return {
    _id: id,
    happenedOn,
    year: Number(happenedOn.slice(0, 4)),
    month: happenedOn.slice(0, 7),
    photos: [],
    location: null,
    nodeId: grid._id,
    nodeName: grid.name,
    ancestors: [...grid.ancestors, grid._id],
    streetId: street._id,
    voided: false,
    handlers: [author.openid],
    createdBy: author.openid,
    createdByName: author.name,
    version: 1,
    lastRequestId: id,
  }
}

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
      ...demoOrigin(id, grid, happenedOn, author),
      type: 'lecture',
      typeLabel: '法律讲座',
      title: `${TOPICS[i % TOPICS.length]}法律讲座`,
      place: `${communities[Math.floor((i * 4) / 3) % 3]!.name}${PLACES[i % PLACES.length]}`,
      measures: { participants: 20 + ((i * 13) % 60), materials: 30 + ((i * 17) % 90) },
      attributes: { speaker: null },
      listStatus: 'recorded',
      createdAt: new Date(`${happenedOn}T10:00:00+08:00`),
    }
  })
}

/** Two open cases for 待办案件: a grid event reported 12 days ago and a dispute being mediated. */
function demoCases(today: Date): Record<string, unknown>[] {
  const day = (daysAgo: number) =>
    new Date(today.getTime() + 8 * 3600_000 - daysAgo * 86_400_000).toISOString().slice(0, 10)
  const grid = grids[2]! // 第3网格, 张伟's
  const worker = personas[0]!
  const mediator = personas[1]!
  const origin = (id: string, by: Persona, happenedOn: string) => ({
    ...demoOrigin(id, grid, happenedOn, by),
    measures: {},
    listStatus: 'open',
    open: true,
    followUps: 0,
    outcome: null,
    referral: null,
    department: null,
    closure: null,
    closedOn: null,
    createdAt: new Date(`${happenedOn}T09:30:00+08:00`),
  })
  const reported = day(12)
  const accepted = day(5)
  return [
    {
      ...origin(demoId(101), worker, reported),
      type: 'gridEvent',
      typeLabel: '网格事件',
      title: '小区东门路灯损坏',
      place: '明园小区东门',
      attributes: { category: '安全隐患' },
      lifecycle: 'gridEvent',
      status: 'reported',
      lastStepOn: reported,
      steps: [],
      handlers: [worker.openid],
      version: 1,
    },
    {
      ...origin(demoId(102), mediator, accepted),
      type: 'dispute',
      typeLabel: '矛盾纠纷',
      title: '楼上漏水引发邻里纠纷',
      place: '明园小区3栋',
      attributes: { category: '邻里纠纷' },
      lifecycle: 'dispute',
      status: 'mediating',
      lastStepOn: accepted,
      partyCount: 2,
      steps: [
        {
          kind: 'startMediation',
          on: accepted,
          from: 'accepted',
          to: 'mediating',
          at: new Date(`${accepted}T10:00:00+08:00`),
          by: mediator.openid,
          byName: mediator.name,
        },
      ],
      handlers: [mediator.openid],
      version: 2,
    },
  ]
}

/**
 * The rest of last year as the seed report counts it (春城街道: 接受法律咨询100余人次, 文艺汇演等特色普法宣传活动9次,
 * 排查化解矛盾纠纷64件, 处理网格事件639件, 调处率和办结率均100%), with enforcement and study as 启新街道's
 * report has them: as if the street had imported its old ledgers (by 历史台账, not by a persona), all
 * cases closed, spread over the nine grids and the year.
 */
function demoLastYear(today: Date): Record<string, unknown>[] {
  const year = Number(new Date(today.getTime() + 8 * 3600_000).toISOString().slice(0, 4)) - 1
  const importer = { openid: 'demo-ledger-import', name: '历史台账' }
  const out: Record<string, unknown>[] = []
  const add = (type: string, label: string, n: number, make: (i: number) => Record<string, unknown>) => {
    for (let i = 0; i < n; i++) {
      const k = out.length
      const grid = grids[(k * 5) % grids.length]!
      const happenedOn = `${year}-${String((k % 12) + 1).padStart(2, '0')}-${String(1 + ((k * 11) % 28)).padStart(2, '0')}`
      const id = demoId(1000 + k)
      const fields = make(i)
      const closed = fields.lifecycle !== undefined
      out.push({
        ...demoOrigin(id, grid, happenedOn, importer),
        type,
        typeLabel: label,
        place: grid.name,
        measures: {},
        attributes: {},
        listStatus: closed ? 'closed' : 'recorded',
        ...(closed
          ? {
              open: false,
              status: 'closed',
              closedOn: happenedOn,
              lastStepOn: happenedOn,
              followUps: 0,
              steps: [],
              referral: null,
              department: null,
            }
          : {}),
        createdAt: new Date(`${year + 1}-01-05T09:00:00+08:00`),
        ...fields,
      })
    }
  }
  // 106 人次 over 20 sessions → 100余人次.
  add('consultation', '法律咨询', 20, (i) => ({
    title: '法律顾问坐班咨询',
    measures: { people: i < 6 ? 6 : 5 },
    attributes: { adviser: '社区法律顾问' },
  }))
  add('promotion', '普法宣传活动', 10, (i) => ({
    title: i === 9 ? '反诈知识宣讲（联合春城大街派出所）' : `民法典普法文艺汇演${i + 1}`,
    measures: { audience: 180 + i * 10, materials: 30 },
    attributes: {
      form: i < 5 ? '文艺汇演' : i < 9 ? '进社区' : '宣讲',
      theme: i === 9 ? '反诈' : '民法典',
      partner: i === 9 ? '春城大街派出所' : null,
    },
  }))
  add('dispute', '矛盾纠纷', 64, () => ({
    title: '邻里纠纷调解',
    attributes: { category: '邻里纠纷' },
    lifecycle: 'dispute',
    outcome: 'success',
    closure: null,
    partyCount: 0,
  }))
  add('gridEvent', '网格事件', 639, (i) => ({
    title: '网格巡查发现问题',
    attributes: { category: ['环境卫生', '安全隐患', '市容秩序', '民生服务'][i % 4] },
    lifecycle: 'gridEvent',
    outcome: null,
    closure: i % 3 === 0 ? 'procedural' : 'substantive',
  }))
  add('enforcement', '执法行动', 38, (i) => ({
    title: '综合行政执法',
    attributes: {
      category: i < 20 ? '私搭乱建' : i < 29 ? '乱堆乱放' : '日常执法检查',
      joint: i % 3 === 0,
      departments: i % 3 === 0 ? '城管、市场监管' : null,
    },
  }))
  add('study', '法治学习培训', 12, (i) => ({
    title: i < 9 ? '党工委理论中心组学法' : i < 11 ? '观看警示教育片《越界》' : '赴区廉政教育基地参观学习',
    measures: { participants: i < 9 ? 15 : i < 11 ? 20 : 52 },
    attributes: { form: i < 9 ? '中心组学法' : i < 11 ? '警示教育片' : '参观学习' },
  }))
  return out
}

function demoCaseParties(): Record<string, unknown>[] {
  const grid = grids[2]!
  return [
    {
      _id: demoId(102),
      streetId: street._id,
      nodeId: grid._id,
      parties: [
        { role: 'applicant', name: '张明华', phone: '13812345678' },
        { role: 'respondent', name: '李国强' },
      ],
      closedOn: null,
      purged: false,
    },
  ]
}

/**
 * What residents see at once: the three latest demo lectures publicised after they were held, and
 * three activities announced for the coming days (not yet held, so not counted). Stored as the
 * `publications` function stores them (cloudfunctions/_lib/publications.repository.ts), text and no images.
 */
function demoPublications(
  today: Date,
  lectures: readonly Record<string, unknown>[],
): Record<string, unknown>[] {
  const clerk = personas[2]!
  const day = (days: number) =>
    new Date(today.getTime() + 8 * 3600_000 + days * 86_400_000).toISOString().slice(0, 10)
  const at = new Date(today.getTime() - 86_400_000)
  const publication = (
    id: string,
    type: { type: string; label: string },
    node: { _id: string; name: string; ancestors: string[] },
    community: { _id: string; name: string } | null,
    live: Record<string, unknown>,
    eventId: string | null,
  ) => ({
    _id: id,
    type: type.type,
    typeLabel: type.label,
    streetId: street._id,
    streetName: street.name,
    nodeId: node._id,
    nodeName: node.name,
    ancestors: [...node.ancestors, node._id],
    communityId: community?._id ?? null,
    where: community?.name ?? street.name,
    status: 'published',
    visible: true,
    startsAt: `${String(live.date)} ${String(live.startTime)}`,
    live: { cover: null, coverThumb: null, photos: [], ...live },
    pending: null,
    media: [],
    eventId,
    unpublishReason: null,
    version: 1,
    history: [{ at, by: clerk.openid, byName: clerk.name, action: 'publish' }],
    createdAt: at,
    createdBy: clerk.openid,
    createdByName: clerk.name,
    updatedAt: at,
    updatedBy: clerk.openid,
  })
  const lecture = { type: 'lecture', label: '法律讲座' }
  const communityOf = (nodeId: unknown) => communities.find((c) => String(nodeId).startsWith(c._id)) ?? null
  const held = lectures.slice(-3).map((e) => {
    const grid = grids.find((g) => g._id === e.nodeId)!
    return publication(
      String(e._id),
      lecture,
      grid,
      communityOf(e.nodeId),
      {
        title: String(e.title),
        summary: `${String(e.title)}已在${String(e.place)}举办，感谢居民朋友们的参与。`,
        date: String(e.happenedOn),
        startTime: '14:30',
        endTime: '16:00',
        place: String(e.place),
        speaker: '王律师',
      },
      String(e._id),
    )
  })
  const chunxiao = communities[1]!
  return [
    ...held,
    publication(
      demoId(901),
      lecture,
      mingyuan,
      mingyuan,
      {
        title: '民法典婚姻家庭编专题讲座',
        summary: '结婚、离婚、抚养与赡养，律师用身边的案例讲清楚。讲座后现场答疑，欢迎社区居民参加。',
        date: day(3),
        startTime: '09:30',
        endTime: '11:00',
        place: '明园社区党群服务中心三楼会议室',
        speaker: '王律师',
      },
      null,
    ),
    publication(
      demoId(902),
      { type: 'consultation', label: '法律咨询' },
      chunxiao,
      chunxiao,
      {
        title: '律师驻点免费法律咨询',
        summary: '劳动合同、物业纠纷、借贷、继承等问题均可现场咨询，请带好相关材料。',
        date: day(5),
        startTime: '09:00',
        endTime: '11:30',
        place: '春晓社区新时代文明实践站',
        speaker: '李律师',
      },
      null,
    ),
    publication(
      demoId(903),
      { type: 'promotion', label: '普法宣传活动' },
      street,
      null,
      {
        title: '宪法宣传周·反诈知识进社区',
        summary: '有奖问答、案例展板、反诈App安装指导。现场发放宣传资料。',
        date: day(9),
        startTime: '15:00',
        endTime: '17:00',
        place: '春城街道文化广场',
        speaker: '',
      },
      null,
    ),
  ]
}

/** Demo events have fixed UUIDs (events are addressed by UUID): 00000000-0000-4000-8000-000000000001 … */
const demoId = (n: number): string => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`

export const chunchengSeed = (today: Date = new Date()): Seed => {
  const lectures = demoLectures(today)
  const events = [...lectures, ...demoCases(today), ...demoLastYear(today)]
  return {
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
      events,
      // The demo's events counted as the functions count them (written with each event in production).
      rollups: [...rollupsOf(events as unknown as CountableEvent[], builtInType).values()].map(
        (d) =>
          ({ ...d, cells: storedCells(d.cells), totals: storedCells(d.totals) }) as Record<string, unknown>,
      ),
      caseParties: demoCaseParties(),
      publications: demoPublications(today, lectures),
    },
  }
}

const builtInType = (type: string) => BUILT_IN_TYPES.find((t) => t.type === type)
