/**
 * The built-in catalogue of event types (domain.md, "Event types"). So far the one type of the first
 * slice: 法律讲座 (law lecture). The catalogue is data: forms and totals are generated from it.
 */

export interface MeasureDefinition {
  readonly key: string
  /** Chinese label on the form and in figures. */
  readonly label: string
  /** 人次, 份 … */
  readonly unit: string
  /** A sane cap: larger numbers are typing mistakes. */
  readonly max: number
}

export interface EventTypeDefinition {
  readonly type: string
  readonly label: string
  /** What one event counts as in the report: 场, 次, 件. */
  readonly unit: string
  readonly measures: readonly MeasureDefinition[]
}

/** 法律讲座: counted in 场, with participants (人次) and materials handed out (份). */
export const LECTURE: EventTypeDefinition = {
  type: 'lecture',
  label: '法律讲座',
  unit: '场',
  measures: [
    { key: 'participants', label: '参与人次', unit: '人次', max: 100_000 },
    { key: 'materials', label: '发放资料', unit: '份', max: 1_000_000 },
  ],
}

export const EVENT_TYPES: readonly EventTypeDefinition[] = [LECTURE]

export const TEXT_LIMITS = { title: { min: 2, max: 60 }, place: { min: 2, max: 60 } } as const
export const EARLIEST_YEAR = 2000

/** How a measure is labelled on a form: 参与人次, 发放资料（份）. */
export const measureLabel = (m: MeasureDefinition): string =>
  m.label.endsWith(m.unit) ? m.label : `${m.label}（${m.unit}）`
