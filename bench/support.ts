/**
 * What the benchmarks share: a local cloud with the built functions and the demo street in the
 * benchmark's own process, calls through the gateway as the H5 app makes them (with the database round
 * trips of each call, `x-cloud-db-requests`), and timing of an action over repeated samples.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { COLLECTIONS } from '../cloudfunctions/collections'
import { chunchengSeed } from '../local-cloud/demo/chuncheng'
import { startLocalCloud, type LocalCloud } from '../local-cloud/src/server'

export const machine = (): string =>
  `Machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}; ${new Date().toISOString().slice(0, 10)}`

export const percentile = (sorted: readonly number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? NaN

// Replies are read field by field; their types are the contract's, tested elsewhere.
export type Call = (
  fn: string,
  data: Record<string, unknown>,
  who: string,
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
) => Promise<{ data: any; db: number }>

export interface BenchCloud {
  readonly cloud: LocalCloud
  readonly call: Call
  /** The raw gateway reply's round trips, for a call expected to be refused. */
  refused(fn: string, data: Record<string, unknown>, who: string): Promise<{ db: number }>
  close(): Promise<void>
}

/** A fresh local cloud in a temporary directory, filled by `fill` directly through the store. */
export async function benchCloud(fill: (cloud: LocalCloud) => void): Promise<BenchCloud> {
  process.env.TENCENTCLOUD = 'true'
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-'))
  const cloud = await startLocalCloud({
    port: 0,
    dataDir,
    collections: COLLECTIONS,
    functionsDir: path.join(__dirname, '../dist/cloudfunctions'),
    seed: chunchengSeed(),
  })
  fill(cloud)
  const tokens = new Map<string, string>()
  const token = async (openid: string): Promise<string> => {
    if (!tokens.has(openid)) {
      const res = await fetch(`${cloud.url}/dev/login`, { method: 'POST', body: JSON.stringify({ openid }) })
      tokens.set(openid, ((await res.json()) as { token: string }).token)
    }
    return tokens.get(openid)!
  }
  const post = async (fn: string, data: Record<string, unknown>, who: string) =>
    fetch(`${cloud.url}/cloud/${fn}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await token(who)}` },
      body: JSON.stringify(data),
    })
  return {
    cloud,
    async call(fn, data, who) {
      const res = await post(fn, data, who)
      const body = (await res.json()) as { result: { ok: boolean; data: unknown; error?: unknown } }
      if (!body.result.ok)
        throw new Error(`${fn}.${String(data.action)}: ${JSON.stringify(body.result.error)}`)
      return { data: body.result.data, db: Number(res.headers.get('x-cloud-db-requests')) }
    },
    async refused(fn, data, who) {
      const res = await post(fn, data, who)
      return { db: Number(res.headers.get('x-cloud-db-requests')) }
    },
    async close() {
      await cloud.close()
      fs.rmSync(dataDir, { recursive: true, force: true })
    },
  }
}

/**
 * Times `op` `samples` times (after one warming call); `prepare` (untimed) makes what each run needs.
 * Returns the round trips of the last call and the sorted latencies in ms.
 */
export async function measure<P>(
  samples: number,
  op: (prepared: P) => Promise<{ db: number }>,
  prepare: () => Promise<P> = async () => undefined as P,
): Promise<{ trips: number; times: number[] }> {
  await op(await prepare())
  const times: number[] = []
  let trips = 0
  for (let i = 0; i < samples; i++) {
    const prepared = await prepare()
    const t = performance.now()
    trips = (await op(prepared)).db
    times.push(performance.now() - t)
  }
  times.sort((a, b) => a - b)
  return { trips, times }
}

/** A Markdown table: one row per label, one column per size. */
export function markdownTable(
  header: string,
  columns: readonly string[],
  rows: ReadonlyMap<string, readonly string[]>,
): string {
  return [
    `| ${header} | ${columns.join(' | ')} |`,
    `|---|${columns.map(() => '---').join('|')}|`,
    ...[...rows].map(([label, cells]) => `| ${label} | ${cells.join(' | ')} |`),
  ].join('\n')
}
