/**
 * Order-preserving keys for indexed fields.
 *
 * Each indexed field of a document is stored in its own SQLite column as a TEXT key whose binary
 * order equals MongoDB's comparison order within and across types (null < numbers < strings <
 * ObjectId < booleans < dates). A type prefix makes range conditions type-bracketed, as in MongoDB:
 * `$gt: 5` never matches a string. Values that cannot be keyed (arrays, objects, others) get the
 * marker `X`: such documents are always candidates and mingo decides, so the index narrows the
 * search and never changes a result.
 */
import { ObjectId } from 'bson'

export const NULL_KEY = '0'
export const UNKEYABLE = 'X'

const PREFIX = { number: '1', string: '2', objectId: '7', boolean: '8', date: '9' } as const
/** The first prefix after each type, to close a type-bracketed range. */
const NEXT_PREFIX: Record<string, string> = { '1': '2', '2': '3', '7': '8', '8': '9', '9': ':' }

const buf = Buffer.alloc(8)
/** 16 hex digits whose string order is the numeric order of the double (NaN lowest, as in MongoDB). */
function sortableDouble(n: number): string {
  if (Number.isNaN(n)) return '0000000000000000'
  buf.writeDoubleBE(n === 0 ? 0 : n) // -0 and 0 are equal
  if (n >= 0) {
    buf[0] = buf[0]! ^ 0x80
  } else {
    for (let i = 0; i < 8; i++) buf[i] = ~buf[i]! & 0xff
  }
  return buf.toString('hex')
}

/** The key of a scalar value, or undefined when the value cannot be keyed. */
export function keyOf(value: unknown): string | undefined {
  if (value === null || value === undefined) return NULL_KEY
  switch (typeof value) {
    case 'number':
      return PREFIX.number + sortableDouble(value)
    case 'bigint':
      return PREFIX.number + sortableDouble(Number(value))
    case 'string':
      return PREFIX.string + value
    case 'boolean':
      return PREFIX.boolean + (value ? '1' : '0')
    default:
      break
  }
  if (value instanceof Date) return PREFIX.date + sortableDouble(value.getTime())
  if (value instanceof ObjectId) return PREFIX.objectId + value.toHexString()
  return undefined
}

/** The key a document stores for a field path: missing → null key, arrays/objects → UNKEYABLE. */
export function keyAtPath(doc: Record<string, unknown>, path: string): string {
  let current: unknown = doc
  for (const part of path.split('.')) {
    if (current === null || current === undefined) return NULL_KEY
    if (Array.isArray(current)) return UNKEYABLE
    if (typeof current !== 'object' || current instanceof Date) return NULL_KEY
    current = (current as Record<string, unknown>)[part]
  }
  return keyOf(current) ?? UNKEYABLE
}

/** The exclusive upper bound of the key range of the type of `key`. */
export function typeUpperBound(key: string): string {
  return NEXT_PREFIX[key[0]!] ?? key[0]!
}

/** The inclusive lower bound (the bare prefix) of the key range of the type of `key`. */
export function typeLowerBound(key: string): string {
  return key[0]!
}
