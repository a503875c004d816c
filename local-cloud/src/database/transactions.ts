/**
 * Transactions as the platform offers them: single-document operations only, committed all or
 * nothing, aborted after 30 s.
 *
 * Optimistic: operations stage their writes in memory and remember the version of every document
 * they read or write; commit checks that none of those versions changed meanwhile and applies the
 * writes in one SQLite transaction. So two transactions that touch the same document can never both
 * commit: the later one fails at commit with DATABASE_TRANSACTION_CONFLICT, which the SDK's
 * runTransaction retries. A rolled back, expired or crashed transaction left nothing in the store.
 */
import { randomBytes } from 'node:crypto'
import { CloudCode, CloudError } from '../errors'
import { idKey, type Doc, type Store } from './store'

export const TRANSACTION_TIMEOUT_MS = 30_000

/** Reads and writes of single documents, either directly on the store or inside a transaction. */
export interface DocumentAccess {
  get(collection: string, id: unknown): Doc | undefined
  /** Writes a whole document: inserts it when `exists` is false, else replaces it. */
  put(collection: string, doc: Doc, exists: boolean): void
  delete(collection: string, id: unknown): number
}

export const directAccess = (store: Store): DocumentAccess => ({
  get: (collection, id) => store.getById(collection, id)?.doc,
  put: (collection, doc, exists) => (exists ? store.replace(collection, doc) : store.insert(collection, doc)),
  delete: (collection, id) => store.remove(collection, id),
})

interface Staged {
  readonly collection: string
  readonly id: unknown
  readonly doc: Doc | null
}

class Transaction implements DocumentAccess {
  /** Version of each touched document when first touched (0: did not exist). */
  readonly seen = new Map<string, { collection: string; id: unknown; ver: number }>()
  readonly writes = new Map<string, Staged>()

  constructor(
    readonly id: string,
    private readonly store: Store,
    readonly timer: NodeJS.Timeout,
  ) {}

  private touch(collection: string, id: unknown): string {
    const key = `${collection}\u0000${idKey(id)}`
    if (!this.seen.has(key)) this.seen.set(key, { collection, id, ver: this.store.versionOf(collection, id) })
    return key
  }

  get(collection: string, id: unknown): Doc | undefined {
    const key = this.touch(collection, id)
    const staged = this.writes.get(key)
    if (staged) return staged.doc ?? undefined
    return this.store.getById(collection, id)?.doc
  }

  put(collection: string, doc: Doc): void {
    const key = this.touch(collection, doc._id)
    this.writes.set(key, { collection, id: doc._id, doc })
  }

  delete(collection: string, id: unknown): number {
    const existed = this.get(collection, id) !== undefined
    this.writes.set(this.touch(collection, id), { collection, id, doc: null })
    return existed ? 1 : 0
  }
}

export class Transactions {
  private readonly open = new Map<string, Transaction>()
  /** Ids of transactions that ended, with how, so a late operation gets a precise message. */
  private readonly ended = new Map<string, string>()

  constructor(
    private readonly store: Store,
    private readonly timeoutMs = TRANSACTION_TIMEOUT_MS,
  ) {}

  get openCount(): number {
    return this.open.size
  }

  start(): string {
    const id = randomBytes(12).toString('hex')
    const timer = setTimeout(
      () => this.finish(id, `expired: not committed within ${this.timeoutMs / 1000} s`),
      this.timeoutMs,
    )
    timer.unref()
    this.open.set(id, new Transaction(id, this.store, timer))
    return id
  }

  /** The open transaction with this id, or a DATABASE_TRANSACTION_FAIL error. */
  access(id: string): DocumentAccess {
    return this.require(id)
  }

  private require(id: string): Transaction {
    const txn = this.open.get(id)
    if (txn) return txn
    const how = this.ended.get(id)
    throw new CloudError(
      CloudCode.DATABASE_TRANSACTION_FAIL,
      how ? `transaction ${id} is no longer open (${how})` : `transaction ${id} does not exist`,
    )
  }

  private finish(id: string, how: string): void {
    const txn = this.open.get(id)
    if (!txn) return
    clearTimeout(txn.timer)
    this.open.delete(id)
    this.ended.set(id, how)
    if (this.ended.size > 10_000) this.ended.delete(this.ended.keys().next().value as string)
  }

  commit(id: string): void {
    const txn = this.require(id)
    try {
      this.store.transaction(() => {
        for (const seen of txn.seen.values()) {
          if (this.store.versionOf(seen.collection, seen.id) !== seen.ver) {
            throw new CloudError(
              CloudCode.DATABASE_TRANSACTION_CONFLICT,
              `transaction conflict: ${seen.collection}/${String(seen.id)} was changed by another write`,
            )
          }
        }
        for (const write of txn.writes.values()) {
          const exists = this.store.versionOf(write.collection, write.id) !== 0
          if (write.doc === null) {
            if (exists) this.store.remove(write.collection, write.id)
          } else if (exists) {
            this.store.replace(write.collection, write.doc)
          } else {
            this.store.insert(write.collection, write.doc)
          }
        }
      })
      this.finish(id, 'committed')
    } catch (e) {
      this.finish(id, `aborted at commit: ${(e as Error).message}`)
      throw e
    }
  }

  abort(id: string): void {
    this.require(id)
    this.finish(id, 'aborted')
  }
}
