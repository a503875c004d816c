/**
 * Rollups (rollups.ts): every write of an event moves its contribution, and the running totals kept so
 * always equal a recount from the events (domain.md: voided events never count, an edited event counts
 * with its latest values once, a retried submission counts once). The recount `rollupsOf` is the oracle.
 */
import fc from 'fast-check'
import type { EventTypeDefinition } from '../../src/core/event-types'
import {
  applyDeltas,
  contributionOf,
  deltasOf,
  facetAttributesOf,
  cellOfKey,
  facetKeyOf,
  facetOf,
  facetOfKey,
  rollupsOf,
  sameCells,
  sameContribution,
  type RollupDoc,
} from '../../src/core/rollups'
import {
  caseFields,
  defOf,
  randomEvent,
  randomEvents,
  stepChoice,
  stepped,
  TREE,
  write,
  type RandomEvent,
  type StepChoice,
} from '../support/random-events'

const lecture: RandomEvent = {
  type: 'lecture',
  happenedOn: '2024-03-05',
  nodeId: 'G1',
  ancestors: TREE.G1!,
  streetId: 'S',
  measures: { participants: 45, materials: 0 },
  attributes: { speaker: '王律师' },
}

const dispute: RandomEvent = {
  type: 'dispute',
  happenedOn: '2024-11-20',
  nodeId: 'C1',
  ancestors: TREE.C1!,
  streetId: 'S',
  measures: {},
  attributes: { category: '邻里纠纷' },
  lifecycle: 'dispute',
  status: 'closed',
  outcome: 'success',
  closure: null,
  closedOn: '2025-01-08',
}

const contribution = (e: RandomEvent) => contributionOf(e, defOf(e.type))

/** Every document's cells, incremental against recounted; a document may be absent on one side when empty. */
function expectSameRollups(kept: ReadonlyMap<string, RollupDoc>, recounted: ReadonlyMap<string, RollupDoc>) {
  for (const id of new Set([...kept.keys(), ...recounted.keys()])) {
    const a = kept.get(id)
    const b = recounted.get(id)
    if (!sameCells(a?.cells ?? {}, b?.cells ?? {}) || !sameCells(a?.totals ?? {}, b?.totals ?? {}))
      throw new Error(
        `${id} differs: kept ${JSON.stringify([a?.cells, a?.totals])}, recounted ${JSON.stringify([b?.cells, b?.totals])}`,
      )
    if (a && b) {
      const { cells: _a, totals: _ta, ...shellA } = a
      const { cells: _b, totals: _tb, ...shellB } = b
      expect(shellA).toEqual(shellB)
    }
  }
}

describe("an event's contribution", () => {
  it('goes to the document of its month and node, in the cell of its type, facet and day', () => {
    const c = contribution(lecture)!
    expect(c).toMatchObject({ rollupId: '2024-03|G1', month: '2024-03', day: 5, facet: {} })
    expect(c.cellKey).toBe(`lecture~${facetKeyOf({})}_5`)
  })

  it('adds its measures, leaving out those that are 0', () => {
    expect(contribution(lecture)!.measures).toEqual({ participants: 45 })
  })

  it('counts in the year it happened, whenever it was typed: a lecture of 31 Dec 2024 is in December 2024', () => {
    expect(contribution({ ...lecture, happenedOn: '2024-12-31' })).toMatchObject({
      rollupId: '2024-12|G1',
      day: 31,
    })
  })

  it('is nothing once the event is voided', () => {
    expect(contribution({ ...lecture, voided: true })).toBeUndefined()
  })

  it('has the choices and flags of its type in its facet, not its free text (主讲人)', () => {
    const enforcement: RandomEvent = {
      ...lecture,
      type: 'enforcement',
      measures: {},
      attributes: { category: '私搭乱建', joint: true, departments: '城管、市场监管' },
    }
    expect(contribution(enforcement)!.facet).toEqual({ 'a:category': '私搭乱建', 'a:joint': true })
  })

  it('is the same for an unchecked flag and a flag never set', () => {
    const enforcement = { ...lecture, type: 'enforcement', measures: {} }
    const unchecked = contribution({ ...enforcement, attributes: { category: '乱堆乱放', joint: false } })
    const unset = contribution({ ...enforcement, attributes: { category: '乱堆乱放' } })
    expect(unchecked!.facet).toEqual({ 'a:category': '乱堆乱放', 'a:joint': null })
    expect(sameContribution(unchecked, unset)).toBe(true)
  })

  it('is the same for multiple choices in any order', () => {
    const def: Pick<EventTypeDefinition, 'attributes'> = {
      attributes: [{ key: 'a1', label: '检查形式', kind: 'choices', options: ['日常', '专项', '联合'] }],
    }
    const one = contributionOf({ ...lecture, type: 'c_x', attributes: { a1: ['联合', '日常'] } }, def)
    const other = contributionOf({ ...lecture, type: 'c_x', attributes: { a1: ['日常', '联合'] } }, def)
    expect(one!.facet).toEqual({ 'a:a1': ['日常', '联合'] })
    expect(sameContribution(one, other)).toBe(true)
  })

  it('of a case says where the case stands: status, outcome, closure and the year it was closed', () => {
    expect(contribution(dispute)!.facet).toEqual({
      'a:category': '邻里纠纷',
      status: 'closed',
      outcome: 'success',
      closure: null,
      closedYear: 2025,
    })
    expect(contribution({ ...dispute, status: 'mediating', outcome: null, closedOn: null })!.facet).toEqual({
      'a:category': '邻里纠纷',
      status: 'mediating',
      outcome: null,
      closure: null,
      closedYear: null,
    })
  })

  it('uses the facet attributes stored with the event when it has them', () => {
    const stored = { ...dispute, facetAttrs: facetAttributesOf(defOf('dispute'), dispute.attributes) }
    expect(facetOf(stored)).toEqual(facetOf(dispute, defOf('dispute')))
  })

  it('without its type (a type no longer known) keeps only flags and multiple choices', () => {
    expect(
      facetAttributesOf(undefined, { category: '其他', joint: true, tags: ['b', 'a'], speaker: '王' }),
    ).toEqual({ joint: true, tags: ['a', 'b'] })
  })
})

describe('what a write does to the rollups', () => {
  it('a new event adds one to its cell, with its measures', () => {
    const c = contribution(lecture)!
    expect([...deltasOf(undefined, c)]).toEqual([
      [
        c.rollupId,
        [
          {
            rollupId: c.rollupId,
            type: 'lecture',
            cellKey: c.cellKey,
            monthKey: c.monthKey,
            facet: {},
            day: 5,
            n: 1,
            m: { participants: 45 },
          },
        ],
      ],
    ])
  })

  it('voiding takes one away, with its measures', () => {
    const c = contribution(lecture)!
    expect(deltasOf(c, contribution({ ...lecture, voided: true })).get(c.rollupId)).toEqual([
      {
        rollupId: c.rollupId,
        type: 'lecture',
        cellKey: c.cellKey,
        monthKey: c.monthKey,
        facet: {},
        day: 5,
        n: -1,
        m: { participants: -45 },
      },
    ])
  })

  it('an edit moving the date to another month writes both documents', () => {
    const deltas = deltasOf(contribution(lecture), contribution({ ...lecture, happenedOn: '2024-04-02' }))
    expect([...deltas.keys()]).toEqual(['2024-03|G1', '2024-04|G1'])
  })

  it('correcting only a free text (主讲人) moves nothing', () => {
    const fixed = { ...lecture, attributes: { speaker: '李律师' } }
    expect(deltasOf(contribution(lecture), contribution(fixed)).size).toBe(0)
  })

  it('the same contribution before and after moves nothing: a retried write counts once (property)', () => {
    fc.assert(
      fc.property(randomEvent, (e) => {
        const c = contribution(e)
        expect(deltasOf(c, c).size).toBe(0)
        expect(deltasOf(c, contribution({ ...e })).size).toBe(0)
      }),
    )
  })

  it('drops a cell once its last event has moved away', () => {
    const c = contribution(lecture)!
    const added = applyDeltas({}, deltasOf(undefined, c).get(c.rollupId)!)
    expect(added).toEqual({ [c.cellKey]: { t: 'lecture', f: {}, d: 5, n: 1, m: { participants: 45 } } })
    expect(applyDeltas(added, deltasOf(c, undefined).get(c.rollupId)!)).toEqual({})
  })

  it('adds up in one cell for events of the same facet and day', () => {
    const docs = rollupsOf([lecture, { ...lecture, measures: { participants: 5, materials: 120 } }], defOf)
    expect(Object.values(docs.get('2024-03|G1')!.cells)).toEqual([
      { t: 'lecture', f: {}, d: 5, n: 2, m: { participants: 50, materials: 120 } },
    ])
  })
})

describe('the recount', () => {
  it('gives each document its place: street, node, its path, year and month', () => {
    const { cells: _, totals: _t, ...shell } = rollupsOf([dispute], defOf).get('2024-11|C1')!
    expect(shell).toEqual({
      _id: '2024-11|C1',
      streetId: 'S',
      nodeId: 'C1',
      ancestors: ['D', 'S', 'C1'],
      year: 2024,
      month: '2024-11',
    })
  })

  it('never holds a voided event', () => {
    expect(rollupsOf([{ ...lecture, voided: true }], defOf).size).toBe(0)
  })

  it('does not depend on the order of the events (property)', () => {
    fc.assert(
      fc.property(
        randomEvents().chain((events) =>
          fc.tuple(fc.constant(events), fc.shuffledSubarray(events, { minLength: events.length })),
        ),
        ([events, shuffled]) => expectSameRollups(rollupsOf(shuffled, defOf), rollupsOf(events, defOf)),
      ),
    )
  })

  it('tells counts that differ apart (what the reconcile reports)', () => {
    const docs = rollupsOf([lecture], defOf)
    const cells = docs.get('2024-03|G1')!.cells
    const [key] = Object.keys(cells)
    const cell = cells[key!]!
    expect(sameCells(cells, { [key!]: { ...cell } })).toBe(true)
    expect(sameCells(cells, { [key!]: { ...cell, n: 2 } })).toBe(false)
    expect(sameCells(cells, { [key!]: { ...cell, m: { participants: 44 } } })).toBe(false)
    expect(sameCells(cells, {})).toBe(false)
    expect(sameCells({}, { [key!]: { ...cell, n: 0, m: {} } })).toBe(true)
  })
})

/** One write a person (or the network) makes. */
type Op =
  | { kind: 'create'; event: RandomEvent }
  | { kind: 'edit'; pick: number; event: RandomEvent }
  | { kind: 'void' | 'restore' | 'retry'; pick: number }
  | { kind: 'step'; pick: number; step: StepChoice }

const op: fc.Arbitrary<Op> = fc.oneof(
  { arbitrary: fc.record({ kind: fc.constant('create' as const), event: randomEvent }), weight: 3 },
  {
    arbitrary: fc.record({ kind: fc.constant('edit' as const), pick: fc.nat(), event: randomEvent }),
    weight: 2,
  },
  {
    arbitrary: fc.record({
      kind: fc.constantFrom('void' as const, 'restore' as const, 'retry' as const),
      pick: fc.nat(),
    }),
    weight: 2,
  },
  {
    arbitrary: fc.record({ kind: fc.constant('step' as const), pick: fc.nat(), step: stepChoice }),
    weight: 3,
  },
)

/** The event after the write. */
function afterOp(current: RandomEvent, o: Exclude<Op, { kind: 'create' }>): RandomEvent {
  switch (o.kind) {
    case 'edit':
      // An edit keeps the type (its fields then all change); across types only the date and node move.
      return o.event.type === current.type
        ? { ...o.event, voided: current.voided, ...(current.caseState ? caseFields(current.caseState) : {}) }
        : { ...current, happenedOn: o.event.happenedOn, nodeId: o.event.nodeId, ancestors: o.event.ancestors }
    case 'void':
      return { ...current, voided: true }
    case 'restore':
      return { ...current, voided: false }
    case 'retry':
      return { ...current }
    case 'step':
      return current.caseState ? { ...current, ...caseFields(stepped(current.caseState, o.step)) } : current
  }
}

describe('rollups kept by every write', () => {
  it('always equal a recount of the events, whatever the creates, edits, voids, restores, retries and case steps (property)', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 80 }), (ops) => {
        const events: RandomEvent[] = []
        const kept = new Map<string, RollupDoc>()
        for (const o of ops) {
          if (o.kind === 'create') {
            events.push(o.event)
            write(kept, undefined, o.event)
            continue
          }
          if (events.length === 0) continue
          const i = o.pick % events.length
          const before = events[i]!
          const after = afterOp(before, o)
          events[i] = after
          write(kept, before, after)
          // Never a cell counting fewer than one event.
          for (const doc of kept.values())
            for (const cell of Object.values(doc.cells)) expect(cell.n).toBeGreaterThan(0)
        }
        expectSameRollups(kept, rollupsOf(events, defOf))
      }),
      { numRuns: 200 },
    )
  })

  it('are back where they were after a void and a restore (property)', () => {
    fc.assert(
      fc.property(randomEvents(30), fc.nat(), (events, pick) => {
        if (events.length === 0) return
        const kept = new Map<string, RollupDoc>()
        for (const e of events) write(kept, undefined, e)
        const start = new Map(kept)
        const e = events[pick % events.length]!
        const voided = { ...e, voided: true }
        write(kept, e, voided)
        write(kept, voided, { ...voided, voided: e.voided }) // restored to what it was
        expectSameRollups(kept, start)
      }),
    )
  })
})

describe('a cell’s key', () => {
  it('is its facet as text, read back whole: stored cells need no copy of it (property)', () => {
    fc.assert(
      fc.property(randomEvent, (e) => {
        const facet = facetOf(e, defOf(e.type))
        expect(facetOfKey(facetKeyOf(facet))).toEqual(facet)
        const c = contributionOf(e, defOf(e.type))
        if (c) {
          expect(cellOfKey(c.monthKey)).toEqual({ type: e.type, facet })
          expect(cellOfKey(c.cellKey)).toEqual({ type: e.type, facet })
        }
      }),
    )
  })

  it('escapes what a field name may not hold, and what the key itself uses', () => {
    const facet = {
      'a:form': 'L.E.D $屏=1;2+3~4_5%',
      'a:tags': ['x.y', 'z_w'],
      'a:joint': true,
      closedYear: 2024,
      outcome: null,
    }
    const key = facetKeyOf(facet)
    expect(key).not.toMatch(/[.$]/)
    expect(key.split('_')).toHaveLength(1)
    expect(facetOfKey(key)).toEqual(facet)
    expect(cellOfKey(`c_food~${key}_31`)).toEqual({ type: 'c_food', facet })
    expect(cellOfKey('lecture~')).toEqual({ type: 'lecture', facet: {} })
  })
})
