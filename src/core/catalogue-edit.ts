/**
 * What a street admin may add to the catalogue: the street's own event types (食品安全督导检查, 保密学习
 * …) with their measures and attributes, and extra measures on a built-in type. Keys are made here, not
 * by the client, and kept forever once given (events store values under them): an edit sends the keys of
 * what it keeps, and anything new gets a fresh key.
 */
import type { FieldErrors } from './errors'
import type { AttributeDefinition, EventTypeDefinition, MeasureDefinition } from './event-types'

export const CATALOGUE_LIMITS = {
  typesPerStreet: 30,
  measuresPerType: 8,
  attributesPerType: 8,
  optionsPerChoice: 20,
  label: { min: 2, max: 16 },
  unit: { min: 1, max: 4 },
  option: { max: 16 },
  measureMax: 10_000_000,
} as const

const DEFAULT_MEASURE_MAX = 100_000

const record = (v: unknown): Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {}

function label(v: unknown, limits: { min: number; max: number }, what: string): string | { error: string } {
  const s = typeof v === 'string' ? v.trim() : ''
  if (s.length === 0) return { error: `请填写${what}` }
  const n = Array.from(s).length
  if (n < limits.min) return { error: `${what}至少${limits.min}个字` }
  if (n > limits.max) return { error: `${what}不能超过${limits.max}个字` }
  return s
}

/** The next unused key with this prefix: m1, m2 … (nothing is ever removed, so a key is never reused). */
function freshKey(prefix: string, used: Set<string>): string {
  let i = 1
  while (used.has(`${prefix}${i}`)) i++
  used.add(`${prefix}${i}`)
  return `${prefix}${i}`
}

/**
 * Validates measures an admin defines. `keep` are the keys the street's events may already use: a
 * measure sent with one of them keeps it; a measure without a key gets a fresh one. New measures are
 * optional on the form (events logged before they existed have none). `existing` (the stored
 * definitions) keeps each measure's cap from going down: values already stored must stay valid.
 */
export function validateMeasures(
  input: unknown,
  keep: readonly string[],
  fieldPrefix = 'measures',
  existing: readonly MeasureDefinition[] = [],
): { ok: true; value: MeasureDefinition[] } | { ok: false; fields: FieldErrors } {
  const list = Array.isArray(input) ? input : []
  const fields: FieldErrors = {}
  if (!Array.isArray(input)) fields[fieldPrefix] = '统计项格式不正确'
  if (list.length > CATALOGUE_LIMITS.measuresPerType)
    fields[fieldPrefix] = `统计项不能超过${CATALOGUE_LIMITS.measuresPerType}个`
  const used = new Set(keep)
  const out: MeasureDefinition[] = []
  list.forEach((raw, i) => {
    const m = record(raw)
    const name = label(m.label, CATALOGUE_LIMITS.label, '统计项名称')
    const unit = label(m.unit, CATALOGUE_LIMITS.unit, '单位')
    const max = m.max === undefined ? DEFAULT_MEASURE_MAX : m.max
    if (typeof name !== 'string') fields[`${fieldPrefix}.${i}.label`] = name.error
    if (typeof unit !== 'string') fields[`${fieldPrefix}.${i}.unit`] = unit.error
    if (typeof max !== 'number' || !Number.isInteger(max) || max < 1 || max > CATALOGUE_LIMITS.measureMax)
      fields[`${fieldPrefix}.${i}.max`] = `上限应为1至${CATALOGUE_LIMITS.measureMax}之间的整数`
    const key = typeof m.key === 'string' && keep.includes(m.key) ? m.key : undefined
    const before = existing.find((e) => e.key === key)
    if (before && typeof max === 'number' && max < before.max)
      fields[`${fieldPrefix}.${i}.max`] = `上限不能低于原来的${before.max}（已记录的数字仍须有效）`
    if (typeof name === 'string' && typeof unit === 'string' && typeof max === 'number')
      out.push({ key: key ?? freshKey('m', used), label: name, unit, max, required: false })
  })
  if (new Set(out.map((m) => m.key)).size !== out.length) fields[fieldPrefix] = '统计项重复'
  if (keep.some((k) => !out.some((m) => m.key === k)))
    fields[fieldPrefix] = '已有的统计项不能删除（已记录的事件仍在使用）'
  return Object.keys(fields).length > 0 ? { ok: false, fields } : { ok: true, value: out }
}

function validateAttributes(
  input: unknown,
  existing: readonly AttributeDefinition[],
): { ok: true; value: AttributeDefinition[] } | { ok: false; fields: FieldErrors } {
  const keep = existing.map((a) => a.key)
  const list = Array.isArray(input) ? input : []
  const fields: FieldErrors = {}
  if (input !== undefined && !Array.isArray(input)) fields.attributes = '填写项格式不正确'
  if (list.length > CATALOGUE_LIMITS.attributesPerType)
    fields.attributes = `填写项不能超过${CATALOGUE_LIMITS.attributesPerType}个`
  const used = new Set(keep)
  const out: AttributeDefinition[] = []
  list.forEach((raw, i) => {
    const a = record(raw)
    const name = label(a.label, CATALOGUE_LIMITS.label, '填写项名称')
    if (typeof name !== 'string') fields[`attributes.${i}.label`] = name.error
    const kind = a.kind
    if (kind !== 'text' && kind !== 'choice' && kind !== 'flag') {
      fields[`attributes.${i}.kind`] = '请选择填写方式'
      return
    }
    let options: string[] | undefined
    if (kind === 'choice') {
      const raw = Array.isArray(a.options) ? a.options : []
      options = [...new Set(raw.map((o) => (typeof o === 'string' ? o.trim() : '')))].filter((o) => o)
      if (options.length < 2 || options.length > CATALOGUE_LIMITS.optionsPerChoice)
        fields[`attributes.${i}.options`] = `请填写2至${CATALOGUE_LIMITS.optionsPerChoice}个选项`
      else if (options.some((o) => Array.from(o).length > CATALOGUE_LIMITS.option.max))
        fields[`attributes.${i}.options`] = `每个选项不能超过${CATALOGUE_LIMITS.option.max}个字`
    }
    const key = typeof a.key === 'string' && keep.includes(a.key) ? a.key : undefined
    // Events store values under a kept key: its kind, its options and its being optional must stay valid for them.
    const before = existing.find((e) => e.key === key)
    if (before && before.kind !== kind) fields[`attributes.${i}.kind`] = '已有填写项的填写方式不能更改'
    else if (before?.kind === 'choice' && (before.options ?? []).some((o) => !(options ?? []).includes(o)))
      fields[`attributes.${i}.options`] = '已有的选项不能删除（已记录的事件仍在使用），只能增加'
    else if (before && !before.required && a.required === true)
      fields[`attributes.${i}.required`] = '已有的填写项不能改为必填（此前的记录没有填写）'
    if (typeof name === 'string')
      out.push({
        key: key ?? freshKey('a', used),
        label: name,
        kind,
        ...(options ? { options } : {}),
        required: kind === 'choice' && a.required === true,
      })
  })
  if (keep.some((k) => !out.some((a) => a.key === k)))
    fields.attributes = '已有的填写项不能删除（已记录的事件仍在使用）'
  return Object.keys(fields).length > 0 ? { ok: false, fields } : { ok: true, value: out }
}

/**
 * A street's own type as the admin defines it. `existing` is the stored definition when editing (its
 * keys are kept, and none may be removed); a new type gets `type` from the caller (`c_<random>`, made by the function).
 */
export function validateOwnType(
  input: unknown,
  type: string,
  existing: EventTypeDefinition | undefined,
): { ok: true; value: EventTypeDefinition } | { ok: false; fields: FieldErrors } {
  const d = record(input)
  const fields: FieldErrors = {}
  const name = label(d.label, CATALOGUE_LIMITS.label, '类型名称')
  if (typeof name !== 'string') fields.label = name.error
  const unit = label(d.unit, CATALOGUE_LIMITS.unit, '计数单位')
  if (typeof unit !== 'string') fields.unit = unit.error
  const measures = validateMeasures(
    d.measures ?? [],
    existing?.measures.map((m) => m.key) ?? [],
    'measures',
    existing?.measures ?? [],
  )
  if (!measures.ok) Object.assign(fields, measures.fields)
  const attributes = validateAttributes(d.attributes ?? [], existing?.attributes ?? [])
  if (!attributes.ok) Object.assign(fields, attributes.fields)
  if (d.retired !== undefined && typeof d.retired !== 'boolean') fields.retired = '停用应为是或否'
  if (d.publishable !== undefined && typeof d.publishable !== 'boolean')
    fields.publishable = '可向居民公开应为是或否'
  if (Object.keys(fields).length > 0 || !measures.ok || !attributes.ok) return { ok: false, fields }
  return {
    ok: true,
    value: {
      type,
      label: name as string,
      unit: unit as string,
      titleLabel: '事项',
      dateLabel: '日期',
      placeLabel: '地点',
      placeRequired: false,
      measures: measures.value,
      attributes: attributes.value,
      builtIn: false,
      // A street's own type is never a case, so it may be publicised (the residents' feed) when flagged.
      ...(d.publishable === true ? { publishable: true } : {}),
      ...(d.retired === true ? { retired: true } : {}),
    },
  }
}
