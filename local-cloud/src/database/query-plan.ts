/**
 * Which part of a MongoDB query can run on a SQLite index.
 *
 * Only equality, `$in` and range conditions on indexed fields (top level, or inside a top-level
 * `$and`) are translated. The translation is a superset filter: SQLite narrows the candidates and
 * mingo evaluates the whole query on each of them. When every condition was translated and no
 * candidate column holds an unkeyable value, the SQL alone is exact, and the store may also count,
 * sort and paginate in SQL.
 */
import { ObjectId } from 'bson'
import { keyOf, NULL_KEY, typeLowerBound, typeUpperBound } from './index-key'

export interface SqlCondition {
  /** Quoted column name. */
  readonly column: string
  readonly sql: string
  readonly params: readonly string[]
}

export interface QueryPlan {
  readonly conditions: readonly SqlCondition[]
  /** True when the conditions alone select exactly the matching documents. */
  readonly exact: boolean
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' &&
  v !== null &&
  !Array.isArray(v) &&
  !(v instanceof Date) &&
  !(v instanceof RegExp) &&
  !(v instanceof ObjectId)

/** A scalar's key, but never for null in a range and never for unkeyable values. */
const scalarKey = (v: unknown): string | undefined =>
  isPlainObject(v) || Array.isArray(v) ? undefined : keyOf(v)

function conditionsForField(column: string, value: unknown): SqlCondition[] | undefined {
  if (isPlainObject(value)) {
    const ops = Object.keys(value)
    if (ops.length === 0 || !ops.every((op) => op.startsWith('$'))) return undefined
    const out: SqlCondition[] = []
    for (const op of ops) {
      const operand = value[op]
      if (op === '$eq') {
        const key = scalarKey(operand)
        if (key === undefined) return undefined
        out.push({ column, sql: `${column} = ?`, params: [key] })
      } else if (op === '$in') {
        if (!Array.isArray(operand) || operand.length === 0) return undefined
        const keys = operand.map(scalarKey)
        if (keys.some((k) => k === undefined)) return undefined
        out.push({ column, sql: `${column} IN (${keys.map(() => '?').join(',')})`, params: keys as string[] })
      } else if (op === '$gt' || op === '$gte' || op === '$lt' || op === '$lte') {
        const key = scalarKey(operand)
        if (key === undefined || key === NULL_KEY) return undefined
        const cmp = { $gt: '>', $gte: '>=', $lt: '<', $lte: '<=' }[op]
        // Type bracketing: a range on a number only ever matches numbers.
        const bracket = op === '$gt' || op === '$gte' ? `${column} < ?` : `${column} >= ?`
        const bound = op === '$gt' || op === '$gte' ? typeUpperBound(key) : typeLowerBound(key)
        out.push({ column, sql: `${column} ${cmp} ? AND ${bracket}`, params: [key, bound] })
      } else {
        return undefined
      }
    }
    return out
  }
  const key = scalarKey(value)
  if (key === undefined) return undefined
  return [{ column, sql: `${column} = ?`, params: [key] }]
}

/**
 * Plans a query against the indexed columns of a collection.
 * @param columnOf maps an indexed field path (and `_id`) to its quoted column name.
 */
export function planQuery(
  query: Record<string, unknown>,
  columnOf: (path: string) => string | undefined,
): QueryPlan {
  const conditions: SqlCondition[] = []
  let exact = true
  const visit = (q: Record<string, unknown>): void => {
    for (const [field, value] of Object.entries(q)) {
      if (field === '$and' && Array.isArray(value)) {
        for (const part of value) {
          if (isPlainObject(part)) visit(part)
          else exact = false
        }
        continue
      }
      const column = field.startsWith('$') ? undefined : columnOf(field)
      const translated = column === undefined ? undefined : conditionsForField(column, value)
      if (translated === undefined) exact = false
      else conditions.push(...translated)
    }
  }
  visit(query)
  return { conditions, exact }
}
