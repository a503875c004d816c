/**
 * The function host and the gateway: functions run as on the platform, each invocation with its own
 * WeChat context, limits enforced, failures reported with the platform's errCodes.
 */
import type { LocalCloud } from '../../local-cloud/src/server'
import { callGateway, login, sdkFor, startTestCloud, type Sdk } from '../support/local-cloud'

let cloud: LocalCloud
let sdk: Sdk

beforeAll(async () => {
  cloud = await startTestCloud({ instancesPerFunction: 4 })
  sdk = sdkFor(cloud)
})
afterAll(() => cloud.close())

describe('identity: "getWXContext() reads the caller from per-invocation environment, never from event"', () => {
  it('gives each caller their own OPENID under 48 concurrent invocations on 4 instances', async () => {
    const openids = Array.from({ length: 48 }, (_x, i) => `user-${i}`)
    const tokens = await Promise.all(openids.map((o) => login(cloud, o)))
    const replies = await Promise.all(
      tokens.map((token) => callGateway(cloud, 'whoami', { hello: 1 }, token)),
    )
    replies.forEach((reply, i) => {
      expect(reply.status).toBe(200)
      const result = reply.body.result as { context: Record<string, unknown>; event: Record<string, unknown> }
      expect(result.context.OPENID).toBe(openids[i])
      expect(result.event.userInfo).toEqual({ appId: result.context.APPID, openId: openids[i] })
    })
  })

  it('reports APPID, ENV and SOURCE like the platform', async () => {
    const token = await login(cloud, 'someone')
    const { body } = await callGateway(cloud, 'whoami', {}, token)
    expect((body.result as { context: unknown }).context).toMatchObject({
      OPENID: 'someone',
      APPID: expect.any(String),
      ENV: cloud.env,
      SOURCE: 'wx_client',
      CLIENTIP: '127.0.0.1',
    })
  })

  it('ignores an openid or userInfo forged in the request data', async () => {
    const token = await login(cloud, 'honest')
    const { body } = await callGateway(
      cloud,
      'whoami',
      { openid: 'admin', userInfo: { openId: 'admin' } },
      token,
    )
    const result = body.result as {
      context: Record<string, unknown>
      event: { userInfo: Record<string, unknown> }
    }
    expect(result.context.OPENID).toBe('honest')
    expect(result.event.userInfo.openId).toBe('honest')
  })

  it('runs a request without a token as one stable anonymous visitor', async () => {
    const first = await callGateway(cloud, 'whoami', {})
    const second = await callGateway(cloud, 'whoami', {})
    const openid = (first.body.result as { context: { OPENID: string } }).context.OPENID
    expect(openid).toMatch(/^o-visitor-/)
    expect((second.body.result as { context: { OPENID: string } }).context.OPENID).toBe(openid)
  })

  it('refuses a forged token', async () => {
    const token = await login(cloud, 'alice')
    const forged = `${Buffer.from('bob').toString('base64url')}.${token.split('.')[1]}`
    const reply = await callGateway(cloud, 'whoami', {}, forged)
    expect(reply.status).toBe(401)
  })

  it('lets one function call another; the callee has no OPENID and SOURCE wx_client,scf', async () => {
    const token = await login(cloud, 'chain')
    const { body } = await callGateway(cloud, 'caller', {}, token)
    const result = body.result as { mine: Record<string, unknown>; callee: Record<string, unknown> }
    expect(result.mine.OPENID).toBe('chain')
    expect(result.callee.OPENID).toBeUndefined()
    expect(result.callee.SOURCE).toBe('wx_client,scf')
  })
})

describe('database work inside a function', () => {
  it('reaches the local cloud through the platform wiring and counts its round trips', async () => {
    const token = await login(cloud, 'writer')
    const reply = await callGateway(cloud, 'dbwork', { note: '法律讲座' }, token)
    expect(reply.body.result).toMatchObject({ owner: 'writer', note: '法律讲座' })
    expect(reply.headers.get('x-cloud-db-requests')).toBe('2')
  })

  it('counts the round trips of a function it calls as part of the call (1 invoke + 2 database)', async () => {
    const reply = await callGateway(cloud, 'callerdb', {})
    expect(reply.body.result).toMatchObject({ note: 'nested' })
    expect(reply.headers.get('x-cloud-db-requests')).toBe('3')
  })
})

describe('failures: the platform error, and the host keeps serving', () => {
  it('enforces the timeout of config.json (-504002), also for a busy loop', async () => {
    const started = Date.now()
    const reply = await callGateway(cloud, 'sleepy', {})
    expect(reply.status).toBe(502)
    expect(reply.body).toMatchObject({
      errCode: -504002,
      errMsg: expect.stringContaining('timed out after 1 seconds'),
    })
    const spin = await callGateway(cloud, 'sleepy', { spin: true })
    expect(spin.body).toMatchObject({ errCode: -504002 })
    expect(Date.now() - started).toBeLessThan(10_000)
  })

  it('reports a thrown error as -504002 with its message', async () => {
    const reply = await callGateway(cloud, 'crasher', {})
    expect(reply.body).toMatchObject({
      errCode: -504002,
      errMsg: expect.stringContaining('boom: something went wrong'),
    })
  })

  it('survives a function that exits its process, and one that cannot load', async () => {
    expect((await callGateway(cloud, 'exiter', {})).body).toMatchObject({ errCode: -504002 })
    expect((await callGateway(cloud, 'badload', {})).body).toMatchObject({
      errCode: -504002,
      errMsg: expect.stringContaining('missing configuration'),
    })
    expect((await callGateway(cloud, 'whoami', {})).status).toBe(200)
  })

  it('refuses a result over 1 MB with -604001 and returns one under it', async () => {
    const big = await callGateway(cloud, 'big', {})
    expect(big.body).toMatchObject({ errCode: -604001 })
    const small = await callGateway(cloud, 'big', { small: true })
    expect(small.status).toBe(200)
  })

  it('answers an unknown function with -504001 and malformed data with -501007', async () => {
    expect((await callGateway(cloud, 'nosuch', {})).body).toMatchObject({ errCode: -504001 })
    const bad = await callGateway(cloud, 'whoami', '{"oops": ')
    expect(bad.status).toBe(400)
    expect(bad.body).toMatchObject({ errCode: -501007 })
  })

  it('answers a malformed URL escape with 400, not a server error', async () => {
    const res = await fetch(`${cloud.url}/cloud/%E0%A4%A`, { method: 'POST', body: '{}' })
    expect(res.status).toBe(400)
    expect(await res.json()).toMatchObject({ errCode: -501007 })
  })

  it('refuses request data over 100 KB', async () => {
    const reply = await callGateway(cloud, 'whoami', { blob: 'x'.repeat(101 * 1024) })
    expect(reply.status).toBe(413)
    expect(reply.body).toMatchObject({ errCode: -501007 })
  })

  // wx-server-sdk 4.0.2 rethrows these as errCode -1 keeping the CloudBase code: callers see `code`.
  it('reports failures of function-to-function calls as the SDK does (code kept, errCode -1)', async () => {
    await expect(sdk.callFunction({ name: 'crasher' })).rejects.toMatchObject({
      code: 'FUNCTIONS_EXECUTE_FAIL',
      errMsg: expect.stringContaining('boom: something went wrong'),
    })
    await expect(sdk.callFunction({ name: 'big' })).rejects.toMatchObject({
      code: 'FUNCTIONS_EXECUTE_FAIL',
      errMsg: expect.stringContaining('-604001'),
    })
    await expect(sdk.callFunction({ name: 'nosuch' })).rejects.toMatchObject({
      code: 'FUNCTIONS_REQUEST_FAIL',
    })
    const ok = await sdk.callFunction({ name: 'whoami', data: { a: 1 } })
    expect(ok.result.event).toEqual({ a: 1 })
  })
})

describe('dev endpoints', () => {
  it('answers /healthz and lists no personas without demo data', async () => {
    expect((await fetch(`${cloud.url}/healthz`)).status).toBe(200)
    expect(await (await fetch(`${cloud.url}/dev/personas`)).json()).toEqual({ personas: [] })
  })

  it('refuses a login without a valid openid', async () => {
    const res = await fetch(`${cloud.url}/dev/login`, {
      method: 'POST',
      body: JSON.stringify({ openid: '' }),
    })
    expect(res.status).toBe(400)
  })
})
