/**
 * The pieces of the local cloud's open APIs that need no server: the multipart reader, the protobuf
 * codec (checked against bytes the real SDK and protobufjs produced), the word lists and the date rule
 * of subscribe messages, and the OpenApi's clock and shutdown.
 */
import Database from 'better-sqlite3'
import fc from 'fast-check'
import { checkMedia, checkText, MEDIA_CHECK_MARKERS } from '../../local-cloud/src/openapi/content-check'
import { boundaryOf, MultipartError, parseMultipart } from '../../local-cloud/src/openapi/multipart'
import { ACCESS_WINDOW_MS, isDateValue, OpenApi } from '../../local-cloud/src/openapi/openapi'
import {
  decodeCommApiData,
  decodeCommOpenApiResp,
  encodeCommApiData,
  encodeCommOpenApiResp,
  encodeVarint,
  ProtobufError,
} from '../../local-cloud/src/openapi/protobuf'

/** How Node's own FormData (undici) writes a body: an implementation independent of ours. */
async function formBody(fields: [string, string | Uint8Array][]): Promise<{ body: Buffer; type: string }> {
  const form = new FormData()
  for (const [name, value] of fields) {
    if (typeof value === 'string') form.append(name, value)
    else form.append(name, new Blob([new Uint8Array(value)]), 'blob')
  }
  const res = new Response(form)
  return { body: Buffer.from(await res.arrayBuffer()), type: res.headers.get('content-type')! }
}

describe('multipart/form-data reader', () => {
  it('reads the body @cloudbase/node-sdk sends for wx.openApi (form-data package), binary bytes intact', () => {
    const boundary = '--------------------------108ab5933c2baeeef9af8a4c'
    const binary = Buffer.from([0x08, 0x00, 0x12, 0x0d, 0x0a, 0x2d, 0x2d, 0xff, 0x00, 0x0d, 0x0a])
    const body = Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="action"\r\n\r\nwx.openApi\r\n` +
          `--${boundary}\r\nContent-Disposition: form-data; name="apiName"\r\n\r\nsecurity.msgSecCheck\r\n` +
          `--${boundary}\r\nContent-Disposition: form-data; name="requestData"\r\nContent-Type: application/octet-stream\r\n\r\n`,
      ),
      binary,
      Buffer.from(
        `\r\n--${boundary}\r\nContent-Disposition: form-data; name="wxCloudApiToken"\r\n\r\n\r\n--${boundary}--\r\n`,
      ),
    ])
    const parts = parseMultipart(body, boundaryOf(`multipart/form-data; boundary=${boundary}`)!)
    expect(parts.map((p) => [p.name, p.contentType, p.data.toString('latin1')])).toEqual([
      ['action', undefined, 'wx.openApi'],
      ['apiName', undefined, 'security.msgSecCheck'],
      ['requestData', 'application/octet-stream', binary.toString('latin1')],
      ['wxCloudApiToken', undefined, ''],
    ])
  })

  it('reads any fields Node FormData writes, text and binary (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.tuple(
            fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,12}$/),
            fc.oneof(fc.string({ unit: 'grapheme' }), fc.uint8Array({ maxLength: 300 })),
          ),
          { maxLength: 6 },
        ),
        async (fields) => {
          const { body, type } = await formBody(fields)
          const parts = parseMultipart(body, boundaryOf(type)!)
          expect(parts.map((p) => p.name)).toEqual(fields.map(([name]) => name))
          parts.forEach((part, i) => {
            const value = fields[i]![1]
            if (typeof value === 'string')
              expect(part.data.toString('utf8')).toBe(value.replace(/\r?\n|\r/g, '\r\n'))
            else expect(Buffer.compare(part.data, Buffer.from(value))).toBe(0)
          })
        },
      ),
      { numRuns: 60 },
    )
  })

  it('skips a preamble and an epilogue, allows transport padding, and reads file names', () => {
    const body = Buffer.from(
      'ignored preamble\r\n--b  \r\nContent-Disposition: form-data; name="f"; filename="a \\"b\\".png"\r\n\r\nxy\r\n--b--\r\nepilogue',
    )
    expect(parseMultipart(body, 'b')).toEqual([{ name: 'f', filename: 'a "b".png', data: Buffer.from('xy') }])
  })

  it('finds the boundary in a content type, quoted or not, and nothing in another type', () => {
    expect(boundaryOf('multipart/form-data; boundary=abc')).toBe('abc')
    expect(boundaryOf('Multipart/Form-Data; charset=utf-8; BOUNDARY="a b;c"')).toBe('a b;c')
    expect(boundaryOf('application/json; boundary=abc')).toBeUndefined()
    expect(boundaryOf('multipart/form-data')).toBeUndefined()
    expect(boundaryOf(undefined)).toBeUndefined()
  })

  it.each([
    ['no delimiter at all', 'just text'],
    ['a part never closed', '--b\r\nContent-Disposition: form-data; name="a"\r\n\r\nvalue'],
    ['headers that never end', '--b\r\nContent-Disposition: form-data; name="a"'],
    ['a part without a name', '--b\r\nContent-Type: text/plain\r\n\r\nx\r\n--b--'],
    ['a delimiter followed by text', '--bogus\r\n'],
  ])('refuses %s', (_case, text) => {
    expect(() => parseMultipart(Buffer.from(text), 'b')).toThrow(MultipartError)
  })
})

describe('protobuf codec of the open-API transport', () => {
  it('decodes the CommApiData wx-server-sdk 4.0.2 sends for msgSecCheck', () => {
    // Captured from cloud.openapi.security.msgSecCheck({version: 2, openid: 'o1', scene: 1, content: '你好'}).
    const bytes = Buffer.from(
      '0800123f0a0c0a0776657273696f6e1201320a0e0a066f70656e69641204226f31220a0a0a057363656e651201310a130a07636f6e74656e74120822e4bda0e5a5bd22',
      'hex',
    )
    const message = decodeCommApiData(bytes)
    expect(message.apiType).toBe(0)
    expect(message.openapiData?.pairs.map((p) => [p.key, p.value.toString('utf8')])).toEqual([
      ['version', '2'],
      ['openid', '"o1"'],
      ['scene', '1'],
      ['content', '"你好"'],
    ])
    expect(encodeCommApiData(message).equals(bytes)).toBe(true)
  })

  it('encodes a CommOpenApiResp byte for byte as protobufjs does, negative errorCode included', () => {
    const bytes = encodeCommOpenApiResp({
      respData: Buffer.from('{"errcode":0}'),
      contentType: 'application/json',
      errorCode: -604101,
      httpCode: 200,
    })
    expect(bytes.toString('hex')).toBe(
      '0a0d7b22657272636f6465223a307d12106170706c69636174696f6e2f6a736f6e18bb90dbffffffffffff0120c801',
    )
    expect(decodeCommOpenApiResp(bytes)).toEqual({
      respData: Buffer.from('{"errcode":0}'),
      contentType: 'application/json',
      errorCode: -604101,
      httpCode: 200,
    })
  })

  it('round-trips any CommApiData (property)', () => {
    fc.assert(
      fc.property(
        fc.record(
          {
            apiType: fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }),
            openapiData: fc.record({
              pairs: fc.array(
                fc.record(
                  {
                    key: fc.string(),
                    value: fc.uint8Array({ maxLength: 200 }).map((a) => Buffer.from(a)),
                    contenttype: fc.string(),
                    filename: fc.string(),
                  },
                  { requiredKeys: ['key', 'value'] },
                ),
                { maxLength: 8 },
              ),
            }),
            appid: fc.string(),
          },
          { requiredKeys: [] },
        ),
        (message) => {
          expect(decodeCommApiData(encodeCommApiData(message))).toEqual(message)
        },
      ),
    )
  })

  it('writes varints as protobuf does: 300 is ac 02, -1 is ten bytes', () => {
    expect(encodeVarint(300n).toString('hex')).toBe('ac02')
    expect(encodeVarint(-1n).toString('hex')).toBe('ffffffffffffffffff01')
  })

  it.each([
    ['a truncated varint', '08ff'],
    ['a length past the end', '12 05 0a'],
    ['a group (wire type 3)', '0b'],
    ['field number 0', '00 01'],
    ['a string field sent as a varint', '30 01'],
  ])('refuses %s', (_case, hex) => {
    expect(() => decodeCommApiData(Buffer.from(hex.replace(/ /g, ''), 'hex'))).toThrow(ProtobufError)
  })
})

describe('the deterministic content checks', () => {
  it('judges text by the word lists, risky before review', () => {
    expect(checkText('普法讲座')).toEqual({ suggest: 'pass', label: 100, prob: 90 })
    expect(checkText('内部消息：包赢')).toMatchObject({
      suggest: 'review',
      label: 21000,
      keyword: '内部消息',
    })
    expect(checkText('包赢的代开发票')).toMatchObject({ suggest: 'risky', label: 20008, keyword: '代开发票' })
  })

  it('judges media by its marker bytes, risky before review', () => {
    const file = (...markers: string[]): Buffer =>
      Buffer.concat([Buffer.alloc(10), ...markers.map((m) => Buffer.from(m))])
    expect(checkMedia(file())).toEqual({ suggest: 'pass', label: 100 })
    expect(checkMedia(file(MEDIA_CHECK_MARKERS.review))).toEqual({ suggest: 'review', label: 21000 })
    expect(checkMedia(file(MEDIA_CHECK_MARKERS.review, MEDIA_CHECK_MARKERS.risky))).toEqual({
      suggest: 'risky',
      label: 20002,
    })
  })

  it.each([
    ['2024-05-01', true],
    ['2024-05-01 14:30', true],
    ['2024年5月1日 15:01', true],
    ['2024/5/1', true],
    ['15:01', true],
    ['2024年10月1日 ~ 2024年10月7日', true],
    ['14:00~16:30', true],
    ['2024-02-30', false],
    ['25:00', false],
    ['明天', false],
    ['2024-05-01 ~ 2024-05-02 ~ 2024-05-03', false],
    ['', false],
  ])('takes %j as a date or time: %s', (value, expected) => {
    expect(isDateValue(value)).toBe(expected)
  })
})

describe('OpenApi without a server', () => {
  const request = (params: Record<string, unknown>): Buffer =>
    encodeCommApiData({
      apiType: 0,
      openapiData: {
        pairs: Object.entries(params).map(([key, value]) => ({
          key,
          value: Buffer.from(JSON.stringify(value)),
        })),
      },
    })
  const replyOf = (bytes: Buffer): Record<string, unknown> =>
    JSON.parse(decodeCommOpenApiResp(bytes).respData!.toString('utf8'))

  function make(now: () => number, invoke = jest.fn()): OpenApi {
    return new OpenApi({
      db: new Database(':memory:'),
      appid: 'wx-test',
      readMedia: () => undefined,
      invoke,
      messagePush: { function: 'publications' },
      now,
      mediaPushDelayMs: 60_000,
    })
  }

  it('applies the 2-hour rule on its own clock, the boundary included', async () => {
    let now = 1_000_000
    const openapi = make(() => now)
    const check = request({ version: 2, openid: 'u1', scene: 1, content: '你好' })
    openapi.recordAccess('u1')
    now += ACCESS_WINDOW_MS
    expect(replyOf(openapi.call('security.msgSecCheck', check, undefined))).toMatchObject({ errcode: 0 })
    now += 1
    expect(replyOf(openapi.call('security.msgSecCheck', check, undefined))).toMatchObject({ errcode: 61010 })
    await openapi.close()
  })

  it('answers -604101 as a system error when the API is not declared, and 48001 for an unknown API', async () => {
    const openapi = make(() => 0)
    const denied = decodeCommOpenApiResp(
      openapi.call('security.msgSecCheck', request({}), ['subscribeMessage.send']),
    )
    expect(denied).toEqual({ errorCode: -604101 })
    expect(replyOf(openapi.call('ocr.idcard', request({}), undefined))).toMatchObject({ errcode: 48001 })
    await openapi.close()
  })

  it('cancels the pushes not yet started when closed, and pushes nothing', async () => {
    const invoke = jest.fn()
    const openapi = make(() => 0, invoke)
    openapi.recordAccess('u1')
    const media = request({ media_url: 'http://x/y.png', media_type: 1, version: 2, openid: 'u1', scene: 1 })
    expect(replyOf(openapi.call('security.mediaCheckAsync', media, undefined))).toMatchObject({ errcode: 0 })
    await openapi.close()
    expect(openapi.mediaChecks()).toMatchObject([{ push: 'cancelled' }])
    expect(replyOf(openapi.call('security.mediaCheckAsync', media, undefined))).toMatchObject({ errcode: 0 })
    expect(openapi.mediaChecks()[1]).toMatchObject({ push: 'cancelled' })
    expect(invoke).not.toHaveBeenCalled()
  })
})
