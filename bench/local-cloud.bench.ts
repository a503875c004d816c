/**
 * Benchmark of the local cloud through the real wx-server-sdk (issue: local cloud, "Performance").
 *
 * For each size (10⁴, 10⁵, 10⁶ documents by default; BENCH_SIZES=10000,100000 to choose) it fills a
 * fresh data directory directly through the store (fast), starts `local-cloud/src/main.ts` as its own
 * process, and measures through the SDK: add throughput with 16 concurrent callers, get by _id, an
 * indexed where, count on an indexed field, and the server's resident memory. Prints a Markdown
 * table for docs/performance.md. Run: `npm run bench:local-cloud`.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import Database from 'better-sqlite3'
import { Store } from '../local-cloud/src/database/store'
import { startCloudProcess, stopped } from '../test/support/process'

const SIZES = (process.env.BENCH_SIZES ?? '10000,100000,1000000').split(',').map(Number)
const ADDS = 4000
const CALLERS = 16
const SAMPLES = 500

function fill(dataDir: string, n: number): void {
  const db = new Database(path.join(dataDir, 'cloud.sqlite'))
  db.pragma('journal_mode = WAL')
  const store = new Store(db)
  store.applyDeclarations([
    {
      name: 'bench',
      description: 'benchmark documents',
      indexes: [
        { name: 'by_k', fields: [{ field: 'k', direction: 1 }] },
        {
          name: 'by_grp_k',
          fields: [
            { field: 'grp', direction: 1 },
            { field: 'k', direction: 1 },
          ],
        },
      ],
    },
  ])
  const payload = '法治台账'.repeat(16)
  for (let start = 0; start < n; start += 50_000) {
    store.transaction(() => {
      for (let i = start; i < Math.min(n, start + 50_000); i++) {
        store.insert('bench', {
          _id: `d${i}`,
          k: i,
          grp: i % 100,
          at: new Date(1_700_000_000_000 + i),
          payload,
        })
      }
    })
  }
  db.close()
}

const percentile = (sorted: number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!

async function timed(
  samples: number,
  op: (i: number) => Promise<unknown>,
): Promise<{ p50: number; p95: number }> {
  const times: number[] = []
  for (let i = 0; i < samples; i++) {
    const t = performance.now()
    await op(i)
    times.push(performance.now() - t)
  }
  times.sort((a, b) => a - b)
  return { p50: percentile(times, 0.5), p95: percentile(times, 0.95) }
}

function rssMb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8')
  return Number(/VmRSS:\s+(\d+)/.exec(status)![1]) / 1024
}

async function main(): Promise<void> {
  process.env.SILENCE = 'true'
  process.env.TENCENTCLOUD = 'true' // as inside Tencent Cloud: no metadata probe per request (ADR 0001)
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const sdk = require('wx-server-sdk')
  sdk.init({ env: 'local', secretId: 'local', secretKey: 'local' })
  const db = sdk.database()
  const _ = db.command
  const rows: string[] = []
  for (const n of SIZES) {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'local-cloud-bench-'))
    const fillStart = performance.now()
    fill(dataDir, n)
    const fillS = (performance.now() - fillStart) / 1000
    const cloud = await startCloudProcess({ DATA_DIR: dataDir, DEMO: '0' })
    process.env.TCB_CONTEXT_CNFG = JSON.stringify({ URL: cloud.adminUrl })
    const rand = (): number => Math.floor(Math.random() * n)

    await timed(50, () => db.collection('bench').doc(`d${rand()}`).get()) // warm up
    let next = 0
    const addStart = performance.now()
    await Promise.all(
      Array.from({ length: CALLERS }, async () => {
        while (next < ADDS) {
          next++
          await db.collection('bench').add({ data: { k: n + next, grp: next % 100, payload: 'new' } })
        }
      }),
    )
    const addsPerS = ADDS / ((performance.now() - addStart) / 1000)
    const byId = await timed(SAMPLES, () => db.collection('bench').doc(`d${rand()}`).get())
    const where = await timed(SAMPLES, () =>
      db
        .collection('bench')
        .where({ grp: rand() % 100, k: _.gte(rand()) })
        .limit(10)
        .get(),
    )
    const count = await timed(100, () =>
      db
        .collection('bench')
        .where({ grp: rand() % 100 })
        .count(),
    )
    const rss = rssMb(cloud.child.pid!)
    cloud.child.kill('SIGTERM')
    await stopped(cloud.child)
    fs.rmSync(dataDir, { recursive: true, force: true })
    const f = (x: number): string => x.toFixed(2)
    rows.push(
      `| ${n.toLocaleString('en')} | ${fillS.toFixed(0)} s | ${addsPerS.toFixed(0)} | ${f(byId.p50)} / ${f(byId.p95)} | ${f(where.p50)} / ${f(where.p95)} | ${f(count.p50)} / ${f(count.p95)} | ${rss.toFixed(0)} |`,
    )
    console.error(rows[rows.length - 1])
  }
  console.log(
    [
      `Machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}; ${new Date().toISOString().slice(0, 10)}`,
      '',
      '| documents | fill (direct) | add/s (16 callers) | get by _id p50/p95 ms | indexed where p50/p95 ms | indexed count p50/p95 ms | server RSS MB |',
      '|---|---|---|---|---|---|---|',
      ...rows,
    ].join('\n'),
  )
}

main().catch((e: unknown) => {
  console.error(e)
  process.exit(1)
})
