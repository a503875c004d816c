/**
 * The figures as people use them, in Chromium against the H5 build and the built functions: a street
 * clerk (陈静) opens 统计报表 for last year, sees 法律讲座 14场 (the demo street's 14 lectures), opens it
 * to the 14 lectures, reads the report's paragraph and exports it as Word and Excel (both downloaded);
 * the street admin (李娜) closes last year and sees it closed, adds a figure of the street's own and
 * puts it in the report's template, previewed before it is saved.
 */
import fs from 'node:fs'
import type { Download, Page } from 'playwright-core'
import { chinaToday, yearOf } from '../../src/core/china-time'
import { newEventId } from '../../src/core/event-input'
import type { LocalCloud } from '../../local-cloud/src/server'
import { openAppInBrowser, personOn } from '../support/app'
import { screenshot } from '../support/browser'
import { callGateway, login } from '../support/local-cloud'

let cloud: LocalCloud
let page: Page
openAppInBrowser((app) => ({ cloud, page } = app))
const { actAs, button, chooseInPicker, field } = personOn(() => page)

const lastYear = yearOf(chinaToday()) - 1

async function api<T>(openid: string, name: string, data: object): Promise<T> {
  const reply = await callGateway(cloud, name, data, await login(cloud, openid))
  const result = reply.body.result as { ok: boolean; data: T }
  expect(result.ok).toBe(true)
  return result.data
}

/**
 * How many pixels of the canvas inside `selector` are the charts' red (#c0392b, the line and the bars),
 * once ECharts has drawn on it.
 */
async function redPixels(selector: string): Promise<number> {
  const canvas = page.locator(`${selector} canvas`)
  await canvas.waitFor()
  return canvas.evaluate((c: HTMLCanvasElement) => {
    const data = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data
    let red = 0
    for (let i = 0; i < data.length; i += 4)
      if (
        Math.abs(data[i]! - 0xc0) < 8 &&
        Math.abs(data[i + 1]! - 0x39) < 8 &&
        Math.abs(data[i + 2]! - 0x2b) < 8
      )
        red++
    return red
  })
}

/** Taps the button and waits for the browser's download; the file is a zip (docx and xlsx both are). */
async function downloadFrom(className: string, extension: string): Promise<Download> {
  const [download] = await Promise.all([page.waitForEvent('download'), button(className).click()])
  expect(download.suggestedFilename()).toMatch(new RegExp(`\\.${extension}$`))
  const file = await download.path()
  expect(fs.readFileSync(file).subarray(0, 2).toString('latin1')).toBe('PK')
  return download
}

it('a street clerk reads last year’s figures, opens 法律讲座 to its 14 lectures, and exports the report', async () => {
  await page.goto(`${cloud.url}/pages/me/index`)
  await actAs('陈静', 'demo-street-chenjing')
  await button('stats-button').click()
  await page.locator('.stats-title').waitFor()
  await page.locator('.year-picker').click()
  await chooseInPicker(`${lastYear}年`)
  await page.locator('.stats-title', { hasText: `春城街道 · ${lastYear}年` }).waitFor()
  await screenshot(page, 'figures-00-stats-top')
  const lectures = page.locator('.figure-lecture-count')
  await expect(lectures.locator('.figure-value').textContent()).resolves.toBe('14场')
  await expect(lectures.locator('.figure-previous').textContent()).resolves.toMatch(/^上年同期 \d+场$/)
  // 说明 shows how the figure is counted.
  await lectures.locator('.figure-info').click()
  await lectures.locator('.figure-description', { hasText: '举办的法律讲座场数' }).waitFor()
  await screenshot(page, 'figures-01-stats-last-year')
  await page.locator('.chart-card').scrollIntoViewIfNeeded()
  // The trend and the breakdown are ECharts canvases with the app's red drawn on them (line, bars).
  await expect(redPixels('#trend-chart')).resolves.toBeGreaterThan(200)
  await expect(redPixels('#breakdown-chart')).resolves.toBeGreaterThan(200)
  // The table under the bars: each community, then its grids, with its lectures; the communities' add up.
  const communities = page.locator('.breakdown-depth-0')
  await expect(communities.locator('.breakdown-name').allTextContents()).resolves.toContain('明园社区')
  const counts = (await communities.locator('.breakdown-value').allTextContents()).map(Number)
  expect(counts.reduce((a, b) => a + b, 0)).toBe(14)
  await screenshot(page, 'figures-02-stats-trend-and-breakdown')
  await page.locator('.breakdown').scrollIntoViewIfNeeded()
  await screenshot(page, 'figures-02-stats-breakdown')
  // Another figure: both charts are drawn again from its values.
  await page.locator('.chart-figure').click()
  await chooseInPicker('法律讲座参与')
  await page.locator('.breakdown-head', { hasText: '法律讲座参与（人次）' }).waitFor()
  await page.locator('.chart-card').scrollIntoViewIfNeeded()
  await expect(redPixels('#trend-chart')).resolves.toBeGreaterThan(200)
  await expect(redPixels('#breakdown-chart')).resolves.toBeGreaterThan(200)
  await screenshot(page, 'figures-02-stats-trend-other-figure')

  await lectures.locator('.figure-line').click()
  await page.locator('.figure-total', { hasText: '共14场' }).waitFor()
  const rows = page.locator('.figure-page .event-row')
  await expect(rows.first().waitFor()).resolves.toBeUndefined()
  while (await page.locator('.figure-page .more-button').count()) {
    await page.locator('.figure-page .more-button').first().click()
    await page.waitForTimeout(300)
  }
  await expect(rows.count()).resolves.toBe(14)
  for (const text of await rows.locator('.row-type').allTextContents()) expect(text).toBe('法律讲座')
  await screenshot(page, 'figures-03-lecture-events')

  await page.goBack()
  await page.locator('.stats-title', { hasText: `${lastYear}年` }).waitFor()
  await button('report-button').click()
  const paragraph = page.locator('.report-text')
  await paragraph.filter({ hasText: `${lastYear}年，全街共举办各类法律讲座14场` }).waitFor()
  await expect(paragraph.locator('.report-number').first().textContent()).resolves.toBe('14')
  await screenshot(page, 'figures-04-report')

  const docx = await downloadFrom('export-docx-button', 'docx')
  await page.locator('.export-notice', { hasText: docx.suggestedFilename() }).waitFor()
  const xlsx = await downloadFrom('export-xlsx-button', 'xlsx')
  await page.locator('.export-notice', { hasText: xlsx.suggestedFilename() }).waitFor()
  await screenshot(page, 'figures-05-report-exported')

  // A number of the paragraph opens to its figure's events.
  await paragraph.locator('.report-number').first().click()
  await page.locator('.figure-total', { hasText: '共14场' }).waitFor()

  // Back on the dashboard: one quarter of one community; a ratio opens to its two parts.
  await page.goBack()
  await page.goBack()
  await page.locator('.part-quarter').click()
  await page.locator('.quarter-picker').click()
  await chooseInPicker('第一季度')
  await page.locator('.node-picker').click()
  await chooseInPicker('明园社区')
  await page.locator('.stats-title', { hasText: `明园社区 · ${lastYear}年第一季度` }).waitFor()
  await page.locator('.figure-lecture-count .figure-value').waitFor()
  await screenshot(page, 'figures-06-stats-community-quarter')
  await page.locator('.chart-card').scrollIntoViewIfNeeded()
  await expect(redPixels('#breakdown-chart')).resolves.toBeGreaterThan(200) // the community's grids
  await screenshot(page, 'figures-06-stats-community-quarter-charts')
  await page.locator('.figure-dispute-handledRate .figure-line').click()
  await page.locator('.ratio-numerator', { hasText: '已调处矛盾纠纷' }).waitFor()
  await page.locator('.ratio-denominator', { hasText: '排查化解矛盾纠纷' }).waitFor()
  await screenshot(page, 'figures-07-ratio-parts')
})

it('the street admin closes last year and sees it closed', async () => {
  await page.goto(`${cloud.url}/pages/me/index`)
  await actAs('李娜', 'demo-admin-lina')
  await button('close-button').click()
  await page.locator('.close-year-picker', { hasText: `${lastYear}年` }).waitFor()
  await screenshot(page, 'figures-08-close-before')
  await button('close-year-button').click()
  await page.locator('.taro-modal__content', { hasText: `确定结账${lastYear}年` }).waitFor()
  await page.locator('.taro-model__confirm').click()
  const card = page.locator(`.close-${lastYear}`)
  await card.locator('.close-status', { hasText: '已结账' }).waitFor()
  await expect(card.textContent()).resolves.toContain('李娜')
  await screenshot(page, 'figures-09-closed')

  // Reopened with a reason, closed again, then one late correction granted.
  await card.locator('taro-button-core.reopen-button').click()
  await card.locator('taro-button-core.reopen-confirm').click()
  await card.locator('.field-error', { hasText: '请填写原因' }).waitFor()
  await field('reopenReason').fill('补录12月的两场讲座')
  await card.locator('taro-button-core.reopen-confirm').click()
  await card.locator('.close-status', { hasText: '已重新开启' }).waitFor()
  await card.locator('.close-history-detail', { hasText: '原因：补录12月的两场讲座' }).waitFor()
  await card.locator('taro-button-core.close-again-button').click()
  await page.locator('.taro-modal__content', { hasText: `确定再次结账${lastYear}年` }).waitFor()
  await page.locator('.taro-model__confirm').click()
  await card.locator('.close-status', { hasText: '已结账' }).waitFor()
  const lecture = '00000000-0000-4000-8000-000000000001' // the demo street's first lecture of last year
  await card.locator('taro-button-core.exception-button').click()
  await field('exceptionEventId').fill(lecture)
  await field('exceptionReason').fill('参与人次录入错误')
  await card.locator('taro-button-core.exception-confirm').click()
  await card.locator('.open-exceptions', { hasText: lecture }).waitFor()
  await screenshot(page, 'figures-09-closed-history')

  const { closes } = await api<{ closes: { year: number; status: string }[] }>('demo-admin-lina', 'stats', {
    action: 'closes',
  })
  expect(closes).toContainEqual(expect.objectContaining({ year: lastYear, status: 'closed' }))

  // The clerk's dashboard says so.
  await page.goto(`${cloud.url}/pages/me/index`)
  await actAs('陈静', 'demo-street-chenjing')
  await button('stats-button').click()
  await page.locator('.year-picker').click()
  await chooseInPicker(`${lastYear}年`)
  await page.locator('.close-notice', { hasText: `${lastYear}年已于` }).waitFor()
  await screenshot(page, 'figures-10-stats-closed-year')

  // The late correction is made (arranged through the API): the lecture is voided under the exception,
  // and 法律讲座 shows it against the snapshot.
  const { event } = await api<{ event: { version: number } }>('demo-street-chenjing', 'events', {
    action: 'get',
    id: lecture,
  })
  await api('demo-street-chenjing', 'events', {
    action: 'void',
    id: lecture,
    version: event.version,
    requestId: newEventId(),
    reason: '重复录入',
  })
  await page.locator('.figure-lecture-count').click()
  await page.locator('.close-changes', { hasText: '结账后变化：新增0条，移除1条' }).waitFor()
  await page.locator('.close-change-removed').first().waitFor()
  await screenshot(page, 'figures-10-figure-close-changes')
})

it('the street admin adds a figure of the street’s own and writes it into the report template', async () => {
  await page.goto(`${cloud.url}/pages/me/index`)
  await actAs('李娜', 'demo-admin-lina')
  await button('figures-button').click()
  await page.locator('.figure-def.figure-lecture-count').waitFor()
  await screenshot(page, 'figures-11-admin-figures')

  await button('add-figure-button').click()
  await field('figureLabel').fill('联合拆除私搭乱建')
  await page.locator('.section-chip', { hasText: '行政执法' }).click()
  await page.locator('.type-chip-enforcement').click()
  await page.locator('.filter-category .filter-chip', { hasText: /^私搭乱建$/ }).click()
  await page.locator('.filter-joint .filter-chip', { hasText: /^是$/ }).click()
  await page.locator('.figure-description-input textarea').fill('联合执法中类别为私搭乱建的执法行动次数')
  await screenshot(page, 'figures-12-admin-new-figure')
  await page.locator('.figure-form-new').scrollIntoViewIfNeeded()
  await page.evaluate(() => window.scrollTo(0, 0))
  await screenshot(page, 'figures-12-admin-new-figure-top')
  await button('figure-save').click()
  const card = page.locator('.figure-def', { hasText: '联合拆除私搭乱建' })
  await card.waitFor()
  await expect(card.locator('.figure-def-rule').textContent()).resolves.toBe(
    '计数 · 执法行动 · 执法类别：私搭乱建 · 联合执法（街道吹哨、部门报到）：是',
  )
  const key = /\{(f_[^}]+)\}/.exec((await card.textContent()) ?? '')?.[1]
  expect(key).toBeDefined()

  await button('edit-template-button').click()
  const template = page.locator('.template-input textarea')
  const before = await template.inputValue()
  await template.fill(`${before}其中联合拆除私搭乱建{${key}}次。`)
  await button('template-preview-button').click()
  // The preview uses last year's figures: the demo street's joint actions against 私搭乱建.
  const { totals } = await api<{ totals: { key: string; value: { text: string } }[] }>(
    'demo-street-chenjing',
    'stats',
    { action: 'totals', period: { year: lastYear } },
  )
  const joint = totals.find((t) => t.key === key)!.value.text
  expect(Number(joint)).toBeGreaterThan(0)
  await page.locator('.template-preview-text', { hasText: `其中联合拆除私搭乱建${joint}次。` }).waitFor()
  await screenshot(page, 'figures-13-admin-template-preview')
  await button('template-save-button').click()
  await page.locator('.figures-notice', { hasText: '已保存报告模板' }).waitFor()

  const saved = await api<{ template: string; isDefaultTemplate: boolean }>('demo-admin-lina', 'stats', {
    action: 'figures',
  })
  expect(saved).toMatchObject({ isDefaultTemplate: false, template: expect.stringContaining(`{${key}}`) })
})
