/**
 * `caseParties`: the parties of a dispute case (personal data), one document per case keyed by the
 * case id, apart from the countable event. Only this module writes them; they are read masked, or
 * unmasked with an audit entry, by the cases function, and purged after the retention period.
 */
import type { Party } from '../../src/core/personal-data'
import { addOnce, db } from './cloud'
import type { StoredNode } from './people'

/** Stores a case's parties once: a retry keeps what the first submission stored. */
export async function addCaseParties(
  caseId: string,
  node: StoredNode & { streetId: string },
  parties: readonly Party[],
): Promise<void> {
  await addOnce('caseParties', {
    _id: caseId,
    streetId: node.streetId,
    nodeId: node.id,
    parties,
    closedOn: null,
    purged: false,
  })
}

export async function partiesOf(caseId: string): Promise<{ list: Party[]; purged: boolean }> {
  const { data } = await db.collection('caseParties').doc(caseId).get()
  return {
    list: Array.isArray(data?.parties) ? (data.parties as Party[]) : [],
    purged: data?.purged === true,
  }
}

/**
 * Records when the case was closed, which starts its retention period (null while open). Written after
 * the case's step, and again on a retried step, so a failure in between is repaired by the retry.
 */
export async function setPartiesClosedOn(caseId: string, closedOn: string | null): Promise<void> {
  await db.collection('caseParties').doc(caseId).update({ data: { closedOn } })
}
