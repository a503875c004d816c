/**
 * Cloud storage through the real wx-server-sdk: uploadFile, getTempFileURL, downloadFile, deleteFile.
 */
import type { LocalCloud } from '../../local-cloud/src/server'
import { sdkFor, startTestCloud, type Sdk } from '../support/local-cloud'

let cloud: LocalCloud
let sdk: Sdk

beforeAll(async () => {
  cloud = await startTestCloud()
  sdk = sdkFor(cloud)
})
afterAll(() => cloud.close())

const photo = Buffer.from(Array.from({ length: 70_000 }, (_x, i) => i % 256))

describe('storage', () => {
  it('uploads a file and downloads the same bytes', async () => {
    const { fileID } = await sdk.uploadFile({ cloudPath: 'events/2024/讲座-1.jpg', fileContent: photo })
    expect(fileID).toBe(`cloud://${cloud.env}.local-bucket/events/2024/讲座-1.jpg`)
    const { fileContent } = await sdk.downloadFile({ fileID })
    expect(Buffer.compare(fileContent, photo)).toBe(0)
  })

  it('gives a temporary URL a browser can fetch', async () => {
    const { fileID } = await sdk.uploadFile({
      cloudPath: 'exports/report.docx',
      fileContent: Buffer.from('docx bytes'),
    })
    const { fileList } = await sdk.getTempFileURL({ fileList: [fileID] })
    expect(fileList[0]).toMatchObject({ fileID, status: 0 })
    const res = await fetch(fileList[0].tempFileURL)
    expect(res.status).toBe(200)
    expect(await res.text()).toBe('docx bytes')
  })

  it('refuses a tampered temporary URL', async () => {
    const { fileID } = await sdk.uploadFile({
      cloudPath: 'exports/secret.xlsx',
      fileContent: Buffer.from('x'),
    })
    const { fileList } = await sdk.getTempFileURL({ fileList: [fileID] })
    const tampered = (fileList[0].tempFileURL as string).replace('secret.xlsx', 'report.docx')
    expect((await fetch(tampered)).status).toBe(404)
  })

  it('overwrites a file uploaded again to the same path, as the platform does', async () => {
    const first = await sdk.uploadFile({ cloudPath: 'same/path.txt', fileContent: Buffer.from('one') })
    await sdk.uploadFile({ cloudPath: 'same/path.txt', fileContent: Buffer.from('two') })
    expect((await sdk.downloadFile({ fileID: first.fileID })).fileContent.toString()).toBe('two')
  })

  it('deletes files and reports a missing one per file', async () => {
    const { fileID } = await sdk.uploadFile({ cloudPath: 'tmp/gone.txt', fileContent: Buffer.from('bye') })
    const { fileList } = await sdk.deleteFile({
      fileList: [fileID, `cloud://${cloud.env}.local-bucket/tmp/never.txt`],
    })
    expect(fileList[0]).toMatchObject({ fileID, status: 0 })
    expect(fileList[1]).toMatchObject({ status: -503003 })
    const after = await sdk.getTempFileURL({ fileList: [fileID] })
    expect(after.fileList[0]).toMatchObject({ status: -503003, tempFileURL: '' })
  })

  // wx-server-sdk 4.0.2 rethrows this as errCode -1 keeping the CloudBase code.
  it('refuses a path that escapes the storage folder', async () => {
    await expect(
      sdk.uploadFile({ cloudPath: '../outside.txt', fileContent: Buffer.from('x') }),
    ).rejects.toMatchObject({
      code: 'INVALID_PARAM',
    })
  })

  it('refuses an upload without a valid signature', async () => {
    const res = await fetch(`${cloud.url}/storage/upload?path=a.txt&token=forged`, {
      method: 'PUT',
      body: 'x',
    })
    expect(res.status).toBe(403)
  })
})
