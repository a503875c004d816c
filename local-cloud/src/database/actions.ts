/**
 * The `database.*` actions of the CloudBase API, as wx-server-sdk 4.0.2 sends them (see
 * ../shared/docs/wx-cloud-facts.md). Each handler validates its arguments, applies the platform's
 * semantics (default and maximum limits, `set` vs `update` vs upsert, `multi`, server dates,
 * single-document transactions) and returns the `data` part of the reply.
 */
import { BSONRegExp, EJSON } from 'bson'
import { update as applyUpdate } from 'mingo'
import { CloudCode, CloudError } from '../errors'
import { directAccess, type DocumentAccess, type Transactions } from './transactions'
import { newDocumentId, project, serializeDoc, type Doc, type SortSpec, type Store } from './store'

export const DEFAULT_LIMIT = 100
export const MAX_LIMIT = 1000
export const AGGREGATE_DEFAULT_LIMIT = 20

type Body = Record<string, unknown>

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype

/** Replaces the SDK's wire-only values: `$tcb_server_date` becomes the server's clock, regexes become RegExp. */
function revive(value: unknown, now: number): unknown {
  if (value instanceof BSONRegExp) return new RegExp(value.pattern, value.options.replace(/[^gimsuy]/g, ''))
  if (Array.isArray(value)) return value.map((v) => revive(v, now))
  if (!isPlainObject(value)) return value
  const serverDate = value.$tcb_server_date
  if (isPlainObject(serverDate) && Object.keys(value).length === 1) {
    const offset = typeof serverDate.offset === 'number' ? serverDate.offset : 0
    return new Date(now + offset)
  }
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(value)) out[k] = revive(v, now)
  return out
}

function parseEjson(text: unknown, what: string, now: number): unknown {
  if (typeof text !== 'string')
    throw new CloudError(CloudCode.INVALID_PARAM, `${what} must be an EJSON string`)
  try {
    return revive(EJSON.parse(text, { relaxed: true }), now)
  } catch (e) {
    throw new CloudError(CloudCode.INVALID_PARAM, `${what} is not valid EJSON: ${(e as Error).message}`)
  }
}

function parseObject(text: unknown, what: string, now: number): Doc {
  const value = parseEjson(text, what, now)
  if (!isPlainObject(value)) throw new CloudError(CloudCode.INVALID_PARAM, `${what} must be an object`)
  return value
}

const optionalObject = (body: Body, key: string, now: number): Doc | undefined =>
  body[key] === undefined || body[key] === '' ? undefined : parseObject(body[key], key, now)

function collectionName(body: Body): string {
  const name = body.collectionName
  if (typeof name !== 'string' || name === '')
    throw new CloudError(CloudCode.INVALID_PARAM, 'collectionName is required')
  return name
}

function nonNegativeInt(value: unknown, what: string): number | undefined {
  if (value === undefined || value === null) return undefined
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw new CloudError(CloudCode.INVALID_PARAM, `${what} must be a non-negative integer`)
  }
  return value
}

/** The SDK sends 100 when no limit was set and clamps to 1000; another client gets the same. */
const effectiveLimit = (value: unknown): number => {
  const limit = nonNegativeInt(value, 'limit')
  return !limit ? DEFAULT_LIMIT : Math.min(limit, MAX_LIMIT)
}

function sortSpec(body: Body, now: number): SortSpec | undefined {
  const order = optionalObject(body, 'order', now)
  if (!order) return undefined
  for (const [field, dir] of Object.entries(order)) {
    if (dir !== 1 && dir !== -1)
      throw new CloudError(CloudCode.INVALID_PARAM, `order of ${field} must be 1 or -1`)
  }
  return order as SortSpec
}

const isDocQuery = (body: Body): boolean => body.queryType === 'DOC'

function docId(query: Doc): unknown {
  const id = query._id
  if (typeof id !== 'string' && typeof id !== 'number') {
    throw new CloudError(CloudCode.INVALID_PARAM, 'a DOC query needs an _id (string or number)')
  }
  return id
}

/** Maps a mingo error (unknown operator, bad operand) to the platform's error. */
function evaluation<T>(fn: () => T): T {
  try {
    return fn()
  } catch (e) {
    if (e instanceof CloudError) throw e
    const message = (e as Error).message ?? String(e)
    const code = /operator/i.test(message)
      ? CloudCode.DATABASE_INVALID_OPERATOR
      : CloudCode.DATABASE_REQUEST_FAILED
    throw new CloudError(code, message)
  }
}

/** Applies update operators to a copy of `doc`; returns the new document and whether it changed. */
/**
 * MongoDB (and so the platform) refuses to create a field inside a value that is not a document:
 * `$set: {'location.latitude': 1}` on `location: null` fails with "Cannot create field 'latitude' in
 * element {location: null}". mingo would create it; the local cloud refuses as the platform does.
 */
function refuseFieldInScalar(doc: Doc, modifier: Doc): void {
  for (const [op, fields] of Object.entries(modifier)) {
    if (op !== '$set' && op !== '$inc' && op !== '$push' && op !== '$mul') continue
    if (typeof fields !== 'object' || fields === null) continue
    for (const path of Object.keys(fields)) {
      const parts = path.split('.')
      let value: unknown = doc
      for (let i = 0; i < parts.length - 1; i++) {
        value = (value as Record<string, unknown>)[parts[i]!]
        if (value === undefined) break
        if (value === null || typeof value !== 'object') {
          throw new CloudError(
            CloudCode.DATABASE_REQUEST_FAILED,
            `Cannot create field '${parts[i + 1]}' in element {${parts.slice(0, i + 1).join('.')}: ${JSON.stringify(value)}}`,
          )
        }
      }
    }
  }
}

function modified(doc: Doc, modifier: Doc): { doc: Doc; changed: boolean } {
  refuseFieldInScalar(doc, modifier)
  const copy = structuredClone(doc)
  const paths = evaluation(() =>
    applyUpdate(copy, modifier as Parameters<typeof applyUpdate>[1], undefined, undefined, {
      cloneMode: 'deep',
    }),
  )
  if (copy._id !== doc._id)
    throw new CloudError(CloudCode.DATABASE_REQUEST_FAILED, 'the _id of a document cannot be changed')
  return { doc: copy, changed: paths.length > 0 }
}

/** The update to apply: operators as sent, or plain fields merged as `$set`. */
function modifierOf(data: Doc): Doc {
  const keys = Object.keys(data)
  const operators = keys.filter((k) => k.startsWith('$'))
  if (operators.length === 0) return { $set: data }
  if (operators.length !== keys.length) {
    throw new CloudError(CloudCode.DATABASE_INVALID_OPERATOR, 'update mixes operators and plain fields')
  }
  return data
}

function replacementOf(data: Doc): Doc {
  if (Object.keys(data).some((k) => k.startsWith('$'))) {
    throw new CloudError(
      CloudCode.DATABASE_REQUEST_FAILED,
      'update operator complicit: set() takes a whole document',
    )
  }
  if ('_id' in data) throw new CloudError(CloudCode.INVALID_PARAM, 'set() data must not contain _id')
  return data
}

export class DatabaseActions {
  constructor(
    private readonly store: Store,
    private readonly transactions: Transactions,
  ) {}

  /** Resolves the access path of a request: its transaction, or the store directly. */
  private accessFor(
    body: Body,
    collection: string,
    allowedInTransaction: boolean,
  ): DocumentAccess | undefined {
    if (!this.store.hasCollection(collection)) {
      throw new CloudError(CloudCode.DATABASE_COLLECTION_NOT_EXIST, `Db or Table not exist: ${collection}`)
    }
    const txnId = body.transactionId
    if (txnId === undefined || txnId === null || txnId === '') return undefined
    if (typeof txnId !== 'string')
      throw new CloudError(CloudCode.INVALID_PARAM, 'transactionId must be a string')
    const access = this.transactions.access(txnId)
    if (!allowedInTransaction) {
      throw new CloudError(
        CloudCode.DATABASE_REQUEST_FAILED,
        'a transaction allows only single-document operations (doc(id).get/set/update/remove and add)',
      )
    }
    return access
  }

  readonly handlers: Record<string, (body: Body) => unknown> = {
    'database.addCollection': (body) => {
      const name = collectionName(body)
      if (!this.store.createCollection(name)) {
        throw new CloudError(CloudCode.DATABASE_REQUEST_FAILED, `collection already exists: ${name}`)
      }
      return {}
    },

    'database.getDocument': (body) => {
      const now = Date.now()
      const collection = collectionName(body)
      const query = optionalObject(body, 'query', now) ?? {}
      const projection = optionalObject(body, 'projection', now)
      const txn = this.accessFor(body, collection, isDocQuery(body))
      if (isDocQuery(body)) {
        const doc = (txn ?? directAccess(this.store)).get(collection, docId(query))
        const list = doc ? (projection ? project([doc], projection) : [doc]) : []
        return { list: list.map(serializeDoc) }
      }
      const docs = evaluation(() =>
        this.store.find(collection, query, {
          order: sortSpec(body, now),
          offset: nonNegativeInt(body.offset, 'offset'),
          limit: effectiveLimit(body.limit),
          projection,
        }),
      )
      return { list: docs.map(serializeDoc) }
    },

    'database.calculateDocument': (body) => {
      const collection = collectionName(body)
      this.accessFor(body, collection, false)
      const query = optionalObject(body, 'query', Date.now()) ?? {}
      return { total: evaluation(() => this.store.count(collection, query)) }
    },

    'database.insertDocument': (body) => {
      const now = Date.now()
      const collection = collectionName(body)
      const txn = this.accessFor(body, collection, true)
      if (!Array.isArray(body.data) || body.data.length === 0) {
        throw new CloudError(CloudCode.INVALID_PARAM, 'data must be a non-empty array of EJSON documents')
      }
      if (txn && body.data.length !== 1) {
        throw new CloudError(CloudCode.DATABASE_REQUEST_FAILED, 'a transaction adds one document at a time')
      }
      const docs = body.data.map((text, i) => {
        const doc = parseObject(text, `data[${i}]`, now)
        return doc._id === undefined ? { _id: newDocumentId(), ...doc } : doc
      })
      const access = txn ?? directAccess(this.store)
      this.store.transaction(() => {
        for (const doc of docs) {
          if (txn && txn.get(collection, doc._id) !== undefined) {
            throw new CloudError(
              CloudCode.DATABASE_DUPLICATE_WRITE,
              `E11000 duplicate key error collection: ${collection} index: _id_ dup key: { _id: ${JSON.stringify(doc._id)} }`,
            )
          }
          access.put(collection, doc, false)
        }
      })
      return { insertedIds: docs.map((d) => d._id) }
    },

    'database.modifyDocument': (body) => {
      const now = Date.now()
      const collection = collectionName(body)
      const txn = this.accessFor(body, collection, isDocQuery(body))
      const query = optionalObject(body, 'query', now) ?? {}
      const data = parseObject(body.data, 'data', now)
      const merge = body.merge !== false
      const change = merge ? modifierOf(data) : replacementOf(data)
      const rewrite = (doc: Doc): { doc: Doc; changed: boolean } =>
        merge ? modified(doc, change) : { doc: { _id: doc._id, ...change }, changed: true }

      if (isDocQuery(body)) {
        const access = txn ?? directAccess(this.store)
        const id = docId(query)
        return this.store.transaction(() => {
          const current = access.get(collection, id)
          if (current) {
            const next = rewrite(current)
            const changed = merge ? next.changed : serializeDoc(next.doc) !== serializeDoc(current)
            if (changed) access.put(collection, next.doc, true)
            return { updated: changed ? 1 : 0, upsert_id: null }
          }
          if (body.upsert === true) {
            access.put(collection, rewrite({ _id: id }).doc, false)
            return { updated: 0, upsert_id: id }
          }
          return { updated: 0, upsert_id: null }
        })
      }
      const multi = body.multi !== false
      return this.store.transaction(() => {
        let updated = 0
        for (const doc of this.matchingDocs(collection, query, multi)) {
          const next = rewrite(doc)
          if (next.changed) {
            this.store.replace(collection, next.doc)
            updated++
          }
        }
        return { updated, upsert_id: null }
      })
    },

    'database.modifyAndReturnDoc': (body) => {
      const now = Date.now()
      const collection = collectionName(body)
      this.accessFor(body, collection, false)
      const query = optionalObject(body, 'query', now) ?? {}
      const modifier = modifierOf(parseObject(body.data, 'data', now))
      return this.store.transaction(() => {
        const [doc] = this.matchingDocs(collection, query, false)
        if (!doc) return { updated: 0, doc: null }
        const next = modified(doc, modifier)
        if (next.changed) this.store.replace(collection, next.doc)
        return { updated: next.changed ? 1 : 0, doc: serializeDoc(next.doc) }
      })
    },

    'database.removeDocument': (body) => {
      const collection = collectionName(body)
      const txn = this.accessFor(body, collection, isDocQuery(body))
      const query = optionalObject(body, 'query', Date.now()) ?? {}
      if (isDocQuery(body))
        return { deleted: (txn ?? directAccess(this.store)).delete(collection, docId(query)) }
      const multi = body.multi !== false
      return this.store.transaction(() => {
        let deleted = 0
        for (const doc of this.matchingDocs(collection, query, multi))
          deleted += this.store.remove(collection, doc._id)
        return { deleted }
      })
    },

    'database.aggregateDocuments': (body) => {
      const now = Date.now()
      const collection = collectionName(body)
      this.accessFor(body, collection, false)
      if (!Array.isArray(body.stages))
        throw new CloudError(CloudCode.INVALID_PARAM, 'stages must be an array')
      const pipeline = body.stages.map((stage: unknown, i) => {
        if (!isPlainObject(stage) || typeof stage.stageKey !== 'string' || !stage.stageKey.startsWith('$')) {
          throw new CloudError(CloudCode.INVALID_PARAM, `stages[${i}] must be {stageKey, stageValue}`)
        }
        return { [stage.stageKey]: parseEjson(stage.stageValue, `stages[${i}].stageValue`, now) } as Doc
      })
      // The platform returns 20 rows unless the pipeline limits them itself.
      if (!pipeline.some((stage) => '$limit' in stage)) pipeline.push({ $limit: AGGREGATE_DEFAULT_LIMIT })
      const docs = evaluation(() => this.store.aggregate(collection, pipeline))
      return { list: docs.map(serializeDoc) }
    },
  }

  /** Matching documents, collected before any write (SQLite cannot write while a read iterates). */
  private matchingDocs(collection: string, query: Doc, multi: boolean): Doc[] {
    const out: Doc[] = []
    evaluation(() => {
      for (const { doc } of this.store.matches(collection, query)) {
        out.push(doc)
        if (!multi) break
      }
    })
    return out
  }

  readonly transactionHandlers: Record<string, (body: Body) => unknown> = {
    'database.startTransaction': () => ({ transactionId: this.transactions.start() }),
    'database.commitTransaction': (body) => {
      this.transactions.commit(String(body.transactionId))
      return {}
    },
    'database.abortTransaction': (body) => {
      this.transactions.abort(String(body.transactionId))
      return {}
    },
  }
}
