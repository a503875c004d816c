/**
 * How the events pages word a record's fields and values: labels from the catalogue definition of
 * its type (讲座主题, 参与人次 …) when the street's catalogue has it, the audit log's field names
 * otherwise, and values as a person reads them (是/否, 52人次, 已受理, 3张).
 */
import { AUDIT_FIELD_LABELS } from '../core/audit'
import type { CaseStepView } from '../core/contract'
import type { AttributeValue } from '../core/event-input'
import type { EventTypeDefinition } from '../core/event-types'
import {
  CLOSURE_LABELS,
  OUTCOME_LABELS,
  REFERRAL_LABELS,
  STATUS_LABELS,
  type CaseStatus,
} from '../core/lifecycle'

/** The label of a flat field (`title`, `measures.participants`, `attributes.form` …) of a record. */
export function fieldLabel(key: string, def: EventTypeDefinition | undefined): string {
  if (key === 'title') return def?.titleLabel ?? AUDIT_FIELD_LABELS.title!
  if (key === 'happenedOn') return def?.dateLabel ?? AUDIT_FIELD_LABELS.happenedOn!
  if (key === 'place') return def?.placeLabel ?? AUDIT_FIELD_LABELS.place!
  if (key.startsWith('measures.')) {
    const k = key.slice('measures.'.length)
    return def?.measures.find((m) => m.key === k)?.label ?? k
  }
  if (key.startsWith('attributes.')) {
    const k = key.slice('attributes.'.length)
    return def?.attributes.find((a) => a.key === k)?.label ?? k
  }
  return AUDIT_FIELD_LABELS[key] ?? key
}

/** An attribute's value: 是/否 for a flag, choices joined by 、. */
export function attributeText(value: AttributeValue | undefined): string {
  if (value === undefined) return ''
  if (typeof value === 'boolean') return value ? '是' : '否'
  if (Array.isArray(value)) return value.join('、')
  return String(value)
}

/** A measure with its unit: 52人次. */
export function measureText(key: string, value: number, def: EventTypeDefinition | undefined): string {
  const unit = def?.measures.find((m) => m.key === key)?.unit ?? ''
  return `${value}${unit}`
}

const isGeoPoint = (v: unknown): v is { latitude: number; longitude: number } =>
  typeof v === 'object' &&
  v !== null &&
  typeof (v as { latitude?: unknown }).latitude === 'number' &&
  typeof (v as { longitude?: unknown }).longitude === 'number'

/** 43.88321, 125.32457 (latitude, longitude) */
export const geoText = (p: { latitude: number; longitude: number }): string => `${p.latitude}, ${p.longitude}`

/** A value recorded in the version history, as a person reads it. */
export function changeValueText(key: string, value: unknown, def: EventTypeDefinition | undefined): string {
  if (value === null || value === undefined || value === '') return '空'
  if (key === 'photos' && Array.isArray(value)) return value.length === 0 ? '无' : `${value.length}张`
  if (key === 'status' && typeof value === 'string')
    return (STATUS_LABELS as Record<string, string>)[value] ?? value
  if (key.startsWith('measures.') && typeof value === 'number')
    return measureText(key.slice('measures.'.length), value, def)
  if (typeof value === 'boolean') return value ? '是' : '否'
  if (Array.isArray(value)) return value.length === 0 ? '无' : value.map(String).join('、')
  if (isGeoPoint(value)) return geoText(value)
  if (typeof value === 'object') return JSON.stringify(value)
  return String(value)
}

/** What a step decided, beyond its kind: 调解成功, 调解不成 · 移交, 交办：城管, 实质性办结. */
export function stepOutcomeText(
  step: Pick<CaseStepView, 'outcome' | 'referral' | 'department' | 'closure'>,
): string {
  const parts: string[] = []
  if (step.outcome) parts.push(OUTCOME_LABELS[step.outcome])
  if (step.referral) parts.push(REFERRAL_LABELS[step.referral])
  if (step.department) parts.push(`交办：${step.department}`)
  if (step.closure) parts.push(CLOSURE_LABELS[step.closure])
  return parts.join(' · ')
}

export const statusLabel = (status: CaseStatus): string => STATUS_LABELS[status]
