/**
 * A case's lifecycle on its record page: where it stands (status, what it waits for, how old it is),
 * its steps as a timeline, one button per step its status allows, and the small form of a step
 * (its date, a note, and what the step decides: 调解结果, 移交/引导诉讼, 交办部门, 程序性/实质性办结).
 * The form checks the step with the core's own rules before it is sent; the server checks it again.
 */
import { Picker, View } from '@tarojs/components'
import { useState } from 'react'
import { chinaDateTime, chinaToday } from '../core/china-time'
import type { CaseInfo, EventDetail } from '../core/contract'
import type { FieldErrors } from '../core/errors'
import {
  ACTION_LABELS,
  applyCaseAction,
  CLOSURE_LABELS,
  OUTCOME_LABELS,
  REFERRAL_LABELS,
  STATUS_LABELS,
  ageLabel,
  OVERDUE_DAYS,
  type CaseActionInput,
  type CaseActionKind,
  type Closure,
  type DisputeOutcome,
  type Referral,
} from '../core/lifecycle'
import { Field, FieldError, PageError, SubmitButton } from '../components/field'
import { Button, Cell, CellGroup, Input } from '../components/nutui'
import { stepOutcomeText } from './event-values'

const OUTCOMES: readonly DisputeOutcome[] = ['success', 'partial', 'failed']
const REFERRALS: readonly Referral[] = ['transfer', 'litigation']
const CLOSURES: readonly Closure[] = ['procedural', 'substantive']
// Built once: Taro's H5 picker resets its column when it receives a new range array (see event-form.tsx).
const OUTCOME_OPTIONS = OUTCOMES.map((o) => OUTCOME_LABELS[o])
const REFERRAL_OPTIONS = REFERRALS.map((r) => REFERRAL_LABELS[r])
const CLOSURE_OPTIONS = CLOSURES.map((c) => CLOSURE_LABELS[c])

/** The date steps cannot be dated before: the last step's, or the 受理/上报 date. */
export const lastStepOn = (event: EventDetail): string =>
  event.case?.steps[event.case.steps.length - 1]?.on ?? event.happenedOn

/** Where the case stands, its timeline, and a button per step it allows. */
export function CaseLifecycle({
  event,
  onStep,
  refusal,
}: {
  event: EventDetail
  onStep: (kind: CaseActionKind) => void
  /** Why the last step was refused when its form has closed (the case changed meanwhile). */
  refusal?: string
}) {
  const info = event.case as CaseInfo
  const opening = info.lifecycle === 'dispute' ? '受理' : '上报'
  return (
    <>
      <View className="section-title">办理情况</View>
      <CellGroup className="case-state">
        <Cell
          title="状态"
          extra={
            <View className={`case-status case-status-${info.status}`}>{STATUS_LABELS[info.status]}</View>
          }
        />
        {info.waitingFor ? (
          <Cell title="待办" extra={<View className="case-waiting">{info.waitingFor}</View>} />
        ) : null}
        {info.ageDays !== undefined ? (
          <Cell
            title={`${opening}至今`}
            extra={
              <View className={info.ageDays > OVERDUE_DAYS ? 'case-age overdue' : 'case-age'}>
                {ageLabel(info.ageDays)}
              </View>
            }
          />
        ) : null}
        {info.outcome ? <Cell title="调解结果" extra={OUTCOME_LABELS[info.outcome]} /> : null}
        {info.referral ? <Cell title="后续" extra={REFERRAL_LABELS[info.referral]} /> : null}
        {info.department ? <Cell title="交办部门" extra={info.department} /> : null}
        {info.closure ? <Cell title="办结方式" extra={CLOSURE_LABELS[info.closure]} /> : null}
        {info.closedOn ? <Cell title="办结日期" extra={info.closedOn} /> : null}
        {info.followUps > 0 ? <Cell title="回访" extra={`${info.followUps}次`} /> : null}
      </CellGroup>

      <View className="card timeline">
        <View className="timeline-item">
          <View className="timeline-dot" />
          <View className="timeline-body">
            <View className="timeline-head">
              <View className="timeline-label">{opening}</View>
              <View className="small muted">
                {event.happenedOn} · {event.createdByName}
              </View>
            </View>
          </View>
        </View>
        {info.steps.map((s, i) => {
          const decided = stepOutcomeText(s)
          return (
            <View key={i} className={`timeline-item case-step step-item-${s.kind}`}>
              <View className="timeline-dot" />
              <View className="timeline-body">
                <View className="timeline-head">
                  <View className="timeline-label">{s.label}</View>
                  <View className="small muted">
                    {s.on} · {s.byName}
                  </View>
                </View>
                {decided ? <View className="card-line step-decided">{decided}</View> : null}
                {s.note ? <View className="card-line step-note">{s.note}</View> : null}
                <View className="small muted">记录于{chinaDateTime(s.at)}</View>
              </View>
            </View>
          )
        })}
      </View>

      <PageError message={refusal} />
      {info.nextSteps.length > 0 ? (
        <View className="row-buttons step-buttons">
          {info.nextSteps.map((kind, i) => (
            <Button
              key={kind}
              type={i === 0 ? 'primary' : 'default'}
              onClick={() => onStep(kind)}
              className={`step-button step-${kind}`}
            >
              {ACTION_LABELS[kind]}
            </Button>
          ))}
        </View>
      ) : null}
    </>
  )
}

interface StepForm {
  on: string
  note: string
  outcome?: DisputeOutcome
  referral?: Referral
  department: string
  closure?: Closure
}

/** The step as sent: only the fields this kind of step takes. */
function stepOf(kind: CaseActionKind, lifecycle: CaseInfo['lifecycle'], f: StepForm): CaseActionInput {
  const note = f.note.trim()
  return {
    kind,
    on: f.on,
    ...(note ? { note } : {}),
    ...(kind === 'recordOutcome' ? { outcome: f.outcome } : {}),
    ...(kind === 'recordOutcome' && f.outcome === 'failed' ? { referral: f.referral } : {}),
    ...(kind === 'assign' ? { department: f.department.trim() } : {}),
    ...(kind === 'close' && lifecycle === 'gridEvent' ? { closure: f.closure } : {}),
  }
}

/** A row of the step form that picks one of a few values; 请选择 until one is picked. */
function ChoiceRow<T extends string>({
  title,
  values,
  range,
  value,
  onPick,
  className,
  error,
}: {
  title: string
  values: readonly T[]
  /** The values' labels, in their order: built once (see OUTCOME_OPTIONS). */
  range: string[]
  value: T | undefined
  onPick: (value: T | undefined) => void
  className: string
  error?: string
}) {
  const index = value === undefined ? -1 : values.indexOf(value)
  return (
    <>
      <Picker
        mode="selector"
        range={range}
        value={Math.max(0, index)}
        onChange={(e) => onPick(values[Number(e.detail.value)])}
      >
        <Cell title={title} extra={value ? range[index] : '请选择'} clickable className={className} />
      </Picker>
      <FieldError message={error} />
    </>
  )
}

/**
 * The form of one step. `onConfirm` sends it; the form stays (with what was typed) until the page
 * closes it, so a retry after a failure sends the same thing.
 */
export function StepFormBody({
  kind,
  event,
  busy,
  error,
  serverFields,
  onConfirm,
  onCancel,
}: {
  kind: CaseActionKind
  event: EventDetail
  busy: boolean
  error?: string
  serverFields: FieldErrors
  onConfirm: (step: CaseActionInput) => void
  onCancel: () => void
}) {
  const info = event.case as CaseInfo
  const today = chinaToday()
  const since = lastStepOn(event)
  const [form, setForm] = useState<StepForm>({ on: today < since ? since : today, note: '', department: '' })
  const [checked, setChecked] = useState<FieldErrors>({})
  const errors = { ...serverFields, ...checked }

  const set = (patch: Partial<StepForm>) => {
    setForm((f) => ({ ...f, ...patch }))
    setChecked((c) => {
      const next = { ...c }
      for (const k of Object.keys(patch)) delete next[k]
      return next
    })
  }

  function confirm() {
    const step = stepOf(kind, info.lifecycle, form)
    // The core's own rules, on the case as loaded: field mistakes are shown before anything is sent.
    const result = applyCaseAction(
      {
        lifecycle: info.lifecycle,
        status: info.status,
        openedOn: event.happenedOn,
        lastStepOn: since,
        followUps: info.followUps,
      },
      step,
      today,
    )
    if (!result.ok && result.code === 'CASE.INVALID_STEP') {
      setChecked(result.fields)
      return
    }
    setChecked({})
    onConfirm(step)
  }

  return (
    <View className={`step-form step-form-${kind}`}>
      <View className="sheet-title">{ACTION_LABELS[kind]}</View>
      <CellGroup>
        <Picker
          mode="date"
          value={form.on}
          start={since}
          end={today}
          onChange={(e) => set({ on: String(e.detail.value) })}
        >
          <Cell title="日期" extra={form.on} clickable className="step-date" />
        </Picker>
        <FieldError message={errors.on} />
        {kind === 'recordOutcome' ? (
          <>
            <ChoiceRow
              title="调解结果"
              values={OUTCOMES}
              range={OUTCOME_OPTIONS}
              value={form.outcome}
              onPick={(outcome) => set({ outcome, ...(outcome !== 'failed' ? { referral: undefined } : {}) })}
              className="outcome-picker"
              error={errors.outcome}
            />
            {form.outcome === 'failed' ? (
              <ChoiceRow
                title="移交或引导诉讼"
                values={REFERRALS}
                range={REFERRAL_OPTIONS}
                value={form.referral}
                onPick={(referral) => set({ referral })}
                className="referral-picker"
                error={errors.referral}
              />
            ) : null}
          </>
        ) : null}
        {kind === 'assign' ? (
          <Field label="交办部门" error={errors.department}>
            <Input
              name="department"
              placeholder="如：城管执法中队"
              value={form.department}
              onChange={(department) => set({ department })}
              maxLength={30}
            />
          </Field>
        ) : null}
        {kind === 'close' && info.lifecycle === 'gridEvent' ? (
          <>
            <ChoiceRow
              title="办结方式"
              values={CLOSURES}
              range={CLOSURE_OPTIONS}
              value={form.closure}
              onPick={(closure) => set({ closure })}
              className="closure-picker"
              error={errors.closure}
            />
            <View className="hint sheet-hint">
              程序性办结：已按程序处理完毕；实质性办结：问题已实际解决。
            </View>
          </>
        ) : null}
        <Field label={kind === 'followUp' ? '回访情况' : '说明'} error={errors.note}>
          <Input
            name="note"
            placeholder={kind === 'followUp' ? '回访了解到的情况' : '选填'}
            value={form.note}
            onChange={(note) => set({ note })}
            maxLength={200}
          />
        </Field>
      </CellGroup>
      <PageError message={error} />
      <View className="actions">
        <SubmitButton busy={busy} onClick={confirm} className="step-confirm">
          确定{ACTION_LABELS[kind]}
        </SubmitButton>
        <Button block fill="none" onClick={onCancel} className="step-cancel">
          取消
        </Button>
      </View>
    </View>
  )
}
