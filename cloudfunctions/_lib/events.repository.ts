/** Storing events once: the client-generated id makes a retried or doubled submission harmless. */
import { AppError } from '../../src/core/errors'
import { db, isDuplicateKey, type Doc } from './cloud'

/**
 * Adds `doc` unless an event with its `_id` exists; a retry by the same person returns the stored event
 * (`duplicate: true`, counted once); the same id from someone else, or for another type of event, is
 * refused (EVENT.ID_TAKEN).
 */
export async function addEventOnce(
  doc: Doc & { _id: string; createdBy: string },
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
