/**
 * The catalogue of event types (domain.md, "Event types"). The catalogue is data: the log form, the
 * server's validation and (later) the figures are generated from these definitions, so a type or a
 * measure a street admin adds (stored per street, merged by `mergeCatalogue`) appears in the app
 * without a release. The built-in types cover the legal-work figures of both seed reports.
 */
import { DISPUTE_CATEGORIES } from './dispute'

/** A number recorded on an event and summed by figures: 参与人次, 发放资料（份）… */
export interface MeasureDefinition {
  readonly key: string
  /** Chinese label on the form and in figures. */
  readonly label: string
  /** 人次, 份 … */
  readonly unit: string
  /** A sane cap: larger numbers are typing mistakes. */
  readonly max: number
  /** False for a measure that may be left empty (counted as 0). Required unless stated. */
  readonly required?: boolean
}

/**
 * An attribute of an event: free text (主讲人), one choice from a list (形式), several choices, or a
 * flag (联合执法). `remember` fills the form with the value the person used last time.
 */
export interface AttributeDefinition {
  readonly key: string
  readonly label: string
  readonly kind: 'text' | 'choice' | 'choices' | 'flag'
  readonly options?: readonly string[]
  readonly required?: boolean
  readonly maxLength?: number
  readonly placeholder?: string
  readonly remember?: boolean
}

/** Case lifecycles (lifecycle.ts): 矛盾纠纷 and 网格事件 are followed until they are closed. */
export type LifecycleKind = 'dispute' | 'gridEvent'

export interface EventTypeDefinition {
  /** Stable identifier stored on events: `lecture`, or `c_…` for a street's own type. */
  readonly type: string
  readonly label: string
  /** What one event counts as in the report: 场, 次, 件. */
  readonly unit: string
  /** The label of the event's title on the form: 讲座主题, 案由, 事件描述 … */
  readonly titleLabel: string
  readonly titlePlaceholder?: string
  /** The label of its 发生日期: 举办日期, 受理日期, 上报日期 … (the date that puts it in a year). */
  readonly dateLabel: string
  readonly placeLabel: string
  readonly placeRequired: boolean
  readonly measures: readonly MeasureDefinition[]
  readonly attributes: readonly AttributeDefinition[]
  readonly lifecycle?: LifecycleKind
  /** A 矛盾纠纷 records its parties (personal data, kept apart). */
  readonly hasParties?: boolean
  /** May be publicised to residents (the residents issue). Never true for a case type. */
  readonly publishable?: boolean
  /** Built into the product (true) or added by the street admin. */
  readonly builtIn: boolean
  /** A street's own type no longer offered for new events (old events keep it). */
  readonly retired?: boolean
}

export const TEXT_LIMITS = {
  title: { min: 2, max: 60 },
  place: { min: 2, max: 60 },
  attribute: { max: 40 },
  note: { max: 200 },
  reason: { min: 2, max: 200 },
} as const
export const EARLIEST_YEAR = 2000

const PEOPLE_MAX = 100_000
const MATERIALS_MAX = 1_000_000

export const GRID_EVENT_CATEGORIES = [
  '治安隐患',
  '安全隐患',
  '环境卫生',
  '市容秩序',
  '矛盾隐患',
  '民生服务',
  '其他',
] as const

export const ENFORCEMENT_CATEGORIES = [
  '私搭乱建',
  '乱堆乱放',
  '占道经营',
  '违规广告',
  '日常执法检查',
  '其他',
] as const

/** The built-in catalogue. Keys of measures and attributes are stored on events: never rename them. */
export const BUILT_IN_TYPES: readonly EventTypeDefinition[] = [
  {
    type: 'lecture',
    label: '法律讲座',
    unit: '场',
    titleLabel: '讲座主题',
    titlePlaceholder: '如：民法典进社区',
    dateLabel: '举办日期',
    placeLabel: '举办地点',
    placeRequired: true,
    measures: [
      { key: 'participants', label: '参与人次', unit: '人次', max: PEOPLE_MAX },
      { key: 'materials', label: '发放资料', unit: '份', max: MATERIALS_MAX },
    ],
    attributes: [
      { key: 'speaker', label: '主讲人', kind: 'text', placeholder: '如：王律师', remember: true },
    ],
    publishable: true,
    builtIn: true,
  },
  {
    type: 'consultation',
    label: '法律咨询',
    unit: '次',
    titleLabel: '咨询事项',
    titlePlaceholder: '如：劳动合同、赡养',
    dateLabel: '咨询日期',
    placeLabel: '咨询地点',
    placeRequired: false,
    measures: [{ key: 'people', label: '接受咨询', unit: '人次', max: PEOPLE_MAX }],
    attributes: [
      { key: 'adviser', label: '法律顾问', kind: 'text', placeholder: '如：李律师', remember: true },
    ],
    publishable: true,
    builtIn: true,
  },
  {
    type: 'promotion',
    label: '普法宣传活动',
    unit: '次',
    titleLabel: '活动名称',
    titlePlaceholder: '如：宪法宣传周',
    dateLabel: '活动日期',
    placeLabel: '活动地点',
    placeRequired: true,
    measures: [
      { key: 'audience', label: '受众', unit: '人', max: PEOPLE_MAX },
      { key: 'materials', label: '发放资料', unit: '份', max: MATERIALS_MAX, required: false },
    ],
    attributes: [
      {
        key: 'form',
        label: '活动形式',
        kind: 'choice',
        options: ['宣讲', '文艺汇演', '进校园', '进社区', 'LED屏', '条幅', '微信群', '其他'],
        required: true,
        remember: true,
      },
      {
        key: 'theme',
        label: '宣传主题',
        kind: 'choice',
        options: ['民法典', '宪法', '反诈', '国家安全', '禁毒', '未成年人保护', '扫黑除恶', '其他'],
        required: true,
        remember: true,
      },
      { key: 'partner', label: '合作单位', kind: 'text', placeholder: '如：派出所' },
    ],
    publishable: true,
    builtIn: true,
  },
  {
    type: 'dispute',
    label: '矛盾纠纷',
    unit: '件',
    titleLabel: '案由',
    titlePlaceholder: '简要描述纠纷，不写当事人姓名',
    dateLabel: '受理日期',
    placeLabel: '发生地点',
    placeRequired: false,
    measures: [],
    attributes: [
      { key: 'category', label: '纠纷类别', kind: 'choice', options: DISPUTE_CATEGORIES, required: true },
    ],
    lifecycle: 'dispute',
    hasParties: true,
    builtIn: true,
  },
  {
    type: 'gridEvent',
    label: '网格事件',
    unit: '件',
    titleLabel: '事件描述',
    titlePlaceholder: '如：楼道堆放杂物',
    dateLabel: '上报日期',
    placeLabel: '事件地点',
    placeRequired: true,
    measures: [],
    attributes: [
      {
        key: 'category',
        label: '事件类别',
        kind: 'choice',
        options: GRID_EVENT_CATEGORIES,
        required: true,
        remember: true,
      },
    ],
    lifecycle: 'gridEvent',
    builtIn: true,
  },
  {
    type: 'enforcement',
    label: '执法行动',
    unit: '次',
    titleLabel: '执法事项',
    titlePlaceholder: '如：拆除违建棚架',
    dateLabel: '执法日期',
    placeLabel: '执法地点',
    placeRequired: true,
    measures: [],
    attributes: [
      {
        key: 'category',
        label: '执法类别',
        kind: 'choice',
        options: ENFORCEMENT_CATEGORIES,
        required: true,
        remember: true,
      },
      { key: 'joint', label: '联合执法（街道吹哨、部门报到）', kind: 'flag' },
      { key: 'departments', label: '参与部门', kind: 'text', placeholder: '如：城管、市场监管' },
    ],
    builtIn: true,
  },
  {
    type: 'study',
    label: '法治学习培训',
    unit: '次',
    titleLabel: '学习内容',
    titlePlaceholder: '如：学习行政复议法',
    dateLabel: '学习日期',
    placeLabel: '学习地点',
    placeRequired: false,
    measures: [{ key: 'participants', label: '参与人次', unit: '人次', max: PEOPLE_MAX }],
    attributes: [
      {
        key: 'form',
        label: '学习形式',
        kind: 'choice',
        options: ['中心组学法', '会前学法', '培训班', '警示教育片', '参观学习'],
        required: true,
        remember: true,
      },
    ],
    builtIn: true,
  },
]

export const BUILT_IN_TYPE_IDS = BUILT_IN_TYPES.map((t) => t.type)

/** The built-in 法律讲座 (the first slice's type, still what the year totals show). */
export const LECTURE = BUILT_IN_TYPES[0]!

/**
 * What a street stores about its catalogue: its own types, and measures added to built-in types.
 * Built-in definitions themselves are never stored: a release may improve them for everyone.
 */
export interface StreetCatalogue {
  readonly types: readonly EventTypeDefinition[]
  readonly extraMeasures: Readonly<Record<string, readonly MeasureDefinition[]>>
}

/** The catalogue a street's people see: built-in types (with the street's extra measures), then its own. */
export function mergeCatalogue(street: StreetCatalogue | undefined): EventTypeDefinition[] {
  const builtIn = BUILT_IN_TYPES.map((t) => {
    const extra = street?.extraMeasures[t.type] ?? []
    return extra.length > 0 ? { ...t, measures: [...t.measures, ...extra] } : t
  })
  return [...builtIn, ...(street?.types ?? []).map((t) => ({ ...t, builtIn: false }))]
}

export const findType = (
  catalogue: readonly EventTypeDefinition[],
  type: unknown,
): EventTypeDefinition | undefined => catalogue.find((t) => t.type === type)

/**
 * How a measure is labelled on a form: 参与人次 (the label already says its unit), 发放资料（份）, and
 * 检查商户（户）: a one-character unit at the end of a label is part of a word, not the unit.
 */
export const measureLabel = (m: MeasureDefinition): string =>
  m.unit.length >= 2 && m.label.endsWith(m.unit) ? m.label : `${m.label}（${m.unit}）`
