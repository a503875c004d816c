/** Storing events once: the client-generated id makes a retried or doubled submission harmless. */
import { AppError } from '../../src/core/errors'
import { writeAudit, type AuditEntry } from './audit'
import { db, isDuplicateKey, type Doc } from './cloud'
import type { StoredNode } from './people'

/**
 * The fields every stored event has: its node as it is when logged (kept if the tree changes later,
 * with the path from the district down for totals of any node), its street, and who logged it.
 */
export const eventOrigin = (node: StoredNode & { streetId: string }, openid: string) => ({
  nodeId: node.id,
  nodeName: node.name,
  ancestors: [...node.ancestors, node.id],
  streetId: node.streetId,
  voided: false,
  createdBy: openid,
  createdAt: new Date(),
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

async function insertOrFind(
  doc: Doc & { _id: string; type: string; createdBy: string },
): Promise<{ stored: Doc; duplicate: boolean }> {
  try {
    await db.collection('events').add({ data: doc })
    return { stored: doc, duplicate: false }
  } catch (e) {
    if (!isDuplicateKey(e)) throw e
  }
  const { data: existing } = await db.collection('events').doc(doc._id).get()
  if (!existing || existing.createdBy !== doc.createdBy || existing.type !== doc.type)
    throw new AppError('EVENT.ID_TAKEN')
  return { stored: existing, duplicate: true }
}
