/**
 * Browser tests of the app: a local cloud with the built functions, the H5 build and the demo street,
 * a phone-sized Chromium page (a screenshot when a test fails), and the few ways a person touches the
 * H5 build (tabs, inputs by name, NutUI buttons by class, the persona switcher).
 */
import path from 'node:path'
import type { Browser, Locator, Page } from 'playwright-core'
import { COLLECTIONS } from '../../cloudfunctions/collections'
import { chunchengSeed } from '../../local-cloud/demo/chuncheng'
import type { LocalCloud } from '../../local-cloud/src/server'
import { launchBrowser, phonePage, screenshot } from './browser'
import { ROOT, startTestCloud } from './local-cloud'

/** Registers the file's hooks; `started` receives the cloud and the page before the first test. */
export function openAppInBrowser(started: (app: { cloud: LocalCloud; page: Page }) => void): void {
  let cloud: LocalCloud | undefined
  let browser: Browser | undefined
  let page: Page | undefined

  beforeAll(async () => {
    cloud = await startTestCloud({
      collections: COLLECTIONS,
      functionsDir: path.join(ROOT, 'dist/cloudfunctions'),
      h5Dir: path.join(ROOT, 'dist/h5'),
      seed: chunchengSeed(),
    })
    browser = await launchBrowser()
    page = await phonePage(browser)
    started({ cloud, page })
  })

  afterEach(async () => {
    const state = expect.getState()
    if (page && state.assertionCalls > 0 && state.numPassingAsserts !== state.assertionCalls) {
      await screenshot(page, `failure-${state.currentTestName?.replace(/\W+/g, '-')}`)
    }
  })

  afterAll(async () => {
    await browser?.close()
    await cloud?.close()
  })
}

/** What a person does on the page: tap a tab, type into a named input, tap a button, switch persona. */
export function personOn(page: () => Page) {
  const tab = (label: string) => page().locator('.weui-tabbar__item', { hasText: label }).click()
  /** Opens 我的 (a tab page) and waits for the local persona switcher. */
  async function openMe(): Promise<void> {
    await tab('我的')
    await page().getByText('切换身份（本地演示）').waitFor()
  }
  /**
   * Picks `label` in the open picker sheet, then 确定. A page may hold several pickers (a date and a
   * choice): the sheet is the visible one holding that option. A tap on an option without moving
   * selects it (the column works out the row from where it was tapped); options beyond the visible
   * window are first dragged nearer.
   */
  async function chooseInPicker(label: string): Promise<void> {
    const exactly = new RegExp(`^${label}$`)
    const item = (scope: Locator | Page) => scope.locator('.weui-picker__item').filter({ hasText: exactly })
    const sheet = page()
      .locator('.weui-picker:visible', { has: item(page()) })
      .last()
    const column = sheet.locator('.weui-picker__bd')
    await column.waitFor()
    await page().waitForTimeout(400) // the sheet slides up
    const option = item(column).first()
    const box = (await column.boundingBox())!
    for (let tries = 0; tries < 10; tries++) {
      const at = await option.boundingBox()
      if (at && at.y + at.height / 2 < box.y + box.height - 20) break
      await page().mouse.move(box.x + box.width / 2, box.y + box.height - 10)
      await page().mouse.down()
      await page().mouse.move(box.x + box.width / 2, box.y + 10)
      await page().mouse.up()
      await page().waitForTimeout(350)
    }
    // The column's mask lies over its options: tap where the option is (the tap reaches the column).
    const at = (await option.boundingBox())!
    await page().mouse.click(at.x + at.width / 2, at.y + at.height / 2)
    await page().waitForTimeout(350) // the column snaps to the row
    await sheet.locator('.weui-picker__action', { hasText: '确定' }).click()
  }
  return {
    tab,
    openMe,
    chooseInPicker,
    field: (name: string) => page().locator(`taro-input-core input[name="${name}"]`),
    button: (className: string) => page().locator(`taro-button-core.${className}`).first(),
    /** Acts as a demo persona through 我的 → 切换身份. */
    async actAs(name: string, openid: string): Promise<void> {
      await openMe()
      await page().locator(`.persona-${openid}`).first().click()
      await page().getByText(name, { exact: true }).first().waitFor()
    },
  }
}

/** A photo as a phone camera takes it (4000 × 3000, a few MB of JPEG), made in the page's canvas. */
export async function cameraPhoto(
  page: Page,
  name = 'photo.jpg',
): Promise<{ name: string; mimeType: string; buffer: Buffer }> {
  const base64 = await page.evaluate(() => {
    const canvas = document.createElement('canvas')
    canvas.width = 4000
    canvas.height = 3000
    const g = canvas.getContext('2d')!
    for (let i = 0; i < 200; i++) {
      g.fillStyle = `hsl(${i * 37}, 70%, 50%)`
      g.fillRect((i * 97) % 4000, (i * 61) % 3000, 400, 300)
    }
    return canvas.toDataURL('image/jpeg', 0.95).split(',')[1]!
  })
  return { name, mimeType: 'image/jpeg', buffer: Buffer.from(base64, 'base64') }
}
