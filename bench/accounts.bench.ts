/**
 * Benchmark of the accounts issue's actions through the built functions and the local gateway, as the
 * H5 app calls them: database round trips per action (the local cloud's per-invocation counter) and
 * latency, with the street's audit log, cases and people at growing sizes, to show that no action's
 * cost grows with the number of records. Prints a Markdown table for docs/performance.md.
 * Run: `npm run build:functions && npm run bench:accounts` (BENCH_SIZES=10000,100000 by default).
 */
import { chinaToday } from '../src/core/china-time'
import { newEventId } from '../src/core/event-input'
import { PRIVACY_NOTICE } from '../src/core/privacy'
import type { LocalCloud } from '../local-cloud/src/server'
import { benchCloud, machine, markdownTable, measure, percentile } from './support'

const SIZES = (process.env.BENCH_SIZES ?? '10000,100000').split(',').map(Number)
const SAMPLES = 100
const STREET = 'node-chuncheng'

/** The street's history at size n: n audit entries, n/10 cases with parties, n/100 people. */
function fill(cloud: LocalCloud, n: number): void {
  const store = cloud.store
  const start = Date.now() - n * 1000
  store.transaction(() => {
    for (let i = 0; i < n; i++) {
      store.insert('auditLog', {
        _id: `bench-audit-${i}`,
        action: 'event.create',
        streetId: i % 2 === 0 ? STREET : 'node-other',
        actor: 'demo-grid-zhangwei',
        actorName: '张伟',
        outcome: 'ok',
        target: { kind: 'lecture', id: `e${i}` },
        at: new Date(start + i * 1000),
      })
    }
    for (let i = 0; i < n / 10; i++) {
      const id = `00000000-0000-4000-9000-${String(i).padStart(12, '0')}`
      store.insert('events', {
        _id: id,
        type: 'dispute',
        typeLabel: '矛盾纠纷',
        title: '邻里纠纷',
        attributes: { category: '邻里纠纷' },
        happenedOn: '2025-06-01',
        year: 2025,
        month: '2025-06',
        lifecycle: 'dispute',
        status: 'accepted',
        open: true,
        listStatus: 'open',
        version: 1,
        nodeId: 'node-cc-mingyuan-grid-3',
        nodeName: '第3网格',
        ancestors: ['node-lvyuan', STREET, 'node-cc-mingyuan', 'node-cc-mingyuan-grid-3'],
        streetId: STREET,
        partyCount: 1,
        handlers: ['demo-grid-zhangwei'],
        voided: false,
        createdBy: 'demo-grid-zhangwei',
        createdAt: new Date(),
      })
      store.insert('caseParties', {
        _id: id,
        streetId: STREET,
        nodeId: 'node-cc-mingyuan-grid-3',
        parties: [{ role: 'applicant', name: '张三', phone: '13812345678' }],
        closedOn: i % 3 === 0 ? '2020-01-01' : null,
        purged: false,
      })
    }
    for (let i = 0; i < n / 100; i++) {
      store.insert('users', {
        _id: `bench-person-${i}`,
        name: `网格员${i}`,
        streetId: i % 10 === 0 ? STREET : 'node-other',
        grants: [{ role: 'gridWorker', nodeId: 'node-cc-mingyuan-grid-1' }],
        status: 'active',
        history: [],
      })
    }
  })
}

async function main(): Promise<void> {
  const table = new Map<string, string[]>()
  for (const n of SIZES) {
    const bench = await benchCloud((cloud) => fill(cloud, n))
    const { call } = bench
    await call('session', { action: 'consent', version: PRIVACY_NOTICE.version }, 'demo-community-zhaomin')
    const caseId = newEventId()
    const dispute = {
      title: '邻里纠纷',
      happenedOn: chinaToday(),
      attributes: { category: '邻里纠纷' },
      parties: [{ role: 'applicant', name: '张三' }],
    }
    await call(
      'events',
      { action: 'create', id: caseId, type: 'dispute', event: dispute },
      'demo-community-zhaomin',
    )
    const firstPage = await call('audit', { action: 'list' }, 'demo-admin-lina')

    const row = async <P>(
      label: string,
      op: (prepared: P) => Promise<{ db: number }>,
      prepare?: () => Promise<P>,
    ): Promise<void> => {
      const { trips, times } = await measure(SAMPLES, op, prepare)
      table.set(label, [...(table.get(label) ?? []), `${trips} · ${percentile(times, 0.5).toFixed(1)} ms`])
    }
    await row('session.me (street admin)', () => call('session', { action: 'me' }, 'demo-admin-lina'))
    await row('people.invite', () =>
      call(
        'people',
        { action: 'invite', role: 'gridWorker', nodeId: 'node-cc-chunxiao-grid-2', name: '刘洋' },
        'demo-admin-lina',
      ),
    )
    let k = 0
    await row(
      'people.accept',
      ({ code, who }) => call('people', { action: 'accept', code }, who),
      async () => {
        const { data } = await call(
          'people',
          { action: 'invite', role: 'gridWorker', nodeId: 'node-cc-chunxiao-grid-2', name: '刘洋' },
          'demo-admin-lina',
        )
        const who = `bench-new-${n}-${k++}`
        await call('session', { action: 'consent', version: PRIVACY_NOTICE.version }, who)
        return { code: data.code as string, who }
      },
    )
    await row('people.list', () => call('people', { action: 'list' }, 'demo-admin-lina'))
    await row('org.tree', () => call('org', { action: 'tree' }, 'demo-admin-lina'))
    await row('events.create (a dispute with its parties)', () =>
      call(
        'events',
        { action: 'create', id: newEventId(), type: 'dispute', event: dispute },
        'demo-community-zhaomin',
      ),
    )
    await row('cases.get (masked)', () =>
      call('cases', { action: 'get', id: caseId }, 'demo-street-chenjing'),
    )
    await row('cases.revealParties', () =>
      call('cases', { action: 'revealParties', id: caseId }, 'demo-street-chenjing'),
    )
    await row('audit.list, first page (30)', () => call('audit', { action: 'list' }, 'demo-admin-lina'))
    await row('audit.list, next page', () =>
      call('audit', { action: 'list', before: firstPage.data.next }, 'demo-admin-lina'),
    )
    await row('refused (resident opens a case)', () =>
      bench.refused('cases', { action: 'get', id: caseId }, 'demo-resident-wangfang'),
    )
    await row('cases.purge (n/30 cases due)', () => call('cases', { action: 'purge' }, 'demo-admin-lina'))
    await bench.close()
    console.error(`done ${n}`)
  }
  const columns = SIZES.map(
    (n) =>
      `${n.toLocaleString('en')} audit entries, ${(n / 10).toLocaleString('en')} cases: round trips · p50`,
  )
  console.log([machine(), '', markdownTable('action', columns, table)].join('\n'))
}

main().catch((e: unknown) => {
  console.error(e)
  process.exit(1)
})
