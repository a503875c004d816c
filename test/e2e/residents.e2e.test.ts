/**
 * A resident, as a person does it in Chromium against the H5 build served by the local cloud: opens
 * the mini-program (no login) and lands on the publicised activities, sees a skeleton at once, then the
 * upcoming activities before the past ones; filters by type and by community; opens an announced
 * 法律讲座; asks to be reminded (the one-time subscription the local cloud records) and sees it taken;
 * the timer's reminder is what the local cloud would send. Screenshots in test-results/.
 */
import type { Page } from 'playwright-core'
import { REMINDER } from '../../src/core/publication'
import type { LocalCloud } from '../../local-cloud/src/server'
import { openAppInBrowser, personOn } from '../support/app'
import { screenshot } from '../support/browser'
import { sdkFor } from '../support/local-cloud'

let cloud: LocalCloud
let page: Page
openAppInBrowser((app) => ({ cloud, page } = app))
const { chooseInPicker, button } = personOn(() => page)

const cards = () => page.locator('.pub-activity-card:not(.pub-skeleton-card)')
const titles = async () => (await page.locator('.pub-activity-title').allInnerTexts()).map((t) => t.trim())

it('a resident finds the next 法律讲座, filters, opens it and asks to be reminded', async () => {
  // The list call is held back a moment, as on a slow phone: the skeleton is there before it answers.
  let release: () => void = () => undefined
  const held = new Promise<void>((resolve) => (release = resolve))
  await page.route('**/cloud/publications', async (route) => {
    if (JSON.parse(route.request().postData() ?? '{}').action === 'list') await held
    await route.continue()
  })
  const refusals = async () =>
    (await sdkFor(cloud).database().collection('auditLog').where({ outcome: 'refused' }).count()).total
  const refusedBefore = await refusals()
  await page.goto(`${cloud.url}/`)
  await page.locator('.pub-skeleton-card').first().waitFor()
  await page.waitForTimeout(400) // the page-enter animation
  await screenshot(page, 'residents-01-skeleton')
  release() // (the route stays: every later call passes straight through)

  // Landed on the activities (the visitor is no staff): upcoming first, soonest first, then the past.
  await page.getByText('即将举行').waitFor()
  await cards().first().waitFor()
  expect(page.url()).toContain('/public/list/index')
  // Passing through 记录 on the way made no call a resident is refused (each would be in the audit log).
  expect(await refusals()).toBe(refusedBefore)
  const all = await titles()
  expect(all.slice(0, 3)).toEqual([
    '民法典婚姻家庭编专题讲座',
    '律师驻点免费法律咨询',
    '宪法宣传周·反诈知识进社区',
  ])
  await page.getByText('往期回顾').waitFor()
  expect(await page.locator('.pub-activity-upcoming').count()).toBe(3)
  expect(await page.locator('.pub-activity-past').count()).toBeGreaterThanOrEqual(3)
  await screenshot(page, 'residents-02-list')

  // Only 法律咨询.
  await page.locator('.pub-type-chip', { hasText: '法律咨询' }).click()
  await page.waitForFunction(
    () => document.querySelectorAll('.pub-activity-card:not(.pub-skeleton-card)').length === 1,
  )
  expect(await titles()).toEqual(['律师驻点免费法律咨询'])
  await screenshot(page, 'residents-03-consultations')

  // Every type, in 明园社区 only.
  await page.locator('.pub-type-chip', { hasText: '全部' }).click()
  await page.locator('.pub-community-chip').click()
  await chooseInPicker('明园社区')
  await page.locator('.pub-community-chip', { hasText: '明园社区' }).waitFor()
  await page.waitForFunction(
    () =>
      [...document.querySelectorAll('.pub-activity-where')].every((e) =>
        e.textContent?.includes('明园社区'),
      ) && document.querySelectorAll('.pub-activity-card:not(.pub-skeleton-card)').length > 0,
  )
  const mingyuan = await titles()
  expect(mingyuan[0]).toBe('民法典婚姻家庭编专题讲座')
  expect(mingyuan).not.toContain('律师驻点免费法律咨询')
  await screenshot(page, 'residents-04-mingyuan')

  // The announced lecture.
  await cards().filter({ hasText: '民法典婚姻家庭编专题讲座' }).click()
  await page.locator('.pub-detail-title', { hasText: '民法典婚姻家庭编专题讲座' }).waitFor()
  // (The list stays underneath in the H5 router: look inside the detail page.)
  const detail = page.locator('.pub-detail')
  await detail.getByText('明园社区党群服务中心三楼会议室').waitFor()
  await detail.getByText('王律师').first().waitFor()
  await detail.getByText('讲座后现场答疑', { exact: false }).waitFor()
  await page.waitForTimeout(400)
  await screenshot(page, 'residents-05-detail')

  // Remind me: the one-time subscription is accepted, then the function records the reminder.
  await button('pub-remind-button').click()
  await page.getByText('已订阅提醒').first().waitFor()
  await screenshot(page, 'residents-06-reminded')
  const subscriptions = (await (await fetch(`${cloud.url}/dev/subscriptions`)).json()) as {
    subscriptions: { template_id: string }[]
  }
  expect(subscriptions.subscriptions.map((s) => s.template_id)).toContain(REMINDER.templateId)
  const db = sdkFor(cloud).database()
  const { data } = await db
    .collection('reminders')
    .where({ publicationId: '00000000-0000-4000-8000-000000000901' })
    .get()
  expect(data).toHaveLength(1)
  expect(data[0].status).toBe('waiting')

  // Still taken after a reload.
  await page.reload()
  await page.getByText('已订阅提醒').first().waitFor()
})
