/**
 * WeChat open APIs (云调用) through the real wx-server-sdk inside hosted functions: content security
 * (msgSecCheck, mediaCheckAsync and its message push) and subscribe messages, each outcome the platform
 * can give, decided by the local cloud's word lists and marker bytes.
 */
import {
  CONTENT_LABELS,
  MEDIA_CHECK_MARKERS,
  REVIEW_WORDS,
  RISKY_WORDS,
} from '../../local-cloud/src/openapi/content-check'
import type { LocalCloud } from '../../local-cloud/src/server'
import {
  callGateway,
  freshDataDir,
  login,
  mediaChecks,
  sdkFor,
  sentMessages,
  startTestCloud,
  stats,
  subscribe,
  waitForMediaChecks,
  type Sdk,
} from '../support/local-cloud'

const TWO_HOURS_MS = 2 * 60 * 60 * 1000

let cloud: LocalCloud
let sdk: Sdk
/** Moves the open APIs' clock (the 2-hour rule) without waiting. */
let clockOffsetMs = 0

beforeAll(async () => {
  cloud = await startTestCloud({
    messagePush: { function: 'mediapush' },
    now: () => Date.now() + clockOffsetMs,
  })
  sdk = sdkFor(cloud)
})
afterAll(() => cloud.close())

const tokens = new Map<string, string>()
async function tokenOf(target: LocalCloud, who: string): Promise<string> {
  const key = `${target.url}|${who}`
  const token = tokens.get(key) ?? (await login(target, who))
  tokens.set(key, token)
  return token
}

// What the fixture answers: the SDK's result, or what it threw.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type ApiReply = { ok: boolean; result?: any; errCode?: number; errMsg?: string }

interface ApiCall {
  /** The user calling the function (the anonymous visitor when null). */
  readonly as?: string | null
  /** The parameter that receives the caller's OPENID. */
  readonly callerAs?: 'openid' | 'touser'
  /** The function making the call: `openapi` declares the APIs, `openapi-undeclared` only subscribeMessage.send. */
  readonly fn?: string
  readonly target?: LocalCloud
}

/** Calls `api` with `data` from inside a hosted function, through the gateway as a user. */
async function callApi(api: string, data: Record<string, unknown>, call: ApiCall = {}): Promise<ApiReply> {
  const target = call.target ?? cloud
  const who = call.as === undefined ? 'zhangwei' : call.as
  const token = who === null ? undefined : await tokenOf(target, who)
  const reply = await callGateway(target, call.fn ?? 'openapi', { api, data, callerAs: call.callerAs }, token)
  expect(reply.status).toBe(200)
  return reply.body.result as ApiReply
}

const textCheck = (content: string, extra: Record<string, unknown> = {}): Promise<ApiReply> =>
  callApi('security.msgSecCheck', { version: 2, scene: 2, content, ...extra }, { callerAs: 'openid' })

describe('security.msgSecCheck: the verdict of the word lists', () => {
  it('passes ordinary text: suggest pass, label 100, with a trace id', async () => {
    const reply = await textCheck('民法典进社区讲座，欢迎居民参加')
    expect(reply).toEqual({
      ok: true,
      result: {
        result: { suggest: 'pass', label: 100 },
        // The SDK turns snake_case keys into camelCase (trace_id → traceId), not values.
        detail: [{ strategy: 'content_model', errcode: 0, suggest: 'pass', label: 100, prob: 90 }],
        traceId: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{8}-[0-9a-f]{8}$/),
        errMsg: 'openapi.security.msgSecCheck:ok',
        errCode: 0,
      },
    })
  })

  it.each(REVIEW_WORDS.map((w) => [w.word, w.label]))(
    'sends text with 「%s」 to review (label %d), naming the word',
    async (word, label) => {
      const reply = await textCheck(`本律所有${word}，欢迎咨询`)
      expect(reply.result.result).toEqual({ suggest: 'review', label })
      expect(reply.result.detail[0]).toMatchObject({ suggest: 'review', label, keyword: word })
    },
  )

  it.each(RISKY_WORDS.map((w) => [w.word, w.label, CONTENT_LABELS[w.label]]))(
    'judges text with 「%s」 risky (label %d, %s)',
    async (word, label) => {
      const reply = await textCheck(`社区通知：${word}`)
      expect(reply.result.result).toEqual({ suggest: 'risky', label })
      expect(reply.result.detail[0]).toMatchObject({
        strategy: 'content_model',
        suggest: 'risky',
        keyword: word,
      })
    },
  )

  it('checks title, nickname and signature too, and a risky word wins over a review word', async () => {
    expect((await textCheck('活动', { title: '包赢' })).result.result.suggest).toBe('review')
    expect((await textCheck('包赢', { nickname: '赌博达人' })).result.result).toEqual({
      suggest: 'risky',
      label: 20006,
    })
    expect((await textCheck('你好', { signature: '色情' })).result.result.suggest).toBe('risky')
  })

  it('ignores whitespace inside a word', async () => {
    expect((await textCheck('赌 博')).result.result.suggest).toBe('risky')
  })

  it('accepts content of exactly 2500 characters', async () => {
    expect((await textCheck('法'.repeat(2500))).ok).toBe(true)
  })

  it.each([
    ['version 1', { version: 1 }],
    ['scene 0', { scene: 0 }],
    ['scene 5', { scene: 5 }],
    ['content over 2500 characters', { content: '法'.repeat(2501) }],
    ['content that is not a string', { content: 42 }],
    ['a nickname that is not a string', { nickname: ['x'] }],
  ])('refuses %s with 47001', async (_case, change) => {
    const reply = await callApi(
      'security.msgSecCheck',
      { version: 2, scene: 2, content: '你好', ...change },
      { callerAs: 'openid' },
    )
    expect(reply).toMatchObject({
      ok: false,
      errCode: 47001,
      errMsg: expect.stringContaining('data format error'),
    })
  })

  it('refuses a request without openid with 47001', async () => {
    const reply = await callApi('security.msgSecCheck', { version: 2, scene: 2, content: '你好' })
    expect(reply).toMatchObject({ ok: false, errCode: 47001 })
  })
})

describe('security.msgSecCheck: the user must have opened the mini-program in the last 2 hours', () => {
  it('answers 61010 for an openid that never called a function through the gateway', async () => {
    const reply = await callApi('security.msgSecCheck', {
      version: 2,
      scene: 2,
      content: '你好',
      openid: 'never-opened-the-app',
    })
    expect(reply).toMatchObject({
      ok: false,
      errCode: 61010,
      errMsg: expect.stringContaining('user is not in the last two hours access'),
    })
  })

  it('counts the anonymous visitor as a user who opened the mini-program', async () => {
    const reply = await callApi(
      'security.msgSecCheck',
      { version: 2, scene: 2, content: '你好' },
      { as: null, callerAs: 'openid' },
    )
    expect(reply.result.result.suggest).toBe('pass')
  })

  it('answers 61010 once the last gateway call of that user is over 2 hours old', async () => {
    await callGateway(cloud, 'whoami', {}, await tokenOf(cloud, 'wangfang'))
    const check = (): Promise<ApiReply> =>
      callApi('security.msgSecCheck', { version: 2, scene: 2, content: '你好', openid: 'wangfang' })
    expect((await check()).ok).toBe(true)
    clockOffsetMs = TWO_HOURS_MS + 1000
    try {
      expect(await check()).toMatchObject({ ok: false, errCode: 61010 })
    } finally {
      clockOffsetMs = 0
    }
  })
})

describe('open APIs: who may call them', () => {
  it('refuses an API missing from the function config.json permissions.openapi with -604101', async () => {
    const reply = await callApi(
      'security.msgSecCheck',
      { version: 2, scene: 2, content: '你好' },
      { callerAs: 'openid', fn: 'openapi-undeclared' },
    )
    expect(reply).toMatchObject({ ok: false, errCode: -604101 })
    // The API it declares goes through (and reaches the consent check).
    const send = await callApi(
      'subscribeMessage.send',
      { templateId: 'TPL-UNDECLARED', data: { thing1: { value: '讲座' } } },
      { callerAs: 'touser', fn: 'openapi-undeclared' },
    )
    expect(send).toMatchObject({ ok: false, errCode: 43101 })
  })

  it('lets the admin SDK (no invocation) call any API', async () => {
    await callGateway(cloud, 'whoami', {}, await tokenOf(cloud, 'admin-check'))
    const result = await sdk.openapi.security.msgSecCheck({
      version: 2,
      openid: 'admin-check',
      scene: 3,
      content: '稳赚不赔',
    })
    expect(result).toMatchObject({ errCode: 0, result: { suggest: 'review', label: 21000 } })
  })

  it('answers an API the local cloud does not implement with 48001', async () => {
    const reply = await callApi('wxacode.getUnlimited', { scene: 'a=1' })
    expect(reply).toMatchObject({
      ok: false,
      errCode: 48001,
      errMsg: expect.stringContaining('wxacode.getUnlimited'),
    })
    await expect(sdk.openapi.ocr.idcard({ imgUrl: 'http://x/y.jpg' })).rejects.toMatchObject({
      errCode: 48001,
    })
  })

  it('counts an open-API call as one round trip of the gateway call and as wx.openApi', async () => {
    const before = (await stats(cloud))['wx.openApi'] ?? 0
    const reply = await callGateway(
      cloud,
      'openapi',
      { api: 'security.msgSecCheck', data: { version: 2, scene: 2, content: '你好' }, callerAs: 'openid' },
      await tokenOf(cloud, 'zhangwei'),
    )
    expect(reply.headers.get('x-cloud-db-requests')).toBe('1')
    expect((await stats(cloud))['wx.openApi']).toBe(before + 1)
  })

  it('answers a malformed open-API request like the CloudBase API (-501007), not with a crash', async () => {
    const form = new FormData()
    form.append('action', 'wx.openApi')
    form.append('apiName', 'security.msgSecCheck')
    form.append('requestData', new Blob([new Uint8Array([0x0a, 0xff])]))
    const bad = await fetch(cloud.adminUrl, { method: 'POST', body: form })
    expect(await bad.json()).toMatchObject({
      code: 'INVALID_PARAM',
      message: expect.stringContaining('protobuf'),
    })
    const unclosed = await fetch(cloud.adminUrl, {
      method: 'POST',
      headers: { 'content-type': 'multipart/form-data; boundary=xyz' },
      body: '--xyz\r\nContent-Disposition: form-data; name="action"\r\n\r\nwx.openApi',
    })
    expect(await unclosed.json()).toMatchObject({
      code: 'INVALID_PARAM',
      message: expect.stringContaining('multipart'),
    })
  })
})

describe('security.mediaCheckAsync: the verdict is pushed to the message-push function', () => {
  const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, ...Buffer.alloc(64)])
  const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, ...Buffer.alloc(64)])
  const withMarker = (image: Buffer, marker: string): Buffer =>
    Buffer.concat([image, Buffer.from(marker, 'ascii'), Buffer.alloc(16)])

  /** Uploads an activity photo the way the H5 build does; answers its temporary URL. */
  async function uploadPhoto(name: string, bytes: Buffer): Promise<string> {
    const res = await fetch(`${cloud.url}/cloud-storage/upload?path=publications/2024/${name}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await tokenOf(cloud, 'zhangwei')}`, 'content-type': 'image/png' },
      body: new Uint8Array(bytes),
    })
    expect(res.status).toBe(200)
    const { fileID } = (await res.json()) as { fileID: string }
    const { fileList } = await sdk.getTempFileURL({ fileList: [fileID] })
    return fileList[0].tempFileURL as string
  }

  const mediaCheck = (mediaUrl: string, extra: Record<string, unknown> = {}): Promise<ApiReply> =>
    callApi(
      'security.mediaCheckAsync',
      { mediaUrl, mediaType: 1, version: 2, scene: 1, ...extra },
      { callerAs: 'openid' },
    )

  it('answers a trace id at once, then pushes pass, review and risky verdicts, and -1008 for a bad URL', async () => {
    const urls = {
      pass: await uploadPhoto('cover.png', png),
      review: await uploadPhoto('review.png', withMarker(png, MEDIA_CHECK_MARKERS.review)),
      risky: await uploadPhoto('risky.jpg', withMarker(jpeg, MEDIA_CHECK_MARKERS.risky)),
      bad: `${cloud.url}/storage/download/publications/2024/missing.png?t=9999999999&sign=forged`,
    }
    const traceIds: Record<string, string> = {}
    for (const [key, url] of Object.entries(urls)) {
      const reply = await mediaCheck(url)
      expect(reply).toMatchObject({ ok: true, result: { errCode: 0, traceId: expect.any(String) } })
      traceIds[key] = reply.result.traceId
    }

    const checks = await waitForMediaChecks(cloud, 4)
    for (const traceId of Object.values(traceIds)) {
      expect(checks.find((c) => c.trace_id === traceId)).toMatchObject({
        push: 'delivered',
        function: 'mediapush',
        openid: 'zhangwei',
        pushedAt: expect.any(String),
      })
    }

    const { data } = await sdk.database().collection('plain').where({ kind: 'push' }).get()
    const pushed = new Map(data.map((d: { event: { trace_id: string } }) => [d.event.trace_id, d]))
    const expected = {
      pass: { suggest: 'pass', label: 100 },
      review: { suggest: 'review', label: 21000 },
      risky: { suggest: 'risky', label: 20002 },
    }
    for (const [key, verdict] of Object.entries(expected)) {
      expect(pushed.get(traceIds[key])).toMatchObject({
        context: { OPENID: null, SOURCE: 'wx_msg' },
        event: {
          ToUserName: 'gh_local',
          FromUserName: 'zhangwei',
          CreateTime: expect.any(Number),
          MsgType: 'event',
          Event: 'wxa_media_check',
          appid: expect.any(String),
          trace_id: traceIds[key],
          version: 2,
          errcode: 0,
          result: verdict,
          detail: [{ strategy: 'content_model', errcode: 0, ...verdict, prob: 90 }],
        },
      })
    }
    const bad = pushed.get(traceIds.bad) as { event: Record<string, unknown> }
    expect(bad.event).toMatchObject({ Event: 'wxa_media_check', trace_id: traceIds.bad, errcode: -1008 })
    expect(bad.event.result).toBeUndefined()
    expect(checks.find((c) => c.trace_id === traceIds.bad)?.verdict).toEqual({ errcode: -1008 })
  })

  it('pushes -1008 for a URL of another host, without fetching it', async () => {
    const reply = await mediaCheck('http://203.0.113.9/photo.png')
    const checks = await waitForMediaChecks(cloud, (await mediaChecks(cloud)).length)
    expect(checks.find((c) => c.trace_id === reply.result.traceId)?.verdict).toEqual({ errcode: -1008 })
  })

  it('refuses media_type 3 with 47001 and a user absent for 2 hours with 61010', async () => {
    expect(await mediaCheck('http://x/y.png', { mediaType: 3 })).toMatchObject({ ok: false, errCode: 47001 })
    const absent = await callApi('security.mediaCheckAsync', {
      mediaUrl: 'http://x/y.png',
      mediaType: 1,
      version: 2,
      scene: 1,
      openid: 'never-opened-the-app',
    })
    expect(absent).toMatchObject({ ok: false, errCode: 61010 })
  })

  it('refuses a non-image under publications/ (415)', async () => {
    const res = await fetch(`${cloud.url}/cloud-storage/upload?path=publications/2024/notes.png`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await tokenOf(cloud, 'zhangwei')}`, 'content-type': 'image/png' },
      body: 'not an image',
    })
    expect(res.status).toBe(415)
  })

  it('drops the verdict, and logs it, when the message-push function does not exist or none is configured', async () => {
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined)
    try {
      for (const messagePush of [{ function: 'nosuch' }, undefined]) {
        const other = await startTestCloud({ messagePush })
        try {
          const reply = await callApi(
            'security.mediaCheckAsync',
            { mediaUrl: 'http://x/y.png', mediaType: 1, version: 2, scene: 1 },
            { callerAs: 'openid', target: other },
          )
          expect(reply.ok).toBe(true)
          const [check] = await waitForMediaChecks(other, 1)
          expect(check).toMatchObject({ push: 'dropped', verdict: { errcode: -1008 } })
          expect(check?.pushMessage).toMatch(messagePush ? /could not be found: nosuch/ : /no messagePush/)
          expect(warn.mock.calls.map((args) => args.join(' ')).join('\n')).toContain(check!.trace_id)
        } finally {
          await other.close()
        }
      }
    } finally {
      warn.mockRestore()
    }
  })

  it('cancels a push not yet started when the local cloud closes', async () => {
    const other = await startTestCloud({ messagePush: { function: 'mediapush' }, mediaPushDelayMs: 60_000 })
    try {
      const reply = await callApi(
        'security.mediaCheckAsync',
        { mediaUrl: 'http://x/y.png', mediaType: 1, version: 2, scene: 1 },
        { callerAs: 'openid', target: other },
      )
      expect(reply.ok).toBe(true)
      expect(await mediaChecks(other)).toMatchObject([{ push: 'pending' }])
    } finally {
      await other.close()
    }
  })
})

describe('subscribeMessage.send: one message per consent', () => {
  const message = (templateId: string, data: Record<string, { value: string }>): Record<string, unknown> => ({
    templateId,
    page: 'pages/publications/detail?id=1',
    miniprogramState: 'developer',
    lang: 'zh_CN',
    data,
  })
  const activity = { thing1: { value: '民法典进社区' }, time2: { value: '2024-05-01 14:30' } }
  const send = (data: Record<string, unknown>, as = 'subscriber'): Promise<ApiReply> =>
    callApi('subscribeMessage.send', data, { as, callerAs: 'touser' })

  it('records a grant per accepted template, as wx.requestSubscribeMessage answers', async () => {
    const token = await tokenOf(cloud, 'subscriber')
    const reply = await subscribe(cloud, ['TPL-ACTIVITY', 'TPL-REMINDER'], token)
    expect(reply).toEqual({
      status: 200,
      body: { errMsg: 'requestSubscribeMessage:ok', 'TPL-ACTIVITY': 'accept', 'TPL-REMINDER': 'accept' },
    })
    const res = await fetch(`${cloud.url}/dev/subscriptions?openid=subscriber`)
    const { subscriptions } = (await res.json()) as { subscriptions: unknown[] }
    expect(subscriptions).toEqual([
      {
        openid: 'subscriber',
        template_id: 'TPL-ACTIVITY',
        grantedAt: expect.any(String),
        usedAt: null,
        msgid: null,
      },
      {
        openid: 'subscriber',
        template_id: 'TPL-REMINDER',
        grantedAt: expect.any(String),
        usedAt: null,
        msgid: null,
      },
    ])
  })

  it('sends once per grant: the second send is refused with 43101', async () => {
    const first = await send(message('TPL-ACTIVITY', activity))
    expect(first).toMatchObject({ ok: true, result: { errCode: 0, msgid: expect.any(Number) } })
    const second = await send(message('TPL-ACTIVITY', activity))
    expect(second).toMatchObject({
      ok: false,
      errCode: 43101,
      errMsg: expect.stringContaining('user refuse to accept the msg'),
    })
    const messages = await sentMessages(cloud, 'subscriber')
    expect(messages).toEqual([
      {
        msgid: first.result.msgid,
        touser: 'subscriber',
        template_id: 'TPL-ACTIVITY',
        page: 'pages/publications/detail?id=1',
        data: activity,
        miniprogram_state: 'developer',
        lang: 'zh_CN',
        sentAt: expect.any(String),
      },
    ])
    expect((await sentMessages(cloud)).map((m) => m.msgid)).toContain(first.result.msgid)
  })

  it('refuses a user who never accepted the template with 43101', async () => {
    expect(await send(message('TPL-ACTIVITY', activity), 'never-subscribed')).toMatchObject({
      ok: false,
      errCode: 43101,
    })
  })

  it.each([
    ['a thing value of 21 characters', { thing1: { value: '民'.repeat(21) } }, 'thing1.value exceeds 20'],
    ['a time value that is not a date', { time2: { value: '明天下午' } }, 'time2.value is not a date'],
    ['a date that does not exist', { date3: { value: '2024-02-30' } }, 'date3.value is not a date'],
    ['an empty value', { thing1: { value: ' ' } }, 'thing1.value is empty'],
    ['a value that is not a string', { thing1: { value: 5 } }, 'thing1.value must be a string'],
    ['a field without value', { thing1: '民法典' }, 'thing1.value must be a string'],
  ])('refuses %s with 47003 and leaves the grant unused', async (_case, data, text) => {
    const reply = await send(message('TPL-REMINDER', data as Record<string, { value: string }>))
    expect(reply).toMatchObject({ ok: false, errCode: 47003, errMsg: expect.stringContaining(text) })
  })

  it('refuses a message without template_id or data with 47003', async () => {
    expect(await send({ data: activity })).toMatchObject({ ok: false, errCode: 47003 })
    expect(await send({ templateId: 'TPL-REMINDER' })).toMatchObject({ ok: false, errCode: 47003 })
  })

  it('still sends with the grant the refused messages left, accepting 20 characters and a period', async () => {
    const reply = await send(
      message('TPL-REMINDER', {
        thing1: { value: '民'.repeat(20) },
        date3: { value: '2024年5月1日 ~ 2024年5月3日' },
        time2: { value: '14:30' },
      }),
    )
    expect(reply).toMatchObject({ ok: true, result: { msgid: expect.any(Number) } })
    const res = await fetch(`${cloud.url}/dev/subscriptions?openid=subscriber`)
    const { subscriptions } = (await res.json()) as { subscriptions: { usedAt: string | null }[] }
    expect(subscriptions.every((s) => s.usedAt !== null)).toBe(true)
  })

  it.each([
    ['no template', []],
    ['four templates', ['a', 'b', 'c', 'd']],
    ['an empty template id', ['']],
    ['a template id that is not a string', [7]],
    ['no list', 'TPL-ACTIVITY'],
  ])('refuses a consent with %s (400, -501007)', async (_case, tmplIds) => {
    const reply = await subscribe(cloud, tmplIds)
    expect(reply.status).toBe(400)
    expect(reply.body).toMatchObject({ errCode: -501007 })
  })

  it('lets the anonymous visitor consent and receive a message', async () => {
    expect((await subscribe(cloud, ['TPL-VISITOR'])).status).toBe(200)
    const reply = await callApi('subscribeMessage.send', message('TPL-VISITOR', activity), {
      as: null,
      callerAs: 'touser',
    })
    expect(reply).toMatchObject({ ok: true })
  })

  it('keeps grants and sent messages across a restart', async () => {
    const dataDir = freshDataDir()
    const first = await startTestCloud({ dataDir })
    let msgid: number
    try {
      await subscribe(first, ['TPL-A', 'TPL-A'], await tokenOf(first, 'keeper'))
      const reply = await callApi('subscribeMessage.send', message('TPL-A', activity), {
        as: 'keeper',
        callerAs: 'touser',
        target: first,
      })
      msgid = reply.result.msgid
    } finally {
      await first.close()
    }
    const again = await startTestCloud({ dataDir })
    try {
      expect((await sentMessages(again, 'keeper')).map((m) => m.msgid)).toEqual([msgid])
      const reply = await callApi('subscribeMessage.send', message('TPL-A', activity), {
        as: 'keeper',
        callerAs: 'touser',
        target: again,
      })
      // A repeated template id in one consent is one grant, used up before the restart.
      expect(reply).toMatchObject({ ok: false, errCode: 43101 })
    } finally {
      await again.close()
    }
  })
})
