/**
 * Documents in SQLite, queried with MongoDB semantics by mingo.
 *
 * One table per collection: `id` (the key of `_id`), `ver` (a version that only grows, used by
 * optimistic transactions), `doc` (relaxed EJSON) and one key column per indexed field path (see
 * index-key.ts). Declared indexes become SQLite indexes on those columns, so equality and range
 * conditions on them never scan the collection; everything else is evaluated by mingo on the
 * candidates, streamed one row at a time so memory does not grow with the collection.
 */
import { randomBytes } from 'node:crypto'
import type BetterSqlite3 from 'better-sqlite3'
import { EJSON } from 'bson'
import { Aggregator, Query } from 'mingo'
import type { CollectionDeclaration, IndexDeclaration } from '../../../cloudfunctions/collections'
import { MAX_INDEXES_PER_COLLECTION } from '../../../cloudfunctions/collections'
import { CloudCode, CloudError, collectionNotExist, duplicateKeyError } from '../errors'
import { keyAtPath, keyOf, UNKEYABLE } from './index-key'
import { planQuery, type QueryPlan } from './query-plan'

export type Doc = Record<string, unknown> & { _id?: unknown }
export type SortSpec = Record<string, 1 | -1>

export interface FindOptions {
  readonly order?: SortSpec
  readonly offset?: number
  readonly limit: number
  readonly projection?: Record<string, unknown>
}

export interface StoredDoc {
  readonly doc: Doc
  readonly ver: number
}

interface CollectionMeta {
  readonly name: string
  readonly table: string
  /** Indexed field path → quoted key column. `_id` maps to the `id` column. */
  readonly columns: Map<string, string>
}

const quote = (identifier: string): string => `"${identifier.replace(/"/g, '""')}"`
const ID_COLUMN = 'id'

export const serializeDoc = (doc: Doc): string => EJSON.stringify(doc, { relaxed: true })
/** A stored document; one without extended types (no `"$` in its text: dates, ids …) is plain JSON. */
export const parseDoc = (text: string): Doc =>
  (text.includes('"$') ? EJSON.parse(text, { relaxed: true }) : JSON.parse(text)) as Doc

/** CloudBase-style document id: 32 hex digits. */
export const newDocumentId = (): string => randomBytes(16).toString('hex')

export function idKey(id: unknown): string {
  const key = keyOf(id)
  if (key === undefined || id === null || id === undefined) {
    throw new CloudError(CloudCode.INVALID_PARAM, `_id must be a string or a number`)
  }
  return key
}

export class Store {
  private readonly collections = new Map<string, CollectionMeta>()
  private readonly statements = new Map<string, BetterSqlite3.Statement>()
  private lastVersion = 0

  constructor(private readonly db: BetterSqlite3.Database) {
    db.exec('CREATE TABLE IF NOT EXISTS _collections (name TEXT PRIMARY KEY, tbl TEXT NOT NULL)')
    for (const row of db.prepare('SELECT name, tbl FROM _collections').all() as {
      name: string
      tbl: string
    }[]) {
      this.collections.set(row.name, { name: row.name, table: row.tbl, columns: this.readColumns(row.tbl) })
    }
  }

  /** A version greater than every version handed out before, also across restarts. */
  nextVersion(): number {
    this.lastVersion = Math.max(this.lastVersion + 1, Date.now() * 1000)
    return this.lastVersion
  }

  private prepare(sql: string): BetterSqlite3.Statement {
    let stmt = this.statements.get(sql)
    if (!stmt) {
      stmt = this.db.prepare(sql)
      this.statements.set(sql, stmt)
    }
    return stmt
  }

  private readColumns(table: string): Map<string, string> {
    const columns = new Map<string, string>([['_id', ID_COLUMN]])
    for (const col of this.db.pragma(`table_info(${quote(table)})`) as { name: string }[]) {
      if (col.name.startsWith('k:')) columns.set(col.name.slice(2), quote(col.name))
    }
    return columns
  }

  hasCollection(name: string): boolean {
    return this.collections.has(name)
  }

  /** Creates a collection; false when it already existed. */
  createCollection(name: string): boolean {
    if (!/^[A-Za-z0-9_.-]{1,64}$/.test(name)) {
      throw new CloudError(CloudCode.INVALID_PARAM, `invalid collection name: ${name}`)
    }
    if (this.collections.has(name)) return false
    const table = `c:${name}`
    this.db.exec(
      `CREATE TABLE IF NOT EXISTS ${quote(table)} (rid INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, ver INTEGER NOT NULL, doc TEXT NOT NULL)`,
    )
    this.db.prepare('INSERT OR IGNORE INTO _collections (name, tbl) VALUES (?, ?)').run(name, table)
    this.collections.set(name, { name, table, columns: this.readColumns(table) })
    return true
  }

  /** Creates the declared collections and makes their SQLite indexes match the declaration. */
  applyDeclarations(declarations: readonly CollectionDeclaration[]): void {
    for (const decl of declarations) {
      if (decl.indexes.length > MAX_INDEXES_PER_COLLECTION) {
        throw new Error(`${decl.name}: at most ${MAX_INDEXES_PER_COLLECTION} indexes per collection`)
      }
      this.db.transaction(() => {
        this.createCollection(decl.name)
        for (const index of decl.indexes)
          for (const f of index.fields) this.ensureKeyColumn(decl.name, f.field)
        this.syncIndexes(decl.name, decl.indexes)
      })()
    }
  }

  private ensureKeyColumn(collection: string, path: string): void {
    const meta = this.meta(collection)
    if (path === '_id' || meta.columns.has(path)) return
    const column = quote(`k:${path}`)
    this.db.exec(`ALTER TABLE ${quote(meta.table)} ADD COLUMN ${column} TEXT NOT NULL DEFAULT '0'`)
    // Backfill existing documents, a row at a time (ids first: no writes while a statement iterates).
    const rows = this.db.prepare(`SELECT rid, doc FROM ${quote(meta.table)}`).all() as {
      rid: number
      doc: string
    }[]
    const update = this.db.prepare(`UPDATE ${quote(meta.table)} SET ${column} = ? WHERE rid = ?`)
    for (const row of rows) update.run(keyAtPath(parseDoc(row.doc), path), row.rid)
    this.db.exec(
      `CREATE INDEX IF NOT EXISTS ${quote(`xk:${collection}:${path}`)} ON ${quote(meta.table)} (${column}) WHERE ${column} = '${UNKEYABLE}'`,
    )
    meta.columns.set(path, column)
    this.statements.clear()
  }

  private syncIndexes(collection: string, indexes: readonly IndexDeclaration[]): void {
    const meta = this.meta(collection)
    const prefix = `ix:${collection}:`
    const wanted = new Map(
      indexes.map((index) => {
        const cols = index.fields.map(
          (f) => `${meta.columns.get(f.field)}${f.direction === -1 ? ' DESC' : ''}`,
        )
        const sql = `CREATE ${index.unique ? 'UNIQUE ' : ''}INDEX ${quote(prefix + index.name)} ON ${quote(meta.table)} (${cols.join(', ')})`
        return [prefix + index.name, sql] as const
      }),
    )
    const existing = this.db
      .prepare(
        `SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND name LIKE 'ix:%'`,
      )
      .all(meta.table) as { name: string; sql: string }[]
    for (const index of existing) {
      if (wanted.get(index.name) !== index.sql) this.db.exec(`DROP INDEX ${quote(index.name)}`)
    }
    for (const [name, sql] of wanted) {
      if (!existing.some((e) => e.name === name && e.sql === sql)) {
        try {
          this.db.exec(sql)
        } catch (e) {
          throw new Error(`${collection}: cannot create index ${name}: ${(e as Error).message}`)
        }
      }
    }
  }

  private meta(collection: string): CollectionMeta {
    const meta = this.collections.get(collection)
    if (!meta) throw collectionNotExist(collection)
    return meta
  }

  // ---- reads ----------------------------------------------------------------------------------

  getById(collection: string, id: unknown): StoredDoc | undefined {
    const meta = this.meta(collection)
    const row = this.prepare(`SELECT ver, doc FROM ${quote(meta.table)} WHERE id = ?`).get(idKey(id)) as
      { ver: number; doc: string } | undefined
    return row && { doc: parseDoc(row.doc), ver: row.ver }
  }

  /** The current version of a document, 0 when it does not exist. */
  versionOf(collection: string, id: unknown): number {
    const meta = this.meta(collection)
    const row = this.prepare(`SELECT ver FROM ${quote(meta.table)} WHERE id = ?`).get(idKey(id)) as
      { ver: number } | undefined
    return row?.ver ?? 0
  }

  private hasUnkeyable(meta: CollectionMeta, column: string): boolean {
    if (column === ID_COLUMN) return false
    return (
      this.prepare(`SELECT 1 FROM ${quote(meta.table)} WHERE ${column} = '${UNKEYABLE}' LIMIT 1`).get() !==
      undefined
    )
  }

  /** WHERE clause and params for a plan; `exact` is false when unkeyable values force mingo to decide. */
  private whereOf(meta: CollectionMeta, plan: QueryPlan): { sql: string; params: string[]; exact: boolean } {
    let exact = plan.exact
    const parts: string[] = []
    const params: string[] = []
    for (const cond of plan.conditions) {
      if (this.hasUnkeyable(meta, cond.column)) {
        exact = false
        parts.push(`((${cond.sql}) OR ${cond.column} = '${UNKEYABLE}')`)
      } else {
        parts.push(`(${cond.sql})`)
      }
      params.push(...cond.params)
    }
    return { sql: parts.length ? `WHERE ${parts.join(' AND ')}` : '', params, exact }
  }

  /** ORDER BY for a sort spec when every sort field is a key column without unkeyable values. */
  private sqlOrder(meta: CollectionMeta, order: SortSpec | undefined): string | undefined {
    const entries = Object.entries(order ?? {})
    if (entries.length === 0) return 'ORDER BY rid'
    const parts: string[] = []
    for (const [field, dir] of entries) {
      const column = meta.columns.get(field)
      if (!column || this.hasUnkeyable(meta, column)) return undefined
      parts.push(`${column}${dir === -1 ? ' DESC' : ''}`)
    }
    return `ORDER BY ${parts.join(', ')}, rid`
  }

  /** Explains how SQLite runs the candidate query (for tests and benchmarks). */
  explain(collection: string, query: Doc): string[] {
    const meta = this.meta(collection)
    const where = this.whereOf(
      meta,
      planQuery(query, (p) => meta.columns.get(p)),
    )
    const rows = this.db
      .prepare(`EXPLAIN QUERY PLAN SELECT doc FROM ${quote(meta.table)} ${where.sql}`)
      .all(...where.params) as { detail: string }[]
    return rows.map((r) => r.detail)
  }

  /** Matching documents, streamed; in `order` when given and SQL can sort, else in insertion order. */
  *matches(
    collection: string,
    query: Doc,
    orderSql = 'ORDER BY rid',
  ): Generator<StoredDoc & { rid: number }> {
    const meta = this.meta(collection)
    const where = this.whereOf(
      meta,
      planQuery(query, (p) => meta.columns.get(p)),
    )
    const test = where.exact ? undefined : new Query(query)
    const stmt = this.prepare(`SELECT rid, ver, doc FROM ${quote(meta.table)} ${where.sql} ${orderSql}`)
    for (const row of stmt.iterate(...where.params) as Iterable<{ rid: number; ver: number; doc: string }>) {
      const doc = parseDoc(row.doc)
      if (!test || test.test(doc)) yield { doc, ver: row.ver, rid: row.rid }
    }
  }

  find(collection: string, query: Doc, options: FindOptions): Doc[] {
    const meta = this.meta(collection)
    const offset = options.offset ?? 0
    const where = this.whereOf(
      meta,
      planQuery(query, (p) => meta.columns.get(p)),
    )
    const orderSql = this.sqlOrder(meta, options.order)
    let docs: Doc[]
    if (where.exact && orderSql) {
      // A projection that leaves out top-level fields is applied by SQLite before the text is parsed, as
      // a database server skips them: leaving out a large field then costs nothing (rollups' day cells).
      const omitted = omittedFields(options.projection)
      const column = omitted ? `json_remove(doc, ${omitted.map((f) => `'$.${f}'`).join(', ')})` : 'doc'
      const rows = this.prepare(
        `SELECT ${column} AS doc FROM ${quote(meta.table)} ${where.sql} ${orderSql} LIMIT ? OFFSET ?`,
      ).all(...where.params, options.limit, offset) as { doc: string }[]
      docs = rows.map((r) => parseDoc(r.doc))
      if (omitted) return docs
    } else if (orderSql) {
      docs = []
      let skipped = 0
      for (const { doc } of this.matches(collection, query, orderSql)) {
        if (skipped < offset) skipped++
        else docs.push(doc)
        if (docs.length >= options.limit) break
      }
    } else {
      docs = this.topK(this.matches(collection, query), options.order ?? {}, offset + options.limit).slice(
        offset,
      )
    }
    return options.projection ? project(docs, options.projection) : docs
  }

  /** The first k documents in sort order, holding at most about 2k in memory. */
  private topK(source: Iterable<StoredDoc>, order: SortSpec, k: number): Doc[] {
    const sorter = new Aggregator([{ $sort: order }])
    let buffer: Doc[] = []
    for (const { doc } of source) {
      buffer.push(doc)
      if (buffer.length >= 2 * k + 64) buffer = (sorter.run(buffer) as Doc[]).slice(0, k)
    }
    return (sorter.run(buffer) as Doc[]).slice(0, k)
  }

  count(collection: string, query: Doc): number {
    const meta = this.meta(collection)
    const where = this.whereOf(
      meta,
      planQuery(query, (p) => meta.columns.get(p)),
    )
    if (where.exact) {
      const row = this.prepare(`SELECT COUNT(*) AS n FROM ${quote(meta.table)} ${where.sql}`).get(
        ...where.params,
      ) as {
        n: number
      }
      return row.n
    }
    let n = 0
    for (const _ of this.matches(collection, query)) n++
    return n
  }

  aggregate(collection: string, pipeline: Doc[]): Doc[] {
    this.meta(collection)
    const first = pipeline[0]
    const leadingMatch = first && '$match' in first ? (first.$match as Doc) : {}
    const source = (function* (store: Store) {
      for (const { doc } of store.matches(collection, leadingMatch)) yield doc
    })(this)
    const aggregator = new Aggregator(pipeline, {
      collectionResolver: (name: string) => [...this.matches(name, {})].map((m) => m.doc),
    })
    return aggregator.run(source) as Doc[]
  }

  // ---- writes (callers wrap several in one `transaction`) ----------------------------------------

  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)()
  }

  /** Inserts a new document; rejects a duplicate `_id` or a unique-index violation. */
  insert(collection: string, doc: Doc): void {
    const meta = this.meta(collection)
    const key = idKey(doc._id)
    const paths = [...meta.columns.keys()].filter((p) => p !== '_id')
    const cols = paths.map((p) => meta.columns.get(p)!)
    try {
      this.prepare(
        `INSERT INTO ${quote(meta.table)} (id, ver, doc${cols.map((c) => `, ${c}`).join('')}) VALUES (?, ?, ?${cols.map(() => ', ?').join('')})`,
      ).run(key, this.nextVersion(), serializeDoc(doc), ...paths.map((p) => keyAtPath(doc, p)))
    } catch (e) {
      throw this.mapConstraint(e, meta, doc)
    }
  }

  /** Replaces an existing document (same `_id`), keeping its place in insertion order. */
  replace(collection: string, doc: Doc): void {
    const meta = this.meta(collection)
    const paths = [...meta.columns.keys()].filter((p) => p !== '_id')
    const cols = paths.map((p) => meta.columns.get(p)!)
    try {
      this.prepare(
        `UPDATE ${quote(meta.table)} SET ver = ?, doc = ?${cols.map((c) => `, ${c} = ?`).join('')} WHERE id = ?`,
      ).run(this.nextVersion(), serializeDoc(doc), ...paths.map((p) => keyAtPath(doc, p)), idKey(doc._id))
    } catch (e) {
      throw this.mapConstraint(e, meta, doc)
    }
  }

  remove(collection: string, id: unknown): number {
    const meta = this.meta(collection)
    return this.prepare(`DELETE FROM ${quote(meta.table)} WHERE id = ?`).run(idKey(id)).changes
  }

  private mapConstraint(e: unknown, meta: CollectionMeta, doc: Doc): unknown {
    const err = e as { code?: string; message?: string }
    if (err.code === 'SQLITE_CONSTRAINT_UNIQUE' || err.code === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
      if (err.message?.includes(`.id`) && !err.message.includes('k:')) {
        return duplicateKeyError(meta.name, '_id_', `{ _id: ${JSON.stringify(doc._id)} }`)
      }
      const fields = [...(err.message ?? '').matchAll(/k:([^,\s]+)/g)].map((m) => m[1]!)
      const key = fields.map((f) => `${f}: ${JSON.stringify(keyAtPath(doc, f).slice(1))}`).join(', ')
      return duplicateKeyError(meta.name, fields.join('_'), `{ ${key} }`)
    }
    return e
  }
}

/** The top-level fields an exclusion projection (`{ cells: false }`) leaves out, when it is only that. */
function omittedFields(projection: Record<string, unknown> | undefined): string[] | undefined {
  if (!projection) return undefined
  const keys = Object.keys(projection)
  if (keys.length === 0) return undefined
  const plain = keys.every(
    (k) => /^[A-Za-z][A-Za-z0-9]*$/.test(k) && (projection[k] === false || projection[k] === 0),
  )
  return plain ? keys : undefined
}

export function project(docs: Doc[], projection: Record<string, unknown>): Doc[] {
  if (Object.keys(projection).length === 0) return docs
  return new Query({}).find<Doc>(docs, projection).all()
}
