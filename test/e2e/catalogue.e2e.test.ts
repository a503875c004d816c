/**
 * The catalogue is data, in the browser: the street admin (李娜) adds a type of the street's own with a
 * measure, and the grid worker (张伟) finds it on 记录 and logs it — no release in between.
 */
import type { Page } from 'playwright-core'
import type { LocalCloud } from '../../local-cloud/src/server'
import { openAppInBrowser, personOn } from '../support/app'
import { screenshot } from '../support/browser'
import { callGateway, login } from '../support/local-cloud'

let cloud: LocalCloud
let page: Page
openAppInBrowser((app) => ({ cloud, page } = app))
const { tab, field, actAs, button } = personOn(() => page)

it('a type the street admin adds appears on the grid worker’s 记录 and is logged like any other', async () => {
  await page.goto(`${cloud.url}/pages/me/index`)
  await actAs('李娜', 'demo-admin-lina')
  await button('catalogue-button').click()
  await button('add-type-button').click()
  await field('label').fill('食品安全督导检查')
  await field('unit').fill('次')
  await button('add-measure-row').click()
  await field('measures.0.label').fill('检查商户')
  await field('measures.0.unit').fill('户')
  await button('type-save').click()
  await page.locator('.type-card', { hasText: '食品安全督导检查' }).waitFor()
  await screenshot(page, 'catalogue-01-admin-added-type')

  await page.goto(`${cloud.url}/pages/me/index`)
  await actAs('张伟', 'demo-grid-zhangwei')
  await tab('记录')
  const tile = page.locator('.type-tile', { hasText: '食品安全督导检查' })
  await tile.waitFor()
  await tile.click()
  await field('title').fill('春节前餐饮店检查')
  await field('measures.m1').fill('12')
  await page.locator('taro-button-core.submit-button').first().click()
  await page.locator('.submit-notice', { hasText: '已记录：春节前餐饮店检查' }).waitFor()
  await screenshot(page, 'catalogue-02-worker-logged-own-type')

  const token = await login(cloud, 'demo-grid-zhangwei')
  const reply = await callGateway(cloud, 'events', { action: 'mine', q: '春节前餐饮店检查' }, token)
  const [event] = (reply.body.result as { data: { events: { typeLabel: string; measures: object }[] } }).data
    .events
  expect(event).toMatchObject({ typeLabel: '食品安全督导检查', measures: { m1: 12 } })
})
