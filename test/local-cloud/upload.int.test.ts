/**
 * POST /cloud-storage/upload: how the H5 build uploads an event photo or a ledger to import, since a
 * browser has no wx.cloud.uploadFile. What it stores must be an ordinary cloud file to the real
 * wx-server-sdk.
 */
import { Workbook } from 'exceljs'
import type { LocalCloud } from '../../local-cloud/src/server'
import { login, sdkFor, startTestCloud, type Sdk } from '../support/local-cloud'

let cloud: LocalCloud
let sdk: Sdk
let token: string

beforeAll(async () => {
  cloud = await startTestCloud()
  sdk = sdkFor(cloud)
  token = await login(cloud, 'demo-grid-zhangwei')
})
afterAll(() => cloud.close())

const EVENT = '0f8fad5b-d9cb-469f-a165-70867728950e'

/** A JPEG as far as its magic bytes go, then filler: the endpoint checks what a file is, not its name. */
const jpeg = (size: number, fill = 7): Buffer => {
  const bytes = Buffer.alloc(size, fill)
  bytes.set([0xff, 0xd8, 0xff, 0xe0])
  return bytes
}
const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(100)])

async function upload(
  cloudPath: string | undefined,
  body: Buffer | string,
  bearer: string | null = token,
  contentType = 'image/jpeg',
): Promise<{ status: number; body: Record<string, unknown> }> {
  const query = cloudPath === undefined ? '' : `?path=${encodeURIComponent(cloudPath)}`
  const res = await fetch(`${cloud.url}/cloud-storage/upload${query}`, {
    method: 'POST',
    headers: { 'content-type': contentType, ...(bearer ? { authorization: `Bearer ${bearer}` } : {}) },
    body: typeof body === 'string' ? body : new Uint8Array(body),
  })
  return { status: res.status, body: (await res.json()) as Record<string, unknown> }
}

describe('uploading an event photo from the H5 build', () => {
  it('stores the bytes and answers a file ID of the same form as an SDK upload', async () => {
    const photo = jpeg(250_000)
    const { status, body } = await upload(`events/${EVENT}/0-a1b2c3.jpg`, photo)
    expect(status).toBe(200)
    expect(body).toEqual({ fileID: `cloud://${cloud.env}.local-bucket/events/${EVENT}/0-a1b2c3.jpg` })
  })

  it('gives a file a cloud function can hand out: getTempFileURL downloads the same bytes', async () => {
    const photo = jpeg(120_000, 42)
    const { body } = await upload(`events/${EVENT}/1-d4e5f6.jpg`, photo)
    const { fileList } = await sdk.getTempFileURL({ fileList: [body.fileID] })
    expect(fileList[0]).toMatchObject({ fileID: body.fileID, status: 0 })
    const res = await fetch(fileList[0].tempFileURL)
    expect(res.status).toBe(200)
    expect(Buffer.compare(Buffer.from(await res.arrayBuffer()), photo)).toBe(0)
  })

  it('accepts a PNG too', async () => {
    expect((await upload(`events/${EVENT}/2-png.jpg`, png)).status).toBe(200)
  })

  it('overwrites a file uploaded again to the same path, as wx.cloud.uploadFile does', async () => {
    const cloudPath = `events/${EVENT}/3-again.jpg`
    await upload(cloudPath, jpeg(1000, 1))
    const second = jpeg(2000, 2)
    const { body } = await upload(cloudPath, second)
    const { fileContent } = await sdk.downloadFile({ fileID: body.fileID })
    expect(Buffer.compare(fileContent, second)).toBe(0)
  })

  it('refuses someone who has not signed in (401)', async () => {
    const { status, body } = await upload(`events/${EVENT}/4-x.jpg`, jpeg(100), null)
    expect(status).toBe(401)
    expect(body).toMatchObject({ errCode: -601003 })
  })

  it('refuses a forged token (401)', async () => {
    const forged = `${Buffer.from('demo-admin-lina').toString('base64url')}.forged`
    expect((await upload(`events/${EVENT}/4-x.jpg`, jpeg(100), forged)).status).toBe(401)
  })

  it('refuses what is not a JPEG or PNG image, whatever its name (415)', async () => {
    const { status, body } = await upload(`events/${EVENT}/5-x.jpg`, '<svg onload="alert(1)"/>')
    expect(status).toBe(415)
    expect(body).toMatchObject({ errCode: -501007 })
    expect((await upload(`events/${EVENT}/5-x.jpg`, '')).status).toBe(415)
  })

  it.each([
    ['a path outside events/', 'exports/report.jpg'],
    ['a lookalike of events/', 'events-other/1.jpg'],
    ['a path that escapes its folder', `events/${EVENT}/../../secret.jpg`],
    ['an absolute path', `/events/${EVENT}/0-x.jpg`],
    ['a missing path', undefined],
  ])('refuses %s (400)', async (_case, cloudPath) => {
    const { status, body } = await upload(cloudPath, jpeg(100))
    expect(status).toBe(400)
    expect(body).toMatchObject({ errCode: -501007 })
  })

  it('refuses a file over 10 MB (413) and stores nothing', async () => {
    const cloudPath = `events/${EVENT}/6-huge.jpg`
    const { status, body } = await upload(cloudPath, jpeg(10 * 1024 * 1024 + 1))
    expect(status).toBe(413)
    expect(body).toMatchObject({ errCode: -501007 })
    const { fileList } = await sdk.getTempFileURL({
      fileList: [`cloud://${cloud.env}.local-bucket/${cloudPath}`],
    })
    expect(fileList[0]).toMatchObject({ status: -503003 })
  })

  it('accepts a file of exactly 10 MB', async () => {
    expect((await upload(`events/${EVENT}/7-big.jpg`, jpeg(10 * 1024 * 1024))).status).toBe(200)
  })
})

describe('uploading a ledger to import from the H5 build', () => {
  const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
  let ledger: Buffer
  beforeAll(async () => {
    const workbook = new Workbook()
    const sheet = workbook.addWorksheet('台账')
    sheet.addRow(['讲座主题', '举办日期', '举办地点', '参与人次', '发放资料', '主讲人'])
    sheet.addRow(['民法典进社区', '2024-03-05', '明园社区党群服务中心', 40, 100, '王律师'])
    ledger = Buffer.from(await workbook.xlsx.writeBuffer())
  })

  it('accepts an xlsx under imports/, as a file the functions can download', async () => {
    const { status, body } = await upload('imports/2024-lectures.xlsx', ledger, token, XLSX)
    expect(status).toBe(200)
    expect(body).toEqual({ fileID: `cloud://${cloud.env}.local-bucket/imports/2024-lectures.xlsx` })
    const { fileContent } = await sdk.downloadFile({ fileID: body.fileID })
    expect(Buffer.compare(fileContent, ledger)).toBe(0)
  })

  it.each([
    ['text/csv', 'text/csv; charset=utf-8'],
    ['application/vnd.ms-excel, as browsers on Windows send for .csv', 'application/vnd.ms-excel'],
  ])('accepts a csv under imports/ sent as %s', async (_case, contentType) => {
    const csv = '\ufeff讲座主题,举办日期,举办地点\r\n民法典进社区,2024-03-05,明园社区\r\n'
    expect((await upload('imports/lectures.csv', csv, token, contentType)).status).toBe(200)
  })

  it('refuses an xlsx under events/ (415)', async () => {
    const { status, body } = await upload(`events/${EVENT}/8-ledger.jpg`, ledger, token, XLSX)
    expect(status).toBe(415)
    expect(body).toMatchObject({ errCode: -501007 })
  })

  it('refuses a JPEG under imports/, whatever it claims to be (415)', async () => {
    expect((await upload('imports/photo.xlsx', jpeg(1000), token, 'image/jpeg')).status).toBe(415)
    expect((await upload('imports/photo.xlsx', jpeg(1000), token, XLSX)).status).toBe(415)
    expect((await upload('imports/photo.csv', jpeg(1000), token, 'text/csv')).status).toBe(415)
  })

  it('refuses what is neither: a zip sent as csv, binary sent as csv, text sent as xlsx (415)', async () => {
    expect((await upload('imports/a.csv', ledger, token, 'text/csv')).status).toBe(415)
    expect((await upload('imports/b.csv', Buffer.from([1, 0, 2, 0]), token, 'text/csv')).status).toBe(415)
    expect((await upload('imports/c.xlsx', 'a,b\r\n1,2', token, XLSX)).status).toBe(415)
    expect((await upload('imports/d.csv', '', token, 'text/csv')).status).toBe(415)
  })

  it('refuses a ledger over 5 MB (413), and accepts one of exactly 5 MB', async () => {
    const row = '民法典进社区,2024-03-05,明园社区\n'
    const fiveMb = Buffer.alloc(5 * 1024 * 1024, 'a')
    fiveMb.write(row)
    expect((await upload('imports/big.csv', fiveMb, token, 'text/csv')).status).toBe(200)
    const over = Buffer.concat([fiveMb, Buffer.from('a')])
    const { status, body } = await upload('imports/huge.csv', over, token, 'text/csv')
    expect(status).toBe(413)
    expect(body).toMatchObject({ errCode: -501007 })
  })

  it('refuses someone who has not signed in (401)', async () => {
    expect((await upload('imports/x.xlsx', ledger, null, XLSX)).status).toBe(401)
  })
})
