/**
 * `publications`: legal-service activities publicised to residents.
 *
 * Staff publish the public face of an activity-type event (or announce one before it is held; the event
 * is later logged with the same id), edit it, take it down and decide on content WeChat's check held
 * for review. Residents (anyone, no login) list what is published, open one, and ask for a one-time
 * reminder. Text passes `security.msgSecCheck` before anyone sees it; images pass the asynchronous
 * `security.mediaCheckAsync`, whose verdicts arrive as message pushes handled here. A timer sends the
 * reminders that fell due (`subscribeMessage.send`). The open APIs are declared in config.json.
 */
import type { PublicationView } from '../../src/core/contract'
import type { AuditAction } from '../../src/core/audit'
import { AppError } from '../../src/core/errors'
import { EVENT_ID } from '../../src/core/event-input'
import { findType, type EventTypeDefinition } from '../../src/core/event-types'
import {
  checkedTextOf,
  imagesOf,
  decodeListCursor,
  encodeListCursor,
  instantOfChinaTime,
  isPublishable,
  PUBLIC_LIMITS,
  reminderData,
  reminderDueAt,
  REMINDER,
  startsAtOf,
  upcomingFrom,
  validatePublicFields,
  type ListCursor,
  type MediaState,
  type PublicationStatus,
  type PublicFields,
} from '../../src/core/publication'
import { writeAudit, writeAuditIn } from '../_lib/audit'
import { db, errCodeOf, openapi, tempUrls, type Doc } from '../_lib/cloud'
import { checkText, mediaVerdictOf, requestImageCheck, type MediaVerdict } from '../_lib/content-security'
import { streetCatalogues, streetSettings } from '../_lib/events.repository'
import { afterKey } from '../_lib/paging'
import { findNode, findNodes, nodeOf, type StoredNode } from '../_lib/people'
import {
  communityIdOf,
  fieldChanges,
  findPublication,
  MEDIA_CHECKS,
  placeOf,
  PUBLICATIONS,
  publicDetailOf,
  publicItemOf,
  readIn,
  REMINDERS,
  shownImages,
  standing,
  summaryOf,
  targetOf,
  viewOf,
  withHistory,
  writeIn,
  type StoredMedia,
  type StoredPublication,
} from '../_lib/publications.repository'
import { eventIdOf } from '../_lib/scope'
import { serve, type Context } from '../_lib/serve'

const $ = db.command

/**
 * Images staff may decide on: held for review, and those whose check failed or whose verdict never
 * arrived (a push lost or not routed), so no image is stuck unseen for good.
 */
const DECIDABLE: readonly MediaState[] = ['review', 'failed', 'checking']

/** The publication, once the policy allows `action` at its node; else PUBLICATION.NOT_FOUND or AUTH.*. */
async function managed(
  id: unknown,
  ctx: Context,
  action: 'publication.manage' | 'publication.review' = 'publication.manage',
): Promise<StoredPublication> {
  const p = await findPublication(id)
  if (!p) throw new AppError('PUBLICATION.NOT_FOUND')
  await ctx.require(action, targetOf(p))
  return p
}

/** What residents may open: shown (published, a live version), else PUBLICATION.NOT_FOUND. */
async function shown(id: unknown): Promise<StoredPublication & { live: PublicFields }> {
  const p = await findPublication(id)
  // Whatever is not shown to residents (held, taken down, never published) is simply not there.
  if (!p?.visible || !p.live) throw new AppError('PUBLICATION.NOT_FOUND')
  return p as StoredPublication & { live: PublicFields }
}

/**
 * One staff change of a stored publication, in a transaction: `change` makes the next document from
 * the current one (undefined: nothing to change); the version, who and when follow, and the audit entry
 * is written with it. With `version`, a publication changed meanwhile is refused as stale.
 */
async function changePublication(
  p: StoredPublication,
  ctx: Context,
  options: { version?: number; action: AuditAction; changes?: Record<string, readonly [unknown, unknown]> },
  change: (current: StoredPublication) => StoredPublication | undefined,
): Promise<StoredPublication> {
  return db.runTransaction(async (t) => {
    const current = await readIn(t, p._id)
    if (!current || (options.version !== undefined && current.version !== options.version))
      throw new AppError('PUBLICATION.STALE_VERSION', { version: current?.version ?? null })
    const changed = change(current)
    if (!changed) return current
    const next = {
      ...changed,
      version: current.version + 1,
      updatedAt: new Date(),
      updatedBy: ctx.openid ?? '',
    }
    await writeIn(t, next)
    const label = (current.pending ?? current.live)?.title
    await writeAuditIn(
      t,
      ctx.entry(
        options.action,
        p.streetId,
        { kind: '活动', id: p._id, ...(label ? { label } : {}) },
        options.changes,
      ),
    )
    return next
  })
}

/** The caller's view of a publication: with image URLs and what they may do. */
async function staffView(p: StoredPublication, ctx: Context): Promise<PublicationView> {
  const urls = await tempUrls(p.media.map((m) => m.fileID))
  return viewOf(p, urls, {
    manage: ctx.allows('publication.manage', targetOf(p)),
    review: ctx.allows('publication.review', targetOf(p)),
  })
}

const who = (ctx: Context) => ({ by: ctx.openid ?? '', byName: ctx.person?.name ?? '' })

/** The version must be the stored one (a publish or decision based on what the person last saw). */
function requireVersion(p: StoredPublication, version: unknown): void {
  if (version !== p.version) throw new AppError('PUBLICATION.STALE_VERSION', { version: p.version })
}

function reasonOf(value: unknown, required: boolean): string | undefined {
  const reason = typeof value === 'string' ? value.trim() : ''
  const { min, max } = PUBLIC_LIMITS.reason
  if (reason === '' && !required) return undefined
  const n = Array.from(reason).length
  if (n < min || n > max)
    throw new AppError('PUBLICATION.INVALID', { fields: { reason: `请填写原因（${min}至${max}个字）` } })
  return reason
}

/** The type, checked publishable in the street's catalogue. */
async function publishableType(streetId: string, type: unknown): Promise<EventTypeDefinition> {
  const def = findType((await streetSettings(streetId)).catalogue, type)
  if (!def) throw new AppError('EVENT.TYPE_UNKNOWN')
  if (!isPublishable(def)) throw new AppError('PUBLICATION.NOT_PUBLISHABLE')
  return def
}

/** Where a publication made at `node` is held: the node, its street and community. */
async function placeAt(node: StoredNode & { streetId: string }) {
  const communityId = communityIdOf(node)
  const nodes = await findNodes([node.streetId, ...(communityId ? [communityId] : [])])
  const street = nodes.get(node.streetId)
  if (!street) throw new AppError('ORG.NOT_FOUND')
  return placeOf(node, street, communityId ? nodes.get(communityId) : undefined)
}

/**
 * What a new publication of activity `id` is about: the logged event (its type, node and photos), or
 * for an announcement the type and node the request names.
 */
async function subjectOf(
  id: string,
  request: { type?: unknown; nodeId?: unknown },
  ctx: Context,
): Promise<{
  def: EventTypeDefinition
  place: Awaited<ReturnType<typeof placeAt>>
  eventPhotos: string[]
  eventId: string | null
}> {
  const { data: event } = await db.collection('events').doc(id).get()
  const node = await findNode(event ? event.nodeId : request.nodeId)
  if (!node?.streetId) {
    if (event) throw new AppError('ORG.NOT_FOUND')
    throw new AppError('PUBLICATION.INVALID', { fields: { nodeId: '请选择活动所属的社区或街道' } })
  }
  const at = { ...node, streetId: node.streetId }
  await ctx.require('publication.manage', at)
  if (event?.voided === true) throw new AppError('EVENT.VOIDED')
  // A logged event keeps the node it was logged at; a new announcement needs a node still in use.
  if (!event && node.retired) throw new AppError('ORG.NODE_RETIRED')
  return {
    def: await publishableType(at.streetId, event ? event.type : request.type),
    place: await placeAt(at),
    eventPhotos: Array.isArray(event?.photos) ? (event.photos as string[]) : [],
    eventId: event ? id : null,
  }
}

/**
 * Asks for an image check of each image not checked before (its state is kept when it was), and
 * records each trace id in `mediaChecks` before the publication refers to it, so a verdict pushed at
 * once is not lost (see `applyVerdicts`).
 */
async function checkImages(
  publicationId: string,
  images: readonly string[],
  before: readonly StoredMedia[],
  openid: string,
): Promise<StoredMedia[]> {
  const known = new Map(before.map((m) => [m.fileID, m]))
  const fresh = images.filter((f) => !known.has(f))
  const urls = await tempUrls(fresh)
  const checked = new Map<string, StoredMedia>()
  for (const fileID of fresh) {
    const url = urls.get(fileID)
    if (!url) throw new AppError('PUBLICATION.INVALID', { fields: { photos: '图片不存在，请重新上传' } })
    const traceId = await requestImageCheck(openid, url)
    await recordCheck(traceId, { publicationId, fileID, requestedAt: new Date() })
    checked.set(fileID, { fileID, state: 'checking', traceId })
  }
  return images.map((f) => known.get(f) ?? checked.get(f)!)
}

/** Writes what is known of a check under its trace id, whichever of the request or the push comes first. */
async function recordCheck(traceId: string, data: Doc): Promise<void> {
  const col = db.collection(MEDIA_CHECKS)
  const { stats } = await col.doc(traceId).update({ data })
  if (stats.updated > 0) return
  try {
    await col.add({ data: { _id: traceId, ...data } })
  } catch {
    // Added meanwhile by the other side: merge into it.
    await col.doc(traceId).update({ data })
  }
}

/**
 * Applies the verdicts already pushed for the images of `p` still being checked, and answers the
 * publication as it then is. Runs after each write that asked for checks and on each push, so whichever
 * comes second applies it.
 */
async function applyVerdicts(p: StoredPublication): Promise<StoredPublication> {
  const waiting = p.media.filter((m) => m.state === 'checking' && m.traceId)
  if (waiting.length === 0) return p
  const { data } = await db
    .collection(MEDIA_CHECKS)
    .where({ _id: $.in(waiting.map((m) => m.traceId)), suggest: $.exists(true) })
    .limit(waiting.length)
    .get()
  if (data.length === 0) return p
  const verdicts = new Map(data.map((d) => [String(d._id), d as unknown as MediaVerdict]))
  // A verdict is not a staff change: no new version (a staff member's pending request stays valid).
  return db.runTransaction(async (t) => {
    const now = await readIn(t, p._id)
    if (!now) return p
    let changed = false
    const media = now.media.map((m) => {
      const v = m.state === 'checking' && m.traceId ? verdicts.get(m.traceId) : undefined
      if (!v) return m
      changed = true
      return { ...m, state: v.suggest, label: v.label }
    })
    if (!changed) return now
    const flagged = media.filter((m, i) => m.state !== now.media[i]!.state && m.state !== 'pass')
    const history = flagged.reduce(
      (h, m) =>
        withHistory(
          { history: h },
          {
            at: new Date(),
            by: '',
            byName: '微信内容安全',
            action: 'mediaChecked',
            reason:
              m.state === 'review'
                ? '图片需人工审核'
                : m.state === 'risky'
                  ? '图片未通过，已隐藏'
                  : '图片检测失败',
          },
        ),
      now.history,
    )
    const next = { ...now, media, history }
    await writeIn(t, next)
    return next
  })
}

/** Moves the due time of the reminders waiting for an activity whose start changed. */
async function followStart(publicationId: string, startsAt: string): Promise<void> {
  await db
    .collection(REMINDERS)
    .where({ publicationId, status: 'waiting' })
    .update({ data: { dueAt: reminderDueAt(startsAt), startsAt } })
}

/** A resident's reminder: one per (activity, OPENID). */
const reminderId = (publicationId: string, openid: string): string => `${publicationId}|${openid}`

/** The residents' list: `from` splits upcoming (ascending) and past (descending). */
async function listPage(
  filter: Doc,
  cursor: ListCursor | undefined,
  now: Date,
): Promise<{ docs: StoredPublication[]; next?: string; from: string }> {
  const from = cursor?.from ?? upcomingFrom(now)
  const size = PUBLIC_LIMITS.pageSize
  const where = { ...filter, visible: true }
  const docs: StoredPublication[] = []
  const query = async (phase: 'upcoming' | 'past', limit: number, after?: ListCursor) => {
    const order = phase === 'upcoming' ? 'asc' : 'desc'
    const also = [{ startsAt: phase === 'upcoming' ? $.gte(from) : $.lt(from) }]
    const condition = after
      ? afterKey(where, { field: 'startsAt', key: after.startsAt, id: after.id }, order, also)
      : $.and([where, ...also])
    const { data } = await db
      .collection(PUBLICATIONS)
      .where(condition)
      .orderBy('startsAt', order)
      .orderBy('_id', order)
      .limit(limit + 1)
      .get()
    return data.map((d) => d as unknown as StoredPublication)
  }
  const cursorAt = (phase: 'upcoming' | 'past', last: StoredPublication) =>
    encodeListCursor({ phase, startsAt: last.startsAt, id: last._id, from })
  if (!cursor || cursor.phase === 'upcoming') {
    const upcoming = await query('upcoming', size, cursor)
    if (upcoming.length > size) {
      const page = upcoming.slice(0, size)
      return { docs: page, next: cursorAt('upcoming', page[size - 1]!), from }
    }
    docs.push(...upcoming)
  }
  const room = size - docs.length
  const past = await query('past', room, cursor?.phase === 'past' ? cursor : undefined)
  const page = past.slice(0, room)
  docs.push(...page)
  return {
    docs,
    ...(past.length > room && page.length > 0 ? { next: cursorAt('past', page[page.length - 1]!) } : {}),
    from,
  }
}

/** The reminders timer: sends what fell due, then deletes what is kept no longer. */
async function reminderTimer(now = new Date()): Promise<Record<string, number>> {
  return { ...(await sendDueReminders(now)), ...(await purgeFinished(now)) }
}

/**
 * Deletes finished reminders (a resident's OPENID, kept only to send one message) and image checks
 * older than REMINDER.keepDays, as the privacy notice says.
 */
async function purgeFinished(now: Date): Promise<{ purgedReminders: number; purgedChecks: number }> {
  const cutoff = new Date(now.getTime() - REMINDER.keepDays * 86_400_000)
  const reminders = await db
    .collection(REMINDERS)
    .where({ status: $.in(['sent', 'cancelled', 'refused', 'failed']), dueAt: $.lt(cutoff) })
    .remove()
  const checks = await db
    .collection(MEDIA_CHECKS)
    .where($.or([{ requestedAt: $.lt(cutoff) }, { checkedAt: $.lt(cutoff) }]))
    .remove()
  return { purgedReminders: reminders.stats.removed, purgedChecks: checks.stats.removed }
}

/** Sends the reminders that fell due; returns what happened to them. */
async function sendDueReminders(now: Date): Promise<Record<string, number>> {
  const outcome = { sent: 0, cancelled: 0, refused: 0, failed: 0 }
  const { data } = await db
    .collection(REMINDERS)
    .where({ status: 'waiting', dueAt: $.lte(now) })
    .orderBy('dueAt', 'asc')
    .limit(100)
    .get()
  const publications = new Map<string, StoredPublication | undefined>()
  for (const r of data) {
    const id = String(r._id)
    // Claim it first, so two timers (or a retried one) never send the same reminder twice.
    const { stats } = await db
      .collection(REMINDERS)
      .where({ _id: id, status: 'waiting' })
      .update({ data: { status: 'sending', claimedAt: now } })
    if (stats.updated !== 1) continue
    const pid = String(r.publicationId)
    if (!publications.has(pid)) publications.set(pid, await findPublication(pid))
    const p = publications.get(pid)
    const finish = (status: string, extra: Doc = {}) =>
      db
        .collection(REMINDERS)
        .doc(id)
        .update({ data: { status, finishedAt: new Date(), ...extra } })
    if (!p?.visible || !p.live || instantOfChinaTime(p.startsAt) <= now) {
      await finish('cancelled')
      outcome.cancelled++
      continue
    }
    try {
      await openapi().subscribeMessage.send({
        touser: String(r.openid),
        templateId: REMINDER.templateId,
        page: `public/detail/index?id=${pid}`,
        data: reminderData(p.live),
      })
      await finish('sent')
      outcome.sent++
    } catch (e) {
      const code = errCodeOf(e)
      // 43101: the person's consent was not there (used up or withdrawn): nothing more to do.
      if (code === 43101) {
        await finish('refused', { errCode: code })
        outcome.refused++
      } else {
        console.error('[publications] reminder not sent', id, code, e)
        const attempts = Number(r.attempts ?? 0) + 1
        await finish(attempts >= 3 ? 'failed' : 'waiting', { attempts, errCode: code ?? null })
        outcome.failed++
      }
    }
  }
  return outcome
}

/** A pushed image verdict: recorded under its trace id, then applied to the publication that asked. */
async function onPush(event: Record<string, unknown>): Promise<{ handled: boolean }> {
  const verdict = mediaVerdictOf(event)
  if (!verdict) return { handled: false }
  await recordCheck(verdict.traceId, {
    suggest: verdict.suggest,
    label: verdict.label,
    checkedAt: new Date(),
  })
  const { data } = await db.collection(MEDIA_CHECKS).doc(verdict.traceId).get()
  const p = await findPublication(data?.publicationId)
  if (p) await applyVerdicts(p)
  return { handled: true }
}

exports.main = serve(
  'publications',
  {
    publish: {
      access: 'publication.manage',
      async run(request, ctx) {
        const id = eventIdOf(request.id)
        const openid = ctx.openid!
        const before = await findPublication(id)
        const requestKey = JSON.stringify(request.fields)
        let subject: Awaited<ReturnType<typeof subjectOf>> | undefined
        if (before) {
          await ctx.require('publication.manage', targetOf(before))
          // A resend of the publish that made this version is answered with it, not refused as stale.
          if (
            before.version === Number(request.version) + 1 &&
            before.updatedBy === openid &&
            before.lastRequest === requestKey
          )
            return {
              publication: await staffView(before, ctx),
              outcome: before.pending ? ('review' as const) : ('published' as const),
            }
          requireVersion(before, request.version)
        } else {
          if (request.version !== undefined) throw new AppError('PUBLICATION.STALE_VERSION')
          subject = await subjectOf(id, request, ctx)
        }
        const eventId = before?.eventId ?? subject?.eventId ?? null
        const eventPhotos = subject?.eventPhotos ?? (eventId ? await photosOfEvent(eventId) : [])
        const checked = validatePublicFields(request.fields, id, eventPhotos)
        if (!checked.ok) throw new AppError('PUBLICATION.INVALID', { fields: checked.fields })
        const fields = checked.value
        const verdict = await checkText(openid, checkedTextOf(fields))
        const streetId = before?.streetId ?? subject!.place.streetId
        if (verdict.suggest === 'risky') {
          await writeAudit({
            ...ctx.entry('publication.blocked', streetId, { kind: '活动', id, label: fields.title }),
            outcome: 'refused',
            code: 'PUBLICATION.CONTENT_RISKY',
            attempted: 'publications.publish',
          })
          throw new AppError('PUBLICATION.CONTENT_RISKY', { label: verdict.label })
        }
        const held = verdict.suggest === 'review'
        const live = held ? (before?.live ?? null) : fields
        const pending = held ? fields : null
        // Checks already made are kept for images still used; the others are asked for.
        const images = [...new Set([...imagesOf(live), ...imagesOf(pending)])]
        const media = await checkImages(id, images, before?.media ?? [], openid)
        const now = new Date()
        const next = await db.runTransaction(async (t) => {
          const current = await readIn(t, id)
          if ((current?.version ?? 0) !== (before?.version ?? 0))
            throw new AppError('PUBLICATION.STALE_VERSION', { version: current?.version })
          const unpublished = held && before?.status === 'unpublished'
          const action = held ? 'hold' : before ? 'edit' : 'publish'
          const shownFields = live ?? pending!
          const doc: StoredPublication = {
            _id: id,
            type: before?.type ?? subject!.def.type,
            typeLabel: before?.typeLabel ?? subject!.def.label,
            ...(before
              ? {
                  streetId: before.streetId,
                  streetName: before.streetName,
                  nodeId: before.nodeId,
                  nodeName: before.nodeName,
                  ancestors: before.ancestors,
                  communityId: before.communityId,
                  where: before.where,
                }
              : subject!.place),
            ...standing({ live, pending, unpublished }),
            startsAt: startsAtOf(shownFields),
            live,
            pending,
            media,
            eventId,
            unpublishReason: unpublished ? (before?.unpublishReason ?? null) : null,
            version: (before?.version ?? 0) + 1,
            history: withHistory(before, {
              at: now,
              ...who(ctx),
              action,
              ...(action === 'edit' ? { changes: fieldChanges(before?.live ?? null, fields) } : {}),
              ...(held ? { reason: '微信内容安全检测建议人工审核' } : {}),
            }),
            createdAt: before?.createdAt ?? now,
            createdBy: before?.createdBy ?? openid,
            createdByName: before?.createdByName ?? ctx.person?.name ?? '',
            updatedAt: now,
            updatedBy: openid,
            lastRequest: requestKey,
          }
          await writeIn(t, doc)
          await writeAuditIn(
            t,
            ctx.entry(
              'publication.publish',
              doc.streetId,
              { kind: '活动', id, label: fields.title },
              {
                status: [before?.status ?? null, doc.status],
              },
            ),
          )
          return doc
        })
        const stored = await applyVerdicts(next)
        if (!held && before?.live && startsAtOf(before.live) !== next.startsAt)
          await followStart(id, next.startsAt)
        return {
          publication: await staffView(stored, ctx),
          outcome: held ? ('review' as const) : ('published' as const),
        }
      },
    },

    unpublish: {
      access: 'publication.manage',
      async run(request, ctx) {
        const p = await managed(request.id, ctx)
        const reason = reasonOf(request.reason, true)!
        requireVersion(p, request.version)
        if (p.status !== 'published') throw new AppError('PUBLICATION.NOT_PUBLISHED')
        const doc = await changePublication(
          p,
          ctx,
          { version: p.version, action: 'publication.unpublish', changes: { reason: [null, reason] } },
          (current) => ({
            ...current,
            ...standing({ ...current, unpublished: true }),
            unpublishReason: reason,
            history: withHistory(current, { at: new Date(), ...who(ctx), action: 'unpublish', reason }),
          }),
        )
        return { publication: await staffView(doc, ctx) }
      },
    },

    decide: {
      access: 'publication.review',
      async run(request, ctx) {
        const p = await managed(request.id, ctx, 'publication.review')
        requireVersion(p, request.version)
        if (typeof request.approve !== 'boolean') throw new AppError('REQUEST.INVALID', { field: 'approve' })
        const approve = request.approve
        const reason = reasonOf(request.reason, !approve)
        const fileID = request.fileID
        const decidable = (m: StoredMedia) => m.fileID === fileID && DECIDABLE.includes(m.state)
        if (fileID === undefined ? !p.pending : !p.media.some(decidable))
          throw new AppError('PUBLICATION.NOT_IN_REVIEW')
        const entry = {
          at: new Date(),
          ...who(ctx),
          action: fileID === undefined ? (approve ? 'approve' : 'reject') : 'mediaDecided',
          ...(reason ? { reason } : {}),
        } as const
        const doc = await changePublication(
          p,
          ctx,
          {
            version: p.version,
            action: 'publication.decide',
            changes: {
              decision: [null, approve ? '通过' : '不通过'],
              ...(fileID ? { image: [null, fileID] } : {}),
            },
          },
          (current) => {
            if (fileID !== undefined)
              return {
                ...current,
                media: current.media.map((m) =>
                  decidable(m) ? { ...m, state: approve ? 'approved' : 'rejected' } : m,
                ),
                history: withHistory(current, entry),
              }
            const live = approve ? current.pending : current.live
            const unpublished = current.status === 'unpublished' && !approve
            return {
              ...current,
              live,
              pending: null,
              ...standing({ live, pending: null, unpublished }),
              startsAt: live ? startsAtOf(live) : current.startsAt,
              unpublishReason: unpublished ? current.unpublishReason : null,
              // Images of a rejected version that the shown one does not use are no longer tracked.
              media: current.media.filter((m) => imagesOf(live).includes(m.fileID)),
              history: withHistory(current, {
                ...entry,
                ...(approve ? { changes: fieldChanges(current.live, current.pending!) } : {}),
              }),
            }
          },
        )
        if (doc.live && p.live && startsAtOf(p.live) !== doc.startsAt)
          await followStart(doc._id, doc.startsAt)
        return { publication: await staffView(doc, ctx) }
      },
    },

    held: {
      access: 'publication.manage',
      async run(request, ctx) {
        const p = await managed(request.id, ctx)
        return { publication: await staffView(await linkEvent(p, ctx), ctx) }
      },
    },

    manage: {
      access: 'publication.manage',
      async run(request, ctx) {
        const streetId = ctx.person?.streetId
        if (!streetId) return ctx.refuse('AUTH.FORBIDDEN')
        const statuses: readonly PublicationStatus[] = ['published', 'review', 'rejected', 'unpublished']
        if (request.status !== undefined && !statuses.includes(request.status))
          throw new AppError('REQUEST.INVALID', { field: 'status' })
        const cursor = typeof request.cursor === 'string' ? request.cursor.split('|') : undefined
        if (request.cursor !== undefined && (cursor?.length !== 2 || !EVENT_ID.test(cursor[1]!)))
          throw new AppError('REQUEST.INVALID', { field: 'cursor' })
        // 待审核 is everything waiting for a decision, an edit of a shown activity included.
        const where: Doc = {
          streetId,
          ...(request.status === 'review'
            ? { needsReview: true }
            : request.status
              ? { status: request.status }
              : {}),
        }
        const size = PUBLIC_LIMITS.pageSize
        const { data } = await db
          .collection(PUBLICATIONS)
          .where(
            cursor ? afterKey(where, { field: 'startsAt', key: cursor[0]!, id: cursor[1]! }, 'desc') : where,
          )
          .orderBy('startsAt', 'desc')
          .orderBy('_id', 'desc')
          .limit(size + 1)
          .get()
        const page = data.slice(0, size).map((d) => d as unknown as StoredPublication)
        const last = page[page.length - 1]
        return {
          // Only those the caller may manage (a community's staff: their community's).
          publications: page.filter((p) => ctx.allows('publication.manage', targetOf(p))).map(summaryOf),
          ...(data.length > size && last ? { next: `${last.startsAt}|${last._id}` } : {}),
        }
      },
    },

    get: {
      access: 'publication.manage',
      async run(request, ctx) {
        const p = await managed(request.id, ctx)
        // An announcement whose event has been logged (same id) is linked when it is next opened.
        return { publication: await staffView(p.eventId ? p : await linkEvent(p, ctx, false), ctx) }
      },
    },

    list: {
      access: 'public',
      async run(request) {
        const filter: Doc = {}
        if (request.type !== undefined) {
          if (typeof request.type !== 'string' || !/^[\w-]{1,40}$/.test(request.type))
            throw new AppError('REQUEST.INVALID', { field: 'type' })
          filter.type = request.type
        }
        if (request.communityId !== undefined) {
          if (typeof request.communityId !== 'string' || !/^[\w-]{1,64}$/.test(request.communityId))
            throw new AppError('REQUEST.INVALID', { field: 'communityId' })
          filter.communityId = request.communityId
        }
        const cursor = request.cursor === undefined ? undefined : decodeListCursor(request.cursor)
        if (request.cursor !== undefined && !cursor)
          throw new AppError('REQUEST.INVALID', { field: 'cursor' })
        const { docs, next, from } = await listPage(filter, cursor, new Date())
        const thumbs = docs.map((p) => shownImages(p).thumb).filter((f): f is string => !!f)
        const urls = await tempUrls(thumbs)
        return { items: docs.map((p) => publicItemOf(p, from, urls)), ...(next ? { next } : {}) }
      },
    },

    detail: {
      access: 'public',
      async run(request, ctx) {
        const p = await shown(request.id)
        const images = shownImages(p)
        const files = [
          ...(images.thumb ? [images.thumb] : []),
          ...(images.cover ? [images.cover] : []),
          ...images.photos,
        ]
        const [urls, reminder] = await Promise.all([
          tempUrls(files),
          ctx.openid ? db.collection(REMINDERS).doc(reminderId(p._id, ctx.openid)).get() : { data: null },
        ])
        const now = new Date()
        return {
          item: publicDetailOf(p, upcomingFrom(now), urls, {
            reminded: reminder.data?.status === 'waiting',
            remindable: instantOfChinaTime(p.startsAt) > now,
          }),
        }
      },
    },

    filters: {
      access: 'public',
      async run() {
        const { data } = await db
          .collection('orgNodes')
          .where({ kind: $.in(['street', 'community']), retired: $.neq(true) })
          .limit(1000)
          .get()
        const nodes = data.map(nodeOf)
        const streets = new Map(nodes.filter((n) => n.kind === 'street').map((n) => [n.id, n]))
        const types = new Map<string, string>()
        for (const catalogue of (await streetCatalogues([...streets.keys()])).values())
          for (const def of catalogue) if (isPublishable(def) && !def.retired) types.set(def.type, def.label)
        return {
          types: [...types].map(([type, label]) => ({ type, label })),
          communities: nodes
            .filter((n) => n.kind === 'community' && n.streetId && streets.has(n.streetId))
            .map((n) => ({ id: n.id, name: n.name, streetName: streets.get(n.streetId!)!.name }))
            .sort(
              (a, b) => a.streetName.localeCompare(b.streetName, 'zh') || a.name.localeCompare(b.name, 'zh'),
            ),
        }
      },
    },

    remind: {
      access: 'public',
      async run(request, ctx) {
        const openid = ctx.openid
        if (!openid) throw new AppError('REQUEST.INVALID', { field: 'openid' })
        const p = await shown(request.id)
        const now = new Date()
        if (instantOfChinaTime(p.startsAt) <= now) throw new AppError('REMINDER.CLOSED')
        const due = reminderDueAt(p.startsAt)
        // The whole reminder, made or made again (set creates or replaces): a consent given again, after a
        // reminder was sent or the date moved, waits for one more send.
        await db
          .collection(REMINDERS)
          .doc(reminderId(p._id, openid))
          .set({
            data: {
              publicationId: p._id,
              openid,
              status: 'waiting',
              startsAt: p.startsAt,
              dueAt: due > now ? due : now,
              attempts: 0,
              createdAt: now,
            },
          })
        return { reminded: true as const }
      },
    },
  },
  { timer: () => reminderTimer(), push: onPush },
)

/** The photos of a logged event (what a publication may choose from). */
async function photosOfEvent(id: string): Promise<string[]> {
  const { data } = await db.collection('events').doc(id).get()
  return Array.isArray(data?.photos) ? (data.photos as string[]) : []
}

/**
 * Links an announcement to its event once the event is logged (same id, same type and street): it is
 * held and counted. `strict` refuses when there is nothing to link (the explicit `held` action).
 */
async function linkEvent(p: StoredPublication, ctx: Context, strict = true): Promise<StoredPublication> {
  if (p.eventId) return p
  const { data: event } = await db.collection('events').doc(p._id).get()
  if (!event || event.voided === true) {
    if (strict) throw new AppError('PUBLICATION.NOT_HELD')
    return p
  }
  if (event.type !== p.type || event.streetId !== p.streetId) {
    if (strict) throw new AppError('PUBLICATION.MISMATCH')
    return p
  }
  // No version asked: linking is no edit, and opening the page must not fail on a concurrent one.
  return changePublication(p, ctx, { action: 'publication.held' }, (current) =>
    current.eventId
      ? undefined
      : {
          ...current,
          eventId: p._id,
          history: withHistory(current, { at: new Date(), ...who(ctx), action: 'held' }),
        },
  )
}
