/**
 * Writing the audit log (操作日志): one document per write or refusal, in `auditLog`, filed under the
 * street it concerns so street admins read their street's log with one indexed query.
 */
import type { AuditAction, Changes } from '../../src/core/audit'
import { addOnce, db, type Doc, type Transaction } from './cloud'

export interface AuditEntry {
  readonly action: AuditAction
  readonly streetId: string | null
  readonly actor: string | null
  readonly actorName: string
  readonly outcome: 'ok' | 'refused'
  readonly code?: string
  /** For refusals: `function.action` that was attempted. */
  readonly attempted?: string
  readonly target?: { readonly kind: string; readonly id: string; readonly label?: string }
  readonly changes?: Changes
}

/** Who did it, as the log shows them: an OPENID (none for the system) and a name. */
export interface AuditActor {
  readonly actor: string | null
  readonly actorName: string
}

/** The entry of a successful write. */
export function entryOf(
  who: AuditActor,
  action: AuditAction,
  streetId: string | null | undefined,
  target?: AuditEntry['target'],
  changes?: Changes,
): AuditEntry {
  return {
    action,
    streetId: streetId ?? null,
    ...who,
    outcome: 'ok',
    ...(target ? { target } : {}),
    ...(changes ? { changes } : {}),
  }
}

/**
 * The stored document. `id` makes an entry idempotent: the entry of a retried create is written
 * once (its id derives from the event's id).
 */
export function auditDoc(entry: AuditEntry, id?: string): Doc {
  return { ...(id ? { _id: id } : {}), ...entry, at: new Date() }
}

/** Writes an entry; an entry with the same `id` already written is left as it is. */
export async function writeAudit(entry: AuditEntry, id?: string): Promise<void> {
  if (id) await addOnce('auditLog', auditDoc(entry, id) as Doc & { _id: string })
  else await db.collection('auditLog').add({ data: auditDoc(entry) })
}

/** Writes an entry as part of a transaction (committed with the change it describes, or not at all). */
export async function writeAuditIn(t: Transaction, entry: AuditEntry): Promise<void> {
  await t.collection('auditLog').add({ data: auditDoc(entry) })
}
