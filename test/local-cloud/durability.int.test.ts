/**
 * "A write the SDK saw acknowledged survives kill -9 of the server": a stream of writes through the
 * real SDK, SIGKILL in the middle of it, a restart on the same data directory, and every
 * acknowledged write is there.
 */
import type { ChildProcess } from 'node:child_process'
import { freshDataDir } from '../support/local-cloud'
import { startCloudProcess, stopped } from '../support/process'

process.env.SILENCE = 'true' // the SDK's slow-request warnings for requests the kill cut off
let child: ChildProcess | undefined
afterEach(async () => {
  if (child && child.exitCode === null && child.signalCode === null) {
    child.kill('SIGKILL')
    await stopped(child)
  }
})

it('keeps every acknowledged write after SIGKILL during a stream of writes', async () => {
  const dataDir = freshDataDir()
  const first = await startCloudProcess({ DATA_DIR: dataDir, DEMO: '0' })
  child = first.child
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const sdk = require('wx-server-sdk')
  // The SDK picks the endpoint from the platform's injected config on every request, as in a function.
  process.env.TCB_CONTEXT_CNFG = JSON.stringify({ URL: first.adminUrl })
  sdk.init({ env: 'local', secretId: 'local', secretKey: 'local' })
  const db = sdk.database()
  await db.createCollection('durable')

  const acknowledged: string[] = []
  let attempted = 0
  let stop = false
  const writer = async (w: number): Promise<void> => {
    for (let i = 0; !stop; i++) {
      const _id = `w${w}-${i}`
      attempted++
      try {
        await db.collection('durable').add({ data: { _id, w, i, payload: '法治台账'.repeat(20) } })
        acknowledged.push(_id)
      } catch {
        return // the server is gone: this write was never acknowledged
      }
    }
  }
  const writers = Array.from({ length: 8 }, (_x, w) => writer(w))
  while (acknowledged.length < 1500) await new Promise((r) => setTimeout(r, 20))
  first.child.kill('SIGKILL')
  await stopped(first.child)
  stop = true
  await Promise.all(writers)
  expect(attempted).toBeGreaterThan(acknowledged.length) // writes were in flight when it died

  const second = await startCloudProcess({ DATA_DIR: dataDir, DEMO: '0' })
  child = second.child
  process.env.TCB_CONTEXT_CNFG = JSON.stringify({ URL: second.adminUrl })
  const _ = db.command
  let found = 0
  for (let start = 0; start < acknowledged.length; start += 500) {
    const ids = acknowledged.slice(start, start + 500)
    found += (
      await db
        .collection('durable')
        .where({ _id: _.in(ids) })
        .count()
    ).total
  }
  expect(found).toBe(acknowledged.length)
})
