/**
 * Benchmark of the grid workers' actions through the built functions and the local gateway, as the H5
 * app calls them: database round trips per action (the local cloud's per-invocation counter) and
 * latency, with a growing store of events of which 10,000 were logged by one grid worker (张伟), to
 * show that no action's cost grows with the number of events. Prints a Markdown table for
 * docs/performance.md. Run: `npm run bench:events` (BENCH_SIZES=10000,100000 by default).
 */
import { chinaToday, yearOf } from '../src/core/china-time'
import { newEventId } from '../src/core/event-input'
import { PRIVACY_NOTICE } from '../src/core/privacy'
import type { LocalCloud } from '../local-cloud/src/server'
import { benchCloud, machine, markdownTable, measure, percentile } from './support'

const SIZES = (process.env.BENCH_SIZES ?? '10000,100000').split(',').map(Number)
const SAMPLES = 100
const STREET = 'node-chuncheng'
const WORKER = 'demo-grid-zhangwei'
const MEDIATOR = 'demo-community-zhaomin'
const GRID = 'node-cc-mingyuan-grid-3'
const WORKER_EVENTS = 10_000
const TYPES = ['lecture', 'consultation', 'promotion', 'study', 'enforcement'] as const

/** n events in the street over two years; the first 10,000 are 张伟's, the rest other workers'. */
function fill(cloud: LocalCloud, n: number): void {
  const store = cloud.store
  const thisYear = yearOf(chinaToday())
  store.transaction(() => {
    for (let i = 0; i < n; i++) {
      const year = i % 2 === 0 ? thisYear : thisYear - 1
      const happenedOn = `${year}-${String((i % 10) + 1).padStart(2, '0')}-${String((i % 27) + 1).padStart(2, '0')}`
      const by = i < WORKER_EVENTS ? WORKER : `bench-worker-${i % 50}`
      const type = TYPES[i % TYPES.length]!
      const id = `00000000-0000-4000-a000-${String(i).padStart(12, '0')}`
      store.insert('events', {
        _id: id,
        type,
        typeLabel: type,
        title: `第${i}次活动`,
        happenedOn,
        year,
        month: happenedOn.slice(0, 7),
        place: '明园社区',
        measures: { participants: i % 100 },
        attributes: {},
        photos: [],
        location: null,
        nodeId: GRID,
        nodeName: '第3网格',
        ancestors: ['node-lvyuan', STREET, 'node-cc-mingyuan', GRID],
        streetId: STREET,
        voided: i % 97 === 0,
        listStatus: i % 97 === 0 ? 'voided' : 'recorded',
        handlers: [by],
        createdBy: by,
        createdByName: '张伟',
        createdAt: new Date(),
        version: 1,
        lastRequestId: id,
      })
    }
  })
}

async function main(): Promise<void> {
  const table = new Map<string, string[]>()
  const today = chinaToday()
  const lastYear = `${yearOf(today) - 1}-12-30`
  const lecture = {
    title: '民法典进社区',
    happenedOn: today,
    place: '明园社区党群服务中心',
    measures: { participants: 45, materials: 120 },
  }
  for (const n of SIZES) {
    const bench = await benchCloud((cloud) => fill(cloud, n))
    const { call } = bench
    await call('session', { action: 'consent', version: PRIVACY_NOTICE.version }, MEDIATOR)
    const row = async <P>(
      label: string,
      op: (prepared: P) => Promise<{ db: number }>,
      prepare?: () => Promise<P>,
      p95 = false,
    ): Promise<void> => {
      const { trips, times } = await measure(SAMPLES, op, prepare)
      const cell = `${trips} · ${percentile(times, 0.5).toFixed(1)}${p95 ? ` / ${percentile(times, 0.95).toFixed(1)}` : ''} ms`
      table.set(label, [...(table.get(label) ?? []), cell])
    }
    const create = (type: string, event: Record<string, unknown>, who = WORKER) =>
      call('events', { action: 'create', id: newEventId(), type, event }, who)
    await row(
      'events.create, a lecture this year (p50 / p95)',
      () => create('lecture', lecture),
      undefined,
      true,
    )
    await row('events.create, a lecture dated last year', () =>
      create('lecture', { ...lecture, happenedOn: lastYear }),
    )
    await row('events.create, a grid event', () =>
      create('gridEvent', {
        title: '楼道堆物',
        happenedOn: today,
        place: '5栋',
        attributes: { category: '安全隐患' },
      }),
    )
    await row('events.create, a dispute with parties', () =>
      create(
        'dispute',
        {
          title: '邻里纠纷',
          happenedOn: today,
          attributes: { category: '邻里纠纷' },
          parties: [{ role: 'applicant', name: '张三' }],
        },
        MEDIATOR,
      ),
    )
    await row(
      'events.create, the same id again (a retry)',
      (id) => call('events', { action: 'create', id, type: 'lecture', event: lecture }, WORKER),
      async () => {
        const id = newEventId()
        await call('events', { action: 'create', id, type: 'lecture', event: lecture }, WORKER)
        return id
      },
    )
    const { data: made } = await create('lecture', lecture)
    await row('events.get', () => call('events', { action: 'get', id: made.event.id }, MEDIATOR))
    let version = 1
    await row('events.update', () =>
      call(
        'events',
        {
          action: 'update',
          id: made.event.id,
          version: version++,
          requestId: newEventId(),
          event: { ...lecture, measures: { participants: version, materials: 1 } },
        },
        WORKER,
      ),
    )
    await row('events.history', () => call('events', { action: 'history', id: made.event.id }, WORKER))
    await row(
      'events.void',
      (id) =>
        call(
          'events',
          { action: 'void', id, version: 1, requestId: newEventId(), reason: '重复记录' },
          WORKER,
        ),
      async () => (await create('lecture', lecture)).data.event.id as string,
    )
    await row(
      'cases.step (开始调解)',
      (id) =>
        call(
          'cases',
          {
            action: 'step',
            id,
            version: 1,
            requestId: newEventId(),
            step: { kind: 'startMediation', on: today },
          },
          MEDIATOR,
        ),
      async () =>
        (
          await create(
            'dispute',
            {
              title: '邻里纠纷',
              happenedOn: today,
              attributes: { category: '邻里纠纷' },
              parties: [{ role: 'applicant', name: '张三' }],
            },
            MEDIATOR,
          )
        ).data.event.id as string,
    )
    await row('cases.open (open cases, first page)', () => call('cases', { action: 'open' }, MEDIATOR))
    const first = await call('events', { action: 'mine' }, WORKER)
    await row('events.mine, first page (20 of 10,000)', () => call('events', { action: 'mine' }, WORKER))
    await row('events.mine, next page', () =>
      call('events', { action: 'mine', cursor: first.data.next }, WORKER),
    )
    await row('events.mine, type + month', () =>
      call('events', { action: 'mine', type: 'promotion', month: `${yearOf(today) - 1}-03` }, WORKER),
    )
    await row('events.mine, status 已作废', () =>
      call('events', { action: 'mine', status: 'voided' }, WORKER),
    )
    await row('events.mine, search a title', () => call('events', { action: 'mine', q: '第9999次' }, WORKER))
    await row('events.similar', () =>
      call('events', { action: 'similar', type: 'lecture', happenedOn: today }, MEDIATOR),
    )
    await row('events.catalogue', () => call('events', { action: 'catalogue' }, WORKER))
    await bench.close()
    console.error(`done ${n}`)
  }
  const columns = SIZES.map((n) => `${n.toLocaleString('en')} events: round trips · p50`)
  console.log([machine(), '', markdownTable('action', columns, table)].join('\n'))
}

main().catch((e: unknown) => {
  console.error(e)
  process.exit(1)
})
