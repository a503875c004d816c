/**
 * The slice as a person does it, in Chromium against the H5 build served by the local cloud:
 * a grid worker (张伟) logs a 法律讲座; a street clerk (陈静) opens 统计报表 and sees it counted.
 */
import type { Page } from 'playwright-core'
import { chinaToday, yearOf } from '../../src/core/china-time'
import type { LocalCloud } from '../../local-cloud/src/server'
import { openAppInBrowser, personOn } from '../support/app'
import { screenshot } from '../support/browser'
import { callGateway, login } from '../support/local-cloud'

let cloud: LocalCloud
let page: Page
openAppInBrowser((app) => ({ cloud, page } = app))
const { tab, field, actAs } = personOn(() => page)

async function streetTotals(): Promise<{ count: number; participants: number; materials: number }> {
  const token = await login(cloud, 'demo-street-chenjing')
  const reply = await callGateway(
    cloud,
    'stats',
    { action: 'totals', period: { year: yearOf(chinaToday()) } },
    token,
  )
  const { totals } = (reply.body.result as { data: { totals: { key: string; value: { value: number } }[] } })
    .data
  const value = (key: string) => totals.find((t) => t.key === key)!.value.value
  return {
    count: value('lecture.count'),
    participants: value('lecture.participants'),
    materials: value('materials'),
  }
}

/** How the dashboard writes a number: exactly, or with 余 and the exact value beside it. */
const written = (n: number, unit: string, approx: boolean) => {
  if (!approx || n < 10) return { value: `${n}${unit}` }
  const step = 10 ** (String(n).length - 2)
  const kept = Math.floor(n / step) * step
  return kept === n ? { value: `${n}${unit}` } : { value: `${kept}余${unit}`, exact: `实际${n}${unit}` }
}

it('a grid worker logs a 法律讲座 and the street clerk sees it in 统计报表', async () => {
  const before = await streetTotals()

  await page.goto(`${cloud.url}/pages/me/index`)
  await page.getByText('切换身份（本地演示）').waitFor()
  await actAs('张伟', 'demo-grid-zhangwei')
  await screenshot(page, '01-me-grid-worker')

  await tab('记录')
  await page.getByText('讲座主题').waitFor()
  // Submitting an empty form shows what is missing, next to each field, and stores nothing.
  await page.locator('.submit-button').first().click()
  await page.getByText('请填写讲座主题').waitFor()
  await page.getByText('请填写举办地点').waitFor()
  await screenshot(page, '02-log-invalid')
  expect(await streetTotals()).toEqual(before)

  await field('title').fill('民法典进社区法律讲座')
  await field('place').fill('明园社区党群服务中心')
  await field('measures.participants').fill('52')
  await field('measures.materials').fill('130')
  await page.locator('.submit-button').first().click()
  await page.getByText(/已记录：民法典进社区法律讲座/).waitFor()
  await screenshot(page, '03-log-recorded')

  await actAs('陈静', 'demo-street-chenjing')
  await page.locator('.stats-button').first().click()
  const figure = (key: string) => page.locator(`.figure-${key.replace('.', '-')}`)
  await figure('lecture.count').locator('.figure-value').waitFor()
  expect(await figure('lecture.count').locator('.figure-value').textContent()).toBe(`${before.count + 1}场`)
  const participants = written(before.participants + 52, '人次', true)
  expect(await figure('lecture.participants').locator('.figure-value').textContent()).toBe(participants.value)
  if (participants.exact)
    expect(await figure('lecture.participants').locator('.figure-exact').textContent()).toBe(
      participants.exact,
    )
  expect(await figure('materials').locator('.figure-value').textContent()).toBe(
    written(before.materials + 130, '份', true).value,
  )
  await screenshot(page, '04-stats-street-clerk')
})
