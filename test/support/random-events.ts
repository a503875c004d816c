/**
 * Random events for the properties of the figures (rollups.ts, figures.ts): built-in types with their
 * measures and attributes, dates over two years (2023 and 2024), nodes of a small org tree, voided
 * flags, and cases at any point of their lifecycle, reached by real steps (lifecycle.ts), so that their
 * status, outcome, closure and closedOn are what a stored case can have.
 */
import fc from 'fast-check'
import { BUILT_IN_TYPES, findType, type EventTypeDefinition } from '../../src/core/event-types'
import type { AttributeValue } from '../../src/core/event-input'
import type { FigureCell } from '../../src/core/figures'
import { applyCaseAction, allowedSteps, initialCaseState, type CaseState } from '../../src/core/lifecycle'
import {
  applyDeltas,
  contributionOf,
  deltasOf,
  facetAttributesOf,
  rollupShell,
  type CountableEvent,
  type RollupDoc,
} from '../../src/core/rollups'

export const YEARS = [2023, 2024] as const
const FIRST_DAY = Date.UTC(2023, 0, 1)
const DAYS = 731 // 2023-01-01 … 2024-12-31

/** The org tree: 区 D ─ 街道 S ─ 社区 C1 (网格 G1, G2) and 社区 C2 (网格 G3). Each node's path ends with itself. */
export const TREE: Readonly<Record<string, readonly string[]>> = {
  C1: ['D', 'S', 'C1'],
  C2: ['D', 'S', 'C2'],
  G1: ['D', 'S', 'C1', 'G1'],
  G2: ['D', 'S', 'C1', 'G2'],
  G3: ['D', 'S', 'C2', 'G3'],
}

export const addDays = (date: string, days: number): string =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10)

const dateAt = (offset: number): string =>
  new Date(FIRST_DAY + offset * 86_400_000).toISOString().slice(0, 10)

/** The definition of a built-in type, as the store finds it. */
export const defOf = (type: string): EventTypeDefinition | undefined => findType(BUILT_IN_TYPES, type)

/** An event as the store keeps it, with the case's lifecycle state when it is a case. */
export type RandomEvent = CountableEvent & { readonly caseState?: CaseState }

/** One step a handler may take next: which of the allowed steps, and what they fill in. */
export interface StepChoice {
  readonly pick: number
  readonly outcome: 'success' | 'partial' | 'failed'
  readonly closure: 'procedural' | 'substantive'
  readonly after: number
}

export const stepChoice: fc.Arbitrary<StepChoice> = fc.record({
  pick: fc.nat(5),
  outcome: fc.constantFrom('success' as const, 'partial' as const, 'failed' as const),
  closure: fc.constantFrom('procedural' as const, 'substantive' as const),
  after: fc.nat(400),
})

/** The case after one more step (unchanged when its status allows none). */
export function stepped(state: CaseState, choice: StepChoice): CaseState {
  const allowed = allowedSteps(state)
  if (allowed.length === 0) return state
  // 撤回 one time in six, so that most disputes reach an outcome of mediation.
  const onward = allowed.filter((k) => k !== 'withdraw')
  const kind =
    choice.pick === 0 && allowed.includes('withdraw') ? 'withdraw' : onward[choice.pick % onward.length]!
  const result = applyCaseAction(
    state,
    {
      kind,
      on: addDays(state.lastStepOn, choice.after),
      outcome: choice.outcome,
      ...(choice.outcome === 'failed' ? { referral: 'transfer' } : {}),
      closure: choice.closure,
      department: '城管中队',
      note: '电话回访，当事人满意',
    },
    '2099-12-31',
  )
  if (!result.ok) throw new Error(`step refused: ${JSON.stringify(result)}`)
  return result.state
}

/** The fields of an event that say where its case stands. */
export const caseFields = (state: CaseState) => ({
  caseState: state,
  lifecycle: state.lifecycle,
  status: state.status,
  outcome: state.outcome ?? null,
  closure: state.closure ?? null,
  closedOn: state.closedOn ?? null,
})

const valueOf = (a: EventTypeDefinition['attributes'][number]): fc.Arbitrary<AttributeValue> => {
  switch (a.kind) {
    case 'text':
      return fc.constantFrom('王律师', '李律师', '城管、市场监管')
    case 'choice':
      return fc.constantFrom(...(a.options ?? []))
    case 'choices':
      return fc.subarray([...(a.options ?? [])], { minLength: 1 })
    case 'flag':
      return fc.boolean()
  }
}

/** The attributes of an event of `def`: required ones always, the others sometimes. */
const attributesOf = (def: EventTypeDefinition) =>
  fc
    .tuple(
      ...def.attributes.map((a) =>
        a.required ? valueOf(a) : fc.option(valueOf(a), { nil: undefined, freq: 2 }),
      ),
    )
    .map((values) => {
      const out: Record<string, AttributeValue> = {}
      def.attributes.forEach((a, i) => {
        if (values[i] !== undefined) out[a.key] = values[i]
      })
      return out
    })

/** Measures of a few people as often as of hundreds (sums of 1 and 0 are where arithmetic slips). */
const amount = fc.oneof(fc.nat(3), fc.nat(2000))

const measuresOf = (def: EventTypeDefinition) =>
  fc
    .tuple(
      ...def.measures.map((m) => (m.required === false ? fc.option(amount, { nil: undefined }) : amount)),
    )
    .map((values) => {
      const out: Record<string, number> = {}
      def.measures.forEach((m, i) => {
        if (values[i] !== undefined) out[m.key] = values[i]
      })
      return out
    })

/** A random event of a built-in type, as stored (with its facet attributes written beside it, or not). */
export const randomEvent: fc.Arbitrary<RandomEvent> = fc.constantFrom(...BUILT_IN_TYPES).chain((def) =>
  fc
    .record({
      day: fc.nat(DAYS - 1),
      node: fc.constantFrom(...Object.keys(TREE)),
      voided: fc.constantFrom(false, false, false, false, true),
      measures: measuresOf(def),
      attributes: attributesOf(def),
      steps: fc.array(stepChoice, { maxLength: 5 }),
      storedFacet: fc.boolean(),
    })
    .map(({ day, node, voided, measures, attributes, steps, storedFacet }): RandomEvent => {
      const happenedOn = dateAt(day)
      const event: RandomEvent = {
        type: def.type,
        happenedOn,
        nodeId: node,
        ancestors: TREE[node]!,
        streetId: 'S',
        voided,
        measures,
        attributes,
        ...(storedFacet ? { facetAttrs: facetAttributesOf(def, attributes) } : {}),
      }
      if (!def.lifecycle) return event
      const state = steps.reduce(stepped, initialCaseState(def.lifecycle, happenedOn))
      return { ...event, ...caseFields(state) }
    }),
)

export const randomEvents = (maxLength = 60) => fc.array(randomEvent, { maxLength })

/**
 * Every cell of the rollup documents, with where it sits: what the figures are computed from. By day
 * (the default), or the months' totals (which stand for whole months only).
 */
export function cellsOf(docs: Iterable<RollupDoc>, level: 'day' | 'month' = 'day'): FigureCell[] {
  const out: FigureCell[] = []
  for (const doc of docs)
    for (const c of Object.values(level === 'day' ? doc.cells : doc.totals))
      out.push({
        type: c.t,
        month: doc.month,
        ...(c.d !== undefined ? { day: c.d } : {}),
        facet: c.f,
        n: c.n,
        m: c.m,
      })
  return out
}

/**
 * What the store does when an event is written: its old contribution (if any) taken away, its new one
 * (if any) added, each touched document created from its shell when it does not exist yet.
 */
export function write(
  docs: Map<string, RollupDoc>,
  before: RandomEvent | undefined,
  after: RandomEvent | undefined,
): void {
  const from = before && contributionOf(before, defOf(before.type))
  const to = after && contributionOf(after, defOf(after.type))
  for (const [rollupId, deltas] of deltasOf(from, to)) {
    const [event, c] = to?.rollupId === rollupId ? [after!, to] : [before!, from!]
    const doc = docs.get(rollupId) ?? { ...rollupShell(event, c.month), cells: {}, totals: {} }
    docs.set(rollupId, {
      ...doc,
      cells: applyDeltas(doc.cells, deltas),
      totals: applyDeltas(doc.totals, deltas, 'month'),
    })
  }
}
