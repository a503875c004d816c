/**
 * Grid workers' events through the built functions and the real wx-server-sdk against the local cloud:
 * every built-in type, never doubled (the same create 100 times, in turn and at once), corrections with
 * a version history and conflicts, 作废 and 恢复, both case lifecycles with every refusal, the open-cases
 * list, 我的记录 (filters, search, paging), possible duplicates, the street's own types, closed years,
 * and photos stored in cloud storage.
 */
import fc from 'fast-check'
import { chinaToday, yearOf } from '../../src/core/china-time'
import { newEventId } from '../../src/core/event-input'
import { PRIVACY_NOTICE } from '../../src/core/privacy'
import type { Sdk } from '../support/local-cloud'
import { functionsCloud, type Reply } from '../support/functions'

let db: Sdk

const ADMIN = 'demo-admin-lina'
const CLERK = 'demo-street-chenjing'
const MEDIATOR = 'demo-community-zhaomin'
const WORKER = 'demo-grid-zhangwei'
const RESIDENT = 'demo-resident-wangfang'
const GRID_3 = 'node-cc-mingyuan-grid-3'
const OTHER_GRID = 'node-cc-chunxiao-grid-2'
const today = chinaToday()
const thisYear = yearOf(today)

const fx = functionsCloud({ instancesPerFunction: 4 })
const { call, ok, codeOf, count } = fx

beforeAll(async () => {
  db = fx.db
  // A second grid worker in the same grid, to see each other's possible duplicates.
  await db.collection('users').add({
    data: {
      _id: 'grid3-liqiang',
      name: '李强',
      streetId: 'node-chuncheng',
      grants: [{ role: 'gridWorker', nodeId: GRID_3 }],
      status: 'active',
      history: [],
    },
  })
})

/** One well-filled event of each built-in type, as the form sends it. */
const EXAMPLES: Record<string, Record<string, unknown>> = {
  lecture: {
    title: '民法典进社区',
    happenedOn: today,
    place: '明园社区党群服务中心',
    measures: { participants: '45', materials: 120 },
    attributes: { speaker: '王律师' },
  },
  consultation: {
    title: '劳动合同咨询',
    happenedOn: today,
    measures: { people: 6 },
    attributes: { adviser: '李律师' },
  },
  promotion: {
    title: '宪法宣传周',
    happenedOn: today,
    place: '明园广场',
    measures: { audience: 300, materials: 500 },
    attributes: { form: '文艺汇演', theme: '宪法', partner: '派出所' },
  },
  dispute: {
    title: '楼上漏水纠纷',
    happenedOn: today,
    attributes: { category: '邻里纠纷' },
    parties: [
      { role: 'applicant', name: '张三', phone: '13812345678' },
      { role: 'respondent', name: '李四' },
    ],
  },
  gridEvent: {
    title: '楼道堆放杂物',
    happenedOn: today,
    place: '明园小区5栋',
    attributes: { category: '安全隐患' },
  },
  enforcement: {
    title: '拆除违建棚架',
    happenedOn: today,
    place: '春晓路12号',
    attributes: { category: '私搭乱建', joint: true, departments: '城管、市场监管' },
  },
  study: {
    title: '学习行政复议法',
    happenedOn: today,
    measures: { participants: 25 },
    attributes: { form: '会前学法' },
  },
}

/** A change request (update, void, restore) of `id` based on `version`, with a fresh request id. */
const change = (action: string, id: string, version: number) => ({
  action,
  id,
  version,
  requestId: newEventId(),
})

const create = (type: string, event: Record<string, unknown>, who = WORKER, id = newEventId()) =>
  call('events', { action: 'create', id, type, event }, who)

beforeAll(async () => {
  for (const who of [WORKER, MEDIATOR, 'grid3-liqiang'])
    await ok('session', { action: 'consent', version: PRIVACY_NOTICE.version }, who)
})

describe('every built-in type', () => {
  it.each(Object.keys(EXAMPLES))('a grid worker logs a %s with its measures and attributes', async (type) => {
    const reply = await create(type, EXAMPLES[type]!)
    expect(reply.error).toBeUndefined()
    const { event } = reply.data
    expect(event).toMatchObject({
      type,
      title: EXAMPLES[type]!.title,
      happenedOn: today,
      nodeName: '第3网格',
    })
    const stored = (await db.collection('events').doc(event.id).get()).data
    expect(stored).toMatchObject({
      type,
      year: thisYear,
      month: today.slice(0, 7),
      createdBy: WORKER,
      version: 1,
    })
    // Numbers typed as text are stored as numbers; attributes the type does not define are never stored.
    if (type === 'lecture') expect(stored.measures).toEqual({ participants: 45, materials: 120 })
    if (type === 'promotion') expect(stored.attributes).toMatchObject({ form: '文艺汇演', theme: '宪法' })
    if (type === 'dispute')
      expect(event.case).toMatchObject({ lifecycle: 'dispute', status: 'accepted', waitingFor: '待调解' })
    if (type === 'gridEvent') expect(event.case).toMatchObject({ lifecycle: 'gridEvent', status: 'reported' })
  })

  it('never stores a field the type does not define, nor private data in the event', async () => {
    const { data } = await create('lecture', {
      ...EXAMPLES.lecture,
      attributes: { speaker: '王律师', secret: 'x' },
      measures: { participants: 1, materials: 0, bogus: 3 },
      createdBy: 'someone-else',
    })
    const stored = (await db.collection('events').doc(data.event.id).get()).data
    expect(stored.attributes).toEqual({ speaker: '王律师' })
    expect(stored.measures).toEqual({ participants: 1, materials: 0 })
    expect(stored.createdBy).toBe(WORKER)
    const dispute = (await create('dispute', EXAMPLES.dispute!, MEDIATOR)).data.event
    const storedCase = (await db.collection('events').doc(dispute.id).get()).data
    expect(JSON.stringify(storedCase)).not.toMatch(/张三|13812345678/)
    expect((await db.collection('caseParties').doc(dispute.id).get()).data.parties).toHaveLength(2)
  })
})

describe('never doubled', () => {
  it('the same create 100 times in turn stores one event, one audit entry, and says duplicate after the first', async () => {
    const id = newEventId()
    const replies: Reply[] = []
    for (let i = 0; i < 100; i++) replies.push(await create('lecture', EXAMPLES.lecture!, WORKER, id))
    expect(replies.every((r) => r.ok)).toBe(true)
    expect(replies.filter((r) => !r.data.duplicate)).toHaveLength(1)
    expect(await count('events', { _id: id })).toBe(1)
    expect(await count('auditLog', { _id: `event.create:${id}` })).toBe(1)
  })

  it('the same create 100 times at once stores one event', async () => {
    const id = newEventId()
    const replies = await Promise.all(
      Array.from({ length: 100 }, () => create('promotion', EXAMPLES.promotion!, WORKER, id)),
    )
    expect(replies.every((r) => r.ok)).toBe(true)
    expect(replies.filter((r) => !r.data.duplicate)).toHaveLength(1)
    expect(await count('events', { _id: id })).toBe(1)
  })

  it('a dispute sent twice keeps the parties of the first submission', async () => {
    const id = newEventId()
    await create('dispute', EXAMPLES.dispute!, MEDIATOR, id)
    const again = await create(
      'dispute',
      { ...EXAMPLES.dispute, parties: [{ role: 'applicant', name: '王五' }] },
      MEDIATOR,
      id,
    )
    expect(again.data.duplicate).toBe(true)
    expect((await db.collection('caseParties').doc(id).get()).data.parties[0].name).toBe('张三')
  })

  it('a retry stored before its node was retired is the same event, not a refusal', async () => {
    const { node } = await ok('org', { action: 'add', parentId: 'node-cc-mingyuan', name: '临时网格' }, ADMIN)
    const id = newEventId()
    const body = { action: 'create', id, type: 'lecture', nodeId: node.id, event: EXAMPLES.lecture }
    await ok('events', body, MEDIATOR)
    await ok('org', { action: 'retire', id: node.id }, ADMIN)
    const retried = await ok('events', body, MEDIATOR)
    expect(retried).toMatchObject({ duplicate: true, event: { id, nodeName: '临时网格' } })
    expect(await codeOf('events', { ...body, id: newEventId() }, MEDIATOR)).toBe('ORG.NODE_RETIRED')
  })

  it('an event stored before versions and handlers were recorded can still be corrected by who logged it', async () => {
    const id = newEventId()
    await db.collection('events').add({
      data: {
        _id: id,
        type: 'lecture',
        title: '旧版本记录的讲座',
        happenedOn: today,
        year: thisYear,
        place: '明园社区',
        measures: { participants: 3, materials: 0 },
        nodeId: GRID_3,
        nodeName: '第3网格',
        ancestors: ['node-lvyuan', 'node-chuncheng', 'node-cc-mingyuan', GRID_3],
        streetId: 'node-chuncheng',
        voided: false,
        createdBy: WORKER,
        createdAt: new Date(),
      },
    })
    const voided = await ok(
      'events',
      { action: 'void', id, version: 1, requestId: newEventId(), reason: '录入有误' },
      WORKER,
    )
    expect(voided.event).toMatchObject({ status: 'voided', version: 2 })
  })

  it('refuses an id that is someone else’s, or another type’s', async () => {
    const id = newEventId()
    await create('lecture', EXAMPLES.lecture!, WORKER, id)
    expect((await create('lecture', EXAMPLES.lecture!, MEDIATOR, id)).error.code).toBe('EVENT.ID_TAKEN')
    expect((await create('study', EXAMPLES.study!, WORKER, id)).error.code).toBe('EVENT.ID_TAKEN')
  })
})

describe('validation everywhere (the server checks again) and nothing invalid is stored', () => {
  it('reports each bad field next to its name, in Chinese', async () => {
    const before = await count('events')
    const r = await create('promotion', {
      title: '宣',
      happenedOn: '2999-01-01',
      place: '',
      measures: { audience: -1, materials: 2.5 },
      attributes: { form: '放鞭炮', theme: 7 },
      location: { latitude: 200, longitude: 0 },
      photos: ['cloud://x/other/1.jpg'],
    })
    expect(r.error.code).toBe('EVENT.INVALID')
    expect(r.error.details.fields).toEqual({
      title: '活动名称至少2个字',
      happenedOn: '活动日期不能晚于今天',
      place: '请填写活动地点',
      'measures.audience': '受众应为不小于0的整数',
      'measures.materials': '发放资料应为不小于0的整数',
      'attributes.form': '请从列表中选择活动形式',
      'attributes.theme': '请从列表中选择宣传主题',
      location: '定位信息无效，请重新定位或不提供定位',
      photos: '照片无效，请重新上传',
    })
    expect(
      (await create('lecture', { ...EXAMPLES.lecture, measures: { participants: 100_001, materials: 0 } }))
        .error.details.fields,
    ).toEqual({
      'measures.participants': '参与人次不能超过100000',
    })
    expect(
      (await create('lecture', { ...EXAMPLES.lecture, title: '长'.repeat(61) })).error.details.fields,
    ).toEqual({
      title: '讲座主题不能超过60个字',
    })
    expect(
      (await create('lecture', { ...EXAMPLES.lecture, happenedOn: '1999-12-31' })).error.details.fields,
    ).toEqual({
      happenedOn: '举办日期不能早于2000年',
    })
    // A photo of this event's path, but in another cloud environment.
    const id = newEventId()
    const foreign = await create(
      'lecture',
      { ...EXAMPLES.lecture, photos: [`cloud://other-env.bucket/events/${id}/0-abc123def456.jpg`] },
      WORKER,
      id,
    )
    expect(foreign.error.details.fields).toEqual({ photos: '照片无效，请重新上传' })
    expect(await count('events')).toBe(before)
  })

  it('refuses unknown types, a node outside the caller’s grid, residents and revoked people', async () => {
    expect((await create('party', EXAMPLES.lecture!)).error.code).toBe('EVENT.TYPE_UNKNOWN')
    expect(
      (
        await call(
          'events',
          {
            action: 'create',
            id: newEventId(),
            type: 'lecture',
            nodeId: OTHER_GRID,
            event: EXAMPLES.lecture,
          },
          WORKER,
        )
      ).error.code,
    ).toBe('AUTH.OUT_OF_SCOPE')
    expect((await create('lecture', EXAMPLES.lecture!, RESIDENT)).error.code).toBe('AUTH.NOT_STAFF')
    // Community staff may log for a grid of their community.
    const forGrid = await call(
      'events',
      { action: 'create', id: newEventId(), type: 'lecture', nodeId: GRID_3, event: EXAMPLES.lecture },
      MEDIATOR,
    )
    expect(forGrid.data.event.nodeName).toBe('第3网格')
  })

  it('asks for consent before a dispute’s parties are collected', async () => {
    const stranger = 'grid3-newcomer'
    await db.collection('users').add({
      data: {
        _id: stranger,
        name: '新人',
        streetId: 'node-chuncheng',
        grants: [{ role: 'gridWorker', nodeId: GRID_3 }],
        status: 'active',
        history: [],
      },
    })
    expect((await create('dispute', EXAMPLES.dispute!, stranger)).error.code).toBe('PRIVACY.CONSENT_REQUIRED')
  })
})

describe('corrections after sending', () => {
  it('an edit keeps a version history of who changed what, when', async () => {
    const { event } = (await create('lecture', EXAMPLES.lecture!)).data
    const edit = await ok(
      'events',
      {
        ...change('update', event.id, 1),
        event: {
          ...EXAMPLES.lecture,
          title: '民法典进社区（第二场）',
          measures: { participants: 50, materials: 120 },
        },
      },
      WORKER,
    )
    expect(edit.event).toMatchObject({
      version: 2,
      title: '民法典进社区（第二场）',
      measures: { participants: 50, materials: 120 },
    })
    const { revisions } = await ok('events', { action: 'history', id: event.id }, MEDIATOR)
    expect(revisions.map((r: { action: string }) => r.action)).toEqual(['event.create', 'event.update'])
    expect(revisions[1]).toMatchObject({
      byName: '张伟',
      label: '修改记录',
      changes: { title: ['民法典进社区', '民法典进社区（第二场）'], 'measures.participants': [45, 50] },
    })
  })

  it('an edit based on a stale version gets a conflict, not a silent overwrite', async () => {
    const { event } = (await create('lecture', EXAMPLES.lecture!)).data
    await ok(
      'events',
      { ...change('update', event.id, 1), event: { ...EXAMPLES.lecture, title: '社区工作人员改的' } },
      MEDIATOR,
    )
    const stale = await call(
      'events',
      { ...change('update', event.id, 1), event: { ...EXAMPLES.lecture, title: '网格员改的' } },
      WORKER,
    )
    expect(stale.error).toMatchObject({
      code: 'EVENT.STALE_VERSION',
      message: '这条记录已被他人修改，请查看最新内容后再修改',
      details: { version: 2 },
    })
    expect((await db.collection('events').doc(event.id).get()).data.title).toBe('社区工作人员改的')
  })

  it('a retried edit is applied once', async () => {
    const { event } = (await create('study', EXAMPLES.study!)).data
    const requestId = newEventId()
    const body = {
      action: 'update',
      id: event.id,
      version: 1,
      requestId,
      event: { ...EXAMPLES.study, measures: { participants: 30 } },
    }
    const replies = await Promise.all(Array.from({ length: 10 }, () => call('events', body, WORKER)))
    expect(replies.every((r) => r.ok)).toBe(true)
    expect(replies.filter((r) => !r.data.duplicate)).toHaveLength(1)
    const stored = (await db.collection('events').doc(event.id).get()).data
    expect(stored.version).toBe(2)
    expect(await count('auditLog', { 'target.id': event.id, action: 'event.update' })).toBe(1)
  })

  it('void with a reason, never delete: voided events stay visible to staff and count nowhere; restore brings them back', async () => {
    const totals = async () => {
      const { totals: all } = await ok('stats', { action: 'totals', period: { year: thisYear } }, CLERK)
      const value = (key: string) => all.find((t: { key: string }) => t.key === key).value.value
      return { count: value('lecture.count'), participants: value('lecture.participants') }
    }
    const before = await totals()
    const { event } = (await create('lecture', EXAMPLES.lecture!)).data
    const after = await totals()
    expect(after.count).toBe(before.count + 1)
    expect(
      (await call('events', { ...change('void', event.id, 1), reason: '' }, WORKER)).error.details.fields,
    ).toEqual({ reason: '请填写作废原因' })
    const voided = await ok('events', { ...change('void', event.id, 1), reason: '重复记录' }, WORKER)
    expect(voided.event).toMatchObject({
      status: 'voided',
      statusLabel: '已作废',
      voidReason: '重复记录',
      version: 2,
    })
    expect(await totals()).toEqual(before)
    expect((await ok('events', { action: 'get', id: event.id }, CLERK)).event.status).toBe('voided')
    const voidedList = (await ok('events', { action: 'mine', status: 'voided' }, WORKER)).events
    expect(voidedList.map((e: { id: string }) => e.id)).toContain(event.id)
    expect(await count('events', { _id: event.id })).toBe(1)
    expect(
      await codeOf('events', { ...change('update', event.id, 2), event: EXAMPLES.lecture }, WORKER),
    ).toBe('EVENT.VOIDED')
    expect(await codeOf('events', { ...change('void', event.id, 2), reason: '再作废' }, WORKER)).toBe(
      'EVENT.VOIDED',
    )
    await ok('events', change('restore', event.id, 2), MEDIATOR)
    expect(await totals()).toEqual(after)
    expect(await codeOf('events', change('restore', event.id, 3), MEDIATOR)).toBe('EVENT.NOT_VOIDED')
  })

  it('adds a location to an event logged without one (a whole replacement, as the platform needs)', async () => {
    const { event } = (await create('lecture', EXAMPLES.lecture!)).data
    const edit = await ok(
      'events',
      {
        ...change('update', event.id, 1),
        event: { ...EXAMPLES.lecture, location: { latitude: 25.04321, longitude: 102.71234 } },
      },
      WORKER,
    )
    expect(edit.event.location).toEqual({ latitude: 25.04321, longitude: 102.71234 })
  })

  it('a request id reused with other content is not a retry: it is refused as stale, nothing is lost silently', async () => {
    const { event } = (await create('study', EXAMPLES.study!)).data
    const requestId = newEventId()
    const first = { ...EXAMPLES.study, measures: { participants: 31 } }
    await ok('events', { action: 'update', id: event.id, version: 1, requestId, event: first }, WORKER)
    const other = await call(
      'events',
      { action: 'update', id: event.id, version: 1, requestId, event: { ...first, title: '另一处修改' } },
      WORKER,
    )
    expect(other.error.code).toBe('EVENT.STALE_VERSION')
    expect((await db.collection('events').doc(event.id).get()).data).toMatchObject({
      version: 2,
      title: EXAMPLES.study!.title,
      measures: { participants: 31 },
    })
  })

  it('refuses corrections by people who may not make them', async () => {
    const { event } = (await create('lecture', EXAMPLES.lecture!, MEDIATOR)).data
    // A grid worker may correct what they logged, not what a colleague logged.
    expect(await codeOf('events', { ...change('void', event.id, 1), reason: '不对' }, 'grid3-liqiang')).toBe(
      'AUTH.FORBIDDEN',
    )
    expect(
      await codeOf('events', { ...change('update', event.id, 1), event: EXAMPLES.lecture }, RESIDENT),
    ).toBe('AUTH.NOT_STAFF')
    expect(
      await codeOf('events', { ...change('update', newEventId(), 1), event: EXAMPLES.lecture }, MEDIATOR),
    ).toBe('EVENT.NOT_FOUND')
    expect(
      await codeOf('events', { ...change('update', event.id, 0), event: EXAMPLES.lecture }, MEDIATOR),
    ).toBe('REQUEST.INVALID')
  })
})

describe('case lifecycles', () => {
  const step = (id: string, version: number, s: Record<string, unknown>, who = MEDIATOR) =>
    call('cases', { action: 'step', id, version, requestId: newEventId(), step: { on: today, ...s } }, who)

  it('a dispute goes 受理 → 调解中 → 调解不成 (移交) → 办结 → 回访, each step with who and when', async () => {
    const { event } = (await create('dispute', EXAMPLES.dispute!, WORKER)).data
    expect((await step(event.id, 1, { kind: 'startMediation' })).data.event.case).toMatchObject({
      status: 'mediating',
      waitingFor: '待记录调解结果',
    })
    const noReferral = await step(event.id, 2, { kind: 'recordOutcome', outcome: 'failed' })
    expect(noReferral.error).toMatchObject({
      code: 'CASE.INVALID_STEP',
      details: { fields: { referral: '调解不成的，请选择移交或引导诉讼' } },
    })
    await step(event.id, 2, {
      kind: 'recordOutcome',
      outcome: 'failed',
      referral: 'transfer',
      note: '移交派出所',
    })
    const closed = (await step(event.id, 3, { kind: 'close' })).data.event
    expect(closed.case).toMatchObject({
      status: 'closed',
      outcome: 'failed',
      referral: 'transfer',
      closedOn: today,
    })
    expect(closed.status).toBe('closed')
    const closedList = (await ok('events', { action: 'mine', status: 'closed' }, WORKER)).events
    expect(closedList.map((e: { id: string }) => e.id)).toContain(event.id)
    expect(
      (await ok('events', { action: 'mine', status: 'open' }, WORKER)).events.map(
        (e: { id: string }) => e.id,
      ),
    ).not.toContain(event.id)
    const visited = (await step(event.id, 4, { kind: 'followUp', note: '双方已和解' }, WORKER)).data.event
    expect(visited.case.steps.map((s: { kind: string; byName: string }) => `${s.kind}:${s.byName}`)).toEqual([
      'startMediation:赵敏',
      'recordOutcome:赵敏',
      'close:赵敏',
      'followUp:张伟',
    ])
    // Closing starts the parties' retention period.
    expect((await db.collection('caseParties').doc(event.id).get()).data.closedOn).toBe(today)
  })

  it('a step retried with its request id is applied once; the same id with another step is stale', async () => {
    const { event } = (await create('gridEvent', EXAMPLES.gridEvent!, WORKER)).data
    const body = {
      action: 'step',
      id: event.id,
      version: 1,
      requestId: newEventId(),
      step: { kind: 'startHandling', on: today },
    }
    expect((await ok('cases', body, MEDIATOR)).duplicate).toBe(false)
    expect((await ok('cases', body, MEDIATOR)).duplicate).toBe(true)
    const other = await call(
      'cases',
      { ...body, step: { kind: 'assign', department: '城管', on: today } },
      MEDIATOR,
    )
    expect(other.error.code).toBe('EVENT.STALE_VERSION')
    expect((await db.collection('events').doc(event.id).get()).data).toMatchObject({
      version: 2,
      status: 'handling',
      department: null,
    })
  })

  it('a case’s 受理 date cannot be moved after its first step; voiding a dispute starts its parties’ retention', async () => {
    const { event } = (await create('dispute', EXAMPLES.dispute!, WORKER)).data
    const earlier = new Date(Date.now() + 8 * 3600_000 - 3 * 86_400_000).toISOString().slice(0, 10)
    const moved = await ok(
      'events',
      { ...change('update', event.id, 1), event: { ...EXAMPLES.dispute, happenedOn: earlier } },
      WORKER,
    )
    expect(moved.event.happenedOn).toBe(earlier)
    await ok(
      'cases',
      {
        action: 'step',
        id: event.id,
        version: 2,
        requestId: newEventId(),
        step: { kind: 'startMediation', on: earlier },
      },
      MEDIATOR,
    )
    const later = await call(
      'events',
      { ...change('update', event.id, 3), event: { ...EXAMPLES.dispute, happenedOn: today } },
      WORKER,
    )
    expect(later.error.details.fields).toEqual({
      happenedOn: `受理日期不能晚于第一步办理的日期（${earlier}）`,
    })
    await ok('events', { ...change('void', event.id, 3), reason: '重复登记' }, WORKER)
    expect((await db.collection('caseParties').doc(event.id).get()).data.closedOn).toBe(today)
    await ok('events', change('restore', event.id, 4), MEDIATOR)
    expect((await db.collection('caseParties').doc(event.id).get()).data.closedOn).toBeNull()
  })

  it('the history lists changes only, however often the parties were read', async () => {
    const { event } = (await create('dispute', EXAMPLES.dispute!, MEDIATOR)).data
    for (let i = 0; i < 3; i++) await ok('cases', { action: 'revealParties', id: event.id }, MEDIATOR)
    await ok(
      'cases',
      {
        action: 'step',
        id: event.id,
        version: 1,
        requestId: newEventId(),
        step: { kind: 'startMediation', on: today },
      },
      MEDIATOR,
    )
    const { revisions } = await ok('events', { action: 'history', id: event.id }, MEDIATOR)
    expect(revisions.map((r: { action: string }) => r.action)).toEqual(['event.create', 'case.step'])
  })

  it('refuses an illegal step with a sentence saying why, and changes nothing', async () => {
    const { event } = (await create('dispute', EXAMPLES.dispute!, WORKER)).data
    const r = await step(event.id, 1, { kind: 'close' })
    expect(r.error).toEqual({
      code: 'CASE.ILLEGAL_STEP',
      message: '该案件已受理，不能办结；现在可以：开始调解、撤回',
      details: { status: 'accepted' },
    })
    expect((await step(event.id, 1, { kind: 'assign', department: '城管' })).error.code).toBe(
      'CASE.ILLEGAL_STEP',
    )
    expect(
      (await step(event.id, 1, { kind: 'startMediation', on: '2999-01-01' })).error.details.fields,
    ).toEqual({ on: '日期不能晚于今天' })
    expect((await db.collection('events').doc(event.id).get()).data).toMatchObject({
      status: 'accepted',
      version: 1,
    })
    // A withdrawn dispute has an outcome and may be closed.
    await step(event.id, 1, { kind: 'withdraw' })
    expect((await step(event.id, 2, { kind: 'close' })).data.event.case).toMatchObject({
      status: 'closed',
      outcome: 'withdrawn',
    })
    expect((await step(event.id, 3, { kind: 'startMediation' })).error.code).toBe('CASE.ILLEGAL_STEP')
  })

  it('a grid event goes 上报 → 交办 → 办结, procedurally or actually', async () => {
    const { event } = (await create('gridEvent', EXAMPLES.gridEvent!, WORKER)).data
    expect((await step(event.id, 1, { kind: 'assign', department: '' })).error.details.fields).toEqual({
      department: '请填写交办的部门',
    })
    expect(
      (await step(event.id, 1, { kind: 'assign', department: '物业公司' })).data.event.case,
    ).toMatchObject({ status: 'handling', department: '物业公司' })
    expect((await step(event.id, 2, { kind: 'close' })).error.details.fields).toEqual({
      closure: '请选择程序性办结或实质性办结',
    })
    expect(
      (await step(event.id, 2, { kind: 'close', closure: 'substantive' })).data.event.case,
    ).toMatchObject({ status: 'closed', closure: 'substantive' })
    expect((await step(event.id, 3, { kind: 'followUp', note: '回访' })).error.code).toBe('CASE.ILLEGAL_STEP')
  })

  it('only handlers and staff over the case may take steps; a lecture has no lifecycle', async () => {
    const { event } = (await create('gridEvent', EXAMPLES.gridEvent!, MEDIATOR)).data
    expect((await step(event.id, 1, { kind: 'startHandling' }, 'grid3-liqiang')).error.code).toBe(
      'AUTH.FORBIDDEN',
    )
    expect((await step(event.id, 1, { kind: 'startHandling' }, RESIDENT)).error.code).toBe('AUTH.NOT_STAFF')
    const lecture = (await create('lecture', EXAMPLES.lecture!)).data.event
    expect((await step(lecture.id, 1, { kind: 'startHandling' })).error.code).toBe('CASE.NOT_FOUND')
    // A street clerk over the case may.
    expect((await step(event.id, 1, { kind: 'startHandling' }, CLERK)).ok).toBe(true)
  })

  it('the open-cases list shows each case’s age and what it waits for, and only the caller’s', async () => {
    const old = new Date(Date.now() + 8 * 3600_000 - 40 * 86_400_000).toISOString().slice(0, 10)
    const { event } = (
      await create(
        'gridEvent',
        { ...EXAMPLES.gridEvent, happenedOn: old < `${thisYear}-01-01` ? today : old },
        WORKER,
      )
    ).data
    const { cases } = await ok('cases', { action: 'open' }, WORKER)
    const mine = cases.find((c: { id: string }) => c.id === event.id)
    expect(mine).toMatchObject({ status: 'reported', waitingFor: '待处置', handledByMe: true })
    expect(typeof mine.ageDays).toBe('number')
    // Cases never closed appear; closed and voided ones do not.
    for (const c of cases) expect(c.status).not.toBe('closed')
    const other = (await ok('cases', { action: 'open' }, 'grid3-liqiang')).cases
    expect(other.some((c: { id: string }) => c.id === event.id)).toBe(true) // same grid
    await ok('events', { ...change('void', event.id, 1), reason: '重复上报' }, WORKER)
    expect(
      (await ok('cases', { action: 'open' }, WORKER)).cases.some((c: { id: string }) => c.id === event.id),
    ).toBe(false)
    // Paging by twos walks the whole list, in order, without repeats or gaps.
    const all = (await ok('cases', { action: 'open', limit: 50 }, CLERK)).cases.map(
      (c: { id: string }) => c.id,
    )
    expect(all.length).toBeGreaterThan(4)
    const paged: string[] = []
    let cursor: string | undefined
    do {
      const page = await ok('cases', { action: 'open', limit: 2, ...(cursor ? { cursor } : {}) }, CLERK)
      paged.push(...page.cases.map((c: { id: string }) => c.id))
      cursor = page.next
    } while (cursor)
    expect(paged).toEqual(all)
  })
})

describe('我的记录', () => {
  const worker = 'grid3-liqiang'
  beforeAll(async () => {
    const dates = ['2025-03-05', '2025-03-20', '2025-04-02', today]
    for (const [i, d] of dates.entries()) {
      await create('lecture', { ...EXAMPLES.lecture, title: `反诈讲座${i}`, happenedOn: d }, worker)
      await create('study', { ...EXAMPLES.study, happenedOn: d }, worker)
    }
    await create('gridEvent', EXAMPLES.gridEvent!, worker)
  })

  it('lists what I logged, newest first, filtered by type, month, status and a search', async () => {
    const all = (await ok('events', { action: 'mine' }, worker)).events
    expect(all).toHaveLength(9)
    const dates = all.map((e: { happenedOn: string }) => e.happenedOn)
    expect([...dates].sort().reverse()).toEqual(dates)
    expect((await ok('events', { action: 'mine', type: 'lecture' }, worker)).events).toHaveLength(4)
    expect((await ok('events', { action: 'mine', month: '2025-03' }, worker)).events).toHaveLength(4)
    expect(
      (await ok('events', { action: 'mine', status: 'open' }, worker)).events.map(
        (e: { type: string }) => e.type,
      ),
    ).toEqual(['gridEvent'])
    expect((await ok('events', { action: 'mine', q: '反诈讲座2' }, worker)).events).toHaveLength(1)
    // Regular-expression characters are searched as typed.
    expect((await ok('events', { action: 'mine', q: '.*' }, worker)).events).toHaveLength(0)
    expect((await call('events', { action: 'mine', month: '2025-13' }, worker)).error.details.fields).toEqual(
      { month: '请选择月份' },
    )
  })

  it('pages through with a cursor, without repeats or gaps', async () => {
    const seen: string[] = []
    let cursor: string | undefined
    do {
      const page = await ok('events', { action: 'mine', limit: 2, ...(cursor ? { cursor } : {}) }, worker)
      seen.push(...page.events.map((e: { id: string }) => e.id))
      cursor = page.next
    } while (cursor)
    expect(seen).toHaveLength(9)
    expect(new Set(seen).size).toBe(9)
  })
})

describe('possible duplicates', () => {
  it('tells a worker when someone else logged the same type, date and grid', async () => {
    await create('enforcement', EXAMPLES.enforcement!, 'grid3-liqiang')
    const { events } = await ok(
      'events',
      { action: 'similar', type: 'enforcement', happenedOn: today },
      WORKER,
    )
    expect(events[0]).toMatchObject({ title: '拆除违建棚架', byName: '李强', nodeName: '第3网格' })
    // Not one's own events, and not another date.
    const forLiqiang = (
      await ok('events', { action: 'similar', type: 'enforcement', happenedOn: today }, 'grid3-liqiang')
    ).events
    expect(forLiqiang.map((e: { byName: string }) => e.byName)).not.toContain('李强')
    expect(
      (await ok('events', { action: 'similar', type: 'enforcement', happenedOn: '2025-01-01' }, WORKER))
        .events,
    ).toEqual([])
  })
})

describe('the catalogue is data', () => {
  it('a type and a measure a street admin adds appear for the street’s workers, and are validated', async () => {
    const bad = await call(
      'events',
      { action: 'saveType', definition: { label: '食', unit: '', measures: [{ label: '检查户数' }] } },
      ADMIN,
    )
    expect(bad.error.code).toBe('CATALOGUE.INVALID')
    expect(bad.error.details.fields).toMatchObject({
      label: '类型名称至少2个字',
      unit: '请填写计数单位',
      'measures.0.unit': '请填写单位',
    })
    expect(
      await codeOf(
        'events',
        { action: 'saveType', definition: { label: '食品安全督导检查', unit: '次' } },
        WORKER,
      ),
    ).toBe('AUTH.FORBIDDEN')
    const saved = await ok(
      'events',
      {
        action: 'saveType',
        definition: {
          label: '食品安全督导检查',
          unit: '次',
          measures: [{ label: '检查户数', unit: '户' }],
          attributes: [{ label: '检查形式', kind: 'choice', options: ['日常', '专项'], required: true }],
        },
      },
      ADMIN,
    )
    const own = saved.types.find((t: { label: string }) => t.label === '食品安全督导检查')
    expect(own).toMatchObject({ builtIn: false, measures: [{ key: 'm1', label: '检查户数', unit: '户' }] })
    await ok(
      'events',
      { action: 'saveType', type: 'lecture', extraMeasures: [{ label: '发放宣传品', unit: '件' }] },
      ADMIN,
    )
    const { types } = await ok('events', { action: 'catalogue' }, WORKER)
    expect(types.find((t: { type: string }) => t.type === own.type)).toBeDefined()
    expect(
      types
        .find((t: { type: string }) => t.type === 'lecture')
        .measures.map((m: { label: string }) => m.label),
    ).toEqual(['参与人次', '发放资料', '发放宣传品'])
    const logged = await create(own.type, {
      title: '春节前食品安全检查',
      happenedOn: today,
      measures: { m1: 12 },
      attributes: { a1: '专项' },
    })
    expect(logged.data.event).toMatchObject({ typeLabel: '食品安全督导检查', measures: { m1: 12 } })
    expect(
      (await create(own.type, { title: '检查', happenedOn: today, attributes: { a1: '抽查' } })).error.details
        .fields,
    ).toEqual({ 'attributes.a1': '请从列表中选择检查形式' })
    const withExtra = await create('lecture', {
      ...EXAMPLES.lecture,
      measures: { participants: 1, materials: 2, m1: 30 },
    })
    expect(withExtra.data.event.measures).toEqual({ participants: 1, materials: 2, m1: 30 })
    // An edit from a form that does not know the added measure: what is stored and what the history says agree.
    await ok(
      'events',
      {
        ...change('update', withExtra.data.event.id, 1),
        event: { ...EXAMPLES.lecture, measures: { participants: 1, materials: 2 } },
      },
      WORKER,
    )
    const afterEdit = (await db.collection('events').doc(withExtra.data.event.id).get()).data
    const { revisions } = await ok('events', { action: 'history', id: withExtra.data.event.id }, WORKER)
    expect(revisions[1].changes['measures.m1']).toEqual([30, afterEdit.measures.m1])
    // A retired own type is no longer offered for new events; its old events keep it.
    await ok('events', { action: 'saveType', type: own.type, definition: { ...own, retired: true } }, ADMIN)
    expect(
      (await create(own.type, { title: '再查一次', happenedOn: today, attributes: { a1: '日常' } })).error
        .code,
    ).toBe('EVENT.TYPE_RETIRED')
    expect(
      await codeOf('events', { action: 'saveType', type: 'lecture', definition: { label: '讲座' } }, ADMIN),
    ).toBe('CATALOGUE.BUILT_IN')
    // Two types of one name are refused (an own type's, or a built-in one's).
    for (const label of ['食品安全督导检查', '法律讲座'])
      expect(
        (await call('events', { action: 'saveType', definition: { label, unit: '次' } }, ADMIN)).error.details
          .fields,
      ).toEqual({ label: '已有同名的记录类型' })
  })
})

describe('closed years', () => {
  it('refuses writes dated in a closed year, with a clear message', async () => {
    const last = `${thisYear - 1}-12-31`
    const { event } = (await create('lecture', { ...EXAMPLES.lecture, happenedOn: last })).data
    await db
      .collection('settings')
      .doc('street:node-chuncheng')
      .set({ data: { streetId: 'node-chuncheng', closedYears: [thisYear - 1] } })
    const r = await create('lecture', { ...EXAMPLES.lecture, happenedOn: last })
    expect(r.error).toMatchObject({
      code: 'EVENT.YEAR_CLOSED',
      details: { fields: { happenedOn: `${thisYear - 1}年度已结账，不能再新增或修改该年度的记录` } },
    })
    expect(
      await codeOf(
        'events',
        { ...change('update', event.id, 1), event: { ...EXAMPLES.lecture, happenedOn: today } },
        WORKER,
      ),
    ).toBe('EVENT.YEAR_CLOSED')
    expect(await codeOf('events', { ...change('void', event.id, 1), reason: '写错年份' }, WORKER)).toBe(
      'EVENT.YEAR_CLOSED',
    )
    await db
      .collection('settings')
      .doc('street:node-chuncheng')
      .update({ data: { closedYears: [] } })
  })
})

describe('round trips', () => {
  it('a create of this year’s built-in event costs at most 7 database round trips (caller, node, the event and its rollup in one transaction of 4, the audit entry)', async () => {
    const r = await create('lecture', EXAMPLES.lecture!)
    expect(r.ok).toBe(true)
    expect(r.dbRequests).toBeLessThanOrEqual(7)
  })

  it('a dispute with its parties, by someone who consented (the consent travels with the person), one more: the parties', async () => {
    const r = await create('dispute', EXAMPLES.dispute!, MEDIATOR)
    expect(r.ok).toBe(true)
    expect(r.dbRequests).toBeLessThanOrEqual(8)
  })
})

describe('idempotency, as a property', () => {
  it('whatever mix of retried creates and retried edits arrives, in whatever order and overlap, each is applied once', async () => {
    // A scenario: one event created by `creates` copies of the same request, then a chain of edits, each
    // sent `copies` times (some at once, some one after another): retries never add an event or a version.
    const scenario = fc.record({
      creates: fc.integer({ min: 1, max: 6 }),
      concurrentCreates: fc.boolean(),
      edits: fc.array(
        fc.record({ copies: fc.integer({ min: 1, max: 4 }), concurrent: fc.boolean(), n: fc.nat(500) }),
        {
          maxLength: 4,
        },
      ),
    })
    await fc.assert(
      fc.asyncProperty(scenario, async ({ creates, concurrentCreates, edits }) => {
        const id = newEventId()
        const createOnce = () => create('study', EXAMPLES.study!, WORKER, id)
        const created = concurrentCreates
          ? await Promise.all(Array.from({ length: creates }, createOnce))
          : await (async () => {
              const out: Reply[] = []
              for (let i = 0; i < creates; i++) out.push(await createOnce())
              return out
            })()
        expect(created.filter((r) => r.ok && !r.data.duplicate)).toHaveLength(1)
        let version = 1
        for (const edit of edits) {
          const body = {
            action: 'update',
            id,
            version,
            requestId: newEventId(),
            // Each edit changes something (an edit that changes nothing makes no version).
            event: { ...EXAMPLES.study, title: `学习第${version}次修改`, measures: { participants: edit.n } },
          }
          const send = () => call('events', body, WORKER)
          const replies = edit.concurrent
            ? await Promise.all(Array.from({ length: edit.copies }, send))
            : await (async () => {
                const out: Reply[] = []
                for (let i = 0; i < edit.copies; i++) out.push(await send())
                return out
              })()
          expect(replies.every((r) => r.ok)).toBe(true)
          expect(replies.filter((r) => !r.data.duplicate)).toHaveLength(1)
          version++
        }
        const stored = (await db.collection('events').doc(id).get()).data
        expect(stored.version).toBe(version)
        expect(await count('events', { _id: id })).toBe(1)
        expect(await count('auditLog', { 'target.id': id, action: 'event.update' })).toBe(edits.length)
      }),
      { numRuns: 15 },
    )
  })
})
