import type { FigureView } from '../../src/core/contract'
import { BUILT_IN_TYPES } from '../../src/core/event-types'
import { BUILT_IN_FIGURES, validateFigure } from '../../src/core/figures'
import {
  changedFromBuiltIn,
  commonMeasures,
  definitionText,
  emptyFigureForm,
  figureInputOf,
  filterableAttributes,
  formOf,
  toggleFilter,
  withTypes,
} from '../../src/components/figure-form-value'

const figures: FigureView[] = BUILT_IN_FIGURES.map((f) => ({ ...f, builtIn: true }))
const figure = (key: string) => figures.find((f) => f.key === key)!

describe('editing a stored figure', () => {
  it.each(figures.map((f) => [f.key, f] as const))(
    '%s: its form saves it back as it was, through the core’s check',
    (_key, f) => {
      const input = figureInputOf(formOf(f), f)
      const checked = validateFigure(
        input,
        BUILT_IN_TYPES,
        figures.filter((x) => x.key !== f.key),
      )
      expect(checked).toMatchObject({ ok: true })
      if (!checked.ok) return
      const { key: _k, builtIn: _b, ...stored } = f
      // A SUM's unit is its measure's (the form has no unit for it).
      const expected = f.kind === 'sum' ? { ...stored, unit: checked.value.unit } : stored
      expect(checked.value).toEqual(expected)
    },
  )

  it('keeps the case filters the form does not show, and changes only the attribute filters', () => {
    const closed = figure('case.closed')
    expect(figureInputOf({ ...formOf(closed), label: '已办结' }, closed)).toMatchObject({
      label: '已办结',
      where: { status: ['closed'] },
    })
    const school = figure('promotion.school')
    const form = toggleFilter(toggleFilter(formOf(school), 'form', '进校园'), 'form', '进社区')
    expect(figureInputOf(form, school)).toMatchObject({ where: { attributes: { form: ['进社区'] } } })
    expect(figureInputOf(toggleFilter(formOf(school), 'form', '进校园'), school)).not.toHaveProperty('where')
  })
})

describe('a new figure', () => {
  it('is a COUNT of records in 其他, exact, until chosen otherwise', () => {
    expect(emptyFigureForm()).toMatchObject({ kind: 'count', section: '其他', wording: 'exact', unit: '次' })
  })

  it('counts the records of its types, filtered by their choices and flags', () => {
    let form = withTypes(
      { ...emptyFigureForm(), label: '联合执法（私搭乱建）', description: '联合执法的私搭乱建' },
      ['enforcement'],
      BUILT_IN_TYPES,
    )
    form = toggleFilter(toggleFilter(form, 'category', '私搭乱建'), 'joint', true)
    const input = figureInputOf(form)
    expect(input).toEqual({
      kind: 'count',
      label: '联合执法（私搭乱建）',
      section: '其他',
      description: '联合执法的私搭乱建',
      types: ['enforcement'],
      wording: 'exact',
      unit: '次',
      where: { attributes: { category: ['私搭乱建'], joint: [true] } },
    })
    expect(validateFigure(input, BUILT_IN_TYPES, figures)).toMatchObject({ ok: true })
  })

  it('adds up a measure every chosen type has', () => {
    expect(commonMeasures(BUILT_IN_TYPES, ['lecture', 'promotion']).map((m) => m.key)).toEqual(['materials'])
    expect(commonMeasures(BUILT_IN_TYPES, ['lecture', 'consultation'])).toEqual([])
    expect(commonMeasures(BUILT_IN_TYPES, [])).toEqual([])
    const form = withTypes(
      { ...emptyFigureForm(), kind: 'sum', label: '资料', description: '资料份数', wording: 'approx' },
      ['lecture', 'promotion'],
      BUILT_IN_TYPES,
    )
    expect(form.measure).toBe('materials')
    const checked = validateFigure(figureInputOf(form), BUILT_IN_TYPES, figures)
    expect(checked).toMatchObject({ ok: true, value: { kind: 'sum', measure: 'materials', unit: '份' } })
  })

  it('divides two figures', () => {
    const form = {
      ...emptyFigureForm(),
      kind: 'ratio' as const,
      label: '讲座占比',
      description: '讲座 ÷ 宣传活动',
      numerator: 'lecture.count',
      denominator: 'promotion.count',
    }
    expect(validateFigure(figureInputOf(form), BUILT_IN_TYPES, figures)).toMatchObject({
      ok: true,
      value: { kind: 'ratio', unit: '%', numerator: 'lecture.count', denominator: 'promotion.count' },
    })
  })

  it('drops a measure and filters the chosen types no longer all have', () => {
    let form = withTypes({ ...emptyFigureForm(), kind: 'sum' }, ['promotion'], BUILT_IN_TYPES)
    form = toggleFilter(
      withTypes({ ...form, measure: 'audience' }, ['promotion'], BUILT_IN_TYPES),
      'form',
      '进校园',
    )
    expect(form).toMatchObject({ measure: 'audience', attributes: { form: ['进校园'] } })
    const both = withTypes(form, ['promotion', 'lecture'], BUILT_IN_TYPES)
    expect(both).toMatchObject({ measure: 'materials', attributes: {} })
  })
})

describe('filters offered', () => {
  it('are the choices and flags every chosen type has, with the options they share', () => {
    const promotion = filterableAttributes(BUILT_IN_TYPES, ['promotion'])
    expect(promotion.map((a) => a.key)).toEqual(expect.arrayContaining(['form', 'theme']))
    expect(promotion.find((a) => a.key === 'form')!.options.map((o) => o.value)).toContain('进校园')
    expect(promotion.some((a) => a.key === 'partner')).toBe(false) // free text
    const enforcement = filterableAttributes(BUILT_IN_TYPES, ['enforcement'])
    expect(enforcement.find((a) => a.key === 'joint')!.options).toEqual([
      { value: true, label: '是' },
      { value: false, label: '否' },
    ])
    // 学法培训 and 普法宣传 both have 形式, with no option in common.
    expect(filterableAttributes(BUILT_IN_TYPES, ['promotion', 'study']).some((a) => a.key === 'form')).toBe(
      false,
    )
    expect(filterableAttributes(BUILT_IN_TYPES, [])).toEqual([])
  })
})

describe('a figure in words', () => {
  it('says what it counts, adds up or divides', () => {
    expect(definitionText(figure('promotion.school'), BUILT_IN_TYPES, figures)).toBe(
      '计数 · 普法宣传活动 · 活动形式：进校园',
    )
    expect(definitionText(figure('materials'), BUILT_IN_TYPES, figures)).toBe(
      '求和 · 法律讲座、普法宣传活动 · 发放资料之和',
    )
    expect(definitionText(figure('dispute.successRate'), BUILT_IN_TYPES, figures)).toBe(
      '比率 · 调解成功 ÷ 已调处矛盾纠纷',
    )
    expect(definitionText(figure('enforcement.joint'), BUILT_IN_TYPES, figures)).toContain('：是')
    expect(definitionText(figure('case.openAtYearEnd'), BUILT_IN_TYPES, figures)).toContain('年底未办结')
  })
})

describe('恢复默认', () => {
  it('is offered for a built-in figure the street changed, only', () => {
    expect(figures.some(changedFromBuiltIn)).toBe(false)
    expect(changedFromBuiltIn({ ...figure('lecture.count'), label: '举办法律讲座' })).toBe(true)
    expect(changedFromBuiltIn({ ...figure('lecture.count'), key: 'f_1', builtIn: false })).toBe(false)
  })
})
