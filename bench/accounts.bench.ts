/**
 * Benchmark of the accounts issue's actions through the built functions and the local gateway, as the
 * H5 app calls them: database round trips per action (the local cloud's per-invocation counter) and
 * latency, with the street's audit log, cases and people at growing sizes, to show that no action's
 * cost grows with the number of records. Prints a Markdown table for docs/performance.md.
 * Run: `npm run build:functions && npm run bench:accounts` (BENCH_SIZES=10000,100000 by default).
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { COLLECTIONS } from '../cloudfunctions/collections'
import { chinaToday } from '../src/core/china-time'
import { newEventId } from '../src/core/lecture'
import { PRIVACY_NOTICE } from '../src/core/privacy'
import { chunchengSeed } from '../local-cloud/demo/chuncheng'
import { startLocalCloud, type LocalCloud } from '../local-cloud/src/server'

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
      const id = `bench-case-${i}`
      store.insert('events', {
        _id: id,
        type: 'dispute',
        title: '邻里纠纷',
        category: '邻里纠纷',
        acceptedOn: '2025-06-01',
        year: 2025,
        status: 'accepted',
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

const percentile = (sorted: number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!

async function main(): Promise<void> {
  process.env.TENCENTCLOUD = 'true'
  const header = [
    `Machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}; ${new Date().toISOString().slice(0, 10)}`,
    '',
  ]
  const table = new Map<string, string[]>()
  for (const n of SIZES) {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'accounts-bench-'))
    const cloud = await startLocalCloud({
      port: 0,
      dataDir,
      collections: COLLECTIONS,
      functionsDir: path.join(__dirname, '../dist/cloudfunctions'),
      seed: chunchengSeed(),
    })
    fill(cloud, n)
    const tokens = new Map<string, string>()
    const token = async (openid: string): Promise<string> => {
      if (!tokens.has(openid)) {
        const res = await fetch(`${cloud.url}/dev/login`, {
          method: 'POST',
          body: JSON.stringify({ openid }),
        })
        tokens.set(openid, ((await res.json()) as { token: string }).token)
      }
      return tokens.get(openid)!
    }
    const call = async (
      fn: string,
      data: Record<string, unknown>,
      who: string,
      // Replies are read field by field; their types are the contract's, tested elsewhere.
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
    ): Promise<{ data: any; db: number }> => {
      const res = await fetch(`${cloud.url}/cloud/${fn}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${await token(who)}` },
        body: JSON.stringify(data),
      })
      const body = (await res.json()) as { result: { ok: boolean; data: unknown; error?: unknown } }
      if (!body.result.ok)
        throw new Error(`${fn}.${String(data.action)}: ${JSON.stringify(body.result.error)}`)
      return { data: body.result.data, db: Number(res.headers.get('x-cloud-db-requests')) }
    }
    await call('session', { action: 'consent', version: PRIVACY_NOTICE.version }, 'demo-community-zhaomin')
    const caseId = newEventId()
    const dispute = {
      title: '邻里纠纷',
      acceptedOn: chinaToday(),
      category: '邻里纠纷',
      parties: [{ role: 'applicant', name: '张三' }],
    }
    await call('cases', { action: 'open', id: caseId, dispute }, 'demo-community-zhaomin')
    const firstPage = await call('audit', { action: 'list' }, 'demo-admin-lina')

    /** Times `op` only; `prepare` (untimed) makes what each run needs. */
    const measure = async <P>(
      label: string,
      op: (prepared: P) => Promise<{ db: number }>,
      prepare: () => Promise<P> = async () => undefined as P,
    ): Promise<void> => {
      await op(await prepare()) // warm the function instance
      const times: number[] = []
      let trips = 0
      for (let i = 0; i < SAMPLES; i++) {
        const prepared = await prepare()
        const t = performance.now()
        trips = (await op(prepared)).db
        times.push(performance.now() - t)
      }
      times.sort((a, b) => a - b)
      const cell = `${trips} · ${percentile(times, 0.5).toFixed(1)} ms`
      table.set(label, [...(table.get(label) ?? []), cell])
    }
    await measure('session.me (street admin)', () => call('session', { action: 'me' }, 'demo-admin-lina'))
    await measure('people.invite', () =>
      call(
        'people',
        { action: 'invite', role: 'gridWorker', nodeId: 'node-cc-chunxiao-grid-2', name: '刘洋' },
        'demo-admin-lina',
      ),
    )
    let k = 0
    await measure(
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
    await measure('people.list', () => call('people', { action: 'list' }, 'demo-admin-lina'))
    await measure('org.tree', () => call('org', { action: 'tree' }, 'demo-admin-lina'))
    await measure('cases.open', () =>
      call('cases', { action: 'open', id: newEventId(), dispute }, 'demo-community-zhaomin'),
    )
    await measure('cases.get (masked)', () =>
      call('cases', { action: 'get', id: caseId }, 'demo-street-chenjing'),
    )
    await measure('cases.revealParties', () =>
      call('cases', { action: 'revealParties', id: caseId }, 'demo-street-chenjing'),
    )
    await measure('audit.list, first page (30)', () => call('audit', { action: 'list' }, 'demo-admin-lina'))
    await measure('audit.list, next page', () =>
      call('audit', { action: 'list', before: firstPage.data.next }, 'demo-admin-lina'),
    )
    await measure('refused (resident opens a case)', async () => {
      const res = await fetch(`${cloud.url}/cloud/cases`, {
        method: 'POST',
        headers: { authorization: `Bearer ${await token('demo-resident-wangfang')}` },
        body: JSON.stringify({ action: 'get', id: caseId }),
      })
      return { db: Number(res.headers.get('x-cloud-db-requests')) }
    })
    await measure('cases.purge (n/30 cases due)', () => call('cases', { action: 'purge' }, 'demo-admin-lina'))
    await cloud.close()
    fs.rmSync(dataDir, { recursive: true, force: true })
    console.error(`done ${n}`)
  }
  console.log(
    [
      ...header,
      `| action | ${SIZES.map((n) => `${n.toLocaleString('en')} audit entries, ${(n / 10).toLocaleString('en')} cases: round trips · p50`).join(' | ')} |`,
      `|---|${SIZES.map(() => '---').join('|')}|`,
      ...[...table].map(([label, cells]) => `| ${label} | ${cells.join(' | ')} |`),
    ].join('\n'),
  )
}

main().catch((e: unknown) => {
  console.error(e)
  process.exit(1)
})
