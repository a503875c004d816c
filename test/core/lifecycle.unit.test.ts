/**
 * Case lifecycles (lifecycle.ts): the whole transition table as a matrix, the fields each step needs,
 * and properties over random sequences of steps. The table below is the specification (domain.md,
 * "Case lifecycles"), written independently of the module's own TRANSITIONS, which it checks.
 */
import fc from 'fast-check'
import type { LifecycleKind } from '../../src/core/event-types'
import {
  ageLabel,
  ageInDays,
  allowedSteps,
  applyCaseAction,
  initialCaseState,
  isOpen,
  waitingFor,
  type CaseActionInput,
  type CaseActionKind,
  type CaseState,
  type CaseStatus,
} from '../../src/core/lifecycle'

// Which step each status allows. ✓ allowed, · refused. A status of the other lifecycle allows nothing.
//                       开始调解 记录结果 撤回  办结  回访  开始处置 交办
const SPEC = `
  dispute   accepted     ✓        ·       ✓     ·     ·     ·       ·
  dispute   mediating    ·        ✓       ✓     ·     ·     ·       ·
  dispute   resolved     ·        ·       ·     ✓     ·     ·       ·
  dispute   closed       ·        ·       ·     ·     ✓     ·       ·
  dispute   reported     ·        ·       ·     ·     ·     ·       ·
  dispute   handling     ·        ·       ·     ·     ·     ·       ·
  gridEvent accepted     ·        ·       ·     ·     ·     ·       ·
  gridEvent mediating    ·        ·       ·     ·     ·     ·       ·
  gridEvent resolved     ·        ·       ·     ·     ·     ·       ·
  gridEvent closed       ·        ·       ·     ·     ·     ·       ·
  gridEvent reported     ·        ·       ·     ·     ·     ✓       ✓
  gridEvent handling     ·        ·       ·     ✓     ·     ·       ✓
`
const KINDS: CaseActionKind[] = [
  'startMediation',
  'recordOutcome',
  'withdraw',
  'close',
  'followUp',
  'startHandling',
  'assign',
]
const LIFECYCLES: LifecycleKind[] = ['dispute', 'gridEvent']
const STATUSES: CaseStatus[] = ['accepted', 'mediating', 'resolved', 'closed', 'reported', 'handling']
const LIFECYCLE_STATUSES: Record<LifecycleKind, CaseStatus[]> = {
  dispute: ['accepted', 'mediating', 'resolved', 'closed'],
  gridEvent: ['reported', 'handling', 'closed'],
}
// Written out, not built from the module's labels: the sentences a grid worker reads.
const STATUS_WORDS: Record<CaseStatus, string> = {
  accepted: '已受理',
  mediating: '调解中',
  resolved: '已有结果',
  reported: '已上报',
  handling: '处置中',
  closed: '已办结',
}
const ACTION_WORDS: Record<CaseActionKind, string> = {
  startMediation: '开始调解',
  recordOutcome: '记录调解结果',
  withdraw: '撤回',
  close: '办结',
  followUp: '回访',
  startHandling: '开始处置',
  assign: '交办',
}
/** Where an allowed step leads. */
const LEADS_TO: Record<CaseActionKind, CaseStatus | 'same'> = {
  startMediation: 'mediating',
  recordOutcome: 'resolved',
  withdraw: 'resolved',
  close: 'closed',
  followUp: 'same',
  startHandling: 'handling',
  assign: 'handling',
}

const allowedBySpec = new Map<string, boolean>()
for (const line of SPEC.trim().split('\n')) {
  const [lifecycle, status, ...marks] = line.trim().split(/\s+/)
  marks.forEach((mark, i) => allowedBySpec.set(`${lifecycle}|${status}|${KINDS[i]}`, mark === '✓'))
}
const allowedIn = (lifecycle: LifecycleKind, status: CaseStatus) =>
  KINDS.filter((k) => allowedBySpec.get(`${lifecycle}|${status}|${k}`))

// ── Builders ────────────────────────────────────────────────────────────────────────────────────────

const TODAY = '2024-06-30'
const OPENED = '2024-03-01'
const LAST = '2024-03-05'

const stateAt = (lifecycle: LifecycleKind, status: CaseStatus, over: Partial<CaseState> = {}): CaseState => ({
  ...initialCaseState(lifecycle, OPENED),
  status,
  lastStepOn: LAST,
  ...(status === 'resolved' || (status === 'closed' && lifecycle === 'dispute')
    ? { outcome: 'success' }
    : {}),
  ...(status === 'closed' ? { closedOn: LAST } : {}),
  ...over,
})

/** A well-filled step of each kind: refused only if the status does not allow it. */
const WELL_FILLED: Record<CaseActionKind, CaseActionInput> = {
  startMediation: { kind: 'startMediation', on: '2024-03-10' },
  recordOutcome: { kind: 'recordOutcome', on: '2024-03-10', outcome: 'success', note: '双方签订调解协议' },
  withdraw: { kind: 'withdraw', on: '2024-03-10' },
  close: { kind: 'close', on: '2024-03-10', closure: 'substantive' },
  followUp: { kind: 'followUp', on: '2024-03-10', note: '电话回访，协议已履行' },
  startHandling: { kind: 'startHandling', on: '2024-03-10' },
  assign: { kind: 'assign', on: '2024-03-10', department: '城管执法中队' },
}

const addDays = (date: string, days: number): string =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10)

/** Freezes a state all the way down, so a function that mutates it throws. */
const frozen = <T>(value: T): T => {
  for (const v of Object.values(value as object)) if (typeof v === 'object' && v !== null) frozen(v)
  return Object.freeze(value)
}

// ── The transition table ────────────────────────────────────────────────────────────────────────────

it('the spec table covers every lifecycle, every status and every step', () => {
  expect(allowedBySpec.size).toBe(LIFECYCLES.length * STATUSES.length * KINDS.length)
  expect(Object.keys(ACTION_WORDS).sort()).toEqual([...KINDS].sort())
})

describe.each(LIFECYCLES)('a %s case', (lifecycle) => {
  describe.each(STATUSES)('that is %s', (status) => {
    const allowed = allowedIn(lifecycle, status)

    it(`allows exactly: ${allowed.join(', ') || 'nothing'}`, () => {
      expect([...allowedSteps({ lifecycle, status })].sort()).toEqual([...allowed].sort())
    })

    it.each(KINDS)('%s', (kind) => {
      const state = frozen(stateAt(lifecycle, status))
      const result = applyCaseAction(state, WELL_FILLED[kind], TODAY)
      if (allowed.includes(kind)) {
        const to = LEADS_TO[kind] === 'same' ? status : LEADS_TO[kind]
        expect(result).toMatchObject({ ok: true, state: { status: to }, step: { kind, from: status, to } })
      } else {
        expect(result).toEqual({ ok: false, code: 'CASE.ILLEGAL_STEP', message: expect.any(String) })
        if (result.ok || result.code !== 'CASE.ILLEGAL_STEP') return
        expect(result.message).toContain(`该案件${STATUS_WORDS[status]}，不能${ACTION_WORDS[kind]}`)
        for (const k of allowed) expect(result.message).toContain(ACTION_WORDS[k])
        if (allowed.length === 0) expect(result.message).not.toContain('现在可以')
      }
    })
  })
})

describe('a refused step', () => {
  it('names the status and every step that is possible now, in a sentence', () => {
    const result = applyCaseAction(stateAt('dispute', 'accepted'), WELL_FILLED.close, TODAY)
    expect(result).toEqual({
      ok: false,
      code: 'CASE.ILLEGAL_STEP',
      message: '该案件已受理，不能办结；现在可以：开始调解、撤回',
    })
    expect(applyCaseAction(stateAt('gridEvent', 'closed'), WELL_FILLED.assign, TODAY)).toEqual({
      ok: false,
      code: 'CASE.ILLEGAL_STEP',
      message: '该案件已办结，不能交办',
    })
  })

  it('of a kind that does not exist is a field error, not a refused step', () => {
    for (const kind of ['reopen', '', undefined, 42, 'toString'])
      expect(applyCaseAction(stateAt('dispute', 'accepted'), { kind, on: '2024-03-10' }, TODAY)).toEqual({
        ok: false,
        code: 'CASE.INVALID_STEP',
        fields: { kind: '请选择要进行的办理步骤' },
      })
  })
})

// ── Fields of each step ─────────────────────────────────────────────────────────────────────────────

describe('recording the outcome of a mediation', () => {
  const mediating = stateAt('dispute', 'mediating')
  const record = (over: Partial<CaseActionInput>) =>
    applyCaseAction(mediating, { ...WELL_FILLED.recordOutcome, ...over }, TODAY)

  it('needs one of 调解成功, 部分达成, 调解不成 (撤回 is its own step)', () => {
    for (const outcome of [undefined, '', 'withdrawn', 'SUCCESS', 1])
      expect(record({ outcome })).toEqual({
        ok: false,
        code: 'CASE.INVALID_STEP',
        fields: { outcome: '请选择调解结果' },
      })
    for (const outcome of ['success', 'partial'] as const)
      expect(record({ outcome })).toMatchObject({ ok: true, state: { status: 'resolved', outcome } })
  })

  it('needs 移交 or 引导诉讼 after 调解不成, and keeps it on the case and the step', () => {
    expect(record({ outcome: 'failed' })).toEqual({
      ok: false,
      code: 'CASE.INVALID_STEP',
      fields: { referral: '调解不成的，请选择移交或引导诉讼' },
    })
    expect(record({ outcome: 'failed', referral: 'court' })).toMatchObject({
      ok: false,
      fields: { referral: '调解不成的，请选择移交或引导诉讼' },
    })
    for (const referral of ['transfer', 'litigation'] as const)
      expect(record({ outcome: 'failed', referral })).toMatchObject({
        ok: true,
        state: { status: 'resolved', outcome: 'failed', referral },
        step: { outcome: 'failed', referral },
      })
  })

  it('refuses a referral for any other outcome', () => {
    for (const outcome of ['success', 'partial'])
      expect(record({ outcome, referral: 'transfer' })).toEqual({
        ok: false,
        code: 'CASE.INVALID_STEP',
        fields: { referral: '只有调解不成的案件才需移交或引导诉讼' },
      })
  })
})

describe('withdrawing a dispute', () => {
  it('gives it the outcome 撤回, from 已受理 or 调解中', () => {
    for (const status of ['accepted', 'mediating'] as const)
      expect(applyCaseAction(stateAt('dispute', status), WELL_FILLED.withdraw, TODAY)).toMatchObject({
        ok: true,
        state: { status: 'resolved', outcome: 'withdrawn' },
        step: { outcome: 'withdrawn' },
      })
  })
})

describe('handling a grid event', () => {
  it('needs the department for 交办 (at least 2, at most 30 characters), not for 开始处置', () => {
    const reported = stateAt('gridEvent', 'reported')
    for (const department of [undefined, '', ' 城 '])
      expect(applyCaseAction(reported, { ...WELL_FILLED.assign, department }, TODAY)).toEqual({
        ok: false,
        code: 'CASE.INVALID_STEP',
        fields: { department: '请填写交办的部门' },
      })
    expect(applyCaseAction(reported, { ...WELL_FILLED.assign, department: '部'.repeat(31) }, TODAY)).toEqual({
      ok: false,
      code: 'CASE.INVALID_STEP',
      fields: { department: '部门名称不能超过30个字' },
    })
    expect(applyCaseAction(reported, WELL_FILLED.startHandling, TODAY)).toMatchObject({
      ok: true,
      state: { status: 'handling' },
    })
  })

  it('may be 交办 again while it is handled; the case keeps the latest department', () => {
    const first = applyCaseAction(stateAt('gridEvent', 'reported'), WELL_FILLED.assign, TODAY)
    if (!first.ok) throw new Error('first assign refused')
    const second = applyCaseAction(first.state, { ...WELL_FILLED.assign, department: ' 市场监管所 ' }, TODAY)
    expect(second).toMatchObject({
      ok: true,
      state: { status: 'handling', department: '市场监管所' },
      step: { department: '市场监管所', from: 'handling', to: 'handling' },
    })
  })

  it('is closed only as 程序性办结 or 实质性办结, which the case keeps', () => {
    const handling = stateAt('gridEvent', 'handling')
    for (const closure of [undefined, '', 'done'])
      expect(applyCaseAction(handling, { ...WELL_FILLED.close, closure }, TODAY)).toEqual({
        ok: false,
        code: 'CASE.INVALID_STEP',
        fields: { closure: '请选择程序性办结或实质性办结' },
      })
    for (const closure of ['procedural', 'substantive'] as const)
      expect(applyCaseAction(handling, { ...WELL_FILLED.close, closure }, TODAY)).toMatchObject({
        ok: true,
        state: { status: 'closed', closure, closedOn: '2024-03-10' },
        step: { closure },
      })
  })
})

describe('closing a dispute', () => {
  it('files its outcome and needs no closure kind (that is for grid events)', () => {
    const result = applyCaseAction(stateAt('dispute', 'resolved'), { kind: 'close', on: '2024-03-10' }, TODAY)
    expect(result).toMatchObject({
      ok: true,
      state: { status: 'closed', closedOn: '2024-03-10', outcome: 'success' },
    })
    expect(result.ok && 'closure' in result.state).toBe(false)
  })
})

describe('a follow-up visit', () => {
  const closed = stateAt('dispute', 'closed')

  it('needs a note of what was found, and is counted', () => {
    for (const note of [undefined, '', ' 好 ', 42])
      expect(applyCaseAction(closed, { ...WELL_FILLED.followUp, note }, TODAY)).toEqual({
        ok: false,
        code: 'CASE.INVALID_STEP',
        fields: { note: '请填写回访情况' },
      })
    expect(applyCaseAction(closed, WELL_FILLED.followUp, TODAY)).toMatchObject({
      ok: true,
      state: { status: 'closed', followUps: 1, closedOn: LAST },
      step: { note: '电话回访，协议已履行' },
    })
  })
})

describe('a note on any step', () => {
  it('is trimmed, optional, text, and at most 200 characters', () => {
    const accepted = stateAt('dispute', 'accepted')
    expect(
      applyCaseAction(accepted, { ...WELL_FILLED.startMediation, note: '  约双方周五到调解室  ' }, TODAY),
    ).toMatchObject({ ok: true, step: { note: '约双方周五到调解室' } })
    const noNote = applyCaseAction(accepted, { ...WELL_FILLED.startMediation, note: '   ' }, TODAY)
    expect(noNote.ok && 'note' in noNote.step).toBe(false)
    expect(applyCaseAction(accepted, { ...WELL_FILLED.startMediation, note: ['x'] }, TODAY)).toEqual({
      ok: false,
      code: 'CASE.INVALID_STEP',
      fields: { note: '请填写文字说明' },
    })
    expect(
      applyCaseAction(accepted, { ...WELL_FILLED.startMediation, note: '说'.repeat(201) }, TODAY),
    ).toEqual({
      ok: false,
      code: 'CASE.INVALID_STEP',
      fields: { note: '说明不能超过200个字' },
    })
    expect(
      applyCaseAction(accepted, { ...WELL_FILLED.startMediation, note: '😀'.repeat(200) }, TODAY).ok,
    ).toBe(true)
  })
})

describe('the date of a step', () => {
  const accepted = stateAt('dispute', 'accepted')
  const on = (date: unknown) => applyCaseAction(accepted, { kind: 'startMediation', on: date }, TODAY)

  it('is a real date, not in the future and not before the previous step', () => {
    for (const date of [undefined, '', '2024-02-30', '2024/03/10', 20240310])
      expect(on(date)).toEqual({ ok: false, code: 'CASE.INVALID_STEP', fields: { on: '请选择日期' } })
    expect(on('2024-07-01')).toEqual({
      ok: false,
      code: 'CASE.INVALID_STEP',
      fields: { on: '日期不能晚于今天' },
    })
    expect(on('2024-03-04')).toEqual({
      ok: false,
      code: 'CASE.INVALID_STEP',
      fields: { on: '日期不能早于上一步（2024-03-05）' },
    })
  })

  it('may be the same day as the previous step, or today', () => {
    expect(on(LAST)).toMatchObject({ ok: true, state: { lastStepOn: LAST } })
    expect(on(TODAY)).toMatchObject({ ok: true, state: { lastStepOn: TODAY } })
  })

  it('is reported together with the other fields of the step', () => {
    expect(
      applyCaseAction(stateAt('gridEvent', 'handling'), { kind: 'close', on: '2099-01-01' }, TODAY),
    ).toEqual({
      ok: false,
      code: 'CASE.INVALID_STEP',
      fields: { on: '日期不能晚于今天', closure: '请选择程序性办结或实质性办结' },
    })
  })
})

// ── Properties over random sequences of steps ───────────────────────────────────────────────────────

/**
 * A step as a careless or hostile client might send it: most often one the spec table allows now
 * (`{ allowed: n }` picks one), else any kind or none; dates mostly a few days after the last step.
 */
const stepArb = fc.record({
  kind: fc.oneof(
    { arbitrary: fc.nat().map((n) => ({ allowed: n })), weight: 6 },
    { arbitrary: fc.constantFrom<unknown>(...KINDS), weight: 3 },
    fc.constantFrom<unknown>('reopen', undefined),
  ),
  /** Days after the last step (negative: before it); sometimes not a date at all. */
  days: fc.oneof(
    { arbitrary: fc.integer({ min: 0, max: 3 }), weight: 8 },
    fc.integer({ min: -2, max: 40 }),
    fc.constant(null),
  ),
  outcome: fc.constantFrom('success', 'partial', 'failed', 'withdrawn', undefined),
  referral: fc.constantFrom('transfer', 'litigation', undefined, undefined),
  department: fc.constantFrom('城管执法中队', ' 市场监管所 ', '', undefined, '部'.repeat(31)),
  closure: fc.constantFrom('procedural', 'substantive', 'substantive', undefined),
  note: fc.constantFrom(undefined, '', '电话回访，双方满意', '电话回访，双方满意', '说'.repeat(201)),
})
type StepSpec = typeof stepArb extends fc.Arbitrary<infer T> ? T : never

const kindFor = (state: CaseState, kind: unknown): unknown => {
  if (typeof kind !== 'object' || kind === null) return kind
  const allowed = allowedIn(state.lifecycle, state.status)
  return allowed.length > 0 ? allowed[(kind as { allowed: number }).allowed % allowed.length] : 'close'
}

const inputFor = (state: CaseState, s: StepSpec): CaseActionInput => ({
  kind: kindFor(state, s.kind),
  on: s.days === null ? 'yesterday' : addDays(state.lastStepOn, s.days),
  outcome: s.outcome,
  referral: s.referral,
  department: s.department,
  closure: s.closure,
  note: s.note,
})

interface CaseSpec {
  readonly lifecycle: LifecycleKind
  readonly openedOn: string
  readonly steps: readonly StepSpec[]
}
const caseArb: fc.Arbitrary<CaseSpec> = fc.record({
  lifecycle: fc.constantFrom<LifecycleKind>('dispute', 'gridEvent'),
  openedOn: fc.integer({ min: 0, max: 200 }).map((d) => addDays('2024-01-01', d)),
  steps: fc.array(stepArb, { maxLength: 30 }),
})

interface Trace {
  readonly lifecycle: LifecycleKind
  readonly states: CaseState[]
  readonly accepted: { kind: CaseActionKind; on: string; from: CaseStatus; to: CaseStatus }[]
  readonly refused: { state: CaseState; input: CaseActionInput }[]
  /** The date of the step that closed the case, if one did. */
  closingOn?: string
}

/** Runs the steps one after the other, each on the state the last accepted one left. */
function run({ lifecycle, openedOn, steps }: CaseSpec): Trace {
  const today = addDays(openedOn, 120)
  let state = frozen(initialCaseState(lifecycle, openedOn))
  const trace: Trace = { lifecycle, states: [state], accepted: [], refused: [] }
  for (const s of steps) {
    const input = inputFor(state, s)
    const result = applyCaseAction(state, input, today)
    if (result.ok) {
      if (result.step.to === 'closed' && result.step.from !== 'closed') trace.closingOn = result.step.on
      trace.accepted.push(result.step)
      state = frozen(result.state)
      trace.states.push(state)
    } else trace.refused.push({ state, input })
  }
  return trace
}

describe('any sequence of steps', () => {
  it('(the random sequences reach every status of both lifecycles, and follow-ups: else the rest proves little)', () => {
    const reached = new Set<string>()
    for (const c of fc.sample(caseArb, 300))
      for (const step of run(c).accepted) reached.add(`${c.lifecycle}|${step.to}|${step.kind}`)
    const statuses = new Set([...reached].map((r) => r.split('|').slice(0, 2).join('|')))
    for (const lifecycle of LIFECYCLES)
      for (const status of LIFECYCLE_STATUSES[lifecycle])
        if (status !== 'accepted' && status !== 'reported')
          expect(statuses).toContain(`${lifecycle}|${status}`)
    expect(reached).toContain('dispute|closed|followUp')
    expect(reached).toContain('dispute|resolved|withdraw')
  })

  it('keeps the case in one of its lifecycle’s statuses', () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        for (const s of run(c).states) expect(LIFECYCLE_STATUSES[c.lifecycle]).toContain(s.status)
      }),
    )
  })

  it('closes a dispute only after an outcome, and then allows only follow-ups', () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const trace = run(c)
        for (const s of trace.states) {
          if (c.lifecycle === 'dispute')
            expect(s.outcome !== undefined).toBe(s.status === 'resolved' || s.status === 'closed')
          else expect(s.outcome).toBeUndefined()
        }
        const closedAt = trace.accepted.findIndex((step) => step.to === 'closed')
        if (closedAt >= 0) {
          const after = trace.accepted.slice(closedAt + 1)
          expect(after.every((step) => step.kind === 'followUp')).toBe(true)
          if (c.lifecycle === 'gridEvent') expect(after).toEqual([])
          if (c.lifecycle === 'dispute') expect(trace.accepted[closedAt]!.from).toBe('resolved')
        }
        for (const { state, input } of trace.refused)
          if (
            state.status === 'closed' &&
            input.kind !== 'followUp' &&
            KINDS.includes(input.kind as CaseActionKind)
          )
            expect(applyCaseAction(state, input, '2099-12-31')).toMatchObject({
              ok: false,
              code: 'CASE.ILLEGAL_STEP',
            })
      }),
    )
  })

  it('sets closedOn exactly when the case is closed, to the date of the step that closed it', () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const trace = run(c)
        for (const s of trace.states) expect(s.closedOn !== undefined).toBe(s.status === 'closed')
        const last = trace.states[trace.states.length - 1]!
        expect(last.closedOn).toBe(trace.closingOn)
      }),
    )
  })

  it('never changes the case by a refused step, and gives the same answer to the same step', () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const trace = run(c)
        // Frozen states would have thrown on any mutation; a refused step also leaves no copy behind.
        for (const { state, input } of trace.refused) {
          const before = JSON.stringify(state)
          const again = applyCaseAction(state, input, addDays(c.openedOn, 120))
          expect(again.ok).toBe(false)
          expect(JSON.stringify(state)).toBe(before)
        }
        // Replaying the whole sequence gives the same states.
        expect(run(c).states).toEqual(trace.states)
      }),
    )
  })

  it('dates its steps in order, from the opening date to today', () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const trace = run(c)
        let previous = c.openedOn
        for (const step of trace.accepted) {
          expect(step.on >= previous).toBe(true)
          expect(step.on <= addDays(c.openedOn, 120)).toBe(true)
          previous = step.on
        }
        const last = trace.states[trace.states.length - 1]!
        expect(last.lastStepOn).toBe(previous)
        expect(last.openedOn).toBe(c.openedOn)
      }),
    )
  })

  it('records each step from the status it left to the status it reached, and counts follow-ups', () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const trace = run(c)
        trace.accepted.forEach((step, i) => {
          expect(step.from).toBe(trace.states[i]!.status)
          expect(step.to).toBe(trace.states[i + 1]!.status)
        })
        const last = trace.states[trace.states.length - 1]!
        expect(last.followUps).toBe(trace.accepted.filter((s) => s.kind === 'followUp').length)
      }),
    )
  })

  it('says what an open case waits for, and nothing once it is closed', () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        for (const s of run(c).states) {
          expect(isOpen(s)).toBe(s.status !== 'closed')
          expect(waitingFor(s) !== undefined).toBe(isOpen(s))
        }
      }),
    )
  })
})

describe('what an open case waits for', () => {
  it('is worded for the open-cases list', () => {
    expect(waitingFor({ lifecycle: 'dispute', status: 'accepted' })).toBe('待调解')
    expect(waitingFor({ lifecycle: 'dispute', status: 'mediating' })).toBe('待记录调解结果')
    expect(waitingFor({ lifecycle: 'dispute', status: 'resolved' })).toBe('待办结归档')
    expect(waitingFor({ lifecycle: 'gridEvent', status: 'reported' })).toBe('待处置')
    expect(waitingFor({ lifecycle: 'gridEvent', status: 'handling' })).toBe('待办结')
    expect(waitingFor({ lifecycle: 'gridEvent', status: 'closed' })).toBeUndefined()
  })
})

describe('a new case', () => {
  it('starts 已受理 (dispute) or 已上报 (grid event), dated its opening day, with no follow-ups', () => {
    expect(initialCaseState('dispute', OPENED)).toEqual({
      lifecycle: 'dispute',
      status: 'accepted',
      openedOn: OPENED,
      lastStepOn: OPENED,
      followUps: 0,
    })
    expect(initialCaseState('gridEvent', OPENED)).toMatchObject({ status: 'reported', lastStepOn: OPENED })
  })
})

// ── Age ─────────────────────────────────────────────────────────────────────────────────────────────

describe('ageInDays', () => {
  const date = fc.integer({ min: 0, max: 20_000 }).map((d) => addDays('2000-01-01', d))
  const days = fc.integer({ min: 0, max: 5_000 })

  it('is the number of days since the case was opened', () => {
    fc.assert(fc.property(date, days, (opened, n) => expect(ageInDays(opened, addDays(opened, n))).toBe(n)))
    expect(ageInDays('2024-02-28', '2024-03-01')).toBe(2)
    expect(ageInDays('2024-12-31', '2025-01-01')).toBe(1)
  })

  it('is 0 on the opening day and never negative', () => {
    fc.assert(
      fc.property(date, date, (opened, today) => {
        expect(ageInDays(opened, opened)).toBe(0)
        expect(ageInDays(opened, today)).toBeGreaterThanOrEqual(0)
        if (today < opened) expect(ageInDays(opened, today)).toBe(0)
      }),
    )
  })

  it('adds up: the age today is the age at any day between plus the days since', () => {
    fc.assert(
      fc.property(date, days, days, (opened, a, b) => {
        const middle = addDays(opened, a)
        const today = addDays(middle, b)
        expect(ageInDays(opened, today)).toBe(ageInDays(opened, middle) + ageInDays(middle, today))
      }),
    )
  })
})

describe('ageLabel', () => {
  it('reads 今天 for a case opened today, 已N天 after, and says when it is overdue', () => {
    expect(ageLabel(0)).toBe('今天')
    expect(ageLabel(3)).toBe('已3天')
    expect(ageLabel(30)).toBe('已30天')
    expect(ageLabel(31)).toBe('已31天（超过30天）')
  })
})
