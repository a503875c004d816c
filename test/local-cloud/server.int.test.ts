/**
 * What a newcomer meets first: demo data and personas, the H5 build served at /, and a restart that
 * keeps everything.
 */
import fs from 'node:fs'
import path from 'node:path'
import { chunchengSeed } from '../../local-cloud/demo/chuncheng'
import { COLLECTIONS } from '../../cloudfunctions/collections'
import { freshDataDir, sdkFor, startTestCloud } from '../support/local-cloud'

it('seeds 春城街道 once, lists one persona per role, and keeps the data over a restart', async () => {
  const dataDir = freshDataDir()
  const first = await startTestCloud({ dataDir, collections: COLLECTIONS, seed: chunchengSeed() })
  const { personas } = (await (await fetch(`${first.url}/dev/personas`)).json()) as {
    personas: { role: string }[]
  }
  expect(personas.map((p) => p.role).sort()).toEqual(
    ['communityStaff', 'gridWorker', 'resident', 'streetAdmin', 'streetStaff'].sort(),
  )
  const db = sdkFor(first).database()
  const grids = await db.collection('orgNodes').where({ kind: 'grid' }).count()
  expect(grids.total).toBe(9)
  await db
    .collection('orgNodes')
    .doc('node-chuncheng')
    .update({ data: { name: '春城街道办事处' } })
  await first.close()

  const second = await startTestCloud({ dataDir, collections: COLLECTIONS, seed: chunchengSeed() })
  // This file's SDK was initialised for the first server's port: ask the second one directly.
  const res = await fetch(second.adminUrl, {
    method: 'POST',
    body: JSON.stringify({
      action: 'database.getDocument',
      collectionName: 'orgNodes',
      queryType: 'DOC',
      query: '{"_id":"node-chuncheng"}',
    }),
  })
  const list = ((await res.json()) as { data: { list: string[] } }).data.list
  expect(JSON.parse(list[0]!)).toMatchObject({ name: '春城街道办事处' }) // not re-seeded over the change
  await second.close()
})

it('serves the H5 build at / with the single-page fallback', async () => {
  const h5Dir = freshDataDir()
  fs.writeFileSync(path.join(h5Dir, 'index.html'), '<!doctype html><title>法治台账</title>')
  fs.mkdirSync(path.join(h5Dir, 'js'))
  fs.writeFileSync(path.join(h5Dir, 'js', 'app.js'), 'console.log(1)')
  const cloud = await startTestCloud({ h5Dir })
  const page = await fetch(`${cloud.url}/pages/stats/index`)
  expect(page.headers.get('content-type')).toContain('text/html')
  expect(await page.text()).toContain('法治台账')
  expect(await (await fetch(`${cloud.url}/js/app.js`)).text()).toBe('console.log(1)')
  await cloud.close()
})
