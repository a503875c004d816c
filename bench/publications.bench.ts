/**
 * Benchmark of the residents' list (issue 7): 5,000 published activities in the store (2,000 to come,
 * 3,000 past, three types, three communities, each with a thumbnail), read as a resident reads them
 * through the local gateway: the first page, a page deep in the list, the page where upcoming turns to
 * past, a type filter, a community filter, and one activity's detail. Latency (ms) and round trips by
 * kind per call, from the local cloud's action counters (database, storage). Then the size of the
 * residents' subpackage in the weapp build (run `npm run build:weapp` first for it). Prints Markdown.
 * Run: `npm run bench:publications` (BENCH_PUBLISHED=5000 by default).
 */
import fs from 'node:fs'
import { chinaToday } from '../src/core/china-time'
import type { LocalCloud } from '../local-cloud/src/server'
import { sdkFor } from '../test/support/local-cloud'
import { WEAPP_OUT, weappPackageSizes } from '../scripts/weapp-sizes'
import { benchCloud, machine, percentile } from './support'

const N = Number(process.env.BENCH_PUBLISHED ?? 5000)
const RESIDENT = 'demo-resident-wangfang'
const COMMUNITIES = [
  ['node-cc-mingyuan', '明园社区'],
  ['node-cc-chunxiao', '春晓社区'],
  ['node-cc-xinghua', '兴华社区'],
] as const
const TYPES = [
  ['lecture', '法律讲座'],
  ['consultation', '法律咨询'],
  ['promotion', '普法宣传活动'],
] as const
const today = chinaToday()
const dayFrom = (d: number) =>
  new Date(Date.parse(`${today}T00:00:00Z`) + d * 86_400_000).toISOString().slice(0, 10)

const uuid = (i: number) => `b0000000-0000-4000-8000-${String(i).padStart(12, '0')}`

function fill(cloud: LocalCloud, thumbs: readonly string[]): void {
  cloud.store.transaction(() => {
    for (let i = 0; i < N; i++) {
      const [communityId, where] = COMMUNITIES[i % 3]!
      const [type, typeLabel] = TYPES[Math.floor(i / 3) % 3]!
      // 2 in 5 to come (up to 200 days ahead), the rest past (up to 5 years back).
      const date = i % 5 < 2 ? dayFrom(i % 200) : dayFrom(-1 - (i % 1800))
      const startTime = `${String(8 + (i % 10)).padStart(2, '0')}:${i % 2 ? '30' : '00'}`
      const thumb = thumbs[i % thumbs.length]!
      cloud.store.insert('publications', {
        _id: uuid(i),
        type,
        typeLabel,
        streetId: 'node-chuncheng',
        streetName: '春城街道',
        nodeId: communityId,
        nodeName: where,
        ancestors: ['node-lvyuan', 'node-chuncheng', communityId],
        communityId,
        where,
        status: 'published',
        visible: true,
        startsAt: `${date} ${startTime}`,
        live: {
          title: `${typeLabel}第${i}期`,
          summary: '欢迎居民参加。'.repeat(10),
          date,
          startTime,
          endTime: '',
          place: `${where}党群服务中心`,
          speaker: '王律师',
          cover: thumb,
          coverThumb: thumb,
          photos: [],
        },
        pending: null,
        media: [{ fileID: thumb, state: 'pass' }],
        eventId: null,
        unpublishReason: null,
        version: 1,
        history: [],
        createdAt: new Date(),
        createdBy: 'bench',
        createdByName: 'bench',
        updatedAt: new Date(),
        updatedBy: 'bench',
      })
    }
  })
}

async function main(): Promise<void> {
  let thumbs: string[] = []
  const bench = await benchCloud(() => undefined)
  const sdk = sdkFor(bench.cloud)
  for (let i = 0; i < 20; i++) {
    const { fileID } = await sdk.uploadFile({
      cloudPath: `publications/bench/thumb-${i}.jpg`,
      fileContent: Buffer.alloc(12_000, i),
    })
    thumbs.push(fileID as string)
  }
  fill(bench.cloud, thumbs)
  thumbs = []
  const statsOf = async () =>
    ((await (await fetch(`${bench.cloud.url}/dev/stats`)).json()) as { actions: Record<string, number> })
      .actions
  const reset = () => fetch(`${bench.cloud.url}/dev/stats/reset`, { method: 'POST' })
  const tripsOf = (actions: Record<string, number>, prefix: string) =>
    Object.entries(actions)
      .filter(([a]) => a.startsWith(prefix))
      .reduce((n, [, c]) => n + c, 0)

  // Cursors of the deep page and of the page where upcoming turns to past.
  const cursors: string[] = []
  let crossing: string | undefined
  let cursor: string | undefined
  for (let page = 0; page < 120; page++) {
    const { data } = await bench.call(
      'publications',
      { action: 'list', ...(cursor ? { cursor } : {}) },
      RESIDENT,
    )
    if (!crossing && data.items.some((i: { upcoming: boolean }) => !i.upcoming)) crossing = cursor
    cursor = data.next
    if (cursor) cursors.push(cursor)
    if (!cursor) break
  }
  const cases: [string, Record<string, unknown>][] = [
    ['first page', { action: 'list' }],
    ['page 50 (cursor)', { action: 'list', cursor: cursors[48] }],
    ['the page where upcoming turns to past', { action: 'list', ...(crossing ? { cursor: crossing } : {}) }],
    ['type filter (法律咨询), first page', { action: 'list', type: 'consultation' }],
    ['community filter (春晓社区), first page', { action: 'list', communityId: 'node-cc-chunxiao' }],
    ['detail of one activity', { action: 'detail', id: uuid(7) }],
    ['filters', { action: 'filters' }],
  ]
  const rows: string[] = []
  for (const [label, data] of cases) {
    const times: number[] = []
    let database = 0
    let storage = 0
    let items = 0
    for (let i = 0; i < 41; i++) {
      await reset()
      const t = performance.now()
      const reply = await bench.call('publications', data, RESIDENT)
      const ms = performance.now() - t
      const actions = await statsOf()
      if (i === 0) continue // warm-up
      times.push(ms)
      database = tripsOf(actions, 'database.')
      storage = tripsOf(actions, 'storage.')
      items = reply.data.items?.length ?? (reply.data.item ? 1 : 0)
    }
    times.sort((a, b) => a - b)
    rows.push(
      `| ${label} | ${items} | ${percentile(times, 0.5).toFixed(0)} | ${percentile(times, 0.95).toFixed(0)} | ${database} | ${storage} |`,
    )
  }
  await bench.close()

  console.log(`${machine()}; ${N} published activities.\n`)
  console.log(
    '| call (as a resident) | items | p50 ms | p95 ms | database round trips | storage round trips |',
  )
  console.log('|---|---|---|---|---|---|')
  for (const r of rows) console.log(r)
  if (fs.existsSync(`${WEAPP_OUT}/app.json`)) {
    const sizes = weappPackageSizes()
    console.log(
      `\nweapp build: residents' subpackage \`public\` ${((sizes.get('public') ?? 0) / 1024).toFixed(1)} KB; main package ${((sizes.get('main') ?? 0) / 1024).toFixed(1)} KB.`,
    )
  } else console.log('\n(no weapp build: run `npm run build:weapp` for the subpackage size)')
}

main().catch((e: unknown) => {
  console.error(e)
  process.exit(1)
})
