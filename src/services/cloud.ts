/**
 * callCloud: the app's only way to call a cloud function, typed end to end by the contract.
 * Results and failures (including a lost network or a platform error) come back in one envelope.
 */
import type { ActionName, CallData, CloudResult, FunctionName, RequestOf } from '../core/contract'
import { ERRORS, type Envelope } from '../core/errors'
import { invoke } from './transport'

const isEnvelope = (value: unknown): value is Envelope<unknown> =>
  typeof value === 'object' && value !== null && typeof (value as { ok?: unknown }).ok === 'boolean'

export async function callCloud<F extends FunctionName, A extends ActionName<F>>(
  name: F,
  action: A,
  request: RequestOf<F, A>,
): Promise<CloudResult<F, A>> {
  const data = { action, ...(request as object) } as CallData<F, A>
  try {
    const result = await invoke(name, data as unknown as Record<string, unknown>)
    if (isEnvelope(result)) return result as CloudResult<F, A>
    return { ok: false, error: { code: 'INTERNAL', message: ERRORS.INTERNAL } }
  } catch (e) {
    console.warn(`callCloud ${name}.${action} failed`, e)
    return { ok: false, error: { code: 'NETWORK.UNAVAILABLE', message: ERRORS['NETWORK.UNAVAILABLE'] } }
  }
}
