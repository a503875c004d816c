/**
 * The year-end figures through the built functions and the real wx-server-sdk against the local cloud:
 * a year that reproduces seed report 000 (春城街道 2024: 14场, 100余人次, 700余份, 9次, 64件, 639件, 调处率和
 * 办结率均100%) logged event by event, the paragraph rendered from it, drill-down, breakdowns, year
 * boundaries, edits and voids moving the totals, closing a year, the reconcile and its nightly timer,
 * and the street admin's own figures and template.
 */
import { chinaToday, yearOf } from '../../src/core/china-time'
import { newEventId } from '../../src/core/event-input'
import { PRIVACY_NOTICE } from '../../src/core/privacy'
import { functionsCloud, NODE, PERSONA } from '../support/functions'

const { admin: ADMIN, clerk: CLERK, mediator: MEDIATOR, gridWorker: WORKER } = PERSONA
const fx = functionsCloud({ instancesPerFunction: 4 })
const { call, ok, codeOf } = fx
const SEED_YEAR = 2024
const thisYear = yearOf(chinaToday())
const lastYear = thisYear - 1

/** Runs `tasks` with at most `n` at once (the local cloud hosts 4 instances per function). */
async function pool<T>(n: number, tasks: (() => Promise<T>)[]): Promise<T[]> {
  const out: T[] = []
  let next = 0
  await Promise.all(
    Array.from({ length: n }, async () => {
      while (next < tasks.length) {
        const i = next++
        out[i] = await tasks[i]!()
      }
    }),
  )
  return out
}

const day = (i: number, year = SEED_YEAR) => {
  const d = new Date(Date.UTC(year, 0, 1 + (i % 360)))
  return d.toISOString().slice(0, 10)
}

async function create(type: string, event: Record<string, unknown>, who: string = WORKER, nodeId?: string) {
  const id = newEventId()
  await ok('events', { action: 'create', id, type, event, ...(nodeId ? { nodeId } : {}) }, who)
  return id
}

async function step(id: string, version: number, s: Record<string, unknown>, who: string = MEDIATOR) {
  return ok('cases', { action: 'step', id, version, requestId: newEventId(), step: s }, who)
}

const totals = (period: Record<string, unknown>, who: string = CLERK, nodeId?: string) =>
  call('stats', { action: 'totals', period, ...(nodeId ? { nodeId } : {}) }, who)

const valueOf = (data: { totals: { key: string; value: { value: number; text: string } }[] }, key: string) =>
  data.totals.find((t) => t.key === key)!.value

beforeAll(async () => {
  await ok('session', { action: 'consent', version: PRIVACY_NOTICE.version }, MEDIATOR)
  const lectures = Array.from(
    { length: 14 },
    (_x, i) => () =>
      create('lecture', {
        title: `法律讲座第${i + 1}讲`,
        happenedOn: day(i * 25),
        place: '社区党群服务中心',
        measures: { participants: 40, materials: 30 },
        attributes: { speaker: '王律师' },
      }),
  )
  // 106 people over 20 sessions → 100余人次.
  const consultations = Array.from(
    { length: 20 },
    (_x, i) => () =>
      create('consultation', {
        title: '法律咨询',
        happenedOn: day(i * 17),
        measures: { people: i < 6 ? 6 : 5 },
        attributes: { adviser: '李律师' },
      }),
  )
  // 9 special activities (文艺汇演, 进社区) and one LED screen: 286 materials; with the lectures' 420 → 706 → 700余.
  const promotions = Array.from(
    { length: 10 },
    (_x, i) => () =>
      create('promotion', {
        title: `普法宣传${i + 1}`,
        happenedOn: day(i * 33),
        place: '明园广场',
        measures: { audience: 200, materials: i < 8 ? 35 : i === 8 ? 6 : 0 },
        attributes: { form: i < 5 ? '文艺汇演' : i < 9 ? '进社区' : 'LED屏', theme: '民法典' },
      }),
  )
  await pool(8, [...lectures, ...consultations, ...promotions])
  // 64 disputes, each mediated to success and closed.
  await pool(
    8,
    Array.from({ length: 64 }, (_x, i) => async () => {
      const on = day(i * 5)
      const id = await create(
        'dispute',
        {
          title: '邻里漏水纠纷',
          happenedOn: on,
          attributes: { category: '邻里纠纷' },
          parties: [{ role: 'applicant', name: '张三', phone: '13812345678' }],
        },
        MEDIATOR,
        NODE.grid3,
      )
      await step(id, 1, { kind: 'startMediation', on })
      await step(id, 2, { kind: 'recordOutcome', outcome: 'success', on })
      await step(id, 3, { kind: 'close', on })
    }),
  )
  // 639 grid events, each handled and closed.
  await pool(
    8,
    Array.from({ length: 639 }, (_x, i) => async () => {
      const on = day(i)
      const id = await create('gridEvent', {
        title: '楼道堆放杂物',
        happenedOn: on,
        place: '明园小区5栋',
        attributes: { category: '安全隐患' },
      })
      await step(id, 1, { kind: 'startHandling', on })
      await step(id, 2, { kind: 'close', closure: i % 3 === 0 ? 'procedural' : 'substantive', on })
    }),
  )
}, 600_000)

describe('the figures of seed report 000, logged event by event', () => {
  it('are the report’s numbers, read from rollups in at most 5 database round trips', async () => {
    const reply = await totals({ year: SEED_YEAR })
    expect(reply.error).toBeUndefined()
    const data = reply.data
    expect(valueOf(data, 'lecture.count')).toMatchObject({ value: 14, text: '14' })
    expect(valueOf(data, 'consultation.people')).toMatchObject({ value: 106, text: '100余' })
    expect(valueOf(data, 'materials')).toMatchObject({ value: 706, text: '700余' })
    expect(valueOf(data, 'promotion.special')).toMatchObject({ value: 9, text: '9' })
    expect(valueOf(data, 'promotion.count').value).toBe(10)
    expect(valueOf(data, 'promotion.audience')).toMatchObject({ value: 2000, text: '2000' })
    expect(valueOf(data, 'dispute.count')).toMatchObject({ value: 64, text: '64' })
    expect(valueOf(data, 'gridEvent.count')).toMatchObject({ value: 639, text: '639' })
    expect(valueOf(data, 'dispute.handledRate').text).toBe('100%')
    expect(valueOf(data, 'dispute.successRate').text).toBe('100%')
    expect(valueOf(data, 'case.closedRate').text).toBe('100%')
    expect(valueOf(data, 'gridEvent.substantive').value).toBe(426)
    expect(valueOf(data, 'case.openAtYearEnd').value).toBe(0)
    expect(reply.dbRequests).toBeLessThanOrEqual(5)
  })

  it('render the paragraph with those numbers, each linked to its figure', async () => {
    const { rendered } = await ok('stats', { action: 'report', period: { year: SEED_YEAR } }, CLERK)
    expect(rendered.text).toContain(
      '2024年，全街共举办各类法律讲座14场，接受法律咨询100余人次，发放宣传资料700余份，举办文艺汇演等特色普法宣传活动9次',
    )
    expect(rendered.text).toContain('全年排查化解矛盾纠纷64件，处理网格事件639件，调处率和办结率均100%。')
    expect(rendered.text).not.toContain('未办结')
    const linked = rendered.segments.filter((s: { figures?: string[] }) => s.figures)
    expect(linked.find((s: { text: string }) => s.text === '100余')).toMatchObject({
      figures: ['consultation.people'],
      exact: '106',
    })
    expect(linked.find((s: { figures: string[] }) => s.figures.length === 2)).toMatchObject({
      text: '100%',
      figures: ['dispute.handledRate', 'case.closedRate'],
    })
  })

  it('break down by month (a year is the sum of its months) and by community and grid', async () => {
    const { data } = await totals({ year: SEED_YEAR })
    expect(data.byMonth).toHaveLength(12)
    for (const key of ['lecture.count', 'gridEvent.count', 'materials', 'consultation.people'])
      expect(
        data.byMonth.reduce((n: number, m: { values: Record<string, number> }) => n + m.values[key]!, 0),
      ).toBe(valueOf(data, key).value)
    const mingyuan = data.byNode.find((n: { nodeId: string }) => n.nodeId === NODE.mingyuan)
    const grid3 = data.byNode.find((n: { nodeId: string }) => n.nodeId === NODE.grid3)
    expect(mingyuan).toMatchObject({ name: '明园社区', kind: 'community' })
    expect(grid3).toMatchObject({ name: '第3网格', kind: 'grid' })
    expect(grid3.values['gridEvent.count']).toBe(639)
    expect(mingyuan.values['dispute.count']).toBe(64)
  })

  it('show the same figures for a quarter, a month and a date range, and the previous year beside them', async () => {
    const q1 = (await totals({ year: SEED_YEAR, quarter: 1 })).data
    const jan = (await totals({ year: SEED_YEAR, month: 1 })).data
    const range = (await totals({ from: `${SEED_YEAR}-01-01`, to: `${SEED_YEAR}-01-31` })).data
    const logged = Array.from({ length: 639 }, (_x, i) => day(i))
    const within = (from: string, to: string) => logged.filter((d) => d >= from && d <= to).length
    expect(valueOf(jan, 'gridEvent.count').value).toBe(within('2024-01-01', '2024-01-31'))
    expect(valueOf(range, 'gridEvent.count').value).toBe(within('2024-01-01', '2024-01-31'))
    expect(valueOf(q1, 'gridEvent.count').value).toBe(within('2024-01-01', '2024-03-31'))
    expect(q1.period).toMatchObject({ from: '2024-01-01', to: '2024-03-31', label: '2024年第一季度' })
    const next = (await totals({ year: SEED_YEAR + 1 })).data
    expect(next.totals.find((t: { key: string }) => t.key === 'gridEvent.count').previous.value).toBe(639)
  })

  it('open to the events behind them, page by page, for staff who may see them', async () => {
    const seen = new Set<string>()
    let cursor: string | undefined
    let total = -1
    do {
      const page = await ok(
        'stats',
        {
          action: 'events',
          figure: 'lecture.count',
          period: { year: SEED_YEAR },
          limit: 5,
          ...(cursor ? { cursor } : {}),
        },
        CLERK,
      )
      if (!cursor) total = page.total
      for (const e of page.events) seen.add(e.id)
      cursor = page.next
    } while (cursor)
    expect(total).toBe(14)
    expect(seen.size).toBe(14)
    const special = await ok(
      'stats',
      { action: 'events', figure: 'promotion.special', period: { year: SEED_YEAR }, limit: 50 },
      CLERK,
    )
    expect(special.total).toBe(9)
    expect(special.events.every((e: { typeLabel: string }) => e.typeLabel === '普法宣传活动')).toBe(true)
    // A ratio opens to the cases it is a share of.
    expect(
      (await ok('stats', { action: 'events', figure: 'case.closedRate', period: { year: SEED_YEAR } }, CLERK))
        .total,
    ).toBe(703)
    // A grid worker reads their grid's figures, not the street's.
    expect(await codeOf('stats', { action: 'totals', period: { year: SEED_YEAR } }, WORKER)).toBe(
      'AUTH.OUT_OF_SCOPE',
    )
    const own = await totals({ year: SEED_YEAR }, WORKER, NODE.grid3)
    expect(valueOf(own.data, 'gridEvent.count').value).toBe(639)
    expect(
      await codeOf('stats', { action: 'events', figure: 'nope', period: { year: SEED_YEAR } }, CLERK),
    ).toBe('FIGURE.NOT_FOUND')
  })

  it('refuse a period that is not one, with a clear code', async () => {
    expect(await codeOf('stats', { action: 'totals', period: { year: thisYear + 1 } }, CLERK)).toBe(
      'STATS.YEAR_INVALID',
    )
    expect(await codeOf('stats', { action: 'totals', period: { year: 2024, month: 13 } }, CLERK)).toBe(
      'STATS.PERIOD_INVALID',
    )
    expect(
      await codeOf('stats', { action: 'totals', period: { from: '2024-05-01', to: '2024-04-01' } }, CLERK),
    ).toBe('STATS.PERIOD_INVALID')
    expect(await codeOf('stats', { action: 'totals', period: 'last year' }, CLERK)).toBe('STATS.YEAR_INVALID')
  })
})

describe('every write moves the totals', () => {
  const lectures = async (year: number) => valueOf((await totals({ year })).data, 'lecture.count').value
  const participantsIn = async (period: Record<string, unknown>) =>
    valueOf((await totals(period)).data, 'lecture.participants').value

  it('an event held on 31 Dec and logged in January counts for the year it happened', async () => {
    const before = [await lectures(lastYear), await lectures(thisYear)]
    await create('lecture', {
      title: '年末普法讲座',
      happenedOn: `${lastYear}-12-31`,
      place: '社区活动室',
      measures: { participants: 10, materials: 0 },
    })
    expect([await lectures(lastYear), await lectures(thisYear)]).toEqual([before[0]! + 1, before[1]])
    expect(
      (await totals({ year: lastYear, month: 12 })).data.totals.find(
        (t: { key: string }) => t.key === 'lecture.count',
      ).value.value,
    ).toBeGreaterThanOrEqual(1)
  })

  it('an edit counts with its latest values once; a void takes it away; a restore brings it back', async () => {
    const period = { year: lastYear, month: 3 }
    const base = await participantsIn(period)
    const id = await create('lecture', {
      title: '三月讲座',
      happenedOn: `${lastYear}-03-10`,
      place: '社区活动室',
      measures: { participants: 30, materials: 5 },
    })
    expect(await participantsIn(period)).toBe(base + 30)
    const edited = await ok(
      'events',
      {
        action: 'update',
        id,
        version: 1,
        requestId: newEventId(),
        event: {
          title: '三月讲座',
          happenedOn: `${lastYear}-04-02`,
          place: '社区活动室',
          measures: { participants: 45, materials: 5 },
        },
      },
      WORKER,
    )
    expect(await participantsIn(period)).toBe(base)
    expect(await participantsIn({ year: lastYear, month: 4 })).toBeGreaterThanOrEqual(45)
    const april = await participantsIn({ year: lastYear, month: 4 })
    await ok(
      'events',
      { action: 'void', id, version: edited.event.version, requestId: newEventId(), reason: '重复录入' },
      WORKER,
    )
    expect(await participantsIn({ year: lastYear, month: 4 })).toBe(april - 45)
    await ok(
      'events',
      { action: 'restore', id, version: edited.event.version + 1, requestId: newEventId() },
      WORKER,
    )
    expect(await participantsIn({ year: lastYear, month: 4 })).toBe(april)
  })

  it('forty creates at once into the same grid, month and type are each counted once', async () => {
    const before = await lectures(lastYear)
    await Promise.all(
      Array.from({ length: 40 }, (_x, i) =>
        create('lecture', {
          title: `并发讲座${i}`,
          happenedOn: `${lastYear}-06-15`,
          place: '社区活动室',
          measures: { participants: 1, materials: 1 },
        }),
      ),
    )
    expect(await lectures(lastYear)).toBe(before + 40)
    const reconciled = await ok('stats', { action: 'reconcile', year: lastYear }, ADMIN)
    expect(reconciled.drifted).toEqual([])
  })
})

describe('the reconcile', () => {
  it('finds a rollup that drifted from the events, repairs it, and then finds nothing', async () => {
    const { data: docs } = await fx.db
      .collection('rollups')
      .where({ streetId: NODE.street, month: `${SEED_YEAR}-02` })
      .get()
    const doc = docs.find((d: { nodeId: string }) => d.nodeId === NODE.grid3)
    // The month's totals (what a year is read from) and a day's cell (what a date range is read from).
    const monthKey = Object.keys(doc.totals).find((k) => k.startsWith('gridEvent~'))!
    const cellKey = Object.keys(doc.cells).find((k) => k.startsWith(`${monthKey}_`))!
    const day = doc.cells[cellKey].d
    await fx.db
      .collection('rollups')
      .doc(doc._id)
      .update({
        data: {
          [`totals.${monthKey}.n`]: fx.db.command.inc(5),
          [`cells.${cellKey}.n`]: fx.db.command.inc(5),
        },
      })
    const aDay = `${SEED_YEAR}-02-${String(day).padStart(2, '0')}`
    const dayCount = async () =>
      valueOf((await totals({ from: aDay, to: aDay })).data, 'gridEvent.count').value
    const dayBefore = await dayCount()
    expect(valueOf((await totals({ year: SEED_YEAR })).data, 'gridEvent.count').value).toBe(644)
    const found = await ok('stats', { action: 'reconcile', year: SEED_YEAR }, ADMIN)
    expect(found.drifted).toEqual([
      {
        rollupId: doc._id,
        expected: expect.any(Number),
        stored: expect.any(Number),
      },
    ])
    expect(found.drifted[0].stored - found.drifted[0].expected).toBe(5)
    expect(found.repaired).toBe(1)
    expect(valueOf((await totals({ year: SEED_YEAR })).data, 'gridEvent.count').value).toBe(639)
    expect(await dayCount()).toBe(dayBefore - 5)
    expect((await ok('stats', { action: 'reconcile', year: SEED_YEAR }, ADMIN)).drifted).toEqual([])
    expect(await codeOf('stats', { action: 'reconcile', year: SEED_YEAR }, CLERK)).toBe('AUTH.FORBIDDEN')
  })

  it('runs nightly on its timer, as the system', async () => {
    const { data: docs } = await fx.db
      .collection('rollups')
      .where({ streetId: NODE.street, month: `${lastYear}-06` })
      .get()
    const doc = docs.find((d: { totals: object }) =>
      Object.keys(d.totals).some((k) => k.startsWith('lecture~')),
    )
    await fx.db
      .collection('rollups')
      .doc(doc._id)
      .update({
        data: {
          [`totals.${Object.keys(doc.totals).find((k) => k.startsWith('lecture~'))}.m.participants`]:
            fx.db.command.inc(-3),
        },
      })
    const fired = await fetch(`${fx.cloud.url}/dev/trigger/stats?name=nightly-reconcile`, { method: 'POST' })
    const { result } = (await fired.json()) as {
      result: { ok: boolean; data: { repaired: number; drifted: unknown[] } }
    }
    expect(result.ok).toBe(true)
    expect(result.data.repaired).toBe(1)
    const { data: log } = await fx.db
      .collection('auditLog')
      .where({ action: 'rollups.repair', actor: null })
      .get()
    expect(log.length).toBeGreaterThanOrEqual(1)
  })
})

describe('closing a year', () => {
  it('only an ended year, by the street admin, once', async () => {
    expect(await codeOf('stats', { action: 'closeYear', year: thisYear }, ADMIN)).toBe('YEAR.NOT_ENDED')
    expect(await codeOf('stats', { action: 'closeYear', year: SEED_YEAR }, CLERK)).toBe('AUTH.FORBIDDEN')
  })

  it('snapshots every figure with its events; writes dated in it are refused; reopening and one exception are logged', async () => {
    const { close } = await ok('stats', { action: 'closeYear', year: SEED_YEAR }, ADMIN)
    expect(close).toMatchObject({ year: SEED_YEAR, status: 'closed', closedByName: '李娜' })
    expect(await codeOf('stats', { action: 'closeYear', year: SEED_YEAR }, ADMIN)).toBe('YEAR.ALREADY_CLOSED')
    const stored = (await fx.db.collection('yearCloses').doc(`${NODE.street}:${SEED_YEAR}`).get()).data
    expect(stored.values['gridEvent.count'].value).toBe(639)
    expect(stored.counts['lecture.count']).toBe(14)
    const { data: chunks } = await fx.db
      .collection('yearCloseEvents')
      .where({ streetId: NODE.street, year: SEED_YEAR, figure: 'gridEvent.count' })
      .get()
    expect(chunks.reduce((n: number, c: { ids: string[] }) => n + c.ids.length, 0)).toBe(639)

    // A new event dated in the closed year, and an edit of one, are refused with the sentence.
    const refused = await call(
      'events',
      {
        action: 'create',
        id: newEventId(),
        type: 'lecture',
        event: {
          title: '补录讲座',
          happenedOn: `${SEED_YEAR}-05-05`,
          place: '社区活动室',
          measures: { participants: 1, materials: 0 },
        },
      },
      WORKER,
    )
    expect(refused.error).toMatchObject({ code: 'EVENT.YEAR_CLOSED' })
    const lecture = (
      await ok(
        'stats',
        { action: 'events', figure: 'lecture.count', period: { year: SEED_YEAR }, limit: 1 },
        CLERK,
      )
    ).events[0]
    const edit = (version: number, participants: number) =>
      call(
        'events',
        {
          action: 'update',
          id: lecture.id,
          version,
          requestId: newEventId(),
          event: {
            title: lecture.title,
            happenedOn: lecture.happenedOn,
            place: '社区党群服务中心',
            measures: { participants, materials: 30 },
            attributes: { speaker: '王律师' },
          },
        },
        WORKER,
      )
    expect((await edit(lecture.version, 41)).error).toMatchObject({ code: 'EVENT.YEAR_CLOSED' })

    // One late correction, granted and logged: allowed once.
    const granted = await ok(
      'stats',
      { action: 'grantException', year: SEED_YEAR, eventId: lecture.id, reason: '主讲单位来函更正参与人数' },
      ADMIN,
    )
    expect(granted.close.openExceptions).toContain(lecture.id)
    expect((await edit(lecture.version, 41)).error).toBeUndefined()
    // Used up: no longer open on the close.
    const afterUse = (await ok('stats', { action: 'closes' }, CLERK)).closes.find(
      (c: { year: number }) => c.year === SEED_YEAR,
    )
    expect(afterUse.openExceptions).not.toContain(lecture.id)
    expect((await edit(lecture.version + 1, 42)).error).toMatchObject({ code: 'EVENT.YEAR_CLOSED' })

    // The change shows as a difference against the snapshot.
    const after = (await totals({ year: SEED_YEAR })).data
    expect(after.close).toMatchObject({ status: 'closed' })
    const participants = after.totals.find((t: { key: string }) => t.key === 'lecture.participants')
    expect(participants.value.value).toBe(561)
    expect(participants.closedValue.value).toBe(560)
    expect(after.totals.find((t: { key: string }) => t.key === 'lecture.count').closedValue).toBeUndefined()

    // Reopening (with a reason) lets writes in again; closing again snapshots anew.
    expect(await codeOf('stats', { action: 'reopenYear', year: SEED_YEAR, reason: '' }, ADMIN)).toBe(
      'YEAR.INVALID',
    )
    const reopened = await ok(
      'stats',
      { action: 'reopenYear', year: SEED_YEAR, reason: '区里要求补录讲座' },
      ADMIN,
    )
    expect(reopened.close.status).toBe('reopened')
    expect(reopened.close.history.map((h: { kind: string }) => h.kind)).toEqual([
      'close',
      'exception',
      'reopen',
    ])
    expect((await edit(lecture.version + 1, 42)).error).toBeUndefined()
    expect((await ok('stats', { action: 'closeYear', year: SEED_YEAR }, ADMIN)).close.status).toBe('closed')
    const { data: log } = await fx.db
      .collection('auditLog')
      .where({ action: fx.db.command.in(['year.close', 'year.reopen', 'year.exception']) })
      .get()
    expect(log.map((e: { action: string }) => e.action).sort()).toEqual([
      'year.close',
      'year.close',
      'year.exception',
      'year.reopen',
    ])
    expect((await ok('stats', { action: 'closes' }, CLERK)).closes[0]).toMatchObject({
      year: SEED_YEAR,
      status: 'closed',
    })

    // A lecture voided after the close, under an exception, shows as a change against the snapshot.
    const changes = (figure: string) =>
      ok('stats', { action: 'closeChanges', figure, year: SEED_YEAR }, CLERK)
    expect(await changes('lecture.count')).toMatchObject({ closed: true, addedCount: 0, removedCount: 0 })
    await ok(
      'stats',
      { action: 'grantException', year: SEED_YEAR, eventId: lecture.id, reason: '重复录入，区里同意作废' },
      ADMIN,
    )
    const current = (await ok('events', { action: 'get', id: lecture.id }, CLERK)).event
    await ok(
      'events',
      {
        action: 'void',
        id: lecture.id,
        version: current.version,
        requestId: newEventId(),
        reason: '重复录入',
      },
      WORKER,
    )
    const voided = await changes('lecture.count')
    expect(voided).toMatchObject({ closed: true, addedCount: 0, removedCount: 1 })
    expect(voided.removed.map((e: { id: string }) => e.id)).toEqual([lecture.id])
    expect(
      (await totals({ year: SEED_YEAR })).data.totals.find((t: { key: string }) => t.key === 'lecture.count')
        .closedValue.value,
    ).toBe(14)
    expect(
      await ok('stats', { action: 'closeChanges', figure: 'lecture.count', year: thisYear - 1 }, CLERK),
    ).toMatchObject({
      closed: false,
    })
  })
})

describe('the street admin’s figures and template', () => {
  it('an own figure (a COUNT with a filter) is shown with its definition and its value', async () => {
    const saved = await ok(
      'stats',
      {
        action: 'saveFigure',
        figure: {
          kind: 'count',
          label: '反诈宣传',
          unit: '次',
          types: ['promotion'],
          where: { attributes: { theme: ['反诈'] } },
          description: '主题为反诈的普法宣传活动次数',
          section: '普法宣传',
        },
      },
      ADMIN,
    )
    const own = saved.figures.find((f: { label: string }) => f.label === '反诈宣传')
    expect(own).toMatchObject({ builtIn: false, kind: 'count', unit: '次' })
    // The demo street already has one (反诈知识宣讲 last year): the new figure counts it at once.
    const before = valueOf((await totals({ year: lastYear })).data, own.key).value
    expect(before).toBe(1)
    await create('promotion', {
      title: '反诈宣讲进社区',
      happenedOn: `${lastYear}-08-08`,
      place: '明园广场',
      measures: { audience: 80, materials: 100 },
      attributes: { form: '宣讲', theme: '反诈' },
    })
    const { data } = await totals({ year: lastYear })
    expect(valueOf(data, own.key).value).toBe(before + 1)
    // A street's own figure can be removed (a built-in one only put back as shipped).
    const removed = await ok('stats', { action: 'saveFigure', key: own.key, reset: true }, ADMIN)
    expect(removed.figures.map((f: { key: string }) => f.key)).not.toContain(own.key)
    expect(data.figures.find((f: { key: string }) => f.key === own.key).description).toBe(
      '主题为反诈的普法宣传活动次数',
    )
  })

  it('refuses a figure that is not one, and anyone but the street admin', async () => {
    const bad = await call(
      'stats',
      {
        action: 'saveFigure',
        figure: { kind: 'sum', label: '', types: ['enforcement'], measure: 'people', description: 'x' },
      },
      ADMIN,
    )
    expect(bad.error.code).toBe('FIGURE.INVALID')
    expect(Object.keys(bad.error.details.fields)).toEqual(expect.arrayContaining(['label', 'measure']))
    expect(await codeOf('stats', { action: 'saveFigure', figure: {} }, CLERK)).toBe('AUTH.FORBIDDEN')
  })

  it('a template of the street’s own renders the paragraph; an unknown figure in it is refused', async () => {
    expect(
      (await call('stats', { action: 'saveTemplate', template: '共举办讲座{lecture.cnt}场' }, ADMIN)).error
        .code,
    ).toBe('REPORT.TEMPLATE_INVALID')
    await ok(
      'stats',
      { action: 'saveTemplate', template: '{街道}{年份}年共举办法律讲座{lecture.count}场。' },
      ADMIN,
    )
    const { rendered, isDefaultTemplate } = await ok(
      'stats',
      { action: 'report', period: { year: SEED_YEAR } },
      CLERK,
    )
    expect(isDefaultTemplate).toBe(false)
    const lectures = valueOf((await totals({ year: SEED_YEAR })).data, 'lecture.count').value
    expect(rendered.text).toBe(`春城街道2024年共举办法律讲座${lectures}场。`)
    const reset = await ok('stats', { action: 'saveTemplate', template: null }, ADMIN)
    expect(reset.isDefaultTemplate).toBe(true)
  })
})
