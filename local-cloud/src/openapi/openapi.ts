/**
 * WeChat open APIs (云调用) in the local cloud: what `cloud.openapi.<api>(…)` of wx-server-sdk 4.0.2
 * reaches, answered like the platform and deterministically, so tests can produce every outcome.
 *
 * Transport. The SDK (through @cloudbase/node-sdk's callCompatibleWxOpenApi) sends one
 * `POST /admin` with a multipart/form-data body: `action` = `wx.openApi`, `apiName` (`security.msgSecCheck`),
 * optional `cgiName`, and `requestData`, a protobuf CommApiData whose key/value pairs are the API's
 * parameters (snake_case keys, each value the JSON text of the value). The reply is the raw bytes of a
 * protobuf CommOpenApiResp (protobuf.ts): `respData` is WeChat's JSON reply (`errcode`, `errmsg`, …) and
 * a non-zero `errorCode` is a system error the SDK throws as errCode. It counts as one `wx.openApi`
 * action in GET /dev/stats and in a gateway call's x-cloud-db-requests.
 *
 * Permission. A call from a hosted function (its request URL carries `?invocation=`) must name the API
 * in that function's config.json `permissions.openapi`, else errorCode -604101 (the SDK throws errCode
 * -604101). A call without an invocation (a test's or a script's admin SDK) is allowed.
 *
 * The 2-hour rule. msgSecCheck and mediaCheckAsync require that `openid` opened the mini-program in the
 * last 2 hours: here, that it called a function through the gateway (POST /cloud/<fn>, the anonymous
 * visitor included) or POST /cloud-subscribe within ACCESS_WINDOW_MS, else errcode 61010. Kept in
 * memory: a restart forgets it. The clock is LocalCloudOptions.now.
 *
 * security.msgSecCheck (version 2 only): `{version: 2, openid, scene: 1..4, content ≤ 2500 chars, title?,
 * nickname?, signature?}`; anything else is errcode 47001. The verdict comes from content-check.ts over
 * content, title, nickname and signature: a word of RISKY_WORDS → risky with its label, else a word of
 * REVIEW_WORDS → review (21000), else pass (100). Reply `{errcode: 0, errmsg: 'ok', result: {suggest,
 * label}, detail: [{strategy: 'content_model', errcode: 0, suggest, label, prob, keyword?}], trace_id}`.
 *
 * security.mediaCheckAsync (version 2): `{media_url, media_type: 1 image | 2 audio, version: 2, openid,
 * scene}` → 47001 / 61010 as above, else `{errcode: 0, errmsg: 'ok', trace_id}` at once. The verdict is
 * pushed MEDIA_PUSH_DELAY_MS later, as WeChat's message push (消息推送) to a cloud function: the function
 * of LocalCloudOptions.messagePush is invoked (no OPENID, SOURCE wx_msg) with the event
 *   {ToUserName: 'gh_local', FromUserName: openid, CreateTime: <unix s>, MsgType: 'event',
 *    Event: 'wxa_media_check', appid, trace_id, version: 2, errcode: 0, errmsg: 'ok',
 *    detail: [{strategy: 'content_model', errcode: 0, suggest, label, prob: 90}], result: {suggest, label}}
 * The verdict reads the stored file behind media_url (a temporary URL of getTempFileURL, or any signed
 * URL this server serves under /storage/download/; no HTTP fetch): MEDIA_CHECK_MARKERS.risky in its bytes
 * → risky (20002), MEDIA_CHECK_MARKERS.review → review (21000), else pass (100). A URL that does not lead
 * to a stored file (another host, expired, forged, deleted) pushes `errcode: -1008, errmsg: 'media
 * download failed'` with no detail or result. Without a messagePush function, or when it does not
 * exist, the push is logged and dropped. Every check is listed at GET /dev/media-checks
 * `{checks: [{trace_id, media_url, media_type, openid, scene, requestedAt, push: 'pending' | 'delivered' |
 * 'failed' | 'dropped' | 'cancelled', verdict?, function?, pushedAt?, pushMessage?}]}`; close() cancels
 * the pushes not yet started and waits for those under way.
 *
 * subscribeMessage.send: `{touser, template_id, page?, data: {<key>: {value: string}}, miniprogram_state?:
 * developer | trial | formal, lang?}`. Invalid (touser or template_id missing, data not such an object,
 * an empty value, thing* over 20 characters, phrase* over 5, character_string* or number* over 32, a
 * time* or date* value that is not a date or time like `2024-05-01 14:30`, `2024年5月1日`, `14:30` or a
 * range of them joined by `~`) → errcode 47003 `argument invalid! …`, using nothing up. The user's
 * consent (一次性订阅) is needed: one unused grant of that template for touser, else errcode 43101 'user
 * refuse to accept the msg'. Otherwise the grant is used up, the message recorded (SQLite table
 * _openapi_messages, kept across restarts) and the reply is `{errcode: 0, errmsg: 'ok', msgid}`.
 * Grants come from POST /cloud-subscribe `{tmplIds: [1..3 non-empty strings]}` (the H5 build's
 * wx.requestSubscribeMessage; the caller as the gateway sees it, bearer token or anonymous visitor):
 * one grant per template, answered `{errMsg: 'requestSubscribeMessage:ok', <tmplId>: 'accept'}`; a bad
 * body is HTTP 400 errCode -501007. GET /dev/messages[?touser=] lists what would have been sent
 * `{messages: [{msgid, touser, template_id, page, data, miniprogram_state, lang, sentAt}]}`;
 * GET /dev/subscriptions[?openid=] the grants `{subscriptions: [{openid, template_id, grantedAt, usedAt,
 * msgid}]}`.
 *
 * Any other API: `{errcode: 48001, errmsg: 'api unauthorized: the local cloud does not implement <api>'}`
 * (what WeChat answers for an API the account may not call), after the permission check.
 */
import { randomBytes } from 'node:crypto'
import type Database from 'better-sqlite3'
import type { InvokeOutcome } from '../functions/host'
import { checkMedia, checkText, type ContentLabel, type Suggest } from './content-check'
import { decodeCommApiData, encodeCommOpenApiResp } from './protobuf'

/** The APIs the local cloud implements. */
export const IMPLEMENTED_APIS: readonly string[] = [
  'security.msgSecCheck',
  'security.mediaCheckAsync',
  'subscribeMessage.send',
]

/** How recently a user must have opened the mini-program for the security checks (2 hours). */
export const ACCESS_WINDOW_MS = 2 * 60 * 60 * 1000
/** Delay before a mediaCheckAsync verdict is pushed. */
export const MEDIA_PUSH_DELAY_MS = 30
/** The message-push sender, as ToUserName (the mini-program's original id on the platform). */
export const PUSH_TO_USER_NAME = 'gh_local'
/**
 * SOURCE of a message-push invocation. WeChat's documented SOURCE values (wx_devtools, wx_client,
 * wx_http, wx_trigger, wx_paycallback, wx_crawler, wx_localdebug, wx_unknown, scf; see
 * https://developers.weixin.qq.com/minigame/dev/wxcloud/reference-sdk-api/utils/Cloud.getWXContext.md)
 * name none for message push, and a short search found no report of the real one, so this is the
 * local cloud's own name: code must not rely on it.
 */
export const MESSAGE_PUSH_SOURCE = 'wx_msg'

/** System error of CommOpenApiResp: the function's config.json does not declare the API. */
export const NO_PERMISSION = -604101

export const WX_ERR = {
  ok: 0,
  dataFormat: 47001,
  argumentInvalid: 47003,
  userRefused: 43101,
  notRecentlyActive: 61010,
  apiUnauthorized: 48001,
  mediaDownloadFailed: -1008,
} as const

export type MediaPushStatus = 'pending' | 'delivered' | 'failed' | 'dropped' | 'cancelled'

export interface MediaCheckRecord {
  readonly trace_id: string
  readonly media_url: string
  readonly media_type: number
  readonly openid: string
  readonly scene: number
  readonly requestedAt: string
  push: MediaPushStatus
  verdict?: { errcode: number; suggest?: Suggest; label?: ContentLabel }
  /** The function the verdict was pushed to. */
  function?: string
  pushedAt?: string
  /** Why a push failed or was dropped. */
  pushMessage?: string
}

/** A message the local cloud recorded as sent: what `send` was given, checked, and when. */
export interface SentMessage extends CheckedMessage {
  readonly msgid: number
  readonly sentAt: string
}

export interface SubscriptionGrant {
  readonly openid: string
  readonly template_id: string
  readonly grantedAt: string
  readonly usedAt: string | null
  readonly msgid: number | null
}

export interface OpenApiOptions {
  /** The local cloud's SQLite database: grants and sent messages are kept there. */
  readonly db: Database.Database
  readonly appid: string
  /** The stored bytes behind a URL this local cloud serves, or undefined when it leads to none. */
  readonly readMedia: (url: string) => Buffer | undefined
  /** Invokes a function as a message push does (no OPENID, SOURCE MESSAGE_PUSH_SOURCE). */
  readonly invoke: (name: string, event: unknown) => Promise<InvokeOutcome>
  readonly messagePush?: { readonly function: string }
  readonly now?: () => number
  readonly mediaPushDelayMs?: number
}

/** A refused POST /cloud-subscribe body (HTTP 400, errCode -501007). */
export class SubscribeRequestError extends Error {}

type Params = Record<string, unknown>
type WxReply = Record<string, unknown> & { errcode: number; errmsg: string }

const traceId = (): string =>
  [randomBytes(4), randomBytes(4), randomBytes(4)].map((b) => b.toString('hex')).join('-')

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v)

class WxError extends Error {
  constructor(
    readonly errcode: number,
    readonly errmsg: string,
  ) {
    super(errmsg)
  }
}

const dataFormatError = (what: string): WxError =>
  new WxError(WX_ERR.dataFormat, `data format error: ${what}`)
const argumentInvalid = (what: string): WxError =>
  new WxError(WX_ERR.argumentInvalid, `argument invalid! ${what}`)

export class OpenApi {
  private readonly lastAccess = new Map<string, number>()
  private readonly checks: MediaCheckRecord[] = []
  private readonly timers = new Map<ReturnType<typeof setTimeout>, MediaCheckRecord>()
  private readonly inFlight = new Set<Promise<void>>()
  private closed = false
  private readonly now: () => number

  constructor(private readonly options: OpenApiOptions) {
    this.now = options.now ?? Date.now
    options.db.exec(`
      CREATE TABLE IF NOT EXISTS _openapi_grants (
        id INTEGER PRIMARY KEY, openid TEXT NOT NULL, template_id TEXT NOT NULL,
        granted_at TEXT NOT NULL, used_at TEXT, msgid INTEGER);
      CREATE INDEX IF NOT EXISTS _openapi_grants_unused ON _openapi_grants (openid, template_id)
        WHERE used_at IS NULL;
      CREATE TABLE IF NOT EXISTS _openapi_messages (
        msgid INTEGER PRIMARY KEY AUTOINCREMENT, touser TEXT NOT NULL, template_id TEXT NOT NULL,
        page TEXT, data TEXT NOT NULL, miniprogram_state TEXT, lang TEXT, sent_at TEXT NOT NULL);
    `)
  }

  private isoNow(): string {
    return new Date(this.now()).toISOString()
  }

  /** The user opened the mini-program now (a gateway call or a subscribe request). */
  recordAccess(openid: string): void {
    this.lastAccess.set(openid, this.now())
  }

  private requireRecentAccess(openid: string): void {
    const last = this.lastAccess.get(openid)
    if (last === undefined || this.now() - last > ACCESS_WINDOW_MS) {
      throw new WxError(WX_ERR.notRecentlyActive, 'user is not in the last two hours access')
    }
  }

  /**
   * Answers one `wx.openApi` request: the CommOpenApiResp bytes. `declared` is the calling function's
   * `permissions.openapi` (undefined: not a function, allowed). Throws ProtobufError when requestData
   * is not a CommApiData.
   */
  call(apiName: string, requestData: Buffer, declared: readonly string[] | undefined): Buffer {
    const request = decodeCommApiData(requestData)
    if (declared && !declared.includes(apiName)) return encodeCommOpenApiResp({ errorCode: NO_PERMISSION })
    let reply: WxReply
    try {
      const params = paramsOf(request.openapiData?.pairs ?? [])
      reply = this.dispatch(apiName, params)
    } catch (e) {
      if (!(e instanceof WxError)) throw e
      reply = { errcode: e.errcode, errmsg: e.errmsg }
    }
    return encodeCommOpenApiResp({
      respData: Buffer.from(JSON.stringify(reply), 'utf8'),
      contentType: 'application/json; charset=utf-8',
      httpCode: 200,
    })
  }

  private dispatch(apiName: string, params: Params): WxReply {
    switch (apiName) {
      case 'security.msgSecCheck':
        return this.msgSecCheck(params)
      case 'security.mediaCheckAsync':
        return this.mediaCheckAsync(params)
      case 'subscribeMessage.send':
        return this.sendSubscribeMessage(params)
      default:
        return {
          errcode: WX_ERR.apiUnauthorized,
          errmsg: `api unauthorized: the local cloud does not implement ${apiName}`,
        }
    }
  }

  // ---- security.msgSecCheck ---------------------------------------------------------------------

  private msgSecCheck(p: Params): WxReply {
    checkSecurityCommon(p)
    if (typeof p.content !== 'string') throw dataFormatError('content must be a string')
    if ([...p.content].length > 2500) throw dataFormatError('content exceeds 2500 characters')
    for (const field of ['title', 'nickname', 'signature'] as const) {
      if (p[field] !== undefined && typeof p[field] !== 'string')
        throw dataFormatError(`${field} must be a string`)
    }
    this.requireRecentAccess(p.openid as string)
    const text = [p.content, p.title, p.nickname, p.signature].filter((t) => typeof t === 'string').join('\n')
    const verdict = checkText(text)
    return {
      errcode: 0,
      errmsg: 'ok',
      result: { suggest: verdict.suggest, label: verdict.label },
      detail: [
        {
          strategy: 'content_model',
          errcode: 0,
          suggest: verdict.suggest,
          label: verdict.label,
          prob: verdict.prob,
          ...(verdict.keyword ? { keyword: verdict.keyword } : {}),
        },
      ],
      trace_id: traceId(),
    }
  }

  // ---- security.mediaCheckAsync -----------------------------------------------------------------

  private mediaCheckAsync(p: Params): WxReply {
    if (typeof p.media_url !== 'string' || p.media_url === '' || p.media_url.length > 2048)
      throw dataFormatError('media_url must be a URL')
    if (p.media_type !== 1 && p.media_type !== 2) throw dataFormatError('media_type must be 1 or 2')
    checkSecurityCommon(p)
    this.requireRecentAccess(p.openid as string)
    const record: MediaCheckRecord = {
      trace_id: traceId(),
      media_url: p.media_url,
      media_type: p.media_type,
      openid: p.openid as string,
      scene: p.scene as number,
      requestedAt: this.isoNow(),
      push: 'pending',
    }
    this.checks.push(record)
    if (this.closed) {
      record.push = 'cancelled'
    } else {
      const timer = setTimeout(() => {
        this.timers.delete(timer)
        const pushing = this.push(record).finally(() => this.inFlight.delete(pushing))
        this.inFlight.add(pushing)
      }, this.options.mediaPushDelayMs ?? MEDIA_PUSH_DELAY_MS)
      this.timers.set(timer, record)
    }
    return { errcode: 0, errmsg: 'ok', trace_id: record.trace_id }
  }

  private async push(record: MediaCheckRecord): Promise<void> {
    let content: Buffer | undefined
    try {
      content = this.options.readMedia(record.media_url)
    } catch (e) {
      console.error('[local-cloud] reading %s for a media check failed:', record.media_url, e)
    }
    const verdict = content ? checkMedia(content) : undefined
    record.verdict = verdict ? { errcode: 0, ...verdict } : { errcode: WX_ERR.mediaDownloadFailed }
    const event = {
      ToUserName: PUSH_TO_USER_NAME,
      FromUserName: record.openid,
      CreateTime: Math.floor(this.now() / 1000),
      MsgType: 'event',
      Event: 'wxa_media_check',
      appid: this.options.appid,
      trace_id: record.trace_id,
      version: 2,
      ...(verdict
        ? {
            detail: [
              {
                strategy: 'content_model',
                errcode: 0,
                suggest: verdict.suggest,
                label: verdict.label,
                prob: 90,
              },
            ],
            errcode: 0,
            errmsg: 'ok',
            result: { suggest: verdict.suggest, label: verdict.label },
          }
        : { errcode: WX_ERR.mediaDownloadFailed, errmsg: 'media download failed' }),
    }
    const name = this.options.messagePush?.function
    if (!name) {
      record.push = 'dropped'
      record.pushMessage = 'no messagePush function is configured'
      console.warn('[local-cloud] media check %s: %s, verdict dropped', record.trace_id, record.pushMessage)
      return
    }
    record.function = name
    let outcome: InvokeOutcome
    try {
      outcome = await this.options.invoke(name, event)
    } catch (e) {
      outcome = { ok: false, kind: 'failed', message: (e as Error).message }
    }
    record.pushedAt = this.isoNow()
    if (outcome.ok) {
      record.push = 'delivered'
      return
    }
    record.push = outcome.kind === 'not-found' ? 'dropped' : 'failed'
    record.pushMessage = outcome.message
    console.warn(
      '[local-cloud] media check %s: push to %s %s: %s',
      record.trace_id,
      name,
      record.push,
      outcome.message,
    )
  }

  mediaChecks(): readonly MediaCheckRecord[] {
    return this.checks
  }

  // ---- subscribeMessage -------------------------------------------------------------------------

  /** POST /cloud-subscribe: one grant per template for `openid`; the reply of wx.requestSubscribeMessage. */
  subscribe(openid: string, body: unknown): Record<string, string> {
    const ids = isObject(body) ? body.tmplIds : undefined
    if (
      !Array.isArray(ids) ||
      ids.length < 1 ||
      ids.length > 3 ||
      !ids.every((id): id is string => typeof id === 'string' && id.trim() !== '' && id.length <= 128)
    ) {
      throw new SubscribeRequestError('tmplIds must be 1 to 3 template ids (non-empty strings)')
    }
    this.recordAccess(openid)
    const insert = this.options.db.prepare(
      'INSERT INTO _openapi_grants (openid, template_id, granted_at) VALUES (?, ?, ?)',
    )
    const grantedAt = this.isoNow()
    this.options.db.transaction(() => {
      for (const id of new Set(ids)) insert.run(openid, id, grantedAt)
    })()
    return { errMsg: 'requestSubscribeMessage:ok', ...Object.fromEntries(ids.map((id) => [id, 'accept'])) }
  }

  private sendSubscribeMessage(p: Params): WxReply {
    const message = checkSubscribeMessage(p)
    const { db } = this.options
    const sentAt = this.isoNow()
    const msgid = db.transaction((): number | undefined => {
      const grant = db
        .prepare(
          'SELECT id FROM _openapi_grants WHERE openid = ? AND template_id = ? AND used_at IS NULL ORDER BY id LIMIT 1',
        )
        .get(message.touser, message.template_id) as { id: number } | undefined
      if (!grant) return undefined
      const inserted = db
        .prepare(
          `INSERT INTO _openapi_messages (touser, template_id, page, data, miniprogram_state, lang, sent_at)
           VALUES (?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          message.touser,
          message.template_id,
          message.page,
          JSON.stringify(message.data),
          message.miniprogram_state,
          message.lang,
          sentAt,
        )
      const id = Number(inserted.lastInsertRowid)
      db.prepare('UPDATE _openapi_grants SET used_at = ?, msgid = ? WHERE id = ?').run(sentAt, id, grant.id)
      return id
    })()
    if (msgid === undefined) throw new WxError(WX_ERR.userRefused, 'user refuse to accept the msg')
    return { errcode: 0, errmsg: 'ok', msgid }
  }

  messages(touser?: string): SentMessage[] {
    const rows = this.options.db
      .prepare(
        `SELECT msgid, touser, template_id, page, data, miniprogram_state, lang, sent_at FROM _openapi_messages
         ${touser === undefined ? '' : 'WHERE touser = ?'} ORDER BY msgid`,
      )
      .all(...(touser === undefined ? [] : [touser])) as (Omit<SentMessage, 'data' | 'sentAt'> & {
      data: string
      sent_at: string
    })[]
    return rows.map(({ data, sent_at, ...row }) => ({ ...row, data: JSON.parse(data), sentAt: sent_at }))
  }

  subscriptions(openid?: string): SubscriptionGrant[] {
    const rows = this.options.db
      .prepare(
        `SELECT openid, template_id, granted_at, used_at, msgid FROM _openapi_grants
         ${openid === undefined ? '' : 'WHERE openid = ?'} ORDER BY id`,
      )
      .all(...(openid === undefined ? [] : [openid])) as {
      openid: string
      template_id: string
      granted_at: string
      used_at: string | null
      msgid: number | null
    }[]
    return rows.map((r) => ({
      openid: r.openid,
      template_id: r.template_id,
      grantedAt: r.granted_at,
      usedAt: r.used_at,
      msgid: r.msgid,
    }))
  }

  /** Cancels the pushes not yet started and waits for those under way. */
  async close(): Promise<void> {
    this.closed = true
    for (const [timer, record] of this.timers) {
      clearTimeout(timer)
      record.push = 'cancelled'
    }
    this.timers.clear()
    await Promise.allSettled([...this.inFlight])
  }
}

/** The API's parameters from the request's pairs (each value is JSON text). */
function paramsOf(pairs: readonly { key: string; value: Buffer }[]): Params {
  const params: Params = {}
  for (const { key, value } of pairs) {
    try {
      params[key] = JSON.parse(value.toString('utf8'))
    } catch {
      throw dataFormatError(`parameter ${key} is not JSON`)
    }
  }
  return params
}

/** version 2, openid and scene: common to msgSecCheck and mediaCheckAsync. */
function checkSecurityCommon(p: Params): void {
  if (p.version !== 2) throw dataFormatError('version must be 2')
  if (typeof p.openid !== 'string' || p.openid === '') throw dataFormatError('openid is missing')
  if (typeof p.scene !== 'number' || !Number.isInteger(p.scene) || p.scene < 1 || p.scene > 4)
    throw dataFormatError('scene must be 1, 2, 3 or 4')
}

/** What `subscribeMessage.send` was given, once checked. */
interface CheckedMessage {
  readonly touser: string
  readonly template_id: string
  readonly page: string | null
  readonly data: Record<string, { value: string }>
  readonly miniprogram_state: string | null
  readonly lang: string | null
}

const MINIPROGRAM_STATES = ['developer', 'trial', 'formal']
const LANGS = ['zh_CN', 'en_US', 'zh_HK', 'zh_TW']
/** Longest value of each kind of template field, in characters (WeChat's 订阅消息参数值内容限制). */
const MAX_CHARS: Record<string, number> = { thing: 20, phrase: 5, character_string: 32, number: 32 }

function checkSubscribeMessage(p: Params): CheckedMessage {
  if (typeof p.touser !== 'string' || p.touser === '') throw argumentInvalid('touser is empty')
  if (typeof p.template_id !== 'string' || p.template_id === '') throw argumentInvalid('template_id is empty')
  if (p.page !== undefined && typeof p.page !== 'string') throw argumentInvalid('page must be a string')
  if (p.miniprogram_state !== undefined && !MINIPROGRAM_STATES.includes(p.miniprogram_state as string))
    throw argumentInvalid(`miniprogram_state must be one of ${MINIPROGRAM_STATES.join(', ')}`)
  if (p.lang !== undefined && !LANGS.includes(p.lang as string))
    throw argumentInvalid(`lang must be one of ${LANGS.join(', ')}`)
  if (!isObject(p.data) || Object.keys(p.data).length === 0) throw argumentInvalid('data is empty')
  const data: Record<string, { value: string }> = {}
  for (const [key, entry] of Object.entries(p.data)) {
    if (!isObject(entry) || typeof entry.value !== 'string')
      throw argumentInvalid(`data.${key}.value must be a string`)
    const value = entry.value
    if (value.trim() === '') throw argumentInvalid(`data.${key}.value is empty`)
    const kind = /^([a-z_]+?)\d+$/.exec(key)?.[1]
    const max = kind ? MAX_CHARS[kind] : undefined
    if (max !== undefined && [...value].length > max)
      throw argumentInvalid(`data.${key}.value exceeds ${max} characters`)
    if (kind === 'number' && !/^-?\d+(\.\d+)?$/.test(value))
      throw argumentInvalid(`data.${key}.value is not a number`)
    if ((kind === 'time' || kind === 'date') && !isDateValue(value))
      throw argumentInvalid(`data.${key}.value is not a date or time`)
    data[key] = { value }
  }
  return {
    touser: p.touser,
    template_id: p.template_id,
    page: (p.page as string | undefined) ?? null,
    data,
    miniprogram_state: (p.miniprogram_state as string | undefined) ?? null,
    lang: (p.lang as string | undefined) ?? null,
  }
}

const DATE_RE = /^(\d{4})(?:-|\/|\.|年)(\d{1,2})(?:-|\/|\.|月)(\d{1,2})日?$/
const TIME_RE = /^(\d{1,2}):(\d{2})(?::(\d{2}))?$/

function isDate(text: string): boolean {
  const m = DATE_RE.exec(text)
  if (!m) return false
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])]
  const date = new Date(Date.UTC(y, mo - 1, d))
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d
}

function isTime(text: string): boolean {
  const m = TIME_RE.exec(text)
  return !!m && Number(m[1]) <= 23 && Number(m[2]) <= 59 && (m[3] === undefined || Number(m[3]) <= 59)
}

/** A date, a time, or a date and a time; or two of them joined by `~` (a period). */
export function isDateValue(value: string): boolean {
  const points = value.split('~')
  if (points.length > 2) return false
  return points.every((point) => {
    const parts = point.trim().split(/\s+/)
    if (parts.length === 1) return isDate(parts[0]!) || isTime(parts[0]!)
    return parts.length === 2 && isDate(parts[0]!) && isTime(parts[1]!)
  })
}
