import path from 'node:path'
import { COLLECTIONS } from './cloudfunctions/collections'
import { chunchengSeed } from './local-cloud/demo/chuncheng'
import { launchBrowser, phonePage, screenshot } from './test/support/browser'
import { ROOT, startTestCloud } from './test/support/local-cloud'
void (async () => {
  const cloud = await startTestCloud({
    collections: COLLECTIONS,
    functionsDir: path.join(ROOT, 'dist/cloudfunctions'),
    h5Dir: path.join(ROOT, 'dist/h5'),
    seed: chunchengSeed(),
  })
  const browser = await launchBrowser()
  const page = await phonePage(browser)
  page.on('console', (m) => console.log('console', m.type(), m.text().slice(0, 300)))
  page.on('pageerror', (e) => console.log('pageerror', e.message.slice(0, 500)))
  await page.goto(`${cloud.url}/pages/log/index`)
  await page.waitForTimeout(2500)
  await screenshot(page, 'dbg-log')
  console.log((await page.content()).slice(0, 1500))
  await browser.close()
  await cloud.close()
  process.exit(0)
})()
