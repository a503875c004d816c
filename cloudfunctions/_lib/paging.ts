/**
 * Keyset paging of event lists ordered by (happenedOn, _id): the cursor is the last item's
 * `<happenedOn>|<id>`, so a page costs the same however deep it is and an event logged meanwhile
 * neither repeats nor skips one.
 */
import { isCalendarDate } from '../../src/core/china-time'
import { EVENT_ID } from '../../src/core/event-input'
import { db, type Doc } from './cloud'

export interface Cursor {
  readonly happenedOn: string
  readonly id: string
}

/** The cursor in a request: undefined when absent, null when malformed. */
export function parseCursor(value: unknown): Cursor | undefined | null {
  if (value === undefined || value === null || value === '') return undefined
  if (typeof value !== 'string') return null
  const [happenedOn, id] = value.split('|')
  return isCalendarDate(happenedOn) && typeof id === 'string' && EVENT_ID.test(id) ? { happenedOn, id } : null
}

export const cursorOf = (doc: Doc): string => `${String(doc.happenedOn)}|${String(doc._id)}`

/**
 * `where` (plain field conditions), with any `also` conditions (commands such as `_.or`, never spread:
 * a command is not a plain object), narrowed to the items after the cursor in `order` of (happenedOn, _id).
 */
export function afterCursor(
  where: Doc,
  cursor: Cursor | undefined,
  order: 'asc' | 'desc',
  also: readonly unknown[] = [],
): unknown {
  if (!cursor) return also.length === 0 ? where : db.command.and([where, ...also])
  return afterKey(where, { field: 'happenedOn', key: cursor.happenedOn, id: cursor.id }, order, also)
}

/** `where` narrowed to the documents after (`key`, `id`) in `order` of (`field`, _id): any keyset. */
export function afterKey(
  where: Doc,
  after: { readonly field: string; readonly key: string; readonly id: string },
  order: 'asc' | 'desc',
  also: readonly unknown[] = [],
): unknown {
  const $ = db.command
  const beyond = order === 'desc' ? $.lt : $.gt
  const upTo = order === 'desc' ? $.lte : $.gte
  const { field, key, id } = after
  return $.and([
    { ...where, [field]: upTo(key) },
    ...also,
    $.or([{ [field]: beyond(key) }, { [field]: key, _id: beyond(id) }]),
  ])
}

/** One page of `limit` events and the cursor of the next, from a query that asked for limit + 1. */
export function pageOf(data: Doc[], limit: number): { page: Doc[]; next?: string } {
  const page = data.slice(0, limit)
  const last = page[page.length - 1]
  return { page, ...(data.length > limit && last ? { next: cursorOf(last) } : {}) }
}

/**
 * Every document of `collection` matching `where`, a page of 1000 (the most one read returns) at a
 * time, in `_id` order: for the scans that must see everything (a reconcile, a close, an export).
 */
export async function* pagesById(
  collection: string,
  where: unknown,
  projection?: Record<string, boolean>,
): AsyncGenerator<Doc[]> {
  const $ = db.command
  let after: string | undefined
  for (;;) {
    let query = db
      .collection(collection)
      .where(after === undefined ? where : $.and([where, { _id: $.gt(after) }]))
    if (projection) query = query.field(projection)
    const { data } = await query.orderBy('_id', 'asc').limit(PAGE_BY_ID).get()
    yield data
    if (data.length < PAGE_BY_ID) return
    after = String(data[data.length - 1]!._id)
  }
}

const PAGE_BY_ID = 1000
