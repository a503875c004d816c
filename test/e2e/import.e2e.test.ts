/**
 * Importing a ledger kept before the product, in Chromium against the H5 build and the built functions:
 * the street clerk (陈静) opens 我的 → 导入历史台账, picks 法律讲座 (the help lists its headers), chooses
 * an .xlsx whose one row is dated in the future: the dry run names that row and column and 导入 stays
 * off. She chooses the corrected file, imports it (4 new records), then imports the same file again:
 * nothing new, 4 already imported.
 */
import { Workbook } from 'exceljs'
import type { Page } from 'playwright-core'
import { chinaToday } from '../../src/core/china-time'
import type { LocalCloud } from '../../local-cloud/src/server'
import { openAppInBrowser, personOn } from '../support/app'
import { screenshot } from '../support/browser'
import { callGateway, login } from '../support/local-cloud'

let cloud: LocalCloud
let page: Page
openAppInBrowser((app) => ({ cloud, page } = app))
const { actAs, button } = personOn(() => page)

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
const today = chinaToday()
/** `n` days before today (an import never reaches into another year closed meanwhile: at most Jan 1). */
const daysAgo = (n: number): string => {
  const d = new Date(Date.parse(`${today}T00:00:00Z`) - n * 86_400_000).toISOString().slice(0, 10)
  return d.slice(0, 4) === today.slice(0, 4) ? d : `${today.slice(0, 4)}-01-01`
}
const nextYear = `${Number(today.slice(0, 4)) + 1}-03-05`

type Cell = string | number | Date
const HEADER = ['序号', '讲座主题', '举办日期', '举办地点', '参与人次', '发放资料', '主讲人', '备注']
const lectures = (futureRow: boolean): Cell[][] => [
  [1, '台账导入·民法典进社区', daysAgo(3), '明园社区党群服务中心', 45, 120, '王律师', ''],
  [2, '台账导入·反家暴法宣讲', new Date(`${daysAgo(2)}T00:00:00Z`), '兴华社区活动室', 30, 60, '李律师', ''],
  // Row 4 of the sheet (the header is row 1): a date not yet come, as typed by mistake.
  [3, '台账导入·老年人防诈骗', futureRow ? nextYear : daysAgo(1), '春晓小学', 80, 200, '王律师', '补录'],
  [4, '台账导入·劳动合同讲座', daysAgo(1), '春城街道办事处', 25, 0, '张律师', ''],
]

async function ledger(name: string, rows: readonly Cell[][]) {
  const workbook = new Workbook()
  const sheet = workbook.addWorksheet('法律讲座')
  sheet.addRow(HEADER)
  for (const row of rows) sheet.addRow(row)
  return { name, mimeType: XLSX, buffer: Buffer.from(await workbook.xlsx.writeBuffer()) }
}

/** Taps 选择台账文件 and sets the file on the page's file input while the picker is open. */
async function chooseLedger(file: Awaited<ReturnType<typeof ledger>>): Promise<void> {
  const chooser = page.waitForEvent('filechooser')
  await button('choose-ledger-button').click()
  await chooser
  await page.setInputFiles('#ledger-file-input', file)
}

const importButton = () => button('run-import-button')
const importEnabled = async () =>
  !(await importButton().evaluate((el) => el.classList.contains('nut-button-disabled')))

it('a street clerk checks a ledger, corrects the row dated in the future, imports it, and imports it again', async () => {
  await page.goto(`${cloud.url}/pages/me/index`)
  await actAs('陈静', 'demo-street-chenjing')
  await screenshot(page, 'import-00-me')
  await button('import-ledgers-button').click()
  await page.locator('.import-type-tile').first().waitFor()
  await page.locator('.import-type-lecture').click()
  const help = page.locator('.import-help')
  await help.waitFor()
  expect(await help.locator('.import-header').allTextContents()).toEqual([
    '讲座主题*',
    '举办日期*',
    '举办地点*',
    '参与人次*',
    '发放资料（份）*',
    '主讲人',
  ])
  await expect(help.textContent()).resolves.toContain('当事人信息（姓名、电话、证件号码）从不导入')
  await screenshot(page, 'import-01-lecture-help')

  // A row dated in the future: the dry run names it, and nothing can be imported.
  await chooseLedger(await ledger(`${today.slice(0, 4)}年法律讲座台账.xlsx`, lectures(true)))
  const check = page.locator('.import-check')
  await check.waitFor()
  await expect(check.locator('.import-rows').textContent()).resolves.toBe('共4行')
  const errors = check.locator('.import-error')
  expect(await errors.count()).toBe(1)
  await expect(errors.first().locator('.import-error-place').textContent()).resolves.toBe('第4行 · 举办日期')
  await expect(errors.first().locator('.import-error-message').textContent()).resolves.toBe(
    '举办日期不能晚于今天',
  )
  await expect(check.locator('.import-ignored').textContent()).resolves.toBe('未读取的列：序号、备注')
  expect(await importEnabled()).toBe(false)
  await screenshot(page, 'import-02-dry-run-error')
  await importButton().scrollIntoViewIfNeeded()
  await screenshot(page, 'import-03-dry-run-error-bottom')

  // The corrected file: no errors, 导入 creates the 4 lectures.
  const corrected = await ledger(`${today.slice(0, 4)}年法律讲座台账（改）.xlsx`, lectures(false))
  await chooseLedger(corrected)
  await check.locator('.import-ok', { hasText: '没有发现错误，可以导入' }).waitFor()
  await expect(check.locator('.import-rows').textContent()).resolves.toBe('共4行')
  expect(await importEnabled()).toBe(true)
  await screenshot(page, 'import-04-dry-run-clean')
  await importButton().click()
  const done = page.locator('.import-done')
  await done.waitFor()
  await expect(done.textContent()).resolves.toBe('导入完成：新增4条记录')
  await screenshot(page, 'import-05-imported')

  const token = await login(cloud, 'demo-street-chenjing')
  const reply = await callGateway(cloud, 'events', { action: 'mine', q: '台账导入', type: 'lecture' }, token)
  const mine = (reply.body.result as { data: { events: { title: string }[] } }).data.events
  expect(mine.map((e) => e.title).sort()).toEqual([
    '台账导入·劳动合同讲座',
    '台账导入·反家暴法宣讲',
    '台账导入·民法典进社区',
    '台账导入·老年人防诈骗',
  ])

  // The same file again: the dry run says the rows are in already; importing creates nothing.
  await chooseLedger(corrected)
  await check.locator('.import-rows', { hasText: '共4行，其中4行此前已导入' }).waitFor()
  await importButton().click()
  await done.waitFor()
  await expect(done.textContent()).resolves.toBe('导入完成：新增0条记录，4条此前已导入，未重复记录')
  await screenshot(page, 'import-06-imported-again')

  // The same file read as another type: the dry run names the headers it lacks; a case type says it
  // comes in at its first step, without its parties.
  await page.locator('.import-type-dispute').click()
  await page.locator('.page-error', { hasText: '缺少“案由”“受理日期”“纠纷类别”' }).waitFor()
  await expect(help.textContent()).resolves.toContain('案件导入后为初始状态')
  await screenshot(page, 'import-07-wrong-type')
})
