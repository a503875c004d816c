/** audit: the street's audit log (操作日志) for its admins, newest first, page by page. */
import type { AuditAction } from '../../src/core/audit'
import { AUDIT_PAGE } from '../../src/core/audit'
import type { AuditEntryView } from '../../src/core/contract'
import { AppError } from '../../src/core/errors'
import { db, isoOf, type Doc } from '../_lib/cloud'
import { ownStreet } from '../_lib/scope'
import { serve } from '../_lib/serve'

function view(doc: Doc): AuditEntryView {
  const target = doc.target as AuditEntryView['target'] | undefined
  return {
    id: String(doc._id),
    at: isoOf(doc.at),
    action: doc.action as AuditAction,
    actorName: String(doc.actorName ?? ''),
    outcome: doc.outcome === 'refused' ? 'refused' : 'ok',
    ...(typeof doc.code === 'string' ? { code: doc.code } : {}),
    ...(typeof doc.attempted === 'string' ? { attempted: doc.attempted } : {}),
    ...(target
      ? { target: { kind: target.kind, id: target.id, ...(target.label ? { label: target.label } : {}) } }
      : {}),
    ...(doc.changes ? { changes: doc.changes as AuditEntryView['changes'] } : {}),
  }
}

/** Cursor: the last entry's time and id (entries of the same millisecond are told apart by id). */
const cursorOf = (doc: Doc): string => `${isoOf(doc.at)}|${String(doc._id)}`

function parseCursor(value: unknown): { at: Date; id: string } | undefined {
  if (value === undefined) return undefined
  const [at, id] = typeof value === 'string' ? value.split('|') : []
  const date = at ? new Date(at) : undefined
  if (!date || Number.isNaN(date.getTime()) || !id) throw new AppError('REQUEST.INVALID', { field: 'before' })
  return { at: date, id }
}

export const main = serve('audit', {
  list: {
    access: 'audit.read',
    async run(request, ctx) {
      const street = await ownStreet(ctx, 'audit.read')
      const limit =
        typeof request.limit === 'number' && Number.isInteger(request.limit) && request.limit > 0
          ? Math.min(request.limit, AUDIT_PAGE.max)
          : AUDIT_PAGE.default
      const before = parseCursor(request.before)
      const _ = db.command
      const log = db.collection('auditLog')
      // After a cursor: first the rest of its millisecond (by _id), then everything older; each query
      // is exact on the (streetId, at) index, however many entries share a millisecond.
      const [sameMoment, older] = await Promise.all([
        before
          ? log
              .where({ streetId: street.id, at: before.at, _id: _.lt(before.id) })
              .orderBy('_id', 'desc')
              .limit(limit + 1)
              .get()
          : { data: [] },
        log
          .where({ streetId: street.id, ...(before ? { at: _.lt(before.at) } : {}) })
          .orderBy('at', 'desc')
          .orderBy('_id', 'desc')
          .limit(limit + 1)
          .get(),
      ])
      const rest = [...sameMoment.data, ...older.data]
      const page = rest.slice(0, limit)
      const next = rest.length > limit ? cursorOf(page[page.length - 1]!) : undefined
      return { entries: page.map(view), ...(next ? { next } : {}) }
    },
  },
})
