/**
 * A new event as it is stored, whoever makes it: `events.create` for what a form sent, and
 * `ledgers.importLedger` for a row of an imported ledger. Both store it through `addEventOnce`
 * (events.repository.ts) with the audit entry made here, so an imported event is in every way one
 * that was logged: counted, listed, corrected and (for a case) followed up the same.
 */
import type { EventFields } from '../../src/core/event-input'
import type { EventTypeDefinition } from '../../src/core/event-types'
import { initialCaseState } from '../../src/core/lifecycle'
import type { AuditEntry } from './audit'
import type { Doc } from './cloud'
import { caseStateDoc, eventOrigin, fieldsDoc, listFieldsOf } from './events.repository'
import type { StoredNode } from './people'
import type { Context } from './serve'

export type NewEventDoc = Doc & { _id: string; type: string; createdBy: string }

/** Where an imported event came from: the uploaded file and its row as the spreadsheet shows it. */
export interface ImportedFrom {
  readonly fileID: string
  readonly row: number
}

/**
 * The document of a new event `id` of type `def` with validated `fields`, logged at `node` by `person`:
 * every measure and attribute of the type, a case at its initial state (受理 / 上报) with no steps, the
 * number of a dispute's parties (kept apart, in caseParties), its origin, version 1 and where it stands
 * in lists; `importedFrom` for an imported one.
 */
export function newEventDoc(
  id: string,
  def: EventTypeDefinition,
  fields: EventFields,
  node: StoredNode & { streetId: string },
  person: { openid: string; name: string },
  options: { partyCount?: number; importedFrom?: ImportedFrom } = {},
): NewEventDoc {
  const doc: NewEventDoc = {
    _id: id,
    type: def.type,
    typeLabel: def.label,
    ...fieldsDoc(def, fields),
    ...(def.lifecycle
      ? { ...caseStateDoc(initialCaseState(def.lifecycle, fields.happenedOn)), steps: [] }
      : {}),
    ...(def.hasParties ? { partyCount: options.partyCount ?? 0 } : {}),
    ...eventOrigin(node, person, id),
    ...(options.importedFrom ? { importedFrom: { ...options.importedFrom } } : {}),
  }
  Object.assign(doc, listFieldsOf(doc))
  return doc
}

/** The audit entry of a write of the event `doc` by the caller (its type, id and title as the target). */
export const eventEntry = (
  ctx: Context,
  action: Parameters<Context['entry']>[0],
  doc: Doc,
  changes?: Doc,
): AuditEntry =>
  ctx.entry(
    action,
    String(doc.streetId),
    { kind: String(doc.type), id: String(doc._id), label: String(doc.title) },
    changes as never,
  )
