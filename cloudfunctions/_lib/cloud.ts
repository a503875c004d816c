/**
 * The one small typed module around wx-server-sdk. Its bundled typings reject
 * `cloud.DYNAMIC_CURRENT_ENV` in init and `throwOnNotFound`, and leave results untyped; the rest of
 * the functions use only what is declared here. Initialised once per instance, as the platform expects.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const sdk = require('wx-server-sdk') as WxServerSdk

export type Doc = Record<string, unknown>

export interface Command {
  in(values: readonly unknown[]): unknown
  or(conditions: readonly Doc[]): unknown
  and(conditions: readonly unknown[]): Doc
  gt(value: unknown): unknown
  neq(value: unknown): unknown
  remove(): unknown
  exists(present: boolean): unknown
  set(value: unknown): unknown
  gte(value: unknown): unknown
  lt(value: unknown): unknown
  lte(value: unknown): unknown
  inc(n: number): unknown
  aggregate: { sum(expr: unknown): unknown }
}

export interface Query {
  where(q: Doc | unknown): Query
  orderBy(field: string, order: 'asc' | 'desc'): Query
  /** Projection: `{ field: false }` leaves a field out, `{ field: true }` keeps only those named. */
  field(projection: Record<string, boolean>): Query
  limit(n: number): Query
  skip(n: number): Query
  get(): Promise<{ data: Doc[] }>
  count(): Promise<{ total: number }>
  update(options: { data: Doc }): Promise<{ stats: { updated: number } }>
  /** Removes every match (where(…).remove() is multi by default). */
  remove(): Promise<{ stats: { removed: number } }>
}

export interface Aggregate {
  match(q: Doc): Aggregate
  group(g: Doc): Aggregate
  limit(n: number): Aggregate
  end(): Promise<{ list: Doc[] }>
}

export interface DocumentRef {
  get(): Promise<{ data: Doc | null }>
  set(options: { data: Doc }): Promise<unknown>
  update(options: { data: Doc }): Promise<{ stats: { updated: number } }>
}

export interface Collection extends Query {
  doc(id: string): DocumentRef
  add(options: { data: Doc }): Promise<{ _id: string }>
  aggregate(): Aggregate
}

/** What a transaction offers: single-document operations only (wx-cloud-facts.md). */
export interface TransactionCollection {
  doc(id: string): DocumentRef
  add(options: { data: Doc }): Promise<{ _id: string }>
}

export interface Transaction {
  collection(name: string): TransactionCollection
}

export interface Database {
  collection(name: string): Collection
  command: Command
  serverDate(): unknown
  RegExp(options: { regexp: string; options: string }): unknown
  /** Runs `body` in a transaction; retried on a commit conflict, so `body` must have no side effects. */
  runTransaction<T>(body: (t: Transaction) => Promise<T>, retries?: number): Promise<T>
}

interface WxServerSdk {
  DYNAMIC_CURRENT_ENV: unknown
  getTempFileURL(options: {
    fileList: string[]
  }): Promise<{ fileList: { fileID: string; tempFileURL: string; status: number }[] }>
  init(options: Record<string, unknown>): void
  downloadFile(options: { fileID: string }): Promise<{ fileContent: Buffer }>
  uploadFile(options: { cloudPath: string; fileContent: Buffer }): Promise<{ fileID: string }>
  database(options?: Record<string, unknown>): Database
  getWXContext(): { OPENID?: string; APPID?: string; ENV?: string; SOURCE?: string }
  openapi: OpenApi
}

/**
 * The WeChat open APIs the product calls (each must be declared in the function's config.json
 * `permissions.openapi`, else -604101). The SDK sends camelCase keys as snake_case and answers in camelCase.
 */
export interface OpenApi {
  security: {
    msgSecCheck(options: {
      version: 2
      openid: string
      scene: 1 | 2 | 3 | 4
      content: string
    }): Promise<{ result?: { suggest?: string; label?: number }; traceId?: string }>
    mediaCheckAsync(options: {
      mediaUrl: string
      mediaType: 1 | 2
      version: 2
      openid: string
      scene: 1 | 2 | 3 | 4
    }): Promise<{ traceId?: string }>
  }
  subscribeMessage: {
    send(options: {
      touser: string
      templateId: string
      page: string
      data: Record<string, { value: string }>
      miniprogramState?: 'developer' | 'trial' | 'formal'
    }): Promise<{ msgid?: number }>
  }
}

sdk.init({ env: sdk.DYNAMIC_CURRENT_ENV })

/** A database handle whose doc().get() answers `data: null` for a missing document. */
export const db: Database = sdk.database({ throwOnNotFound: false })

export const openapi = (): OpenApi => sdk.openapi

/** The errCode of a failed SDK call (WeChat's errcode for an open API), or undefined. */
export const errCodeOf = (e: unknown): number | undefined =>
  typeof e === 'object' && e !== null && typeof (e as { errCode?: unknown }).errCode === 'number'
    ? (e as { errCode: number }).errCode
    : undefined

/** This cloud environment's id (files stored here are `cloud://<env>.<bucket>/…`). */
export const currentEnv = (): string | undefined => sdk.getWXContext().ENV || undefined

/** The caller's OPENID, from the platform only (never from the request). */
export function callerOpenid(): string | undefined {
  return sdk.getWXContext().OPENID || undefined
}

/** True for the duplicate-key failure of add() (the SDK keeps only errMsg: E11000 …). */
export function isDuplicateKey(e: unknown): boolean {
  return (
    typeof e === 'object' &&
    e !== null &&
    /E11000|duplicate key/i.test(String((e as { errMsg?: unknown }).errMsg))
  )
}

/**
 * Adds `doc` under its own `_id` unless a document with that id exists; true when it was added. The
 * platform's refusal of a duplicate id is recognised by its message (E11000 …) where it has one, and
 * otherwise by looking the id up after the failure, so idempotency never rests on wording alone.
 */
export async function addOnce(collection: string, doc: Doc & { _id: string }): Promise<boolean> {
  try {
    await db.collection(collection).add({ data: doc })
    return true
  } catch (e) {
    if (isDuplicateKey(e)) return false
    const { data } = await db
      .collection(collection)
      .doc(doc._id)
      .get()
      .catch(() => ({ data: null }))
    if (data) return false
    throw e
  }
}

/** A stored date as ISO text (documents hold Date; older ones may hold text). */
export const isoOf = (value: unknown): string =>
  value instanceof Date ? value.toISOString() : typeof value === 'string' ? value : ''

/** Temporary download URLs of stored files (one round trip; none when there are no files). */
export async function tempUrls(fileIDs: readonly string[]): Promise<Map<string, string>> {
  const urls = new Map<string, string>()
  if (fileIDs.length === 0) return urls
  const { fileList } = await sdk.getTempFileURL({ fileList: [...fileIDs] })
  for (const f of fileList) if (f.status === 0 && f.tempFileURL) urls.set(f.fileID, f.tempFileURL)
  return urls
}

/**
 * Stores `content` at `cloudPath` (replacing a file there, as the platform does: use fresh paths) and
 * returns its file ID.
 */
export async function uploadFile(cloudPath: string, content: Buffer): Promise<string> {
  const { fileID } = await sdk.uploadFile({ cloudPath, fileContent: content })
  return fileID
}

/** The content of a stored file (rejects when there is no such file). */
export async function downloadFile(fileID: string): Promise<Buffer> {
  const { fileContent } = await sdk.downloadFile({ fileID })
  return fileContent
}

/** A case-insensitive search for `text` as typed (its regular-expression characters escaped). */
export const containing = (text: string): unknown =>
  db.RegExp({ regexp: text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), options: 'i' })
