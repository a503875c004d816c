/**
 * A function's thin edge: parse the event, find the action, find who is calling, pass the action
 * through the policy module, call the use case, map the result into the one envelope. Expected
 * failures are AppErrors with a code; anything else is logged and answered with INTERNAL, never with
 * a stack trace.
 *
 * Every handler declares its access: a policy action (checked here for the person at all, and by
 * `ctx.require` at the record's node), or 'anyone' for what residents may do. Refusals are written to
 * the audit log before they are answered.
 */
import type { ActionName, FunctionName, RequestOf, ResponseOf } from '../../src/core/contract'
import { AppError, type Envelope, type ErrorCode } from '../../src/core/errors'
import type { NodePlace } from '../../src/core/org-tree'
import { authorize, mayEver, POLICY, type HandledRecord, type PolicyAction } from '../../src/core/policy'
import type { RoleGrant } from '../../src/core/roles'
import type { AuditAction } from '../../src/core/audit'
import { entryOf, writeAudit, type AuditEntry } from './audit'
import { callerOpenid } from './cloud'
import { findPerson, type Person } from './people'

/** A node the policy decides on, with the street it belongs to (for filing a refusal). */
export interface PolicyTarget extends NodePlace {
  readonly streetId?: string
}

export interface Context {
  /** From getWXContext() only; undefined for timer and function-to-function calls. */
  readonly openid: string | undefined
  /** The caller as the product knows them; undefined for a resident never invited. */
  readonly person: Person | undefined
  /** Authorizes `action` at `target` or refuses (logged) with the policy's code. */
  require(action: PolicyAction, target: PolicyTarget, record?: HandledRecord): Promise<{ grant?: RoleGrant }>
  /** The policy's answer without refusing: for what to show, not for what to allow. */
  allows(action: PolicyAction, target: NodePlace, record?: HandledRecord): boolean
  /** The audit entry of a successful write by the caller (to pass to writeAudit or writeAuditIn). */
  entry(
    action: AuditAction,
    streetId: string | null | undefined,
    target: AuditEntry['target'],
    changes?: AuditEntry['changes'],
  ): AuditEntry
  /**
   * Refuses with `code`, after writing the refusal to the audit log under `streetId` (else the caller's
   * street) with what was aimed at.
   */
  refuse(code: ErrorCode, streetId?: string | null, target?: AuditEntry['target']): Promise<never>
}

/**
 * 'anyone': residents too (the caller is looked up, for consent or joining); 'public': what residents
 * read, for which who calls does not matter, so the caller is not even looked up (one round trip less).
 */
export type Access = PolicyAction | 'anyone' | 'public'

export interface Handler<F extends FunctionName, A extends ActionName<F>> {
  readonly access: Access
  run(request: RequestOf<F, A>, ctx: Context): Promise<ResponseOf<F, A>>
}

export type Handlers<F extends FunctionName> = { [A in ActionName<F>]: Handler<F, A> }

export interface ServeOptions {
  /** Runs for the function's timer trigger (config.json `triggers`): no caller, no request. */
  readonly timer?: () => Promise<unknown>
  /**
   * Runs for a WeChat message push routed to the function (云开发 消息推送, e.g. `wxa_media_check`):
   * `{MsgType, Event, …}` and no action. What it carries is trusted only as far as the handler can check
   * it against what the function stored (a push names a trace id the function was given, never a client).
   */
  readonly push?: (event: Record<string, unknown>) => Promise<unknown>
}

/** The platform's timer event: `{Type: 'Timer', TriggerName, Time}`, and never an OPENID. */
const isTimerEvent = (event: Record<string, unknown>, openid: string | undefined): boolean =>
  openid === undefined && event.Type === 'Timer' && typeof event.TriggerName === 'string'

/** Builds the exported `main` of a cloud function from its handlers. */
export function serve<F extends FunctionName>(name: F, handlers: Handlers<F>, options: ServeOptions = {}) {
  return async (event: unknown): Promise<Envelope<unknown>> => {
    try {
      if (typeof event !== 'object' || event === null) throw new AppError('REQUEST.INVALID')
      const openid = callerOpenid()
      const record = event as Record<string, unknown>
      if (options.timer && isTimerEvent(record, openid)) return { ok: true, data: await options.timer() }
      // A push has no caller: a call that carries an OPENID comes from a client, whatever it claims.
      if (
        options.push &&
        openid === undefined &&
        record.action === undefined &&
        typeof record.MsgType === 'string'
      )
        return { ok: true, data: await options.push(record) }
      // userInfo is added by the platform and `openid` may be forged: neither is a source of identity.
      const { action, userInfo: _userInfo, ...request } = record
      const handler =
        typeof action === 'string' && Object.hasOwn(handlers, action)
          ? (handlers as Record<string, Handler<F, ActionName<F>>>)[action]
          : undefined
      if (!handler) throw new AppError('REQUEST.UNKNOWN_ACTION', { action: String(action) })
      const person = handler.access === 'public' ? undefined : await findPerson(openid)
      const ctx = contextFor(`${name}.${String(action)}`, openid, person)
      if (handler.access !== 'anyone' && handler.access !== 'public') await admit(ctx, handler.access)
      const data: unknown = await handler.run(request as RequestOf<F, ActionName<F>>, ctx)
      return { ok: true, data }
    } catch (e) {
      if (e instanceof AppError) return { ok: false, error: e.toBody() }
      console.error(`[${name}] unexpected failure`, e)
      return { ok: false, error: new AppError('INTERNAL').toBody() }
    }
  }
}

/** The coarse check before any record is read: is this person staff at all, and could they ever do it? */
async function admit(ctx: Context, action: PolicyAction): Promise<void> {
  const person = ctx.person
  if (!person || person.grants.length === 0)
    await ctx.refuse(person?.status === 'revoked' ? 'AUTH.REVOKED' : 'AUTH.NOT_STAFF', person?.streetId)
  // Where a record's handlers may act, only the record can tell: the handler's own check decides.
  if (!POLICY[action].handlers && !mayEver(person, action))
    await ctx.refuse('AUTH.FORBIDDEN', person?.streetId)
}

function contextFor(attempted: string, openid: string | undefined, person: Person | undefined): Context {
  const actor = person ? { openid: person.openid, grants: person.grants } : undefined
  const ctx: Context = {
    openid,
    person,
    async refuse(code, streetId, target) {
      console.warn(`[${attempted}] refused ${code} for ${openid ?? '(no openid)'}`)
      await writeAudit({
        ...ctx.entry('refused', streetId ?? person?.streetId, target),
        outcome: 'refused',
        code,
        attempted,
      })
      throw new AppError(code)
    },
    async require(action, target, record) {
      const decision = authorize(actor, action, target, record)
      if (decision.allowed) return { grant: decision.grant }
      const code =
        decision.code === 'AUTH.NOT_STAFF' && person?.status === 'revoked' ? 'AUTH.REVOKED' : decision.code
      return ctx.refuse(code, target.streetId, { kind: POLICY[action].label, id: target.id })
    },
    allows: (action, target, record) => authorize(actor, action, target, record).allowed,
    entry: (action, streetId, target, changes) =>
      entryOf(
        { actor: openid ?? null, actorName: person?.name ?? '居民' },
        action,
        streetId,
        target,
        changes,
      ),
  }
  return ctx
}
