// Throwaway: drives the staff publication pages on the H5 build against a local cloud at :8094.
import { chromium, type Page } from 'playwright-core'

const BASE = 'http://127.0.0.1:8094'
const OUT = '/tmp/pub-shots'
const step = process.argv[2] ?? 'all'

async function shot(page: Page, name: string, full = true) {
  await page.waitForTimeout(600)
  if (full) {
    // The H5 page scrolls inside its own container: grow the viewport to the content, then back.
    const height = await page.evaluate(() =>
      Math.max(...Array.from(document.querySelectorAll('*')).map((e) => (e as HTMLElement).scrollHeight)),
    )
    await page.setViewportSize({ width: 375, height: Math.min(Math.max(height, 740), 4000) })
    await page.waitForTimeout(300)
  }
  await page.screenshot({ path: `${OUT}/${name}.png`, fullPage: full })
  if (full) await page.setViewportSize({ width: 375, height: 740 })
  console.log('shot', name)
}

const button = (page: Page, cls: string) => page.locator(`taro-button-core.${cls}:visible`).first()
const field = (page: Page, name: string) => page.locator(`taro-input-core input[name="${name}"]:visible`).first()

async function confirmPicker(page: Page, rowClass: string) {
  await page.locator(`.${rowClass}:visible`).first().click()
  await page.waitForTimeout(500)
  await page.locator('.weui-picker:visible .weui-picker__action', { hasText: '确定' }).last().click()
  await page.waitForTimeout(400)
}

async function token(page: Page): Promise<string> {
  return page.evaluate(() => {
    const raw = localStorage.getItem('dev-login-token') ?? ''
    try {
      return (JSON.parse(raw) as { data: string }).data
    } catch {
      return raw
    }
  })
}

async function call(page: Page, fn: string, data: Record<string, unknown>): Promise<any> {
  const t = await token(page)
  return page.evaluate(
    async ({ fn, data, t }) => {
      const res = await fetch(`/cloud/${fn}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${t}` },
        body: JSON.stringify(data),
      })
      return (await res.json()).result
    },
    { fn, data, t },
  )
}

/** Uploads a generated JPEG (optionally with a media-check marker appended) and returns its file ID. */
async function uploadImage(page: Page, path: string, hue: number, marker = ''): Promise<string> {
  const t = await token(page)
  return page.evaluate(
    async ({ path, hue, marker, t }) => {
      const canvas = document.createElement('canvas')
      canvas.width = 1200
      canvas.height = 900
      const g = canvas.getContext('2d')!
      g.fillStyle = `hsl(${hue}, 60%, 55%)`
      g.fillRect(0, 0, 1200, 900)
      g.fillStyle = '#fff'
      g.font = 'bold 120px sans-serif'
      g.fillText('法治讲座', 330, 480)
      const blob: Blob = await new Promise((r) => canvas.toBlob((b) => r(b!), 'image/jpeg', 0.8))
      const body = marker ? new Blob([blob, marker], { type: 'image/jpeg' }) : blob
      const res = await fetch(`/cloud-storage/upload?path=${encodeURIComponent(path)}`, {
        method: 'POST',
        headers: { 'content-type': 'image/jpeg', authorization: `Bearer ${t}` },
        body,
      })
      return (await res.json()).fileID as string
    },
    { path, hue, marker, t },
  )
}

async function poster(page: Page) {
  const base64 = await page.evaluate(() => {
    const canvas = document.createElement('canvas')
    canvas.width = 1080
    canvas.height = 1520
    const g = canvas.getContext('2d')!
    g.fillStyle = '#c0392b'
    g.fillRect(0, 0, 1080, 1520)
    g.fillStyle = '#fff'
    g.font = 'bold 110px sans-serif'
    g.fillText('反诈讲座', 320, 700)
    return canvas.toDataURL('image/jpeg', 0.9).split(',')[1]!
  })
  return { name: 'poster.jpg', mimeType: 'image/jpeg', buffer: Buffer.from(base64, 'base64') }
}

function uuid() {
  return crypto.randomUUID()
}

async function main() {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox'] })
  const context = await browser.newContext({ viewport: { width: 375, height: 740 }, deviceScaleFactor: 2, locale: 'zh-CN' })
  const page = await context.newPage()
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') console.log('console:', m.type(), m.text().slice(0, 300))
  })
  page.on('pageerror', (e) => console.log('pageerror:', e.message))

  await page.goto(`${BASE}/pages/me/index`)
  await page.getByText('切换身份（本地演示）').waitFor()
  await page.locator('.persona-demo-street-chenjing').first().click()
  await page.getByText('陈静', { exact: true }).first().waitFor()
  await page.waitForTimeout(800)
  await shot(page, '01-me')

  const today = await page.evaluate(() => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10))
  const consent = await call(page, 'session', { action: 'consent', version: 'x' })
  console.log('consent attempt', JSON.stringify(consent).slice(0, 200))

  // A logged 法律讲座 with three photos (the third held for review by the image check).
  const eventId = uuid()
  const photos = [
    await uploadImage(page, `events/${eventId}/0-aaaa1111.jpg`, 10),
    await uploadImage(page, `events/${eventId}/1-bbbb2222.jpg`, 200),
    await uploadImage(page, `events/${eventId}/2-cccc3333.jpg`, 120, 'LOCAL-MEDIA-CHECK:REVIEW'),
  ]
  const created = await call(page, 'events', {
    action: 'create',
    id: eventId,
    type: 'lecture',
    event: {
      title: '民法典进社区：婚姻家庭篇',
      happenedOn: today,
      place: '明园社区党群服务中心',
      measures: { participants: '46', materials: '120' },
      attributes: { speaker: '王律师' },
      photos,
    },
  })
  console.log('created', created.ok, created.error?.message)

  await page.goto(`${BASE}/events/detail/index?id=${eventId}`)
  await button(page, 'publish-event-button').waitFor()
  await shot(page, '02-event-detail')
  await button(page, 'publish-event-button').click()
  await field(page, 'title').waitFor()
  await page.waitForTimeout(800)
  await shot(page, '03-publish-event-empty')

  await confirmPicker(page, 'publish-start-picker')
  await page.locator('.summary-input textarea:visible').fill('王律师结合真实案例，讲解结婚、离婚、抚养与赡养中的法律问题，现场解答居民提问。')
  await page.locator('.publish-photo-box').nth(0).click()
  await page.locator('.publish-set-cover').nth(1).click()
  await page.locator('.publish-photo-box').nth(2).click()
  await shot(page, '04-publish-event-filled')
  await button(page, 'publish-button').click()
  await page.waitForURL(/staff\/publication\/index/, { timeout: 20000 })
  await page.locator('.spub-head:visible').waitFor()
  await page.waitForTimeout(3000)
  await page.reload()
  await page.locator('.spub-head:visible').waitFor()
  await shot(page, '05-publication-event')

  // The event page now opens the publication.
  await page.goto(`${BASE}/events/detail/index?id=${eventId}`)
  await button(page, 'publish-event-button').click()
  await page.waitForURL(/staff\/publication\/index/, { timeout: 10000 })
  console.log('detail → publication ok')

  // An announcement for today (so 记为已举办 shows), with a poster.
  await page.goto(`${BASE}/staff/publications/index`)
  await button(page, 'announce-button').waitFor()
  await page.waitForTimeout(800)
  await shot(page, '06-publications-list')
  await button(page, 'announce-button').click()
  await field(page, 'title').waitFor()
  await page.waitForTimeout(800)
  await shot(page, '07-announce-empty')
  await field(page, 'title').fill('防范电信诈骗专题讲座')
  await confirmPicker(page, 'publish-date-picker')
  await confirmPicker(page, 'publish-start-picker')
  await confirmPicker(page, 'publish-end-picker')
  await field(page, 'place').fill('春城街道文化中心报告厅')
  await field(page, 'speaker').fill('刘警官')
  await page.locator('.summary-input textarea:visible').fill('派出所民警讲解最新电信诈骗手法，教大家识别和防范。欢迎居民朋友参加。')
  const consentButton = page.locator('taro-button-core.consent-agree')
  if (await consentButton.count()) {
    await consentButton.click()
    await page.waitForTimeout(800)
  }
  const chooser = page.waitForEvent('filechooser')
  await button(page, 'cover-button').click()
  await (await chooser).setFiles(await poster(page))
  await page.locator('.publish-cover-image').waitFor()
  await shot(page, '08-announce-filled')
  await button(page, 'publish-button').click()
  await page.waitForURL(/staff\/publication\/index/, { timeout: 20000 })
  await page.locator('.spub-head:visible').waitFor()
  await page.waitForTimeout(2500)
  await page.reload()
  await page.locator('.spub-head:visible').waitFor()
  await shot(page, '09-publication-announcement')
  const announcementId = new URL(page.url()).searchParams.get('id')!

  // An edit held for review (保证胜诉 is a review word of the local check).
  await button(page, 'publication-edit-button').click()
  await field(page, 'title').waitFor()
  await page.waitForTimeout(800)
  await page.locator('.summary-input textarea:visible').fill('派出所民警讲解最新电信诈骗手法，保证胜诉。')
  await field(page, 'place').fill('春城街道文化中心二楼报告厅')
  await shot(page, '10-edit-announcement')
  await button(page, 'publish-button').click()
  await page.waitForURL((u) => u.pathname.includes('staff/publication/index'), { timeout: 20000 })
  await page.waitForTimeout(1500)
  await page.locator('.spub-compare:visible').waitFor()
  await shot(page, '11-pending-compare')

  // Risky text is refused with its message.
  await button(page, 'publication-edit-button').click()
  await field(page, 'title').waitFor()
  await page.waitForTimeout(600)
  await field(page, 'title').fill('扫码领红包讲座')
  await button(page, 'publish-button').click()
  await page.locator('.page-error:visible').first().waitFor()
  await shot(page, '12-risky', false)
  await page.goBack()
  await page.locator('.spub-head:visible').waitFor()

  // Reject the pending edit with a reason.
  await button(page, 'reject-button').click()
  await field(page, 'reason').fill('含有不当承诺')
  await shot(page, '13-reject-sheet', false)
  await button(page, 'reason-confirm').click()
  await page.waitForTimeout(1200)
  await shot(page, '14-after-reject')

  // Unpublish, then publish again.
  await button(page, 'unpublish-button').click()
  await field(page, 'reason').fill('活动时间调整，稍后重新发布')
  await button(page, 'reason-confirm').click()
  await page.waitForTimeout(1200)
  await shot(page, '15-unpublished')
  await button(page, 'republish-button').click()
  await page.waitForTimeout(1500)
  await shot(page, '16-republished')

  // 记为已举办 → 记录 with the announcement filled in.
  await button(page, 'held-button').click()
  await page.waitForURL(/pages\/log\/index/, { timeout: 10000 })
  await page.waitForTimeout(2500)
  await shot(page, '17-log-announcement')
  await field(page, 'measures.participants').fill('80')
  await field(page, 'measures.materials').fill('200')
  await button(page, 'submit-button').click()
  await page.getByText('已记录：').first().waitFor({ timeout: 20000 })
  await page.waitForTimeout(1500)
  await shot(page, '18-log-submitted', false)
  await page.goto(`${BASE}/staff/publication/index?id=${announcementId}`)
  await page.locator('.spub-head:visible').waitFor()
  await page.waitForTimeout(800)
  await shot(page, '19-publication-held')

  // The image held for review: approve it from the event publication.
  await page.goto(`${BASE}/staff/publication/index?id=${eventId}`)
  await page.locator('.spub-head:visible').waitFor()
  await page.waitForTimeout(800)
  if (await button(page, 'media-approve').count()) {
    await button(page, 'media-approve').click()
    await page.waitForTimeout(1200)
  }
  await shot(page, '20-media-approved')

  await page.goto(`${BASE}/staff/publications/index`)
  await button(page, 'announce-button').waitFor()
  await page.waitForTimeout(1000)
  await shot(page, '21-publications-list-after')
  await page.goto(`${BASE}/pages/me/index`)
  await button(page, 'publications-button').waitFor()
  await shot(page, '22-me', false)

  await browser.close()
  void step
}

main().catch((e) => {
  console.error(e)
  process.exit(1)
})
