/**
 * The form of an event, generated from its type's definition (core/event-types.ts): a type or a
 * measure a street admin adds appears here without a release. Used to log an event (记录) and to
 * correct one (编辑). Every input carries the `name` of its field key, the same key the shared
 * validation and the server report errors under, so each error shows next to its field.
 */
import { Picker, Text, View } from '@tarojs/components'
import type { ReactNode } from 'react'
import { chinaToday } from '../core/china-time'
import type { FieldErrors } from '../core/errors'
import {
  EARLIEST_YEAR,
  measureLabel,
  TEXT_LIMITS,
  type AttributeDefinition,
  type EventTypeDefinition,
} from '../core/event-types'
import { ADDRESS_MAX, MAX_PARTIES, PARTY_ROLE_LABELS, type PartyRole } from '../core/personal-data'
import { emptyParty, type EventFormValue, type FormAttributeValue, type PartyForm } from './event-form-value'
import { Field, FieldError } from './field'
import { Button, Cell, CellGroup, Input, Switch } from './nutui'
import './event-form.css'

export {
  emptyForm,
  emptyParty,
  eventLabel,
  formFromDetail,
  formFromInput,
  inputOf,
  rememberedOf,
  type EventFormValue,
  type FormAttributeValue,
  type PartyForm,
  type RememberedValues,
} from './event-form-value'

const ROLES = Object.keys(PARTY_ROLE_LABELS) as PartyRole[]
/**
 * Picker ranges are built once: Taro's H5 picker resets its column whenever it receives a new range array,
 * so a range made afresh on each render would undo a choice when the page re-renders while it is open.
 */
const ROLE_OPTIONS = ROLES.map((r) => PARTY_ROLE_LABELS[r])

export interface EventFormProps {
  def: EventTypeDefinition
  value: EventFormValue
  /** `field` is the error key of what changed (`title`, `measures.participants` …), to clear its error. */
  onChange: (value: EventFormValue, field?: string) => void
  errors: FieldErrors
  /** Show the parties section (for a type with parties; false when editing, or before consent). */
  withParties: boolean
  /** Rows shown first in the form (记录: where the event happened, 所属). */
  head?: ReactNode
}

export function EventForm({ def, value, onChange, errors, withParties, head }: EventFormProps) {
  const set = <K extends keyof EventFormValue>(key: K, v: EventFormValue[K], field: string = key) =>
    onChange({ ...value, [key]: v }, field)
  const setMeasure = (key: string, v: string) =>
    onChange({ ...value, measures: { ...value.measures, [key]: v } }, `measures.${key}`)
  const setAttribute = (key: string, v: FormAttributeValue) =>
    onChange({ ...value, attributes: { ...value.attributes, [key]: v } }, `attributes.${key}`)

  return (
    <View className="event-form">
      <CellGroup>
        {head}
        <Field label={def.titleLabel} error={errors.title}>
          <Input
            name="title"
            placeholder={def.titlePlaceholder ?? `请填写${def.titleLabel}`}
            value={value.title}
            onChange={(v) => set('title', v)}
            maxLength={TEXT_LIMITS.title.max}
          />
        </Field>
        <Picker
          mode="date"
          value={value.happenedOn}
          start={`${EARLIEST_YEAR}-01-01`}
          end={chinaToday()}
          onChange={(e) => set('happenedOn', String(e.detail.value))}
        >
          <PickerRow className="date-picker" label={def.dateLabel} value={value.happenedOn} />
        </Picker>
        <FieldError message={errors.happenedOn} />
        <Field label={def.placeLabel} error={errors.place}>
          <Input
            name="place"
            placeholder={def.placeRequired ? `请填写${def.placeLabel}` : '选填'}
            value={value.place}
            onChange={(v) => set('place', v)}
            maxLength={TEXT_LIMITS.place.max}
          />
        </Field>
        {def.measures.map((m) => (
          <Field key={m.key} label={measureLabel(m)} error={errors[`measures.${m.key}`]}>
            <Input
              name={`measures.${m.key}`}
              type="number"
              placeholder={m.required === false ? '选填' : '请填写数字'}
              value={value.measures[m.key] ?? ''}
              onChange={(v) => setMeasure(m.key, v)}
              maxLength={String(m.max).length}
            />
          </Field>
        ))}
        {def.attributes.map((a) => (
          <AttributeField
            key={a.key}
            def={a}
            value={value.attributes[a.key]}
            error={errors[`attributes.${a.key}`]}
            onChange={(v) => setAttribute(a.key, v)}
          />
        ))}
      </CellGroup>

      {withParties && def.hasParties ? (
        <PartiesSection
          parties={value.parties}
          errors={errors}
          onChange={(parties, field) => set('parties', parties, field)}
        />
      ) : null}
    </View>
  )
}

/** A row that opens a picker: the label, then the chosen value (or 请选择) and a chevron. */
export function PickerRow({
  className,
  label,
  value,
  empty = '请选择',
}: {
  className: string
  label: string
  value: string
  empty?: string
}) {
  return (
    <Cell className={`form-field picker-row ${className}`} align="center" clickable>
      <View className="form-field-label">{label}</View>
      <View
        className={value ? 'form-field-input picker-value' : 'form-field-input picker-value picker-empty'}
      >
        {value || empty}
      </View>
      <Text className="picker-chevron">›</Text>
    </Cell>
  )
}

const optional = (placeholder: string, isOptional: boolean): string =>
  isOptional ? `${placeholder}（选填）` : placeholder

function AttributeField({
  def,
  value,
  error,
  onChange,
}: {
  def: AttributeDefinition
  value: FormAttributeValue | undefined
  error?: string
  onChange: (value: FormAttributeValue) => void
}) {
  const options = def.options ?? []
  switch (def.kind) {
    case 'choice': {
      const chosen = typeof value === 'string' ? value : ''
      return (
        <>
          <Picker
            mode="selector"
            range={options as string[]}
            value={Math.max(0, options.indexOf(chosen))}
            onChange={(e) => {
              const option = options[Number(e.detail.value)]
              if (option !== undefined) onChange(option)
            }}
          >
            <PickerRow
              className={`attr-${def.key}`}
              label={def.label}
              value={chosen}
              empty={optional('请选择', !def.required)}
            />
          </Picker>
          <FieldError message={error} />
        </>
      )
    }
    case 'choices': {
      const chosen = Array.isArray(value) ? value : []
      return (
        <>
          <Cell className={`form-field form-field-stacked attr-${def.key}`}>
            <View className="form-field-label">
              {def.label}
              <Text className="muted small">（可多选{def.required ? '' : '，选填'}）</Text>
            </View>
            <View className="choice-tags">
              {options.map((option) => {
                const on = chosen.includes(option)
                return (
                  <View
                    key={option}
                    className={on ? 'choice-tag choice-tag-on' : 'choice-tag'}
                    onClick={() => onChange(on ? chosen.filter((c) => c !== option) : [...chosen, option])}
                  >
                    {option}
                  </View>
                )
              })}
            </View>
          </Cell>
          <FieldError message={error} />
        </>
      )
    }
    case 'flag':
      return (
        <>
          <Cell className={`form-field flag-field attr-${def.key}`} align="center">
            <View className="flag-label">{def.label}</View>
            <Switch checked={value === true} loadingIcon={null} onChange={(on) => onChange(on)} />
          </Cell>
          <FieldError message={error} />
        </>
      )
    case 'text':
      return (
        <Field label={def.label} error={error}>
          <Input
            name={`attributes.${def.key}`}
            className={`attr-${def.key}`}
            placeholder={optional(def.placeholder ?? `请填写${def.label}`, !def.required)}
            value={typeof value === 'string' ? value : ''}
            onChange={onChange}
            maxLength={def.maxLength ?? TEXT_LIMITS.attribute.max}
          />
        </Field>
      )
  }
}

/** 当事人: personal data, collected only for a type that needs it (shown after consent). */
function PartiesSection({
  parties,
  errors,
  onChange,
}: {
  parties: PartyForm[]
  errors: FieldErrors
  onChange: (parties: PartyForm[], field: string) => void
}) {
  const setParty = (i: number, field: keyof PartyForm, v: string) =>
    onChange(
      parties.map((p, j) => (j === i ? { ...p, [field]: v } : p)),
      `parties.${i}.${field}`,
    )

  return (
    <View className="parties">
      <View className="section-title">当事人（仅承办人及所在社区、街道工作人员可见）</View>
      <FieldError message={errors.parties} />
      {parties.map((p, i) => (
        <CellGroup key={i} className={`party party-${i}`}>
          <View className="party-head">
            <View className="party-title">当事人{i + 1}</View>
            {parties.length > 1 ? (
              <View
                className="party-remove"
                onClick={() =>
                  onChange(
                    parties.filter((_, j) => j !== i),
                    'parties',
                  )
                }
              >
                删除
              </View>
            ) : null}
          </View>
          <Picker
            mode="selector"
            range={ROLE_OPTIONS}
            value={Math.max(0, ROLES.indexOf(p.role))}
            onChange={(e) => {
              const role = ROLES[Number(e.detail.value)]
              if (role) setParty(i, 'role', role)
            }}
          >
            <PickerRow className="party-role" label="类型" value={PARTY_ROLE_LABELS[p.role]} />
          </Picker>
          <FieldError message={errors[`parties.${i}.role`]} />
          <Field label="姓名" error={errors[`parties.${i}.name`]}>
            <Input
              name={`parties.${i}.name`}
              placeholder="当事人姓名"
              value={p.name}
              onChange={(v) => setParty(i, 'name', v)}
              maxLength={20}
            />
          </Field>
          <Field label="手机号码" error={errors[`parties.${i}.phone`]}>
            <Input
              name={`parties.${i}.phone`}
              type="number"
              placeholder="选填"
              value={p.phone}
              onChange={(v) => setParty(i, 'phone', v)}
              maxLength={11}
            />
          </Field>
          <Field label="身份证号" error={errors[`parties.${i}.idNumber`]}>
            <Input
              name={`parties.${i}.idNumber`}
              type="idcard"
              placeholder="选填"
              value={p.idNumber}
              onChange={(v) => setParty(i, 'idNumber', v)}
              maxLength={18}
            />
          </Field>
          <Field label="住址" error={errors[`parties.${i}.address`]}>
            <Input
              name={`parties.${i}.address`}
              placeholder="选填"
              value={p.address}
              onChange={(v) => setParty(i, 'address', v)}
              maxLength={ADDRESS_MAX}
            />
          </Field>
        </CellGroup>
      ))}
      {parties.length < MAX_PARTIES ? (
        <View className="actions">
          <Button
            block
            fill="outline"
            type="primary"
            className="party-add"
            onClick={() =>
              onChange([...parties, emptyParty(parties.length === 0 ? 'applicant' : 'respondent')], 'parties')
            }
          >
            添加当事人
          </Button>
        </View>
      ) : null}
    </View>
  )
}
