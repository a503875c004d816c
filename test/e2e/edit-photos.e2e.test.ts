/**
 * 修改 a record's photos, in Chromium against the H5 build served by the local cloud: 张伟 is offered
 * 添加照片 once he has agreed to the privacy notice, adds a photo to a lecture he logged (the first
 * upload fails: nothing is saved; the retry saves it once), removes it again, and adds two where a
 * kept photo already uses a new one's place in the list. Each time the server is asked directly what
 * the record holds and what its history says.
 */
import crypto from 'node:crypto'
import type { Page } from 'playwright-core'
import { chinaToday } from '../../src/core/china-time'
import type { EventDetail, RevisionView } from '../../src/core/contract'
import { PRIVACY_NOTICE } from '../../src/core/privacy'
import type { LocalCloud } from '../../local-cloud/src/server'
import { cameraPhoto, openAppInBrowser, personOn } from '../support/app'
import { screenshot } from '../support/browser'
import { callGateway, login } from '../support/local-cloud'

let cloud: LocalCloud
let page: Page
openAppInBrowser((app) => ({ cloud, page } = app))
const { actAs, button } = personOn(() => page)
const WORKER = 'demo-grid-zhangwei'
const eventId = crypto.randomUUID()

/** Calls a function as 张伟, through the gateway; fails the test when the call is refused. */
async function api<T>(name: string, data: Record<string, unknown>): Promise<T> {
  const reply = await callGateway(cloud, name, data, await login(cloud, WORKER))
  const result = reply.body.result as { ok: boolean; data?: T }
  if (!result?.ok) throw new Error(`${name}.${String(data.action)} refused: ${JSON.stringify(reply.body)}`)
  return result.data as T
}

const stored = async (): Promise<EventDetail> =>
  (await api<{ event: EventDetail }>('events', { action: 'get', id: eventId })).event

/** The record once its version has reached `version` (the page saves, then goes back). */
async function storedAt(version: number): Promise<EventDetail> {
  const deadline = Date.now() + 15_000
  for (;;) {
    const event = await stored()
    if (event.version >= version || Date.now() > deadline) return event
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
}

const photoChanges = async (): Promise<(readonly [unknown, unknown])[]> => {
  const { revisions } = await api<{ revisions: readonly RevisionView[] }>('events', {
    action: 'history',
    id: eventId,
  })
  return revisions
    .filter((r) => r.action === 'event.update' && r.changes?.photos)
    .map((r) => r.changes!.photos!)
}

/** A camera photo, made once in the page. */
let shot: { name: string; mimeType: string; buffer: Buffer } | undefined
async function photoFile(name: string): Promise<{ name: string; mimeType: string; buffer: Buffer }> {
  shot ??= await cameraPhoto(page)
  return { ...shot, name }
}

async function openEdit(): Promise<void> {
  await page.goto(`${cloud.url}/events/edit/index?id=${eventId}`)
  await button('save-button').waitFor()
}

/** Taps 添加照片 and picks `names` in the browser's file chooser; waits for their thumbnails. */
async function addPhotos(...names: string[]): Promise<void> {
  const before = await page.locator('.edit-photo').count()
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), button('photo-button').click()])
  await chooser.setFiles(await Promise.all(names.map(photoFile)))
  await page
    .locator('.edit-photo')
    .nth(before + names.length - 1)
    .waitFor()
}

const photoPath = (n: number) => new RegExp(`/events/${eventId}/${n}-[a-z0-9]+\\.jpg$`)

beforeAll(async () => {
  await api('events', {
    action: 'create',
    id: eventId,
    type: 'lecture',
    event: {
      title: '宪法宣传日讲座',
      happenedOn: chinaToday(),
      place: '明园社区党群服务中心',
      measures: { participants: 30, materials: 40 },
    },
  })
  await page.goto(`${cloud.url}/pages/me/index`)
  await actAs('张伟', WORKER)
})

it('offers 添加照片 only after consent to the privacy notice', async () => {
  await openEdit()
  await page.locator('.edit-photo-consent').waitFor()
  await expect(page.locator('taro-button-core.photo-button').count()).resolves.toBe(0)
  await screenshot(page, 'edit-photos-00-consent-first')
  await api('session', { action: 'consent', version: PRIVACY_NOTICE.version })
  await openEdit()
  await button('photo-button').waitFor()
  await expect(page.locator('.edit-photo-consent').count()).resolves.toBe(0)
})

it('adds a photo on 修改; a failed upload saves nothing, the retry saves it once', async () => {
  await openEdit()
  await expect(page.locator('.edit-photo').count()).resolves.toBe(0)
  await addPhotos('banner.jpg')
  await expect(
    page
      .locator('.edit-photo img')
      .first()
      .evaluate((img) => (img as HTMLImageElement).naturalWidth),
  ).resolves.toBeGreaterThan(0)
  await screenshot(page, 'edit-photos-01-added')

  // The network drops during the upload: the page says so and sends no change.
  await page.route('**/cloud-storage/upload**', (route) => route.abort())
  await button('save-button').click()
  await page.locator('.page-error', { hasText: '照片上传失败，请检查网络后重试' }).waitFor()
  await screenshot(page, 'edit-photos-02-upload-failed')
  await page.unroute('**/cloud-storage/upload**')
  const unchanged = await stored()
  expect(unchanged.version).toBe(1)
  expect(unchanged.photos).toHaveLength(0)

  await button('save-button').click()
  const saved = await storedAt(2)
  expect(saved.version).toBe(2)
  expect(saved.photos).toHaveLength(1)
  expect(saved.photos[0]!.fileID).toMatch(photoPath(0))
  const bytes = Buffer.from(await (await fetch(saved.photos[0]!.url)).arrayBuffer())
  expect(bytes.subarray(0, 2).toString('hex')).toBe('ffd8') // a JPEG
  expect(await photoChanges()).toEqual([[[], [saved.photos[0]!.fileID]]])
})

it('removes the photo; the history records it', async () => {
  await openEdit()
  const shown = page.locator('.edit-photo img').first()
  await shown.waitFor()
  await expect(shown.evaluate((img) => (img as HTMLImageElement).naturalWidth)).resolves.toBeGreaterThan(0)
  const [before] = (await stored()).photos
  await page.locator('.edit-photo .photo-remove').first().click()
  await expect(page.locator('.edit-photo').count()).resolves.toBe(0)
  await button('save-button').click()
  const saved = await storedAt(3)
  expect(saved.version).toBe(3)
  expect(saved.photos).toHaveLength(0)
  expect((await photoChanges()).at(-1)).toEqual([[before!.fileID], []])

  await page.goto(`${cloud.url}/events/detail/index?id=${eventId}`)
  await page.locator('.revision-change', { hasText: '照片：1张 → 无' }).first().waitFor()
})

it('gives a new photo a place in the folder no kept photo uses', async () => {
  await openEdit()
  await addPhotos('first.jpg', 'second.jpg')
  await button('save-button').click()
  const two = (await storedAt(4)).photos.map((p) => p.fileID)
  expect(two).toHaveLength(2)
  expect(two[0]).toMatch(photoPath(0))
  expect(two[1]).toMatch(photoPath(1))

  // Without the first photo, the new one is second in the list; index 1 is the kept one's: it takes 0.
  await openEdit()
  await page.locator('.edit-photo img').nth(1).waitFor()
  await page.locator('.edit-photo .photo-remove').first().click()
  await addPhotos('third.jpg')
  await button('photo-button').waitFor()
  await expect(button('photo-button').textContent()).resolves.toContain('2/9')
  await screenshot(page, 'edit-photos-03-kept-and-new')
  await button('save-button').click()
  const saved = (await storedAt(5)).photos.map((p) => p.fileID)
  expect(saved).toHaveLength(2)
  expect(saved[0]).toBe(two[1])
  expect(saved[1]).toMatch(photoPath(0))
  expect(saved[1]).not.toBe(two[0])
})
