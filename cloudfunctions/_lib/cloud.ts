/**
 * The one small typed module around wx-server-sdk. Its bundled typings reject
 * `cloud.DYNAMIC_CURRENT_ENV` in init and `throwOnNotFound`, and leave results untyped; the rest of
 * the functions use only what is declared here. Initialised once per instance, as the platform expects.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const sdk = require('wx-server-sdk') as WxServerSdk

export interface Command {
  in(values: readonly unknown[]): unknown
  gte(value: unknown): unknown
  lt(value: unknown): unknown
  aggregate: { sum(expr: unknown): unknown }
}

export interface Query {
  where(q: Record<string, unknown>): Query
  orderBy(field: string, order: 'asc' | 'desc'): Query
  limit(n: number): Query
  skip(n: number): Query
  get(): Promise<{ data: Record<string, unknown>[] }>
  count(): Promise<{ total: number }>
}

export interface Aggregate {
  match(q: Record<string, unknown>): Aggregate
  group(g: Record<string, unknown>): Aggregate
  limit(n: number): Aggregate
  end(): Promise<{ list: Record<string, unknown>[] }>
}

export interface Collection extends Query {
  doc(id: string): {
    get(): Promise<{ data: Record<string, unknown> | null }>
  }
  add(options: { data: Record<string, unknown> }): Promise<{ _id: string }>
  aggregate(): Aggregate
}

export interface Database {
  collection(name: string): Collection
  command: Command
  serverDate(): unknown
}

interface WxServerSdk {
  DYNAMIC_CURRENT_ENV: unknown
  init(options: Record<string, unknown>): void
  database(options?: Record<string, unknown>): Database
  getWXContext(): { OPENID?: string; APPID?: string; ENV?: string; SOURCE?: string }
}

sdk.init({ env: sdk.DYNAMIC_CURRENT_ENV })

/** A database handle whose doc().get() answers `data: null` for a missing document. */
export const db: Database = sdk.database({ throwOnNotFound: false })

/** The caller's OPENID, from the platform only (never from the request). */
export function callerOpenid(): string | undefined {
  return sdk.getWXContext().OPENID
}

/** True for the duplicate-key failure of add() (the SDK keeps only errMsg: E11000 …). */
export function isDuplicateKey(e: unknown): boolean {
  return (
    typeof e === 'object' &&
    e !== null &&
    /E11000|duplicate key/i.test(String((e as { errMsg?: unknown }).errMsg))
  )
}
