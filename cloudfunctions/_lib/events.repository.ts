/**
 * The `events` collection: storing events once, changing them without losing a concurrent change, and
 * the whitelisted views of a stored event. Only this module knows how an event is stored.
 *
 * Once: the client-generated id makes a retried or doubled submission harmless. Changes (edit, void,
 * restore, a case step) are conditional on the version the change was based on; a change carries a
 * client-generated `requestId`, so a retry of a change that was applied answers with the event as it
 * left it, and nothing is applied twice. Each change writes one audit entry (whose id derives from the
 * event id and version, so a retry completes it once): the audit log is the event's version history.
 */
import { createHash } from 'node:crypto'
import { chinaToday, yearOf } from '../../src/core/china-time'
import type { CaseInfo, EventDetail, EventListStatus, EventSummary } from '../../src/core/contract'
import { AppError } from '../../src/core/errors'
import { EVENT_ID, type AttributeValue, type EventFields, type GeoPoint } from '../../src/core/event-input'
import {
  BUILT_IN_TYPES,
  findType,
  mergeCatalogue,
  type EventTypeDefinition,
  type StreetCatalogue,
} from '../../src/core/event-types'
import {
  ACTION_LABELS,
  ageInDays,
  allowedSteps,
  isOpen,
  STATUS_LABELS,
  waitingFor,
  type CaseState,
  type CaseStep,
} from '../../src/core/lifecycle'
import type { HandledRecord } from '../../src/core/policy'
import { facetAttributesOf } from '../../src/core/rollups'
import { writeAudit, type AuditEntry } from './audit'
import { db, isoOf, tempUrls, type Doc, type Transaction } from './cloud'
import { countedTransaction, moveContribution } from './rollups.repository'
import type { StoredNode } from './people'
import type { Context, PolicyTarget } from './serve'

/** A case step as stored: the step, who took it and when. */
export interface StoredStep extends CaseStep {
  readonly at: Date
  readonly by: string
  readonly byName: string
}

/** Where an event stands in lists, kept on the document so lists filter on it. */
export function listStatusOf(doc: {
  voided?: unknown
  status?: unknown
  lifecycle?: unknown
}): EventListStatus {
  if (doc.voided === true) return 'voided'
  if (!doc.lifecycle) return 'recorded'
  return isOpen({ status: doc.status as CaseState['status'] }) ? 'open' : 'closed'
}

/**
 * The fields derived from the rest of an event and stored so that lists can filter on an index:
 * `listStatus` (我的记录), and for a case `open` (待办案件). Written on create and on every change.
 */
export function listFieldsOf(doc: Doc): Doc {
  const listStatus = listStatusOf(doc)
  return { listStatus, ...(doc.lifecycle ? { open: listStatus === 'open' } : {}) }
}

/**
 * The stored fields of a validated event. Every measure and attribute of the type is written (absent
 * ones as 0 / null), so an edit overwrites each of them whatever the update's merge semantics.
 */
export function fieldsDoc(def: EventTypeDefinition, f: EventFields): Doc {
  const attributes: Record<string, AttributeValue | null> = {}
  for (const a of def.attributes) attributes[a.key] = f.attributes[a.key] ?? null
  const measures: Record<string, number> = {}
  for (const m of def.measures) measures[m.key] = f.measures[m.key] ?? 0
  return {
    title: f.title,
    happenedOn: f.happenedOn,
    year: yearOf(f.happenedOn),
    month: f.happenedOn.slice(0, 7),
    place: f.place,
    measures,
    attributes,
    photos: [...f.photos],
    location: f.location ?? null,
    // What figures may filter on, as the type defines it now (rollups.ts): the event is counted so.
    facetAttrs: facetAttributesOf(def, attributes),
  }
}

/** The stored event's editable fields, as validation returns them (to compare with an edit). */
export function fieldsOf(doc: Doc): EventFields {
  const attributes: Record<string, AttributeValue> = {}
  for (const [k, v] of Object.entries((doc.attributes as Doc | undefined) ?? {}))
    if (v !== null && v !== undefined) attributes[k] = v as AttributeValue
  return {
    title: String(doc.title),
    happenedOn: String(doc.happenedOn),
    place: String(doc.place ?? ''),
    measures: { ...((doc.measures as Record<string, number> | undefined) ?? {}) },
    attributes,
    photos: Array.isArray(doc.photos) ? (doc.photos as string[]) : [],
    ...(doc.location ? { location: doc.location as GeoPoint } : {}),
  }
}

/** The lifecycle fields of a case as stored (top level, so figures can filter on status and outcome). */
export function caseStateOf(doc: Doc): CaseState | undefined {
  if (doc.lifecycle !== 'dispute' && doc.lifecycle !== 'gridEvent') return undefined
  return {
    lifecycle: doc.lifecycle,
    status: doc.status as CaseState['status'],
    openedOn: String(doc.happenedOn),
    lastStepOn: String(doc.lastStepOn ?? doc.happenedOn),
    followUps: Number(doc.followUps ?? 0),
    ...(doc.outcome ? { outcome: doc.outcome as CaseState['outcome'] } : {}),
    ...(doc.referral ? { referral: doc.referral as CaseState['referral'] } : {}),
    ...(doc.department ? { department: String(doc.department) } : {}),
    ...(doc.closure ? { closure: doc.closure as CaseState['closure'] } : {}),
    ...(doc.closedOn ? { closedOn: String(doc.closedOn) } : {}),
  }
}

/** The stored form of a case's state: every field written (null when absent) for the same reason as fieldsDoc. */
export function caseStateDoc(state: CaseState): Doc {
  return {
    lifecycle: state.lifecycle,
    status: state.status,
    lastStepOn: state.lastStepOn,
    followUps: state.followUps,
    outcome: state.outcome ?? null,
    referral: state.referral ?? null,
    department: state.department ?? null,
    closure: state.closure ?? null,
    closedOn: state.closedOn ?? null,
  }
}

/**
 * The fields every stored event has: its node as it is when logged (kept if the tree changes later,
 * with the path from the district down for totals of any node), its street, who logged it (its first
 * handler), and version 1.
 */
export const eventOrigin = (
  node: StoredNode & { streetId: string },
  person: { openid: string; name: string },
  requestId: string,
) => ({
  nodeId: node.id,
  nodeName: node.name,
  ancestors: [...node.ancestors, node.id],
  streetId: node.streetId,
  voided: false,
  handlers: [person.openid],
  createdBy: person.openid,
  createdByName: person.name,
  createdAt: new Date(),
  version: 1,
  lastRequestId: requestId,
})

/**
 * Adds `doc` unless an event with its `_id` exists; a retry by the same person returns the stored event
 * (`duplicate: true`, counted once); the same id from someone else, or for another type of event, is
 * refused (EVENT.ID_TAKEN). Then writes `audit` under an id derived from the event's, so a retry after
 * a failure in between completes the log, once.
 */
export async function addEventOnce(
  doc: Doc & { _id: string; type: string; createdBy: string },
  audit: AuditEntry,
): Promise<{ stored: Doc; duplicate: boolean }> {
  const stored = await insertOrFind(doc)
  await writeAudit(audit, `event.create:${doc._id}`)
  return stored
}

/**
 * The event and its share of the totals in one transaction: it is counted exactly when it is stored.
 * A failure after the commit (a lost reply) finds the event stored, so the retry returns it.
 */
async function insertOrFind(
  doc: Doc & { _id: string; type: string; createdBy: string },
): Promise<{ stored: Doc; duplicate: boolean }> {
  try {
    await countedTransaction(async (t) => {
      await t.collection('events').add({ data: doc })
      await moveContribution(t, undefined, doc)
    })
    return { stored: doc, duplicate: false }
  } catch (e) {
    const { data: existing } = await db
      .collection('events')
      .doc(doc._id)
      .get()
      .catch(() => ({ data: null }))
    if (!existing) throw e
    if (existing.createdBy !== doc.createdBy || existing.type !== doc.type)
      throw new AppError('EVENT.ID_TAKEN')
    return { stored: existing, duplicate: true }
  }
}

/** A stored event with what the policy decides on: its node (as logged) and its handlers. */
export interface StoredEvent {
  readonly doc: Doc
  readonly target: PolicyTarget
  readonly record: HandledRecord
}

export function storedEvent(doc: Doc): StoredEvent {
  const path = Array.isArray(doc.ancestors) ? (doc.ancestors as string[]) : []
  return {
    doc,
    target: { id: String(doc.nodeId), ancestors: path.slice(0, -1), streetId: String(doc.streetId) },
    // Events stored before handlers were recorded are handled by who logged them.
    record: {
      handlers: Array.isArray(doc.handlers)
        ? (doc.handlers as string[])
        : typeof doc.createdBy === 'string'
          ? [doc.createdBy]
          : [],
    },
  }
}

/** The event with this id, or EVENT.NOT_FOUND (`notFound` for callers that speak of cases). */
export async function findEvent(
  id: unknown,
  notFound: 'EVENT.NOT_FOUND' | 'CASE.NOT_FOUND' = 'EVENT.NOT_FOUND',
): Promise<StoredEvent> {
  const { data } =
    typeof id === 'string' && EVENT_ID.test(id) ? await db.collection('events').doc(id).get() : { data: null }
  if (!data) throw new AppError(notFound)
  return storedEvent(data)
}

/** What a change request carries besides its content: the version it is based on and its own id. */
export interface ChangeRequest {
  readonly version: unknown
  readonly requestId: unknown
}

/** A change request checked: its base version, its id, and a fingerprint of all it asks for. */
export interface CheckedChange {
  readonly version: number
  readonly requestId: string
  readonly fingerprint: string
}

/** JSON with object keys in order, so the same content always gives the same text. */
const canonical = (v: unknown): string =>
  Array.isArray(v)
    ? `[${v.map(canonical).join(',')}]`
    : v !== null && typeof v === 'object'
      ? `{${Object.keys(v)
          .sort()
          .map((k) => `${JSON.stringify(k)}:${canonical((v as Doc)[k])}`)
          .join(',')}}`
      : (JSON.stringify(v) ?? 'null')

export function checkChangeRequest(request: ChangeRequest & object): CheckedChange {
  const { version, requestId, ...content } = request as Doc
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1)
    throw new AppError('REQUEST.INVALID', { field: 'version' })
  if (typeof requestId !== 'string' || !EVENT_ID.test(requestId))
    throw new AppError('REQUEST.INVALID', { field: 'requestId' })
  const fingerprint = createHash('sha256').update(canonical(content)).digest('base64url').slice(0, 22)
  return { version, requestId, fingerprint }
}

/**
 * Applies `patch` to the event if it is still at `version`; `audit` is written once under an id of
 * the new version. A retry of a change already applied (the same `requestId`, one version on) returns
 * the event as it is, `duplicate: true`; a change based on an older version is refused
 * (EVENT.STALE_VERSION, with the current version in the details).
 */
export async function changeEvent(
  found: StoredEvent,
  change: CheckedChange,
  patch: (doc: Doc) => Doc,
  audit: (doc: Doc) => AuditEntry,
  /** The closed year whose late correction (granted for this event) this change is: used up with it. */
  lateCorrection?: number,
): Promise<{ doc: Doc; duplicate: boolean }> {
  let doc = found.doc
  for (let attempt = 0; attempt < 2; attempt++) {
    const current = Number(doc.version ?? 1)
    if (doc.lastRequestId === change.requestId && current === change.version + 1) {
      // The same request id with other content is not a retry: a change based on a version it did not see.
      if (doc.lastRequestFingerprint !== undefined && doc.lastRequestFingerprint !== change.fingerprint)
        throw new AppError('EVENT.STALE_VERSION', { version: current })
      await writeAudit(audit(doc), auditIdOf(doc))
      return { doc, duplicate: true }
    }
    if (current !== change.version)
      throw new AppError('EVENT.STALE_VERSION', { version: current, updatedByName: doc.updatedByName })
    const patched = patch(doc)
    const next: Doc = {
      ...patched,
      // Where the event stands in lists follows from the change (voided, restored, a case closed).
      ...listFieldsOf({ ...doc, ...patched }),
      version: current + 1,
      lastRequestId: change.requestId,
      lastRequestFingerprint: change.fingerprint,
      updatedAt: new Date(),
    }
    // The event and its share of the totals change together, only if no one changed the event since.
    const id = String(doc._id)
    const applied = await countedTransaction(async (t) => {
      const { data: now } = await t.collection('events').doc(id).get()
      // An event stored before versions were recorded is version 1 until its first change.
      if (!now || now.version !== doc.version) return false
      await t
        .collection('events')
        .doc(id)
        .update({ data: replacingObjects(next) })
      await moveContribution(t, now, { ...now, ...next })
      if (lateCorrection !== undefined) await useLateCorrection(t, String(now.streetId), id, lateCorrection)
      return true
    })
    if (applied) {
      const changed = { ...doc, ...next }
      await writeAudit(audit(changed), auditIdOf(changed))
      return { doc: changed, duplicate: false }
    }
    // Someone else's change came in between: decide again on the event as it now is.
    doc = (await findEvent(doc._id)).doc
  }
  throw new AppError('EVENT.STALE_VERSION', { version: Number(doc.version ?? 1) })
}

/**
 * An update's nested objects (measures, attributes, location) as whole replacements: the SDK otherwise
 * flattens them into dot paths (`location.latitude`), which merge into what is stored and which the
 * platform refuses when the stored value is null ("Cannot create field … in element {location: null}").
 */
function replacingObjects(update: Doc): Doc {
  const out: Doc = {}
  for (const [k, v] of Object.entries(update))
    out[k] =
      v !== null && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype
        ? db.command.set(v)
        : v
  return out
}

const auditIdOf = (doc: Doc) => `event.change:${String(doc._id)}:${Number(doc.version)}`

/** The catalogue of a street: built-in types with its extra measures, then its own types. */
export async function streetSettings(
  streetId: string,
): Promise<{ catalogue: EventTypeDefinition[]; closedYears: number[]; stored: StreetCatalogue }> {
  const { data } = await db.collection('settings').doc(streetSettingsId(streetId)).get()
  return settingsOf(data)
}

/** The catalogues of several streets in one read (a street without settings has the built-in one). */
export async function streetCatalogues(
  streetIds: readonly string[],
): Promise<Map<string, EventTypeDefinition[]>> {
  const catalogues = new Map(streetIds.map((id) => [id, settingsOf(undefined).catalogue]))
  if (streetIds.length === 0) return catalogues
  const { data } = await db
    .collection('settings')
    .where({ _id: db.command.in(streetIds.map(streetSettingsId)) })
    .limit(streetIds.length)
    .get()
  for (const doc of data) catalogues.set(String(doc._id).slice('street:'.length), settingsOf(doc).catalogue)
  return catalogues
}

function settingsOf(data: Doc | null | undefined) {
  const stored: StreetCatalogue = {
    types: Array.isArray(data?.types) ? (data.types as EventTypeDefinition[]) : [],
    extraMeasures: (data?.extraMeasures as StreetCatalogue['extraMeasures'] | undefined) ?? {},
  }
  return {
    catalogue: mergeCatalogue(stored),
    closedYears: Array.isArray(data?.closedYears) ? (data.closedYears as number[]) : [],
    stored,
  }
}

export const streetSettingsId = (streetId: string) => `street:${streetId}`

/**
 * The definition an event of `type` is validated with, and the street's closed years. The street's
 * settings are read only when they can matter: a street's own type, a measure the built-in type does
 * not have, or a date outside the current year (a year can be closed only once it has ended).
 */
export async function definitionFor(
  streetId: string,
  type: unknown,
  measures: unknown,
  years: readonly number[],
  eventId?: string,
): Promise<{ def: EventTypeDefinition; closedYears: number[]; lateCorrection?: number }> {
  const builtIn = BUILT_IN_TYPES.find((t) => t.type === type)
  const sent = typeof measures === 'object' && measures !== null ? Object.keys(measures) : []
  const thisYear = yearOf(chinaToday())
  if (
    builtIn &&
    sent.every((k) => builtIn.measures.some((m) => m.key === k)) &&
    years.every((y) => y === thisYear)
  )
    return { def: builtIn, closedYears: [] }
  const { data } = await db.collection('settings').doc(streetSettingsId(streetId)).get()
  const settings = settingsOf(data)
  const def = findType(settings.catalogue, type)
  if (!def) throw new AppError('EVENT.TYPE_UNKNOWN')
  // One late correction of this event in a closed year, granted by the street admin (and logged).
  const granted = eventId
    ? (data?.lateCorrections as Record<string, number> | undefined)?.[eventId]
    : undefined
  if (typeof granted === 'number' && settings.closedYears.includes(granted))
    return { def, closedYears: settings.closedYears.filter((y) => y !== granted), lateCorrection: granted }
  return { def, closedYears: settings.closedYears }
}

/** Uses up an event's late correction, in the transaction of the change it lets through. */
async function useLateCorrection(
  t: Transaction,
  streetId: string,
  eventId: string,
  year: number,
): Promise<void> {
  await t
    .collection('settings')
    .doc(streetSettingsId(streetId))
    .update({ data: { [`lateCorrections.${eventId}`]: db.command.remove() } })
  await t
    .collection('yearCloses')
    .doc(`${streetId}:${year}`)
    .update({ data: { [`openExceptions.${eventId}`]: db.command.remove() } })
}

/** Whether `openid` handles the stored event (logged it, or took a step on the case). */
export const handledBy = (doc: Doc, openid: string | undefined): boolean =>
  !!openid && Array.isArray(doc.handlers) && doc.handlers.includes(openid)

/** The list view of a stored event: an explicit whitelist. */
export function eventSummary(doc: Doc): EventSummary {
  const status = listStatusOf(doc)
  const state = caseStateOf(doc)
  const waits = status === 'open' && state ? waitingFor(state) : undefined
  return {
    id: String(doc._id),
    type: String(doc.type),
    typeLabel: String(doc.typeLabel ?? doc.type),
    title: String(doc.title),
    happenedOn: String(doc.happenedOn),
    nodeName: String(doc.nodeName),
    status,
    statusLabel: status === 'voided' ? '已作废' : state ? STATUS_LABELS[state.status] : '已记录',
    ...(waits ? { waitingFor: waits } : {}),
    measures: { ...((doc.measures as Record<string, number> | undefined) ?? {}) },
    photoCount: Array.isArray(doc.photos) ? doc.photos.length : 0,
    version: Number(doc.version ?? 1),
    createdAt: isoOf(doc.createdAt),
  }
}

function caseInfo(doc: Doc, mayHandle: boolean): CaseInfo | undefined {
  const state = caseStateOf(doc)
  if (!state) return undefined
  const steps = Array.isArray(doc.steps) ? (doc.steps as StoredStep[]) : []
  const waits = waitingFor(state)
  return {
    lifecycle: state.lifecycle,
    status: state.status,
    ...(state.outcome ? { outcome: state.outcome } : {}),
    ...(state.referral ? { referral: state.referral } : {}),
    ...(state.department ? { department: state.department } : {}),
    ...(state.closure ? { closure: state.closure } : {}),
    ...(state.closedOn ? { closedOn: state.closedOn } : {}),
    followUps: state.followUps,
    ...(waits ? { waitingFor: waits, ageDays: ageInDays(state.openedOn, chinaToday()) } : {}),
    steps: steps.map((s) => ({
      kind: s.kind,
      label: ACTION_LABELS[s.kind],
      on: s.on,
      at: isoOf(s.at),
      byName: s.byName,
      from: s.from,
      to: s.to,
      ...(s.note ? { note: s.note } : {}),
      ...(s.outcome ? { outcome: s.outcome } : {}),
      ...(s.referral ? { referral: s.referral } : {}),
      ...(s.department ? { department: s.department } : {}),
      ...(s.closure ? { closure: s.closure } : {}),
    })),
    nextSteps: mayHandle && doc.voided !== true ? allowedSteps(state) : [],
  }
}

/** The detail view of a stored event for a reader (`ctx` decides what they may do with it). */
export async function eventDetail(found: StoredEvent, ctx: Context): Promise<EventDetail> {
  const { doc } = found
  const fields = fieldsOf(doc)
  const mayEdit = ctx.allows('event.edit', found.target, found.record)
  const mayHandle = !!doc.lifecycle && ctx.allows('case.handle', found.target, found.record)
  const urls = await tempUrls(fields.photos)
  const info = caseInfo(doc, mayHandle)
  return {
    ...eventSummary(doc),
    place: fields.place,
    attributes: fields.attributes,
    photos: fields.photos.map((fileID) => ({ fileID, url: urls.get(fileID) ?? '' })),
    ...(fields.location ? { location: fields.location } : {}),
    createdByName: String(doc.createdByName ?? ''),
    ...(doc.updatedAt && Number(doc.version) > 1
      ? { updatedAt: isoOf(doc.updatedAt), updatedByName: String(doc.updatedByName ?? '') }
      : {}),
    ...(doc.voided === true && doc.voidReason ? { voidReason: String(doc.voidReason) } : {}),
    ...(info ? { case: info } : {}),
    mayEdit,
    mayHandle,
  }
}
