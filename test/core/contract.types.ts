/**
 * Type tests of the contract, checked by `tsc` in `npm run check` (not run by Jest): a call that does
 * not match the contract must not compile, and responses are typed end to end.
 */
import type { RequestOf, ResponseOf } from '../../src/core/contract'
import type { Handlers } from '../../cloudfunctions/_lib/serve'
import type { callCloud } from '../../src/services/cloud'

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false
const assertType = <T extends true>(_proof?: T): void => undefined

type Call = typeof callCloud

export function typeTests(call: Call): void {
  // Requests are checked against the action.
  void call('stats', 'totals', { period: { year: 2025 } })
  // @ts-expect-error: a period is an object
  void call('stats', 'totals', { period: 2025 })
  // @ts-expect-error: no such action
  void call('stats', 'drop', {})
  // @ts-expect-error: no such function
  void call('payments', 'create', {})
  // @ts-expect-error: create needs the client-generated id
  void call('events', 'create', { type: 'lecture', lecture: {} })

  // Responses are typed from the contract.
  void call('stats', 'totals', { period: { year: 2025 } }).then((result) => {
    if (result.ok) {
      const count: number = result.data.totals[0]!.value.value
      void count
      // @ts-expect-error: not part of the response
      void result.data.events
    } else {
      const code: string = result.error.code
      void code
    }
  })

  assertType<Equal<RequestOf<'stats', 'closeYear'>, { year: number }>>()
  assertType<Equal<ResponseOf<'events', 'create'>['duplicate'], boolean>>()

  // Functions must implement every action of their contract, with the contract's types.
  const incomplete: Handlers<'stats'> = {
    // @ts-expect-error: returns the wrong shape
    closeYear: async () => ({ year: 2025 }),
  }
  void incomplete
}
