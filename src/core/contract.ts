/**
 * The one typed contract of every cloud call: each function, its actions, their request and response.
 * The app calls only through `callCloud` (services/cloud.ts), the functions implement it
 * (cloudfunctions/_lib/serve.ts), and the local gateway serves the same names. WeChat's typings leave
 * callFunction's result untyped; type safety comes from here.
 */
import type { Envelope } from './errors'
import type { Lecture } from './lecture'
import type { RoleGrant } from './roles'
import type { LectureTotals } from './totals'

export interface Me {
  readonly name: string
  readonly roles: readonly RoleGrant[]
  /** The street the person works in or lives in, when known. */
  readonly streetName?: string
  /** True when any role is a staff role. */
  readonly staff: boolean
  /** True for street staff and admins: 年度统计 is shown. */
  readonly mayReadStreetFigures: boolean
}

/** A logged event as its handlers see it (a whitelisted view of the stored document). */
export interface EventView extends Lecture {
  readonly id: string
  readonly type: 'lecture'
  readonly nodeName: string
  readonly createdAt: string
}

export interface YearTotals {
  readonly year: number
  readonly streetName: string
  readonly lecture: LectureTotals
}

export interface Contract {
  session: {
    me: { request: Record<string, never>; response: Me }
  }
  events: {
    /** Idempotent: the same `id` sent again returns the same event and changes no total. */
    create: {
      request: { id: string; type: 'lecture'; lecture: Record<keyof Lecture, unknown> }
      response: { event: EventView; duplicate: boolean }
    }
  }
  stats: {
    yearTotals: { request: { year: number }; response: YearTotals }
  }
}

export type FunctionName = keyof Contract
export type ActionName<F extends FunctionName> = keyof Contract[F] & string
type Spec<F extends FunctionName, A extends ActionName<F>> = Contract[F][A] extends {
  request: infer Q
  response: infer R
}
  ? { request: Q; response: R }
  : never
export type RequestOf<F extends FunctionName, A extends ActionName<F>> = Spec<F, A>['request']
export type ResponseOf<F extends FunctionName, A extends ActionName<F>> = Spec<F, A>['response']

/** What travels as callFunction's data: the action and its request. */
export type CallData<F extends FunctionName, A extends ActionName<F>> = { action: A } & RequestOf<F, A>

export type CloudResult<F extends FunctionName, A extends ActionName<F>> = Envelope<ResponseOf<F, A>>
