/**
 * Street staff publicise a logged 法律讲座, as a person does it in Chromium against the H5 build: 记录详情 →
 * 向居民公开, the form filled from the record, a start time chosen, 发布; risky wording is refused with
 * WeChat's message and nothing is published; then residents see it in the list.
 */
import type { Page } from 'playwright-core'
import { chinaToday } from '../../src/core/china-time'
import { newEventId } from '../../src/core/event-input'
import { PRIVACY_NOTICE } from '../../src/core/privacy'
import type { LocalCloud } from '../../local-cloud/src/server'
import { openAppInBrowser, personOn } from '../support/app'
import { screenshot } from '../support/browser'
import { callGateway, login } from '../support/local-cloud'

let cloud: LocalCloud
let page: Page
openAppInBrowser((app) => ({ cloud, page } = app))
const { actAs, button, field } = personOn(() => page)

async function call(fn: string, data: Record<string, unknown>, openid?: string) {
  const reply = await callGateway(cloud, fn, data, openid ? await login(cloud, openid) : undefined)
  return reply.body.result as { ok: boolean; data: any; error?: { code: string } } // eslint-disable-line @typescript-eslint/no-explicit-any
}

it('a street clerk publishes a logged 法律讲座 and residents see it', async () => {
  const worker = 'demo-grid-zhangwei'
  const id = newEventId()
  await call('session', { action: 'consent', version: PRIVACY_NOTICE.version }, worker)
  const created = await call(
    'events',
    {
      action: 'create',
      id,
      type: 'lecture',
      event: {
        title: '物业纠纷化解法律讲座',
        happenedOn: chinaToday(),
        place: '明园社区党群服务中心',
        measures: { participants: 36, materials: 60 },
        attributes: { speaker: '周律师' },
      },
    },
    worker,
  )
  expect(created.ok).toBe(true)

  await page.goto(`${cloud.url}/pages/me/index`)
  await page.getByText('切换身份（本地演示）').waitFor()
  await actAs('陈静', 'demo-street-chenjing')
  await page.locator('.publications-button').first().waitFor()

  await page.goto(`${cloud.url}/events/detail/index?id=${id}`)
  await button('publish-event-button').click()
  // Filled from the record: its title, place and speaker.
  await page.waitForFunction(() =>
    [...document.querySelectorAll('taro-input-core input[name="title"]')].some(
      (e) => (e as HTMLInputElement).value === '物业纠纷化解法律讲座',
    ),
  )
  expect(await field('place').last().inputValue()).toBe('明园社区党群服务中心')
  expect(await field('speaker').last().inputValue()).toBe('周律师')

  // The start time: the picker's own suggestion, confirmed.
  await page.locator('.publish-start-picker').last().click()
  await page.waitForTimeout(500) // the sheet slides up
  await page.locator('.weui-picker:visible .weui-picker__action', { hasText: '确定' }).last().click()
  await page
    .locator('.publish-start-picker', { hasText: /\d{2}:\d{2}/ })
    .last()
    .waitFor()
  const startTime = /\d{2}:\d{2}/.exec(await page.locator('.publish-start-picker').last().innerText())![0]

  // Risky wording: refused with WeChat's verdict, nothing published.
  await field('title').last().fill('物业纠纷化解法律讲座（赌博游戏）')
  await button('publish-button').click()
  await page.getByText('内容未通过微信内容安全检测，请修改后再发布').first().waitFor()
  await screenshot(page, 'publish-01-risky')
  expect((await call('publications', { action: 'detail', id })).error?.code).toBe('PUBLICATION.NOT_FOUND')

  await field('title').last().fill('物业纠纷化解法律讲座')
  await page.waitForTimeout(300)
  await button('publish-button').click()
  await page.locator('.unpublish-button').first().waitFor()
  await page.waitForTimeout(400)
  await screenshot(page, 'publish-02-published')

  const { data } = await call('publications', { action: 'detail', id })
  expect(data.item).toMatchObject({
    title: '物业纠纷化解法律讲座',
    speaker: '周律师',
    startTime,
  })

  // What residents see.
  await page.goto(`${cloud.url}/public/list/index`)
  await page.locator('.pub-activity-title', { hasText: '物业纠纷化解法律讲座' }).waitFor()
  await screenshot(page, 'publish-03-residents-list')
})
