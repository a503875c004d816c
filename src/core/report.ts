/**
 * The report's figures paragraph: a template (the street admin's, or the default modelled on the seed
 * reports' wording) rendered with a period's figures. Placeholders:
 *
 *   {年份} {街道} {期间}            the year, the street's name, the period's label
 *   {lecture.count}                 a figure, written as the report writes it (14, 100余, 100%, —)
 *   {均:dispute.handledRate,case.closedRate}
 *                                   ratios named with their labels, merged when equal
 *                                   (调处率和办结率均100%), else listed (调处率98.4%，办结率100%)
 *   {未办结:case.openAtYearEnd}     "，截至年底尚有3件未办结" (截至目前 for a year not yet ended); nothing when 0
 *
 * Rendering gives segments: text, and numbers that link to their figures (every number in the paragraph
 * opens to its figure and its events).
 */
import type { FieldErrors } from './errors'
import type { FigureDefinition, FigureValue } from './figures'

export interface ReportSegment {
  readonly text: string
  /** The figures this number is the value of (two or more for merged ratios). */
  readonly figures?: readonly string[]
  /** The exact value behind a 余 number ("106"), for a tooltip or footnote. */
  readonly exact?: string
}

export const DEFAULT_REPORT_TEMPLATE =
  '{年份}年，全街共举办各类法律讲座{lecture.count}场，接受法律咨询{consultation.people}人次，' +
  '发放宣传资料{materials}份，举办文艺汇演等特色普法宣传活动{promotion.special}次，' +
  '开展普法宣传活动{promotion.count}次，受众人群{promotion.audience}人。' +
  '全年排查化解矛盾纠纷{dispute.count}件，处理网格事件{gridEvent.count}件，' +
  '{均:dispute.handledRate,case.closedRate}{未办结:case.openAtYearEnd}。' +
  '开展执法{enforcement.count}次，其中处理私搭乱建执法{enforcement.illegalBuilding}次，' +
  '清理乱堆乱放执法{enforcement.clutter}次，日常开展执法检查{enforcement.inspection}次，' +
  '通过“街道吹哨、部门报到”机制开展联合执法{enforcement.joint}次。' +
  '组织法治学习培训{study.count}次，参与{study.participants}人次。'

export const REPORT_TEMPLATE_MAX = 2000

const PLACEHOLDER = /\{([^{}]+)\}/g

interface Part {
  readonly kind: 'text' | 'year' | 'street' | 'period' | 'figure' | 'merged' | 'open'
  readonly text?: string
  readonly keys?: readonly string[]
}

function parse(template: string): { parts: Part[]; unknown: string[] } {
  const parts: Part[] = []
  const unknown: string[] = []
  let last = 0
  for (const m of template.matchAll(PLACEHOLDER)) {
    if (m.index! > last) parts.push({ kind: 'text', text: template.slice(last, m.index) })
    last = m.index! + m[0].length
    const body = m[1]!.trim()
    if (body === '年份') parts.push({ kind: 'year' })
    else if (body === '街道') parts.push({ kind: 'street' })
    else if (body === '期间') parts.push({ kind: 'period' })
    else if (body.startsWith('均:'))
      parts.push({
        kind: 'merged',
        keys: body
          .slice(2)
          .split(/[,，]/)
          .map((k) => k.trim()),
      })
    else if (body.startsWith('未办结:')) parts.push({ kind: 'open', keys: [body.slice(4).trim()] })
    else parts.push({ kind: 'figure', keys: [body] })
  }
  if (last < template.length) parts.push({ kind: 'text', text: template.slice(last) })
  return { parts, unknown }
}

/** Checks a template: its placeholders name known figures (ratios where ratios are asked for). */
export function checkTemplate(
  template: unknown,
  figures: readonly FigureDefinition[],
): { ok: true; value: string } | { ok: false; fields: FieldErrors } {
  if (typeof template !== 'string' || template.trim().length === 0 || template.length > REPORT_TEMPLATE_MAX)
    return { ok: false, fields: { template: `请填写1至${REPORT_TEMPLATE_MAX}个字` } }
  const byKey = new Map(figures.map((f) => [f.key, f]))
  const bad: string[] = []
  for (const part of parse(template).parts) {
    if (part.kind === 'figure' && !byKey.has(part.keys![0]!)) bad.push(part.keys![0]!)
    if (part.kind === 'merged') for (const k of part.keys!) if (byKey.get(k)?.kind !== 'ratio') bad.push(k)
    if (part.kind === 'open' && !byKey.has(part.keys![0]!)) bad.push(part.keys![0]!)
  }
  if (bad.length > 0)
    return { ok: false, fields: { template: `没有这些指标：${[...new Set(bad)].join('、')}` } }
  return { ok: true, value: template.trim() }
}

/** The rendered paragraph, and its plain text. */
export interface RenderedReport {
  readonly segments: readonly ReportSegment[]
  readonly text: string
}

/**
 * Renders the template with the figures' values. `periodEnded` says whether the period's year is over
 * (年底) or not yet (目前). A figure the template names but the street no longer has renders as "—".
 */
export function renderReport(
  template: string,
  figures: readonly FigureDefinition[],
  values: ReadonlyMap<string, FigureValue>,
  context: { year: number; streetName: string; periodLabel: string; periodEnded: boolean },
): RenderedReport {
  const byKey = new Map(figures.map((f) => [f.key, f]))
  const segments: ReportSegment[] = []
  const text = (t: string) => {
    if (t.length === 0) return
    const prev = segments[segments.length - 1]
    if (prev && !prev.figures) segments[segments.length - 1] = { text: prev.text + t }
    else segments.push({ text: t })
  }
  const number = (key: string): ReportSegment => {
    const v = values.get(key)
    const f = byKey.get(key)
    if (!v || !f) return { text: '—' }
    const exact = f.kind === 'ratio' ? undefined : String(v.value)
    return { text: v.text, figures: [key], ...(exact && exact !== v.text ? { exact } : {}) }
  }
  for (const part of parse(template).parts) {
    switch (part.kind) {
      case 'text':
        text(part.text!)
        break
      case 'year':
        text(String(context.year))
        break
      case 'street':
        text(context.streetName)
        break
      case 'period':
        text(context.periodLabel)
        break
      case 'figure':
        segments.push(number(part.keys![0]!))
        break
      case 'merged': {
        const keys = part.keys!.filter((k) => byKey.has(k))
        const texts = keys.map((k) => values.get(k)?.text ?? '—')
        const labels = keys.map((k) => byKey.get(k)!.label)
        if (keys.length > 1 && texts.every((t) => t === texts[0]) && texts[0] !== '—') {
          const names =
            labels.length === 2 ? labels.join('和') : `${labels.slice(0, -1).join('、')}和${labels.at(-1)}`
          text(`${names}均`)
          segments.push({ text: texts[0]!, figures: keys })
        } else {
          keys.forEach((k, i) => {
            text(`${i > 0 ? '，' : ''}${labels[i]}`)
            segments.push(number(k))
          })
        }
        break
      }
      case 'open': {
        const v = values.get(part.keys![0]!)
        if (v && v.value > 0) {
          text(context.periodEnded ? '，截至年底尚有' : '，截至目前尚有')
          segments.push(number(part.keys![0]!))
          text(`${byKey.get(part.keys![0]!)?.unit ?? '件'}未办结`)
        }
        break
      }
    }
  }
  return { segments, text: segments.map((s) => s.text).join('') }
}
