/**
 * What a street admin may add to the catalogue (catalogue-edit.ts): a street's own types and extra
 * measures on built-in ones. Labels are checked in Chinese sentences against their field; keys are
 * made here, kept forever once given, and never removed, because events store values under them.
 */
import fc from 'fast-check'
import { CATALOGUE_LIMITS, validateMeasures, validateOwnType } from '../../src/core/catalogue-edit'
import { validateEvent } from '../../src/core/event-input'
import type { EventTypeDefinition } from '../../src/core/event-types'

const TYPE = 'c_3f9a0b1c2d4e'

/** 食品安全督导检查, as 李娜 (街道管理员) first defines it. */
const foodSafety = {
  label: '食品安全督导检查',
  unit: '次',
  measures: [
    { label: '检查商户', unit: '家' },
    { label: '发现问题', unit: '个', max: 500 },
  ],
  attributes: [
    { label: '检查形式', kind: 'choice', options: ['日常检查', '专项检查', '联合检查'], required: true },
    { label: '带队领导', kind: 'text' },
    { label: '联合执法', kind: 'flag' },
  ],
}

const created = (input: unknown = foodSafety): EventTypeDefinition => {
  const result = validateOwnType(input, TYPE, undefined)
  if (!result.ok) throw new Error(`refused: ${JSON.stringify(result.fields)}`)
  return result.value
}

const fieldsOf = (result: { ok: boolean; fields?: unknown }) => (result.ok ? {} : result.fields)

describe("a street's own type", () => {
  it('is made from what the admin filled in, with keys m1, m2 … and a1, a2 … given here', () => {
    expect(created()).toEqual({
      type: TYPE,
      label: '食品安全督导检查',
      unit: '次',
      titleLabel: '事项',
      dateLabel: '日期',
      placeLabel: '地点',
      placeRequired: false,
      measures: [
        { key: 'm1', label: '检查商户', unit: '家', max: 100_000, required: false },
        { key: 'm2', label: '发现问题', unit: '个', max: 500, required: false },
      ],
      attributes: [
        {
          key: 'a1',
          label: '检查形式',
          kind: 'choice',
          options: ['日常检查', '专项检查', '联合检查'],
          required: true,
        },
        { key: 'a2', label: '带队领导', kind: 'text', required: false },
        { key: 'a3', label: '联合执法', kind: 'flag', required: false },
      ],
      builtIn: false,
    })
  })

  it('ignores keys a client invents for something new', () => {
    const type = created({
      ...foodSafety,
      measures: [{ key: 'participants', label: '检查商户', unit: '家' }],
      attributes: [{ key: 'speaker', label: '带队领导', kind: 'text' }],
    })
    expect(type.measures.map((m) => m.key)).toEqual(['m1'])
    expect(type.attributes.map((a) => a.key)).toEqual(['a1'])
  })

  it('is accepted with no measures or attributes at all', () => {
    expect(created({ label: '保密学习', unit: '次' })).toMatchObject({ measures: [], attributes: [] })
  })

  it('can be events’ type at once: an event of it validates, and its new measures may be left empty', () => {
    const type = created()
    const result = validateEvent(
      type,
      { title: '检查校园周边餐饮', happenedOn: '2024-05-06', attributes: { a1: '专项检查' } },
      { today: '2024-06-30' },
    )
    expect(result).toMatchObject({
      ok: true,
      value: { measures: { m1: 0, m2: 0 }, attributes: { a1: '专项检查', a3: false } },
    })
  })

  describe('needs a name of 2 to 16 characters and a unit of 1 to 4', () => {
    it.each([
      ['', 'label', '请填写类型名称'],
      ['   ', 'label', '请填写类型名称'],
      ['学', 'label', '类型名称至少2个字'],
      ['食'.repeat(17), 'label', '类型名称不能超过16个字'],
    ])('name %j → %s: %s', (label, field, message) => {
      expect(fieldsOf(validateOwnType({ ...foodSafety, label }, TYPE, undefined))).toEqual({
        [field]: message,
      })
    })

    it.each([
      ['', 'unit', '请填写计数单位'],
      ['人次人次人', 'unit', '计数单位不能超过4个字'],
    ])('unit %j → %s: %s', (unit, field, message) => {
      expect(fieldsOf(validateOwnType({ ...foodSafety, unit }, TYPE, undefined))).toEqual({
        [field]: message,
      })
    })

    it('counts characters as people see them, and trims', () => {
      expect(created({ ...foodSafety, label: ` ${'食'.repeat(16)} ` }).label).toBe('食'.repeat(16))
      expect(created({ ...foodSafety, unit: '😀😀😀😀' }).unit).toBe('😀😀😀😀')
    })
  })

  it('reports every problem at once, each against its field', () => {
    const result = validateOwnType(
      {
        label: 1,
        unit: '',
        measures: [
          { label: '检', unit: '' },
          { label: '发现问题', unit: '个', max: 0 },
        ],
        attributes: [
          { label: '', kind: 'text' },
          { label: '检查形式', kind: 'date' },
          { label: '检查形式', kind: 'choice', options: ['日常检查'] },
          { label: '结果', kind: 'choice', options: ['合格', '不'.repeat(17)] },
        ],
        retired: 'yes',
      },
      TYPE,
      undefined,
    )
    expect(result).toEqual({
      ok: false,
      fields: {
        label: '请填写类型名称',
        unit: '请填写计数单位',
        'measures.0.label': '统计项名称至少2个字',
        'measures.0.unit': '请填写单位',
        'measures.1.max': `上限应为1至10000000之间的整数`,
        'attributes.0.label': '请填写填写项名称',
        'attributes.1.kind': '请选择填写方式',
        'attributes.2.options': '请填写2至20个选项',
        'attributes.3.options': '每个选项不能超过16个字',
        retired: '停用应为是或否',
      },
    })
  })

  describe('with a choice', () => {
    const withOptions = (options: unknown) =>
      validateOwnType(
        { ...foodSafety, attributes: [{ label: '检查形式', kind: 'choice', options }] },
        TYPE,
        undefined,
      )

    it(`needs 2 to ${CATALOGUE_LIMITS.optionsPerChoice} options, each counted once after trimming`, () => {
      fc.assert(
        fc.property(
          fc.uniqueArray(
            fc.string({ minLength: 1, maxLength: 8 }).map((s) => `选${s.trim()}`),
            { maxLength: 25 },
          ),
          (options) => {
            const result = withOptions(options)
            const expected = options.length >= 2 && options.length <= 20
            expect(result.ok).toBe(expected)
            if (!expected) expect(fieldsOf(result)).toEqual({ 'attributes.0.options': '请填写2至20个选项' })
            else if (result.ok) expect(result.value.attributes[0]!.options).toEqual(options)
          },
        ),
      )
      expect(fieldsOf(withOptions(['合格', ' 合格 ', '', 3]))).toEqual({
        'attributes.0.options': '请填写2至20个选项',
      })
      expect(withOptions([' 合格 ', '不合格', '合格'])).toMatchObject({
        ok: true,
        value: { attributes: [{ options: ['合格', '不合格'] }] },
      })
      expect(fieldsOf(withOptions(undefined))).toEqual({ 'attributes.0.options': '请填写2至20个选项' })
    })

    it('is required only when the admin says so; text and flags never are', () => {
      const type = created({
        ...foodSafety,
        attributes: [
          { label: '检查形式', kind: 'choice', options: ['日常', '专项'] },
          { label: '带队领导', kind: 'text', required: true },
          { label: '联合执法', kind: 'flag', required: true },
        ],
      })
      expect(type.attributes.map((a) => a.required)).toEqual([false, false, false])
    })
  })

  it(`has at most ${CATALOGUE_LIMITS.measuresPerType} measures and ${CATALOGUE_LIMITS.attributesPerType} attributes`, () => {
    const measures = Array.from({ length: 9 }, (_, i) => ({ label: `统计项${i}`, unit: '个' }))
    const attributes = Array.from({ length: 9 }, (_, i) => ({ label: `填写项${i}`, kind: 'text' }))
    expect(fieldsOf(validateOwnType({ ...foodSafety, measures }, TYPE, undefined))).toEqual({
      measures: '统计项不能超过8个',
    })
    expect(fieldsOf(validateOwnType({ ...foodSafety, attributes }, TYPE, undefined))).toEqual({
      attributes: '填写项不能超过8个',
    })
    expect(
      created({ ...foodSafety, measures: measures.slice(0, 8), attributes: attributes.slice(0, 8) }).measures,
    ).toHaveLength(8)
  })

  it('is retired when the admin says so, and only then', () => {
    expect(created({ ...foodSafety, retired: true }).retired).toBe(true)
    expect('retired' in created({ ...foodSafety, retired: false })).toBe(false)
  })
})

describe('editing a type', () => {
  const stored = created()

  it('keeps the keys sent back, whatever the order, and gives new things the next unused key', () => {
    const result = validateOwnType(
      {
        ...foodSafety,
        measures: [
          { label: '新增统计', unit: '项' },
          { key: 'm2', label: '发现问题（个）', unit: '个', max: 500 },
          { key: 'm1', label: '检查商户', unit: '家' },
        ],
        attributes: [
          ...stored.attributes,
          { label: '检查结果', kind: 'choice', options: ['合格', '不合格'] },
        ],
      },
      TYPE,
      stored,
    )
    expect(result).toMatchObject({
      ok: true,
      value: {
        measures: [
          { key: 'm3', label: '新增统计', required: false },
          { key: 'm2', label: '发现问题（个）' },
          { key: 'm1', label: '检查商户' },
        ],
        attributes: [{ key: 'a1' }, { key: 'a2' }, { key: 'a3' }, { key: 'a4', label: '检查结果' }],
      },
    })
  })

  it('cannot remove a measure or an attribute: events still use it', () => {
    expect(fieldsOf(validateOwnType({ ...stored, measures: [stored.measures[1]] }, TYPE, stored))).toEqual({
      measures: '已有的统计项不能删除（已记录的事件仍在使用）',
    })
    expect(
      fieldsOf(validateOwnType({ ...stored, attributes: stored.attributes.slice(1) }, TYPE, stored)),
    ).toEqual({
      attributes: '已有的填写项不能删除（已记录的事件仍在使用）',
    })
  })

  it('cannot send the same kept key twice', () => {
    expect(
      fieldsOf(
        validateOwnType({ ...stored, measures: [...stored.measures, stored.measures[0]] }, TYPE, stored),
      ),
    ).toEqual({ measures: '统计项重复' })
  })

  it('that sends back its own stored definition gets it back unchanged, keys and all', () => {
    fc.assert(
      fc.property(ownTypeArb, fc.nat(), (input, seed) => {
        const first = validateOwnType(input, TYPE, undefined)
        expect(first.ok).toBe(true)
        if (!first.ok) return
        // Sent back as stored, in any order of its measures and attributes.
        const again = validateOwnType(
          {
            ...first.value,
            measures: rotate(first.value.measures, seed),
            attributes: rotate(first.value.attributes, seed),
          },
          TYPE,
          first.value,
        )
        expect(again.ok).toBe(true)
        if (!again.ok) return
        const byKey = <T extends { key: string }>(list: readonly T[]) =>
          [...list].sort((a, b) => a.key.localeCompare(b.key))
        expect(byKey(again.value.measures)).toEqual(byKey(first.value.measures))
        expect(byKey(again.value.attributes)).toEqual(byKey(first.value.attributes))
        expect({ ...again.value, measures: [], attributes: [] }).toEqual({
          ...first.value,
          measures: [],
          attributes: [],
        })
      }),
    )
  })

  it('gives every measure and attribute a key of its own, never one already used', () => {
    fc.assert(
      fc.property(ownTypeArb, fc.array(measureArb, { maxLength: 3 }), (input, added) => {
        const first = validateOwnType(input, TYPE, undefined)
        if (!first.ok) return
        const edit = validateOwnType(
          {
            ...first.value,
            measures: [...added, ...first.value.measures].slice(0, CATALOGUE_LIMITS.measuresPerType),
          },
          TYPE,
          first.value,
        )
        if (!edit.ok) return
        const keys = edit.value.measures.map((m) => m.key)
        expect(new Set(keys).size).toBe(keys.length)
        for (const m of first.value.measures) expect(keys).toContain(m.key)
        for (const k of keys) expect(k).toMatch(/^m[1-9]\d*$/)
      }),
    )
  })
})

describe('extra measures on a built-in type', () => {
  it('get keys m1, m2 …, are optional and default to a cap of 100000', () => {
    expect(
      validateMeasures([{ label: '赠送书籍', unit: '本', required: true }], [], 'extraMeasures'),
    ).toEqual({
      ok: true,
      value: [{ key: 'm1', label: '赠送书籍', unit: '本', max: 100_000, required: false }],
    })
  })

  it('report problems under the prefix they are sent with', () => {
    expect(validateMeasures([{ label: '', unit: '本' }], [], 'extraMeasures')).toEqual({
      ok: false,
      fields: { 'extraMeasures.0.label': '请填写统计项名称' },
    })
    expect(validateMeasures('赠送书籍', [], 'extraMeasures')).toEqual({
      ok: false,
      fields: { extraMeasures: '统计项格式不正确' },
    })
    expect(validateMeasures([], ['m1'], 'extraMeasures')).toEqual({
      ok: false,
      fields: { extraMeasures: '已有的统计项不能删除（已记录的事件仍在使用）' },
    })
  })

  it(`have a whole-number cap from 1 to ${CATALOGUE_LIMITS.measureMax}`, () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.integer({ min: -5, max: 10_000_005 }),
          fc.double(),
          fc.string(),
          fc.constantFrom(1, 10_000_000, 10_000_001, 0, null),
        ),
        (max) => {
          const result = validateMeasures([{ label: '赠送书籍', unit: '本', max }], [])
          const expected = typeof max === 'number' && Number.isInteger(max) && max >= 1 && max <= 10_000_000
          expect(result.ok).toBe(expected)
          if (!expected)
            expect(fieldsOf(result)).toEqual({ 'measures.0.max': '上限应为1至10000000之间的整数' })
        },
      ),
    )
  })

  it('are always optional, whatever the admin sends', () => {
    fc.assert(
      fc.property(fc.array(measureArb, { maxLength: 8 }), (measures) => {
        const result = validateMeasures(measures, [])
        expect(result.ok).toBe(true)
        if (result.ok) for (const m of result.value) expect(m.required).toBe(false)
      }),
    )
  })
})

// ── Arbitraries ─────────────────────────────────────────────────────────────────────────────────────

function rotate<T>(list: readonly T[], by: number): T[] {
  if (list.length === 0) return []
  const i = by % list.length
  return [...list.slice(i), ...list.slice(0, i)]
}

const name = (prefix: string) =>
  fc.string({ minLength: 0, maxLength: 10 }).map((s) => `${prefix}${s.trim()}`.slice(0, 16))

const measureArb = fc.record(
  {
    label: name('统计'),
    unit: fc.constantFrom('人', '人次', '份', '家', '个'),
    max: fc.integer({ min: 1, max: 10_000_000 }),
    required: fc.boolean(),
  },
  { requiredKeys: ['label', 'unit'] },
)

const attributeArb = fc.oneof(
  fc.record({ label: name('填写'), kind: fc.constantFrom('text', 'flag') }),
  fc.record({
    label: name('选择'),
    kind: fc.constant('choice'),
    options: fc.uniqueArray(name('选项'), { minLength: 2, maxLength: 20 }),
    required: fc.boolean(),
  }),
)

const ownTypeArb = fc.record(
  {
    label: name('类型'),
    unit: fc.constantFrom('次', '场', '件', '期'),
    measures: fc.array(measureArb, { maxLength: 8 }),
    attributes: fc.array(attributeArb, { maxLength: 8 }),
    retired: fc.boolean(),
  },
  { requiredKeys: ['label', 'unit'] },
)

describe('an attribute events already use', () => {
  const first = validateOwnType(
    {
      label: '食品检查',
      unit: '次',
      attributes: [
        { label: '带队领导', kind: 'text' },
        { label: '检查形式', kind: 'choice', options: ['日常', '专项'] },
      ],
    },
    'c_1',
    undefined,
  )
  if (!first.ok) throw new Error('the first definition is valid')
  const [leader, form] = first.value.attributes

  it('keeps its kind, its options and its being optional, so old events stay valid', () => {
    const edit = (attributes: unknown[]) =>
      validateOwnType({ ...first.value, attributes }, 'c_1', first.value)
    expect(edit([{ ...leader, kind: 'flag' }, form])).toMatchObject({
      ok: false,
      fields: { 'attributes.0.kind': '已有填写项的填写方式不能更改' },
    })
    expect(edit([leader, { ...form, options: ['日常'] }])).toMatchObject({
      ok: false,
      fields: { 'attributes.1.options': '已有的选项不能删除（已记录的事件仍在使用），只能增加' },
    })
    expect(edit([leader, { ...form, required: true }])).toMatchObject({
      ok: false,
      fields: { 'attributes.1.required': '已有的填写项不能改为必填（此前的记录没有填写）' },
    })
    expect(edit([leader, { ...form, options: ['日常', '专项', '夜查'] }]).ok).toBe(true)
  })
})

describe('a measure events use', () => {
  it('keeps its cap from going down (values already stored stay valid); raising it is fine', () => {
    const stored = [{ key: 'm1', label: '检查户数', unit: '户', max: 500, required: false }]
    expect(validateMeasures([{ ...stored[0], max: 100 }], ['m1'], 'measures', stored)).toEqual({
      ok: false,
      fields: { 'measures.0.max': '上限不能低于原来的500（已记录的数字仍须有效）' },
    })
    expect(validateMeasures([{ ...stored[0], max: 1000 }], ['m1'], 'measures', stored).ok).toBe(true)
  })
})
