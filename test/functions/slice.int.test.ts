/**
 * The first slice through the real functions (built bundles in dist/cloudfunctions, run by the local
 * cloud's host, talking through the real wx-server-sdk): a grid worker logs a 法律讲座 and a street
 * clerk sees it in the year's figures.
 */
import { chinaToday, yearOf } from '../../src/core/china-time'
import { newEventId } from '../../src/core/event-input'
import { asEvent } from '../support/events'
import { functionsCloud } from '../support/functions'

const thisYear = yearOf(chinaToday())
const { call } = functionsCloud({ instancesPerFunction: 4 })

const lecture = (overrides: Record<string, unknown> = {}) => ({
  title: '民法典进社区法律讲座',
  heldOn: chinaToday(),
  place: '明园社区党群服务中心',
  participants: '45',
  materials: 120,
  ...overrides,
})

/** The lecture figures of the street year: 场, 人次 and 份 (the slice logs lectures only). */
async function totals(year = thisYear) {
  const { data } = await call('stats', { action: 'totals', period: { year } }, 'demo-street-chenjing')
  const value = (key: string) =>
    data.totals.find((t: { key: string; value: { value: number } }) => t.key === key).value.value
  return {
    count: value('lecture.count'),
    participants: value('lecture.participants'),
    materials: value('materials'),
  }
}

describe('a grid worker logs a 法律讲座; the street clerk sees it in the year figures', () => {
  it('adds one 场, its 人次 and its 份 to the street year', async () => {
    const before = await totals()
    const created = await call(
      'events',
      { action: 'create', id: newEventId(), type: 'lecture', event: asEvent(lecture()) },
      'demo-grid-zhangwei',
    )
    expect(created.ok).toBe(true)
    expect(created.data.event).toMatchObject({
      title: '民法典进社区法律讲座',
      measures: { participants: 45, materials: 120 },
      nodeName: '第3网格',
    })
    expect(created.data.duplicate).toBe(false)
    expect(await totals()).toEqual({
      count: before.count + 1,
      participants: before.participants + 45,
      materials: before.materials + 120,
    })
  })

  it('reports the demo street by name, with last year as the seed report has it (14场)', async () => {
    const reply = await call(
      'stats',
      { action: 'totals', period: { year: thisYear - 1 } },
      'demo-street-chenjing',
    )
    expect(reply.data.node.name).toBe('春城街道')
    expect((await totals(thisYear - 1)).count).toBe(14)
  })

  it('counts a lecture by the year it was held, not the year it was logged', async () => {
    const lastYear = await totals(thisYear - 1)
    const heldOn = `${thisYear - 1}-12-31`
    await call(
      'events',
      { action: 'create', id: newEventId(), type: 'lecture', event: asEvent(lecture({ heldOn })) },
      'demo-grid-zhangwei',
    )
    expect((await totals(thisYear - 1)).count).toBe(lastYear.count + 1)
  })

  it('costs seven database round trips to log (caller, node; event and rollup in one transaction: start, add, count, commit; audit entry) and four to total', async () => {
    const created = await call(
      'events',
      { action: 'create', id: newEventId(), type: 'lecture', event: asEvent(lecture()) },
      'demo-grid-zhangwei',
    )
    expect(created.dbRequests).toBe(7)
    // Caller, the street's nodes, its settings, its rollups of this year and last.
    const read = await call('stats', { action: 'totals', period: { year: thisYear } }, 'demo-street-chenjing')
    expect(read.dbRequests).toBe(4)
  })
})

describe('never doubled: the same create, 100 times', () => {
  it('sequentially: one event, totals up by one', async () => {
    const before = await totals()
    const id = newEventId()
    for (let i = 0; i < 100; i++) {
      const r = await call(
        'events',
        { action: 'create', id, type: 'lecture', event: asEvent(lecture({ participants: 7 })) },
        'demo-grid-zhangwei',
      )
      expect(r.ok).toBe(true)
      expect(r.data.duplicate).toBe(i > 0)
    }
    expect(await totals()).toEqual({
      count: before.count + 1,
      participants: before.participants + 7,
      materials: before.materials + 120,
    })
  })

  it('concurrently: one event, totals up by one', async () => {
    const before = await totals()
    const id = newEventId()
    const replies = await Promise.all(
      Array.from({ length: 100 }, () =>
        call(
          'events',
          { action: 'create', id, type: 'lecture', event: asEvent(lecture({ participants: 9 })) },
          'demo-grid-zhangwei',
        ),
      ),
    )
    expect(replies.every((r) => r.ok && r.data.event.id === id)).toBe(true)
    expect(replies.filter((r) => !r.data.duplicate)).toHaveLength(1)
    expect(await totals()).toEqual({
      count: before.count + 1,
      participants: before.participants + 9,
      materials: before.materials + 120,
    })
  })
})

describe('bad input is refused with a coded error and changes nothing', () => {
  it('reports each invalid field in Chinese', async () => {
    const before = await totals()
    const r = await call(
      'events',
      {
        action: 'create',
        id: newEventId(),
        type: 'lecture',
        event: {
          title: '讲',
          happenedOn: '2999-01-01',
          place: '',
          measures: { participants: '-3', materials: 'many' },
        },
      },
      'demo-grid-zhangwei',
    )
    expect(r).toMatchObject({
      ok: false,
      error: { code: 'EVENT.INVALID', message: '填写的内容有误，请检查标红的项目' },
    })
    expect(r.error.details.fields).toEqual({
      title: '讲座主题至少2个字',
      happenedOn: '举办日期不能晚于今天',
      place: '请填写举办地点',
      'measures.participants': '参与人次应为不小于0的整数',
      'measures.materials': '发放资料应为不小于0的整数',
    })
    expect(await totals()).toEqual(before)
  })

  it('refuses a malformed id, an unknown type and an unknown action', async () => {
    expect(
      (
        await call(
          'events',
          { action: 'create', id: 'x', type: 'lecture', event: asEvent(lecture()) },
          'demo-grid-zhangwei',
        )
      ).error.code,
    ).toBe('REQUEST.INVALID')
    expect(
      (
        await call(
          'events',
          { action: 'create', id: newEventId(), type: 'party', event: asEvent(lecture()) },
          'demo-grid-zhangwei',
        )
      ).error.code,
    ).toBe('EVENT.TYPE_UNKNOWN')
    expect((await call('events', { action: 'drop' }, 'demo-grid-zhangwei')).error.code).toBe(
      'REQUEST.UNKNOWN_ACTION',
    )
  })

  it('refuses a resident, whatever openid the request claims', async () => {
    const r = await call(
      'events',
      {
        action: 'create',
        id: newEventId(),
        type: 'lecture',
        event: asEvent(lecture()),
        openid: 'demo-grid-zhangwei',
      },
      'demo-resident-wangfang',
    )
    expect(r.error).toMatchObject({
      code: 'AUTH.NOT_STAFF',
      message: '您还不是工作人员，请联系街道管理员开通',
    })
    expect(
      (await call('stats', { action: 'totals', period: { year: thisYear } }, 'demo-resident-wangfang')).error
        .code,
    ).toBe('AUTH.NOT_STAFF')
    expect((await call('stats', { action: 'totals', period: { year: thisYear } })).error.code).toBe(
      'AUTH.NOT_STAFF',
    )
  })

  it('refuses a grid worker reading the street figures (beyond their grid), and a year out of range', async () => {
    expect(
      (await call('stats', { action: 'totals', period: { year: thisYear } }, 'demo-grid-zhangwei')).error
        .code,
    ).toBe('AUTH.OUT_OF_SCOPE')
    expect(
      (await call('stats', { action: 'totals', period: { year: thisYear + 1 } }, 'demo-admin-lina')).error
        .code,
    ).toBe('STATS.YEAR_INVALID')
  })

  it('refuses someone else reusing an id (no overwrite of another person’s event)', async () => {
    const id = newEventId()
    await call(
      'events',
      { action: 'create', id, type: 'lecture', event: asEvent(lecture()) },
      'demo-grid-zhangwei',
    )
    const reply = await call(
      'events',
      { action: 'create', id, type: 'lecture', event: asEvent(lecture({ title: '另一场讲座' })) },
      'demo-community-zhaomin',
    )
    expect(reply.error.code).toBe('EVENT.ID_TAKEN')
  })
})

describe('session', () => {
  it('tells who is calling', async () => {
    expect((await call('session', { action: 'me' }, 'demo-street-chenjing')).data).toMatchObject({
      name: '陈静',
      streetName: '春城街道',
      staff: true,
      revoked: false,
      may: { readStreetFigures: true, logEvents: true, managePeople: false },
      grants: [{ role: 'streetStaff', nodeId: 'node-chuncheng', nodeName: '春城街道' }],
    })
    expect((await call('session', { action: 'me' })).data).toEqual({
      name: '居民',
      grants: [],
      staff: false,
      revoked: false,
      consentCurrent: false,
      may: {
        logEvents: false,
        readStreetFigures: false,
        managePeople: false,
        manageOrg: false,
        readAudit: false,
        managePrivacy: false,
        manageCatalogue: false,
        manageFigures: false,
        closeYear: false,
        exportFigures: false,
        importLedgers: false,
        publishActivities: false,
        reviewPublications: false,
      },
    })
  })
})
