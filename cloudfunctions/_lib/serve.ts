/**
 * A function's thin edge: parse the event, find the action, call the use case, map the result into
 * the one envelope. Expected failures are AppErrors with a code; anything else is logged and answered
 * with INTERNAL, never with a stack trace.
 */
import type { ActionName, FunctionName, RequestOf, ResponseOf } from '../../src/core/contract'
import { AppError, type Envelope } from '../../src/core/errors'
import { callerOpenid } from './cloud'

export interface Caller {
  /** From getWXContext(); undefined for timer and function-to-function calls. */
  readonly openid: string | undefined
}

export type Handlers<F extends FunctionName> = {
  [A in ActionName<F>]: (request: RequestOf<F, A>, caller: Caller) => Promise<ResponseOf<F, A>>
}

/** Builds the exported `main` of a cloud function from its handlers. */
export function serve<F extends FunctionName>(name: F, handlers: Handlers<F>) {
  return async (event: unknown): Promise<Envelope<unknown>> => {
    try {
      if (typeof event !== 'object' || event === null) throw new AppError('REQUEST.INVALID')
      // userInfo is added by the platform; never a source of identity here.
      const { action, userInfo: _userInfo, ...request } = event as Record<string, unknown>
      const handler = typeof action === 'string' ? (handlers as Record<string, unknown>)[action] : undefined
      if (typeof handler !== 'function')
        throw new AppError('REQUEST.UNKNOWN_ACTION', { action: String(action) })
      const data: unknown = await handler(request, { openid: callerOpenid() })
      return { ok: true, data }
    } catch (e) {
      if (e instanceof AppError) return { ok: false, error: e.toBody() }
      console.error(`[${name}] unexpected failure`, e)
      return { ok: false, error: new AppError('INTERNAL').toBody() }
    }
  }
}
