/**
 * A grid worker's day, in Chromium against the H5 build served by the local cloud: 张伟 logs three kinds
 * of event, loses the network and keeps logging, gets it back (and, another time, closes the app while
 * offline), then corrects a lecture, voids a mistake and follows a dispute to 办结. The server is asked
 * directly (not through the page) whether it got each event exactly once.
 */
import crypto from 'node:crypto'
import type { Page } from 'playwright-core'
import { chinaToday } from '../../src/core/china-time'
import type { LocalCloud } from '../../local-cloud/src/server'
import { cameraPhoto, openAppInBrowser, personOn } from '../support/app'
import { screenshot } from '../support/browser'
import { callGateway, login } from '../support/local-cloud'

let cloud: LocalCloud
let page: Page
openAppInBrowser((app) => ({ cloud, page } = app))
const { tab, field, actAs, chooseInPicker } = personOn(() => page)
const WORKER = 'demo-grid-zhangwei'

/** The worker's events with this title, as the server has them (one query, outside the browser). */
async function storedTitled(title: string): Promise<{ id: string; version: number }[]> {
  const token = await login(cloud, WORKER)
  const reply = await callGateway(cloud, 'events', { action: 'mine', q: title, limit: 50 }, token)
  const events = (reply.body.result as { data: { events: { id: string; title: string; version: number }[] } })
    .data.events
  return events.filter((e) => e.title === title)
}

const chooseType = (type: string) => page.locator(`.type-${type}`).first().click()
const submit = () => page.locator('taro-button-core.submit-button').first().click()
const submitted = (text: string | RegExp) => page.locator('.submit-notice', { hasText: text }).waitFor()

async function logLecture(title: string, participants: string): Promise<void> {
  await chooseType('lecture')
  await field('title').fill(title)
  await field('place').fill('明园社区党群服务中心')
  await field('measures.participants').fill(participants)
  await field('measures.materials').fill('20')
  await submit()
}

beforeAll(async () => {
  await page.goto(`${cloud.url}/pages/me/index`)
  await actAs('张伟', WORKER)
})

it('logs three kinds of event on the spot', async () => {
  await tab('记录')
  await logLecture('民法典进小区', '38')
  await submitted('已记录：民法典进小区')
  await screenshot(page, 'grid-01-lecture-logged')

  await chooseType('gridEvent')
  await field('title').fill('楼道堆放杂物')
  await field('place').fill('明园小区5栋')
  await page.locator('.attr-category').first().click()
  await chooseInPicker('安全隐患')
  await page.locator('.attr-category', { hasText: '安全隐患' }).first().waitFor()
  await submit()
  await submitted('已记录：楼道堆放杂物')

  await chooseType('dispute')
  // The parties are personal data: the privacy notice is agreed to first.
  const agree = page.locator('taro-button-core.consent-agree')
  if (await agree.count()) await agree.first().click()
  await field('title').fill('楼上漏水引发纠纷')
  await page.locator('.attr-category').first().click()
  await chooseInPicker('邻里纠纷')
  await field('parties.0.name').fill('张明华')
  await field('parties.0.phone').fill('13812345678')
  await screenshot(page, 'grid-02-dispute-form')
  await submit()
  await submitted('已记录：楼上漏水引发纠纷')

  for (const title of ['民法典进小区', '楼道堆放杂物', '楼上漏水引发纠纷'])
    expect(await storedTitled(title)).toHaveLength(1)
})

it('keeps logging without a network, and sends each event exactly once when it returns', async () => {
  await page.context().setOffline(true)
  await logLecture('断网时的讲座一', '11')
  await submitted('已保存在手机上，网络恢复后自动发送')
  await logLecture('断网时的讲座二', '12')
  await submitted('已保存在手机上，网络恢复后自动发送')
  await page.locator('.outbox-waiting', { hasText: '待发送 2 条' }).waitFor()
  await screenshot(page, 'grid-03-offline-waiting')
  expect(await storedTitled('断网时的讲座一')).toHaveLength(0)

  await page.context().setOffline(false)
  await page.locator('.outbox-waiting').waitFor({ state: 'detached' })
  await screenshot(page, 'grid-04-back-online-sent')
  expect(await storedTitled('断网时的讲座一')).toHaveLength(1)
  expect(await storedTitled('断网时的讲座二')).toHaveLength(1)
})

it('keeps what was logged offline when the app is closed, and sends it after a restart', async () => {
  await page.context().setOffline(true)
  await logLecture('关机前的讲座', '9')
  await submitted('已保存在手机上，网络恢复后自动发送')
  const context = page.context()
  await page.close() // the app is killed while the event waits on the phone
  await context.setOffline(false)
  page = await context.newPage()
  await page.goto(`${cloud.url}/pages/log/index`)
  await page.locator('.type-lecture').first().waitFor()
  await page.locator('.outbox-waiting').waitFor({ state: 'detached', timeout: 20_000 })
  // Sent once, however often the page retried.
  await page.waitForTimeout(1000)
  expect(await storedTitled('关机前的讲座')).toHaveLength(1)
})

/** The worker's own event with this title, opened from 我的记录 (found with the search). */
async function openMine(title: string): Promise<void> {
  await page.goto(`${cloud.url}/events/mine/index`)
  await field('q').fill(title)
  await page.locator('taro-button-core.search-button').first().click()
  await page.locator('.event-row', { hasText: title }).first().click()
  await page.locator('.detail-title', { hasText: title }).first().waitFor()
}
const tap = (className: string) => page.locator(`taro-button-core.${className}`).first().click()

it('corrects a lecture after sending it, and the history says who changed what', async () => {
  await openMine('民法典进小区')
  await tap('edit-button')
  await field('measures.participants').fill('45')
  await tap('save-button')
  await page.getByText('45人次').first().waitFor()
  await page.locator('.revision-event-update', { hasText: '张伟' }).first().waitFor()
  await page.locator('.revision-change', { hasText: '38' }).first().waitFor()
  await screenshot(page, 'grid-05-edited-history')
  const [stored] = await storedTitled('民法典进小区')
  expect(stored!.version).toBe(2)
})

it('voids a mistaken record with a reason; it stays visible, marked 已作废', async () => {
  await openMine('断网时的讲座二')
  await tap('void-button')
  await page.locator('taro-input-core input[name="reason"]').fill('与第一场重复')
  await tap('void-confirm')
  await page.locator('.void-banner', { hasText: '与第一场重复' }).waitFor()
  await screenshot(page, 'grid-06-voided')
  await page.goto(`${cloud.url}/events/mine/index`)
  await page.locator('.event-row', { hasText: '断网时的讲座二' }).locator('.void-badge').first().waitFor()
})

it('follows a dispute from 受理 to 办结, one step at a time', async () => {
  await openMine('楼上漏水引发纠纷')
  await tap('step-startMediation')
  await tap('step-confirm')
  await page.locator('.step-item-startMediation').first().waitFor()
  await tap('step-recordOutcome')
  await page.locator('.outcome-picker').first().click()
  await chooseInPicker('调解成功')
  await field('note').fill('双方达成赔偿协议')
  await tap('step-confirm')
  await page.locator('.step-item-recordOutcome', { hasText: '调解成功' }).first().waitFor()
  await tap('step-close')
  await tap('step-confirm')
  await page.locator('.step-item-close').first().waitFor()
  await page.locator('.detail-status', { hasText: '已办结' }).first().waitFor()
  await screenshot(page, 'grid-07-dispute-closed')
  const token = await login(cloud, WORKER)
  const open = await callGateway(cloud, 'cases', { action: 'open' }, token)
  const cases = (open.body.result as { data: { cases: { title: string }[] } }).data.cases
  expect(cases.map((c) => c.title)).not.toContain('楼上漏水引发纠纷')
  expect(cases.map((c) => c.title)).toContain('楼道堆放杂物')
  await page.goto(`${cloud.url}/events/open/index`)
  await page.locator('.case-row', { hasText: '楼道堆放杂物' }).first().waitFor()
  await screenshot(page, 'grid-08-open-cases')
})

it('keeps a half-typed form as a draft when the app is closed, and continues it on reopening', async () => {
  await page.goto(`${cloud.url}/pages/log/index`)
  await chooseType('lecture')
  await field('title').fill('没写完的讲座')
  await field('measures.participants').fill('17')
  await page.locator('.outbox-draft', { hasText: '草稿 1 条' }).waitFor()
  const context = page.context()
  await page.close()
  page = await context.newPage()
  await page.goto(`${cloud.url}/pages/log/index`)
  await expect(field('title').inputValue()).resolves.toBe('没写完的讲座')
  await expect(field('measures.participants').inputValue()).resolves.toBe('17')
  await screenshot(page, 'grid-09-draft-continued')
  await field('place').fill('明园社区党群服务中心')
  await field('measures.materials').fill('0')
  await submit()
  await submitted('已记录：没写完的讲座')
  expect(await storedTitled('没写完的讲座')).toHaveLength(1)
})

it('attaches a photo, made smaller on the phone and stored in cloud storage with the event', async () => {
  await page.goto(`${cloud.url}/pages/log/index`)
  await chooseType('gridEvent')
  await field('title').fill('路灯损坏')
  await field('place').fill('春晓路口')
  await page.locator('.attr-category').first().click()
  await chooseInPicker('市容秩序')
  // A large photo, as a phone camera takes it (4000 × 3000).
  const photo = await cameraPhoto(page, 'street-light.jpg')
  const [chooser] = await Promise.all([
    page.waitForEvent('filechooser'),
    page.locator('taro-button-core.photo-button').first().click(),
  ])
  await chooser.setFiles(photo)
  await page.locator('.photo-thumb').first().waitFor()
  await submit()
  await submitted('已记录：路灯损坏')

  const [stored] = await storedTitled('路灯损坏')
  const token = await login(cloud, WORKER)
  const reply = await callGateway(cloud, 'events', { action: 'get', id: stored!.id }, token)
  const { photos } = (reply.body.result as { data: { event: { photos: { fileID: string; url: string }[] } } })
    .data.event
  expect(photos).toHaveLength(1)
  expect(photos[0]!.fileID).toMatch(new RegExp(`/events/${stored!.id}/0-[a-z0-9]+\\.jpg$`))
  const bytes = Buffer.from(await (await fetch(photos[0]!.url)).arrayBuffer())
  expect(bytes.length).toBeLessThan(400 * 1024) // compressed on the phone, from a photo of several MB
  expect(bytes.subarray(0, 2).toString('hex')).toBe('ffd8') // a JPEG

  await page.goto(`${cloud.url}/events/detail/index?id=${stored!.id}`)
  const thumb = page.locator('.photos .photo-thumb img, .photos img').first()
  await thumb.waitFor()
  await expect(thumb.evaluate((img) => (img as HTMLImageElement).naturalWidth)).resolves.toBeGreaterThan(0)
  await screenshot(page, 'grid-10-photo-on-record')
})

it('says before submitting when someone else already logged the same kind of event that day in the grid', async () => {
  const mediator = await login(cloud, 'demo-community-zhaomin')
  await callGateway(
    cloud,
    'events',
    {
      action: 'create',
      id: crypto.randomUUID(),
      type: 'enforcement',
      nodeId: 'node-cc-mingyuan-grid-3',
      event: {
        title: '清理占道摊点',
        happenedOn: chinaToday(),
        place: '春晓路',
        attributes: { category: '占道经营' },
      },
    },
    mediator,
  )
  await page.goto(`${cloud.url}/pages/log/index`)
  await chooseType('enforcement')
  await page.locator('.duplicate-hint', { hasText: '赵敏 已记录同一天的「清理占道摊点」' }).waitFor()
  await screenshot(page, 'grid-11-possible-duplicate')
})
