/**
 * The street admin's figure form (admin/figures), without Taro: the form of a new figure or of a stored
 * one, what stats.saveFigure is sent (checked first by the core's validateFigure), the measures and the
 * attribute options a figure over the chosen record types may use, a figure's definition in words, and
 * whether a built-in figure differs from the product's own.
 */
import type { FigureView } from '../core/contract'
import type { AttributeDefinition, EventTypeDefinition, MeasureDefinition } from '../core/event-types'
import { BUILT_IN_FIGURES, FIGURE_SECTIONS, type FigureDefinition, type FigureFilter } from '../core/figures'
import type { Wording } from '../core/approx-number'

export type FigureKind = FigureDefinition['kind']

export const KIND_LABELS: Record<FigureKind, string> = { count: '计数', sum: '求和', ratio: '比率' }
export const WORDING_LABELS: Record<Wording, string> = { exact: '精确（如14）', approx: '约数（如100余）' }

export interface FigureForm {
  readonly kind: FigureKind
  readonly label: string
  readonly section: string
  readonly types: readonly string[]
  readonly measure: string
  /** Attribute key → the values it accepts (a flag: true or false). */
  readonly attributes: Readonly<Record<string, readonly (string | boolean)[]>>
  readonly wording: Wording
  /** COUNT only: a SUM takes its measure's unit, a RATIO is %. */
  readonly unit: string
  readonly description: string
  readonly numerator: string
  readonly denominator: string
}

export const emptyFigureForm = (): FigureForm => ({
  kind: 'count',
  label: '',
  section: '其他',
  types: [],
  measure: '',
  attributes: {},
  wording: 'exact',
  unit: '次',
  description: '',
  numerator: '',
  denominator: '',
})

/** The form of a stored figure (to edit it). */
export function formOf(f: FigureView): FigureForm {
  const base = {
    ...emptyFigureForm(),
    kind: f.kind,
    label: f.label,
    section: f.section,
    description: f.description,
  }
  if (f.kind === 'ratio') return { ...base, unit: '%', numerator: f.numerator, denominator: f.denominator }
  return {
    ...base,
    types: [...f.types],
    measure: f.kind === 'sum' ? f.measure : '',
    attributes: { ...(f.where?.attributes ?? {}) },
    wording: f.wording,
    unit: f.unit,
  }
}

/**
 * What saveFigure's `figure` carries. Editing keeps the filters the form does not show (case status,
 * outcome, closure, 年底未办结) from the stored figure; the attribute filters are the form's.
 */
export function figureInputOf(form: FigureForm, stored?: FigureView): Record<string, unknown> {
  const common = { label: form.label.trim(), section: form.section, description: form.description.trim() }
  if (form.kind === 'ratio')
    return { kind: 'ratio', ...common, numerator: form.numerator, denominator: form.denominator }
  const attributes = Object.fromEntries(Object.entries(form.attributes).filter(([, v]) => v.length > 0))
  const kept: FigureFilter = stored && stored.kind !== 'ratio' ? { ...stored.where } : {}
  const { attributes: _old, ...others } = kept
  const where = { ...others, ...(Object.keys(attributes).length > 0 ? { attributes } : {}) }
  return {
    kind: form.kind,
    ...common,
    types: [...form.types],
    wording: form.wording,
    ...(form.kind === 'count' ? { unit: form.unit.trim() } : { measure: form.measure }),
    ...(Object.keys(where).length > 0 ? { where } : {}),
  }
}

const chosen = (catalogue: readonly EventTypeDefinition[], types: readonly string[]): EventTypeDefinition[] =>
  types.map((t) => catalogue.find((c) => c.type === t)).filter((d): d is EventTypeDefinition => !!d)

/** The measures every chosen type has (what a SUM over them may add up). */
export function commonMeasures(
  catalogue: readonly EventTypeDefinition[],
  types: readonly string[],
): MeasureDefinition[] {
  const defs = chosen(catalogue, types)
  if (defs.length === 0) return []
  return defs[0]!.measures.filter((m) => defs.every((d) => d.measures.some((x) => x.key === m.key)))
}

/**
 * The attributes a filter may use: choices and flags that every chosen type has, with the options they
 * all offer (a flag's are 是 and 否).
 */
export function filterableAttributes(
  catalogue: readonly EventTypeDefinition[],
  types: readonly string[],
): { key: string; label: string; options: readonly { value: string | boolean; label: string }[] }[] {
  const defs = chosen(catalogue, types)
  if (defs.length === 0) return []
  const same = (a: AttributeDefinition) =>
    defs.map((d) => d.attributes.find((x) => x.key === a.key && x.kind !== 'text'))
  return defs[0]!.attributes
    .filter(
      (a) => a.kind !== 'text' && same(a).every((x) => x && (x.kind === 'flag') === (a.kind === 'flag')),
    )
    .map((a) => {
      if (a.kind === 'flag')
        return {
          key: a.key,
          label: a.label,
          options: [
            { value: true, label: '是' },
            { value: false, label: '否' },
          ],
        }
      const all = same(a).map((x) => x?.options ?? [])
      const options = (a.options ?? []).filter((o) => all.every((list) => list.includes(o)))
      return { key: a.key, label: a.label, options: options.map((o) => ({ value: o, label: o })) }
    })
    .filter((a) => a.options.length > 0)
}

/** Toggles one accepted value of an attribute filter. */
export function toggleFilter(form: FigureForm, key: string, value: string | boolean): FigureForm {
  const current = form.attributes[key] ?? []
  const next = current.includes(value) ? current.filter((v) => v !== value) : [...current, value]
  const attributes = { ...form.attributes, [key]: next }
  if (next.length === 0) delete attributes[key]
  return { ...form, attributes }
}

/**
 * The form after choosing record types: a measure, and filters on attributes, that the types no longer
 * all have are dropped.
 */
export function withTypes(
  form: FigureForm,
  types: readonly string[],
  catalogue: readonly EventTypeDefinition[],
): FigureForm {
  const measures = commonMeasures(catalogue, types)
  const filterable = filterableAttributes(catalogue, types)
  const attributes: Record<string, readonly (string | boolean)[]> = {}
  for (const [k, values] of Object.entries(form.attributes)) {
    const a = filterable.find((x) => x.key === k)
    const kept = values.filter((v) => a?.options.some((o) => o.value === v))
    if (kept.length > 0) attributes[k] = kept
  }
  return {
    ...form,
    types,
    measure: measures.some((m) => m.key === form.measure) ? form.measure : (measures[0]?.key ?? ''),
    attributes,
  }
}

const STATUS_WORDS: Record<string, string> = {
  accepted: '受理',
  mediating: '调解中',
  resolved: '已有结果',
  closed: '已办结',
  reported: '上报',
  handling: '处置中',
  success: '调解成功',
  partial: '部分达成',
  failed: '调解不成',
  withdrawn: '撤回',
  procedural: '程序性办结',
  substantive: '实质性办结',
}

/**
 * The definition in words: 计数 · 法律讲座 · 形式：进校园; 求和 · 普法宣传活动的受众; 比率 · 调解成功 ÷ 已调处矛盾纠纷.
 */
export function definitionText(
  f: FigureDefinition,
  catalogue: readonly EventTypeDefinition[],
  figures: readonly FigureDefinition[],
): string {
  if (f.kind === 'ratio') {
    const label = (k: string) => figures.find((x) => x.key === k)?.label ?? k
    return `${KIND_LABELS.ratio} · ${label(f.numerator)} ÷ ${label(f.denominator)}`
  }
  const defs = f.types.map((t) => catalogue.find((c) => c.type === t))
  const typeLabels = f.types.map((t, i) => defs[i]?.label ?? t).join('、')
  const parts = [KIND_LABELS[f.kind], typeLabels]
  if (f.kind === 'sum') {
    const m = defs.find((d) => d)?.measures.find((x) => x.key === f.measure)
    parts.push(m ? `${m.label}之和` : f.measure)
  }
  for (const [k, values] of Object.entries(f.where?.attributes ?? {})) {
    const a = defs.find((d) => d)?.attributes.find((x) => x.key === k)
    const words = values.map((v) => (v === true ? '是' : v === false ? '否' : v)).join('、')
    parts.push(`${a?.label ?? k}：${words}`)
  }
  for (const k of ['status', 'outcome', 'closure'] as const) {
    const values = f.where?.[k]
    if (values) parts.push(values.map((v) => STATUS_WORDS[v] ?? v).join('、'))
  }
  if (f.where?.openAtYearEnd) parts.push('年底未办结')
  return parts.join(' · ')
}

/** Whether a built-in figure was changed by the street (恢复默认 is offered then). */
export function changedFromBuiltIn(f: FigureView): boolean {
  if (!f.builtIn) return false
  const shipped = BUILT_IN_FIGURES.find((b) => b.key === f.key)
  return !!shipped && canonical(shipped) !== canonical(f)
}

/** A definition as plain sorted JSON, for comparing (the builtIn flag left out). */
function canonical(f: FigureDefinition): string {
  const sort = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(sort)
      : v && typeof v === 'object'
        ? Object.fromEntries(
            Object.entries(v as Record<string, unknown>)
              .filter(([k, x]) => k !== 'builtIn' && x !== undefined)
              .sort(([a], [b]) => (a < b ? -1 : 1))
              .map(([k, x]) => [k, sort(x)]),
          )
        : v
  return JSON.stringify(sort(f))
}

/** The sections a figure may be put in. */
export const SECTIONS: readonly string[] = FIGURE_SECTIONS
