/**
 * The local cloud: one HTTP server on 127.0.0.1 with four faces.
 *
 *   POST /admin                 the CloudBase API that wx-server-sdk talks to (serviceUrl); JSON for
 *                               database, storage and function calls, multipart/form-data for the open
 *                               APIs (`wx.openApi`: msgSecCheck, mediaCheckAsync, subscribeMessage.send)
 *   PUT  /storage/upload        GET /storage/download/<path>: the bytes behind cloud storage
 *   POST /cloud/<function>      the gateway: what `callFunction` does for the H5 build and tests
 *   POST /cloud-storage/upload  what `wx.cloud.uploadFile` does for the H5 build (photos, ledgers, covers)
 *   POST /cloud-subscribe       what `wx.requestSubscribeMessage` does for the H5 build: body
 *                               {tmplIds: [1..3 template ids]} → {errMsg: 'requestSubscribeMessage:ok',
 *                               <tmplId>: 'accept'}; one grant per template for subscribeMessage.send
 *   /dev/login /dev/personas /dev/stats /healthz, and the H5 build at /
 *   GET /dev/messages[?touser=] the subscribe messages sent · GET /dev/subscriptions[?openid=] the grants
 *   GET /dev/media-checks       every mediaCheckAsync and whether its verdict was pushed
 *
 * The open APIs, the word lists and marker bytes of their verdicts, the message push of
 * mediaCheckAsync (to the function of `messagePush`) and the consent rule: openapi/openapi.ts.
 * Everything lives in one SQLite file and a storage folder under the data directory.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import fs from 'node:fs'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import Database from 'better-sqlite3'
import type { CollectionDeclaration } from '../../cloudfunctions/collections'
import { DatabaseActions } from './database/actions'
import { Store, type Doc } from './database/store'
import { Transactions, TRANSACTION_TIMEOUT_MS } from './database/transactions'
import { CloudCode, CloudError } from './errors'
import { FunctionHost, newInvocationId, type InvokeOutcome } from './functions/host'
import { serveStatic } from './gateway/static'
import { boundaryOf, MultipartError, parseMultipart } from './openapi/multipart'
import { MESSAGE_PUSH_SOURCE, OpenApi, SubscribeRequestError } from './openapi/openapi'
import { ProtobufError } from './openapi/protobuf'
import { contentTypeOf, MAX_FILE_BYTES, Storage, type ClientUploadRule } from './storage/storage'

/** One of the demo people a developer can act as (GET /dev/personas). */
export interface Persona {
  readonly openid: string
  readonly name: string
  readonly role: string
  readonly roleLabel: string
  readonly nodeId: string
  readonly nodeName: string
}

/** Demo data: inserted once, into a fresh data directory. */
export interface Seed {
  readonly personas: readonly Persona[]
  readonly documents: Readonly<Record<string, readonly Doc[]>>
}

export interface LocalCloudOptions {
  readonly dataDir: string
  /** 0 picks a free port. */
  readonly port?: number
  readonly collections: readonly CollectionDeclaration[]
  readonly functionsDir: string
  readonly h5Dir?: string
  readonly seed?: Seed
  /** Environment id the functions see (getWXContext().ENV). */
  readonly env?: string
  readonly appid?: string
  readonly transactionTimeoutMs?: number
  readonly instancesPerFunction?: number
  /**
   * The function WeChat's message push (消息推送) invokes: the verdicts of security.mediaCheckAsync
   * reach it as `wxa_media_check` events. Without it they are logged and dropped.
   */
  readonly messagePush?: { readonly function: string }
  /** The clock of the open APIs (the 2-hour rule of the security checks, their timestamps). */
  readonly now?: () => number
  /** Delay before a mediaCheckAsync verdict is pushed (default MEDIA_PUSH_DELAY_MS, 30 ms). */
  readonly mediaPushDelayMs?: number
}

export interface LocalCloud {
  /** http://127.0.0.1:<port> */
  readonly url: string
  /** The serviceUrl for wx-server-sdk. */
  readonly adminUrl: string
  readonly env: string
  readonly store: Store
  close(): Promise<void>
}

/** Limits of the platform that requests are held to. */
export const LIMITS = {
  /** Request data of callFunction from a client. */
  gatewayRequestBytes: 100 * 1024,
  /** Largest CloudBase API request accepted (a document is at most 16 MB on the platform). */
  adminRequestBytes: 16 * 1024 * 1024,
} as const

const ERR_TEXT: Record<number, string> = {
  [-501007]: 'invalid parameters',
  [-504001]: 'functions request fail',
  [-504002]: 'functions execute fail',
  [-604001]: 'cloudfunction result size exceed limit (1MB)',
  [-601003]: 'invalid login token',
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly errCode: number,
    message: string,
  ) {
    super(message)
  }
}

function readBody(req: http.IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    req.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size > limit) {
        reject(new HttpError(413, -501007, `request body exceeds ${limit} bytes`))
        req.resume()
        return
      }
      chunks.push(chunk)
    })
    req.on('end', () => resolve(Buffer.concat(chunks)))
    req.on('error', reject)
  })
}

function sendJson(
  res: http.ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body)
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers })
  res.end(text)
}

/** Decodes a URL path segment; a malformed escape is the client's error (400), not the server's. */
function decodePath(text: string): string {
  try {
    return decodeURIComponent(text)
  } catch {
    throw new HttpError(400, -501007, `malformed URL: ${text}`)
  }
}

const requestId = (): string => randomBytes(8).toString('hex')

function loadSecret(dataDir: string): Buffer {
  const file = path.join(dataDir, 'secret')
  if (!fs.existsSync(file)) fs.writeFileSync(file, randomBytes(32), { mode: 0o600 })
  return fs.readFileSync(file)
}

export async function startLocalCloud(options: LocalCloudOptions): Promise<LocalCloud> {
  fs.mkdirSync(options.dataDir, { recursive: true })
  const env = options.env ?? 'local'
  const appid = options.appid ?? 'wx0000000000local'
  const secret = loadSecret(options.dataDir)

  const db = new Database(path.join(options.dataDir, 'cloud.sqlite'))
  db.pragma('journal_mode = WAL')
  // NORMAL in WAL mode: a committed write survives a crash of this process (kill -9); see ADR 0001.
  db.pragma('synchronous = NORMAL')
  db.pragma('busy_timeout = 5000')
  const store = new Store(db)
  store.applyDeclarations(options.collections)
  db.exec('CREATE TABLE IF NOT EXISTS _meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)')
  const personas = options.seed ? seedOnce(db, store, options.seed) : []

  const transactions = new Transactions(store, options.transactionTimeoutMs ?? TRANSACTION_TIMEOUT_MS)
  const database = new DatabaseActions(store, transactions)
  let baseUrl = ''
  const storage = new Storage(options.dataDir, secret, () => baseUrl, env)
  const functions = new FunctionHost({
    functionsDir: options.functionsDir,
    adminUrl: () => `${baseUrl}/admin`,
    env,
    appid,
    instancesPerFunction: options.instancesPerFunction,
  })
  const openapi = new OpenApi({
    db,
    appid,
    readMedia: (mediaUrl) => storage.readServedUrl(mediaUrl),
    invoke: (name, event) =>
      functions.invoke(name, event, { appid, source: MESSAGE_PUSH_SOURCE }, newInvocationId()),
    messagePush: options.messagePush,
    now: options.now,
    mediaPushDelayMs: options.mediaPushDelayMs,
  })

  /** Requests per CloudBase action since start (or the last reset), and per running invocation. */
  const actionCounts: Record<string, number> = {}
  const perInvocation = new Map<string, number>()
  /** Invocations started by a function calling a function → the gateway invocation they serve. */
  const rootOf = new Map<string, string>()

  const dataHandlers: Record<string, (body: Record<string, unknown>) => unknown> = {
    ...database.handlers,
    ...storage.handlers,
  }

  async function handleAdmin(req: http.IncomingMessage, res: http.ServerResponse, url: URL): Promise<void> {
    const rid = requestId()
    const reply = (body: Record<string, unknown>): void => sendJson(res, 200, { requestId: rid, ...body })
    let body: Record<string, unknown>
    /** The binary field of a multipart request (wx.openApi's protobuf). */
    let requestData: Buffer | undefined
    try {
      const raw = await readBody(req, LIMITS.adminRequestBytes)
      const boundary = boundaryOf(req.headers['content-type'])
      if (boundary) {
        body = {}
        for (const part of parseMultipart(raw, boundary)) {
          if (part.name === 'requestData') requestData = part.data
          else body[part.name] = part.data.toString('utf8')
        }
      } else {
        const parsed: unknown = JSON.parse(raw.toString('utf8'))
        if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
          throw new Error('not an object')
        body = parsed as Record<string, unknown>
      }
    } catch (e) {
      const message =
        e instanceof HttpError || e instanceof MultipartError
          ? e.message
          : `malformed JSON body: ${(e as Error).message}`
      reply({ code: CloudCode.INVALID_PARAM, message })
      return
    }
    const action = typeof body.action === 'string' ? body.action : ''
    actionCounts[action] = (actionCounts[action] ?? 0) + 1
    const invocation = url.searchParams.get('invocation')
    const root = invocation ? (rootOf.get(invocation) ?? invocation) : undefined
    if (root && perInvocation.has(root)) perInvocation.set(root, perInvocation.get(root)! + 1)
    try {
      if (action === 'wx.openApi') {
        const apiName = body.apiName
        if (typeof apiName !== 'string' || apiName === '' || !requestData)
          throw new CloudError(CloudCode.INVALID_PARAM, 'wx.openApi needs apiName and requestData')
        // A hosted function may call only what its config.json declares; the admin SDK may call anything.
        const declared = invocation ? (functions.openapiPermissionsOf(invocation) ?? []) : undefined
        let bytes: Buffer
        try {
          bytes = openapi.call(apiName, requestData, declared)
        } catch (e) {
          if (e instanceof ProtobufError) throw new CloudError(CloudCode.INVALID_PARAM, e.message)
          throw e
        }
        // Not `application/json; charset=utf-8`: the SDK reads any other type as the raw protobuf reply.
        res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': bytes.length })
        res.end(bytes)
        return
      }
      if (action === 'functions.invokeFunction') {
        const parent = functions.callerOf(invocation)
        let event: unknown = {}
        if (typeof body.request_data === 'string' && body.request_data !== '') {
          try {
            event = JSON.parse(body.request_data)
          } catch {
            throw new CloudError(CloudCode.INVALID_PARAM, 'request_data is not JSON')
          }
        }
        const child = newInvocationId()
        if (root) rootOf.set(child, root) // the callee's round trips count for the user's call
        let outcome: InvokeOutcome
        try {
          outcome = await functions.invoke(
            String(body.function_name ?? ''),
            event,
            { appid, source: parent ? `${parent.source},scf` : 'scf' },
            child,
          )
        } finally {
          rootOf.delete(child)
        }
        if (outcome.ok) reply({ data: { response_data: outcome.json } })
        else reply({ code: outcomeCode(outcome), message: outcomeMessage(outcome) })
        return
      }
      const txnHandler = database.transactionHandlers[action]
      if (txnHandler) {
        reply(txnHandler(body) as Record<string, unknown>)
        return
      }
      const handler = dataHandlers[action]
      if (!handler) throw new CloudError(CloudCode.INVALID_ACTION, `unknown action: ${action || '(none)'}`)
      reply({ data: handler(body) })
    } catch (e) {
      if (e instanceof CloudError) reply({ code: e.code, message: e.message })
      else {
        console.error('[local-cloud] %s failed:', action, e)
        reply({ code: CloudCode.SYS_ERR, message: `internal error: ${(e as Error).message}` })
      }
    }
  }

  // ---- identity for the gateway (local only: WeChat does this on a phone) ----------------------

  const sign = (openid: string): string =>
    createHmac('sha256', secret).update(`login:${openid}`).digest('base64url')
  const tokenFor = (openid: string): string => `${Buffer.from(openid).toString('base64url')}.${sign(openid)}`
  const anonymousOpenid = `o-visitor-${sign('anonymous').slice(0, 16)}`
  function openidOf(req: http.IncomingMessage): string {
    const header = req.headers.authorization
    if (!header) return anonymousOpenid
    const match = /^Bearer ([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)$/.exec(header)
    const openid = match ? Buffer.from(match[1]!, 'base64url').toString('utf8') : ''
    const expected = Buffer.from(sign(openid))
    const given = Buffer.from(match?.[2] ?? '')
    if (!match || expected.length !== given.length || !timingSafeEqual(expected, given)) {
      throw new HttpError(401, -601003, 'login token is not valid: log in again with POST /dev/login')
    }
    return openid
  }

  /** Like openidOf, but nobody anonymous: uploads need a person signed in with /dev/login. */
  function signedInOpenid(req: http.IncomingMessage): string {
    if (!req.headers.authorization) {
      throw new HttpError(401, -601003, 'sign in first: POST /dev/login, then send its bearer token')
    }
    return openidOf(req)
  }

  /**
   * POST /cloud-storage/upload?path=events/… or imports/…: the raw bytes of one photo or ledger from
   * the H5 build, stored as an SDK upload would be (so getTempFileURL and downloadFile work on it),
   * overwriting the same path. What may go where, and how large: CLIENT_UPLOADS. Answers {fileID}.
   */
  async function handleClientUpload(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    url: URL,
  ): Promise<void> {
    signedInOpenid(req)
    let checked: { cloudPath: string; rule: ClientUploadRule }
    try {
      checked = Storage.checkClientUploadPath(url.searchParams.get('path'))
    } catch (e) {
      throw new HttpError(400, -501007, (e as Error).message)
    }
    const { cloudPath, rule } = checked
    const content = await readBody(req, rule.maxBytes)
    const type = contentTypeOf(content, req.headers['content-type'])
    if (!type || !rule.contentTypes.includes(type))
      throw new HttpError(415, -501007, `only ${rule.what} may be uploaded under ${rule.prefix}`)
    sendJson(res, 200, { fileID: storage.put(cloudPath, content) })
  }

  /**
   * POST /cloud-subscribe {tmplIds}: the user accepts the templates (wx.requestSubscribeMessage), one
   * grant each for subscribeMessage.send; the caller as the gateway sees it.
   */
  async function handleSubscribe(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const openid = openidOf(req)
    let body: unknown
    try {
      body = JSON.parse((await readBody(req, 4096)).toString('utf8'))
    } catch (e) {
      if (e instanceof HttpError) throw e
      throw new HttpError(400, -501007, 'body must be JSON: {"tmplIds": ["…"]}')
    }
    try {
      sendJson(res, 200, openapi.subscribe(openid, body))
    } catch (e) {
      if (e instanceof SubscribeRequestError) throw new HttpError(400, -501007, e.message)
      throw e
    }
  }

  async function handleGateway(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    name: string,
  ): Promise<void> {
    const openid = openidOf(req)
    openapi.recordAccess(openid) // the user has the mini-program open (msgSecCheck's 2-hour rule)
    const raw = await readBody(req, LIMITS.gatewayRequestBytes)
    let data: unknown = {}
    if (raw.length > 0) {
      try {
        data = JSON.parse(raw.toString('utf8'))
      } catch {
        throw new HttpError(400, -501007, 'request data is not valid JSON')
      }
    }
    if (typeof data !== 'object' || data === null || Array.isArray(data)) {
      throw new HttpError(400, -501007, 'request data must be a JSON object')
    }
    // As on the platform, userInfo is set by the platform: a forged one in the data is overwritten.
    const event = { ...(data as Record<string, unknown>), userInfo: { appId: appid, openId: openid } }
    const invocationId = newInvocationId()
    perInvocation.set(invocationId, 0)
    let outcome: InvokeOutcome
    let dbRequests = 0
    try {
      outcome = await functions.invoke(
        name,
        event,
        { openid, appid, clientIp: '127.0.0.1', source: 'wx_client' },
        invocationId,
      )
    } finally {
      dbRequests = perInvocation.get(invocationId) ?? 0
      perInvocation.delete(invocationId)
    }
    const headers: Record<string, string> = {
      'x-cloud-db-requests': String(dbRequests),
      'x-request-id': invocationId,
      // The instance's heap at its highest during the call (the platform's limit is 256 MB).
      ...(outcome.ok && outcome.heapPeakMb !== undefined
        ? { 'x-cloud-heap-peak-mb': String(outcome.heapPeakMb) }
        : {}),
    }
    if (outcome.ok) {
      const result: unknown = outcome.json === '' ? undefined : JSON.parse(outcome.json)
      sendJson(res, 200, { errMsg: 'cloud.callFunction:ok', result, requestID: invocationId }, headers)
      return
    }
    const errCode = outcome.kind === 'too-large' ? -604001 : outcome.kind === 'not-found' ? -504001 : -504002
    const status = outcome.kind === 'not-found' ? 404 : 502
    sendJson(
      res,
      status,
      {
        errCode,
        errMsg: `cloud.callFunction:fail ${errCode} ${ERR_TEXT[errCode]}. ${outcome.message}`,
        requestID: invocationId,
      },
      headers,
    )
  }

  /**
   * Fires a function's timer trigger now, as the platform would at its cron time: the event is
   * {Type: 'Timer', TriggerName, Time} and there is no OPENID. (The local cloud keeps no clock of its
   * own: a developer or a test fires timers explicitly.)
   */
  async function handleTrigger(
    res: http.ServerResponse,
    name: string,
    trigger: string | null,
  ): Promise<void> {
    if (!/^[A-Za-z0-9_-]{1,64}$/.test(name) || !trigger || !/^[A-Za-z0-9_-]{1,64}$/.test(trigger)) {
      throw new HttpError(400, -501007, 'use POST /dev/trigger/<function>?name=<trigger name>')
    }
    const event = { Type: 'Timer', TriggerName: trigger, Time: new Date().toISOString() }
    const outcome = await functions.invoke(name, event, { appid, source: 'wx_trigger' }, newInvocationId())
    if (outcome.ok) {
      sendJson(res, 200, { result: outcome.json === '' ? undefined : JSON.parse(outcome.json) })
      return
    }
    sendJson(res, outcome.kind === 'not-found' ? 404 : 502, { errCode: -504002, errMsg: outcome.message })
  }

  async function handleLogin(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    let openid: unknown
    try {
      openid = (JSON.parse((await readBody(req, 4096)).toString('utf8')) as { openid?: unknown }).openid
    } catch {
      throw new HttpError(400, -501007, 'body must be JSON: {"openid": "…"}')
    }
    if (typeof openid !== 'string' || !/^[A-Za-z0-9_-]{1,64}$/.test(openid)) {
      throw new HttpError(400, -501007, 'openid must be 1 to 64 letters, digits, _ or -')
    }
    sendJson(res, 200, { openid, token: tokenFor(openid) })
  }

  async function route(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    const { pathname } = url
    const method = req.method ?? 'GET'
    if (method === 'POST' && pathname === '/admin') return handleAdmin(req, res, url)
    if (method === 'POST' && pathname.startsWith('/cloud/')) {
      return handleGateway(req, res, decodePath(pathname.slice('/cloud/'.length)))
    }
    if (method === 'POST' && pathname === '/cloud-storage/upload') return handleClientUpload(req, res, url)
    if (method === 'POST' && pathname === '/cloud-subscribe') return handleSubscribe(req, res)
    if (method === 'PUT' && pathname === '/storage/upload') {
      const content = await readBody(req, MAX_FILE_BYTES)
      try {
        storage.writeUpload(url.searchParams.get('path'), url.searchParams.get('token'), content)
      } catch (e) {
        const message = (e as Error).message
        res.writeHead(403, { 'content-type': 'application/xml' })
        res.end(
          `<?xml version='1.0' encoding='utf-8' ?><Error><Code>SignatureDoesNotMatch</Code><Message>${message}</Message><RequestId>${requestId()}</RequestId><TraceId>local</TraceId></Error>`,
        )
        return
      }
      res.writeHead(200)
      res.end()
      return
    }
    if (method === 'GET' && pathname.startsWith('/storage/download/')) {
      const cloudPath = decodePath(pathname.slice('/storage/download/'.length))
      const content = storage.readDownload(cloudPath, url.searchParams.get('t'), url.searchParams.get('sign'))
      if (!content) {
        res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' })
        res.end('file not found, or the temporary URL expired')
        return
      }
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': content.length })
      res.end(content)
      return
    }
    if (method === 'GET' && pathname === '/healthz') return sendJson(res, 200, { ok: true, env })
    if (method === 'POST' && pathname === '/dev/login') return handleLogin(req, res)
    if (method === 'POST' && pathname.startsWith('/dev/trigger/')) {
      return handleTrigger(
        res,
        decodePath(pathname.slice('/dev/trigger/'.length)),
        url.searchParams.get('name'),
      )
    }
    if (method === 'GET' && pathname === '/dev/personas') return sendJson(res, 200, { personas })
    if (method === 'GET' && pathname === '/dev/messages') {
      return sendJson(res, 200, { messages: openapi.messages(url.searchParams.get('touser') ?? undefined) })
    }
    if (method === 'GET' && pathname === '/dev/subscriptions') {
      const openid = url.searchParams.get('openid') ?? undefined
      return sendJson(res, 200, { subscriptions: openapi.subscriptions(openid) })
    }
    if (method === 'GET' && pathname === '/dev/media-checks') {
      return sendJson(res, 200, { checks: openapi.mediaChecks() })
    }
    if (method === 'GET' && pathname === '/dev/stats') {
      const total = Object.values(actionCounts).reduce((a, b) => a + b, 0)
      return sendJson(res, 200, { actions: actionCounts, total, openTransactions: transactions.openCount })
    }
    if (method === 'POST' && pathname === '/dev/stats/reset') {
      for (const key of Object.keys(actionCounts)) delete actionCounts[key]
      return sendJson(res, 200, { ok: true })
    }
    if (method === 'GET' && options.h5Dir && serveStatic(options.h5Dir, decodePath(pathname), res)) return
    sendJson(res, 404, { errCode: -1, errMsg: `not found: ${method} ${pathname}` })
  }

  const server = http.createServer((req, res) => {
    route(req, res).catch((e: unknown) => {
      if (res.headersSent) return res.destroy()
      if (e instanceof HttpError) {
        sendJson(res, e.status, {
          errCode: e.errCode,
          errMsg: `${ERR_TEXT[e.errCode] ?? 'error'}: ${e.message}`,
        })
      } else {
        console.error('[local-cloud] request failed:', e)
        sendJson(res, 500, { errCode: -501001, errMsg: 'internal error of the local cloud' })
      }
    })
  })
  server.keepAliveTimeout = 30_000
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 8080, '127.0.0.1', resolve)
  })
  const { port } = server.address() as AddressInfo
  baseUrl = `http://127.0.0.1:${port}`

  return {
    url: baseUrl,
    adminUrl: `${baseUrl}/admin`,
    env,
    store,
    async close() {
      await openapi.close() // pushes under way still need the functions and this server
      await functions.close()
      await new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      })
      db.close()
    },
  }
}

function outcomeCode(outcome: Exclude<InvokeOutcome, { ok: true }>): string {
  return outcome.kind === 'not-found' ? CloudCode.FUNCTIONS_REQUEST_FAIL : CloudCode.FUNCTIONS_EXECUTE_FAIL
}

function outcomeMessage(outcome: Exclude<InvokeOutcome, { ok: true }>): string {
  return outcome.kind === 'too-large' ? `-604001 ${outcome.message}` : outcome.message
}

/** Inserts the demo documents into a fresh data directory, once; returns the personas. */
function seedOnce(db: Database.Database, store: Store, seed: Seed): readonly Persona[] {
  const done = db.prepare(`SELECT value FROM _meta WHERE key = 'seeded'`).get()
  if (!done) {
    store.transaction(() => {
      for (const [collection, docs] of Object.entries(seed.documents)) {
        store.createCollection(collection)
        for (const doc of docs) store.insert(collection, doc)
      }
      db.prepare(`INSERT INTO _meta (key, value) VALUES ('seeded', ?)`).run(new Date().toISOString())
    })
  }
  return seed.personas
}
