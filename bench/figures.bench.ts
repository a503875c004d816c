/**
 * Benchmark of the year-end figures (issue 6): the totals of one street's year read from rollups, with
 * 10³ … 10⁶ events in the store, against a recount that scans the events (one aggregation over the
 * street's year: the approach rollups avoid); and the Word and Excel exports of a street year of 10,000
 * events (time, and the function instance's heap at its highest, which the platform caps at 256 MB).
 * Latency through the local gateway as the H5 app calls; database round trips from the local cloud's
 * per-invocation counter. Prints Markdown for docs/performance.md.
 * Run: `npm run bench:figures` (BENCH_SIZES=1000,10000,100000,1000000 by default).
 */
import { chinaToday, yearOf } from '../src/core/china-time'
import { BUILT_IN_TYPES } from '../src/core/event-types'
import {
  applyDeltas,
  contributionOf,
  deltasOf,
  rollupShell,
  storedCells,
  type CountableEvent,
  type RollupDoc,
} from '../src/core/rollups'
import { chunchengSeed } from '../local-cloud/demo/chuncheng'
import type { LocalCloud } from '../local-cloud/src/server'
import type { Sdk } from '../test/support/local-cloud'
// eslint-disable-next-line @typescript-eslint/no-require-imports
const tcb = require('@cloudbase/node-sdk') as { init(o: Record<string, unknown>): { database(): Sdk } }
import { benchCloud, machine, markdownTable, measure, percentile } from './support'

const SIZES = (process.env.BENCH_SIZES ?? '1000,10000,100000,1000000').split(',').map(Number)
const STREET = 'node-chuncheng'
const CLERK = 'demo-street-chenjing'
const YEAR = yearOf(chinaToday()) - 1
const GRIDS = (
  chunchengSeed().documents.orgNodes as { _id: string; kind: string; name: string; ancestors: string[] }[]
).filter((n) => n.kind === 'grid')
const defOf = (type: string) => BUILT_IN_TYPES.find((t) => t.type === type)

/** The i-th event: all seven built-in types, spread over 9 grids and two years, cases mostly closed. */
function eventOf(i: number): Record<string, unknown> {
  const types = [
    'lecture',
    'consultation',
    'promotion',
    'dispute',
    'gridEvent',
    'gridEvent',
    'enforcement',
    'study',
  ]
  // A fixed pseudo-random spread (so that every grid, month, day and type occurs together).
  const r = (k: number) =>
    Math.floor(((((Math.sin(i * 12.9898 + k * 78.233) * 43758.5453) % 1) + 1) % 1) * 1e6)
  const type = types[r(1) % types.length]!
  const year = i % 2 === 0 ? YEAR : YEAR - 1
  const happenedOn = `${year}-${String((r(2) % 12) + 1).padStart(2, '0')}-${String((r(3) % 28) + 1).padStart(2, '0')}`
  const grid = GRIDS[r(4) % GRIDS.length]!
  const attributes: Record<string, unknown> =
    type === 'promotion'
      ? {
          form: ['宣讲', '文艺汇演', '进校园', 'LED屏'][i % 4],
          theme: ['民法典', '反诈'][i % 2],
          partner: null,
        }
      : type === 'dispute'
        ? { category: '邻里纠纷' }
        : type === 'gridEvent'
          ? { category: ['安全隐患', '环境卫生'][i % 2] }
          : type === 'enforcement'
            ? {
                category: ['私搭乱建', '乱堆乱放', '日常执法检查'][i % 3],
                joint: i % 5 === 0,
                departments: null,
              }
            : type === 'study'
              ? { form: ['中心组学法', '会前学法', '培训班'][i % 3] }
              : {}
  const measures: Record<string, number> =
    type === 'lecture'
      ? { participants: 30 + (i % 20), materials: i % 50 }
      : type === 'consultation'
        ? { people: 1 + (i % 5) }
        : type === 'promotion'
          ? { audience: 100 + (i % 100), materials: i % 200 }
          : type === 'study'
            ? { participants: 10 + (i % 30) }
            : {}
  const closed = i % 10 !== 0
  const lifecycle = type === 'dispute' ? 'dispute' : type === 'gridEvent' ? 'gridEvent' : undefined
  const id = `00000000-0000-4000-b000-${String(i).padStart(12, '0')}`
  const doc: Record<string, unknown> = {
    _id: id,
    type,
    typeLabel: defOf(type)!.label,
    title: `第${i}次`,
    happenedOn,
    year,
    month: happenedOn.slice(0, 7),
    place: '明园社区',
    measures,
    attributes,
    photos: [],
    location: null,
    nodeId: grid._id,
    nodeName: grid.name,
    ancestors: [...grid.ancestors, grid._id],
    streetId: STREET,
    voided: i % 97 === 0,
    handlers: ['bench-worker'],
    createdBy: 'bench-worker',
    createdByName: '张伟',
    createdAt: new Date(),
    version: 1,
    lastRequestId: id,
  }
  if (lifecycle)
    Object.assign(doc, {
      lifecycle,
      status: closed ? 'closed' : lifecycle === 'dispute' ? 'mediating' : 'handling',
      outcome: lifecycle === 'dispute' && closed ? 'success' : null,
      closure: lifecycle === 'gridEvent' && closed ? 'substantive' : null,
      closedOn: closed ? happenedOn : null,
      lastStepOn: happenedOn,
      followUps: 0,
      steps: [],
      open: !closed,
    })
  doc.listStatus = doc.voided ? 'voided' : lifecycle ? (closed ? 'closed' : 'open') : 'recorded'
  return doc
}

/** n events written straight into the store, and their rollups as the functions would have written them. */
export function fill(cloud: LocalCloud, n: number): void {
  const store = cloud.store
  const chunk = 50_000
  // The demo street's own events are counted too (its rollups are rewritten with the bench's). Rollups are
  // summed as the events go, so a million events never sit in memory at once.
  const docs = new Map<string, RollupDoc>()
  const count = (e: CountableEvent) => {
    const c = contributionOf(e, defOf(e.type))
    if (!c) return
    const deltas = deltasOf(undefined, c).get(c.rollupId)!
    const doc = docs.get(c.rollupId) ?? { ...rollupShell(e, c.month), cells: {}, totals: {} }
    docs.set(c.rollupId, {
      ...doc,
      cells: applyDeltas(doc.cells, deltas),
      totals: applyDeltas(doc.totals, deltas, 'month'),
    })
  }
  for (const e of chunchengSeed().documents.events as unknown as CountableEvent[]) count(e)
  for (let from = 0; from < n; from += chunk) {
    store.transaction(() => {
      for (let i = from; i < Math.min(n, from + chunk); i++) {
        const doc = eventOf(i)
        store.insert('events', doc)
        count(doc as unknown as CountableEvent)
      }
    })
  }
  store.transaction(() => {
    for (const doc of docs.values()) {
      const stored = { ...doc, cells: storedCells(doc.cells), totals: storedCells(doc.totals), rev: 1 }
      if (store.getById('rollups', doc._id)) store.replace('rollups', stored)
      else store.insert('rollups', stored)
    }
  })
}

async function main(): Promise<void> {
  const rows = new Map<string, string[]>()
  const add = (label: string, value: string) => rows.set(label, [...(rows.get(label) ?? []), value])
  const ms = (v: number) => `${v.toFixed(v < 10 ? 1 : 0)} ms`
  for (const n of SIZES) {
    const t0 = performance.now()
    const bench = await benchCloud((cloud) => fill(cloud, n))
    console.error(`filled ${n} events in ${((performance.now() - t0) / 1000).toFixed(0)} s`)
    try {
      const rollupDocs = bench.cloud.store.count('rollups', {
        streetId: STREET,
        year: { $in: [YEAR, YEAR - 1] },
      })
      const totals = await measure(n >= 1_000_000 ? 30 : 50, async () => {
        const r = await bench.call('stats', { action: 'totals', period: { year: YEAR } }, CLERK)
        return { db: r.db }
      })
      add('rollup documents read for the year (+ the year before)', String(rollupDocs))
      add('totals: round trips', String(totals.trips))
      add('totals: p50', ms(percentile(totals.times, 0.5)))
      add('totals: p95', ms(percentile(totals.times, 0.95)))
      const report = await measure(20, async () => {
        const r = await bench.call('stats', { action: 'report', period: { year: YEAR } }, CLERK)
        return { db: r.db }
      })
      add('report paragraph: p50', ms(percentile(report.times, 0.5)))
      // The approach we avoid: one aggregation that scans the street's year of events for every total.
      // A fresh SDK app per cloud (wx-server-sdk keeps its first init for the process).
      const db = tcb
        .init({
          env: bench.cloud.env,
          serviceUrl: bench.cloud.adminUrl,
          secretId: 'local',
          secretKey: 'local',
        })
        .database()
      const $ = db.command.aggregate
      const recount = await measure(n >= 100_000 ? 3 : 10, async () => {
        await db
          .collection('events')
          .aggregate()
          .match({ streetId: STREET, year: YEAR, voided: false })
          .group({ _id: '$type', n: $.sum(1), participants: $.sum('$measures.participants') })
          .end()
        return { db: 1 }
      })
      add('recount by scanning events (1 aggregation): p50', ms(percentile(recount.times, 0.5)))
      const drill = await measure(20, async () => {
        const r = await bench.call(
          'stats',
          { action: 'events', figure: 'gridEvent.count', period: { year: YEAR }, limit: 20 },
          CLERK,
        )
        return { db: r.db }
      })
      add('drill-down (first page of 20, with its total): round trips', String(drill.trips))
      add('drill-down: p50', ms(percentile(drill.times, 0.5)))
    } finally {
      await bench.close()
    }
  }
  const header = SIZES.map((n) => `${n.toLocaleString('en')} events`)
  console.log(machine())
  console.log()
  console.log(markdownTable('one street, a year', header, rows))
  await exports()
}

/** The Word and Excel exports of one street year of 10,000 events. */
async function exports(): Promise<void> {
  const n = Number(process.env.BENCH_EXPORT_EVENTS ?? 20_000) // two years: 10,000 in the year exported
  const bench = await benchCloud((cloud) => fill(cloud, n))
  const rows = new Map<string, string[]>()
  try {
    for (const action of ['exportXlsx', 'exportDocx']) {
      const times: number[] = []
      const heaps: number[] = []
      for (let i = 0; i < 3; i++) {
        const t = performance.now()
        const res = await fetch(`${bench.cloud.url}/cloud/ledgers`, {
          method: 'POST',
          headers: { authorization: `Bearer ${await token(bench.cloud, CLERK)}` },
          body: JSON.stringify({ action, period: { year: YEAR } }),
        })
        const body = (await res.json()) as { result: { ok: boolean; data: { url: string }; error?: unknown } }
        if (!body.result.ok) throw new Error(`${action}: ${JSON.stringify(body.result.error)}`)
        times.push(performance.now() - t)
        heaps.push(Number(res.headers.get('x-cloud-heap-peak-mb')))
        const file = await fetch(body.result.data.url)
        if (i === 0)
          rows.set(`${action}: file size`, [
            `${((await file.arrayBuffer()).byteLength / 1024).toFixed(0)} KB`,
          ])
      }
      times.sort((a, b) => a - b)
      rows.set(`${action}: time (median of 3)`, [`${(times[1]! / 1000).toFixed(1)} s`])
      rows.set(`${action}: function heap peak (max of 3)`, [`${Math.max(...heaps)} MB`])
    }
  } finally {
    await bench.close()
  }
  console.log()
  console.log(markdownTable('exports of a street year', [`${(n / 2).toLocaleString('en')} events`], rows))
}

async function token(cloud: LocalCloud, openid: string): Promise<string> {
  const res = await fetch(`${cloud.url}/dev/login`, { method: 'POST', body: JSON.stringify({ openid }) })
  return ((await res.json()) as { token: string }).token
}

if (require.main === module)
  main().catch((e) => {
    console.error(e)
    process.exit(1)
  })
