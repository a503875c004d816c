/**
 * 所属 on 记录, in Chromium against the H5 build served by the local cloud: 赵敏 (社区工作人员 of 明园社区)
 * logs a lecture that happened in one of her community's grids and says which; the server is asked
 * directly (not through the page) where it put the event. 张伟, a grid worker, has nothing to choose.
 */
import type { Page } from 'playwright-core'
import type { LocalCloud } from '../../local-cloud/src/server'
import { openAppInBrowser, personOn } from '../support/app'
import { screenshot } from '../support/browser'
import { callGateway, login } from '../support/local-cloud'

let cloud: LocalCloud
let page: Page
openAppInBrowser((app) => ({ cloud, page } = app))
const { tab, field, actAs, chooseInPicker } = personOn(() => page)
const MEDIATOR = 'demo-community-zhaomin'

/** The person's events with this title, as the server has them (one query, outside the browser). */
async function storedTitled(openid: string, title: string): Promise<{ title: string; nodeName: string }[]> {
  const token = await login(cloud, openid)
  const reply = await callGateway(cloud, 'events', { action: 'mine', q: title, limit: 50 }, token)
  const events = (reply.body.result as { data: { events: { title: string; nodeName: string }[] } }).data
    .events
  return events.filter((e) => e.title === title)
}

const nodePicker = () => page.locator('.node-picker').first()
const submit = () => page.locator('taro-button-core.submit-button').first().click()

beforeAll(async () => {
  await page.goto(`${cloud.url}/pages/me/index`)
})

it('lets community staff say in which grid a lecture happened', async () => {
  await actAs('赵敏', MEDIATOR)
  await tab('记录')
  await page.locator('.type-lecture').first().click()
  // Her own node is the default, then the grids of her community.
  await page.locator('.node-picker', { hasText: '明园社区（全社区）' }).first().waitFor()
  await nodePicker().click()
  await page.locator('.weui-picker:visible .weui-picker__item', { hasText: '第3网格' }).first().waitFor()
  await screenshot(page, 'log-node-01-choices')
  await chooseInPicker('第2网格')
  await page.locator('.node-picker', { hasText: '第2网格' }).first().waitFor()
  await field('title').fill('网格里的民法典讲座')
  await field('place').fill('明园小区活动室')
  await field('measures.participants').fill('26')
  await field('measures.materials').fill('30')
  await screenshot(page, 'log-node-02-community-form')
  await submit()
  await page.locator('.submit-notice', { hasText: '已记录：网格里的民法典讲座' }).waitFor()

  const stored = await storedTitled(MEDIATOR, '网格里的民法典讲座')
  expect(stored).toHaveLength(1)
  expect(stored[0]!.nodeName).toBe('第2网格')
  // The next form starts where she logged last time.
  await page.locator('.node-picker', { hasText: '第2网格' }).first().waitFor()
})

it('shows a grid worker their grid, with nothing to choose', async () => {
  await actAs('张伟', 'demo-grid-zhangwei')
  await tab('记录')
  const line = page.locator('.node-line', { hasText: '所属：第3网格' }).first()
  await line.waitFor()
  expect(await page.locator('.node-picker').count()).toBe(0)
  await page.locator('.type-grid').first().scrollIntoViewIfNeeded()
  await screenshot(page, 'log-node-03-grid-worker')
})
