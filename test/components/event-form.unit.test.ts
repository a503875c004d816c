/**
 * @jest-environment jsdom
 */
import { chinaToday } from '../../src/core/china-time'
import type { EventDetail } from '../../src/core/contract'
import { validateEventWithParties } from '../../src/core/event-input'
import { BUILT_IN_TYPES, findType, type EventTypeDefinition } from '../../src/core/event-types'
import {
  emptyForm,
  eventLabel,
  formFromDetail,
  formFromInput,
  inputOf,
  rememberedOf,
  type EventFormValue,
  type RememberedValues,
} from '../../src/components/event-form-value'

const type = (id: string): EventTypeDefinition => findType(BUILT_IN_TYPES, id)!
const lecture = type('lecture')
const promotion = type('promotion')
const dispute = type('dispute')
const enforcement = type('enforcement')

/** A street's own type with every kind of attribute. */
const inspection: EventTypeDefinition = {
  type: 'c_food',
  label: '食品安全督导检查',
  unit: '次',
  titleLabel: '检查内容',
  dateLabel: '检查日期',
  placeLabel: '检查地点',
  placeRequired: true,
  measures: [{ key: 'shops', label: '检查商户', unit: '家', max: 1000 }],
  attributes: [
    { key: 'inspector', label: '检查人', kind: 'text', remember: true },
    { key: 'scope', label: '检查范围', kind: 'choices', options: ['餐馆', '超市', '菜场'], remember: true },
    { key: 'joint', label: '联合检查', kind: 'flag', remember: true },
    { key: 'level', label: '风险等级', kind: 'choice', options: ['低', '中', '高'] },
  ],
  builtIn: false,
}

describe('emptyForm', () => {
  it('dates a new form today in China and leaves every field of the type empty', () => {
    const form = emptyForm(lecture)
    expect(form).toEqual({
      title: '',
      happenedOn: chinaToday(),
      place: '',
      measures: { participants: '', materials: '' },
      attributes: { speaker: '' },
      parties: [],
    })
  })

  it('fills in the place and the remembered attributes the person used last time', () => {
    const form = emptyForm(
      promotion,
      { place: '明园社区党群服务中心', attributes: { form: '进社区', theme: '反诈', partner: '派出所' } },
      '2025-03-08',
    )
    expect(form.happenedOn).toBe('2025-03-08')
    expect(form.place).toBe('明园社区党群服务中心')
    // form and theme are remembered; partner is not, even when it was stored.
    expect(form.attributes).toEqual({ form: '进社区', theme: '反诈', partner: '' })
  })

  it('ignores a remembered value that no longer fits the type (an option since removed, a wrong kind)', () => {
    // Storage holds whatever an older version of the app kept there.
    const stored = { attributes: { inspector: 42, scope: ['餐馆', '网吧'], joint: 'yes', level: '高' } }
    const form = emptyForm(inspection, stored as unknown as RememberedValues)
    expect(form.attributes).toEqual({ inspector: '', scope: ['餐馆'], joint: false, level: '' })
  })

  it('starts a type with parties with one 申请人 to fill in', () => {
    expect(emptyForm(dispute).parties).toEqual([
      { role: 'applicant', name: '', phone: '', idNumber: '', address: '' },
    ])
  })
})

describe('rememberedOf', () => {
  it('keeps the place and only the attributes marked remember, and forgets empty ones', () => {
    const value: EventFormValue = {
      ...emptyForm(inspection),
      place: '  春城菜场 ',
      attributes: { inspector: ' 李明 ', scope: [], joint: true, level: '高' },
    }
    expect(rememberedOf(inspection, value)).toEqual({
      place: '春城菜场',
      attributes: { inspector: '李明', joint: true },
    })
  })

  it('round-trips through emptyForm: the next form starts where the last one ended', () => {
    const value: EventFormValue = {
      ...emptyForm(enforcement),
      title: '拆除违建棚架',
      place: '明园小区',
      attributes: { category: '私搭乱建', joint: true, departments: '城管' },
    }
    const next = emptyForm(enforcement, rememberedOf(enforcement, value))
    expect(next.title).toBe('')
    expect(next.place).toBe('明园小区')
    expect(next.attributes).toEqual({ category: '私搭乱建', joint: false, departments: '' })
  })
})

describe('inputOf', () => {
  it('sends measures as typed, attributes as chosen, and the location only when there is one', () => {
    const value: EventFormValue = {
      ...emptyForm(lecture, {}, '2025-05-20'),
      title: '民法典进社区',
      place: '明园社区党群服务中心',
      measures: { participants: '52', materials: '130' },
      attributes: { speaker: '王律师' },
    }
    expect(inputOf(value)).toEqual({
      title: '民法典进社区',
      happenedOn: '2025-05-20',
      place: '明园社区党群服务中心',
      measures: { participants: '52', materials: '130' },
      attributes: { speaker: '王律师' },
    })
    const located = inputOf({ ...value, location: { latitude: 25.04, longitude: 102.71 } })
    expect(located.location).toEqual({ latitude: 25.04, longitude: 102.71 })
  })

  it('is what the shared validation accepts, with measures parsed as numbers', () => {
    const value: EventFormValue = {
      ...emptyForm(lecture, {}, '2025-05-20'),
      title: '民法典进社区',
      place: '明园社区党群服务中心',
      measures: { participants: '52', materials: '130' },
    }
    const checked = validateEventWithParties(lecture, inputOf(value), { today: '2025-05-21' })
    expect(checked.ok && checked.value.fields.measures).toEqual({ participants: 52, materials: 130 })
  })

  it('leaves out a party’s empty fields and sends no parties when there are none', () => {
    const value: EventFormValue = {
      ...emptyForm(dispute),
      parties: [
        { role: 'applicant', name: '张三', phone: '13812345678', idNumber: '', address: ' ' },
        { role: 'respondent', name: '李四', phone: '', idNumber: '', address: '明园小区3栋' },
      ],
    }
    expect(inputOf(value).parties).toEqual([
      { role: 'applicant', name: '张三', phone: '13812345678' },
      { role: 'respondent', name: '李四', address: '明园小区3栋' },
    ])
    expect(inputOf(emptyForm(lecture))).not.toHaveProperty('parties')
  })

  it('does not share arrays with the form, so later taps cannot change what was queued', () => {
    const value: EventFormValue = { ...emptyForm(inspection), attributes: { scope: ['餐馆'] } }
    const input = inputOf(value)
    ;(value.attributes.scope as string[]).push('超市')
    expect((input.attributes as Record<string, unknown>).scope).toEqual(['餐馆'])
  })
})

describe('formFromDetail', () => {
  const detail: EventDetail = {
    id: '3f2c1a9e-8b7d-4c6e-9f01-23456789abcd',
    type: 'c_food',
    typeLabel: '食品安全督导检查',
    title: '春节前食品安全检查',
    happenedOn: '2025-01-20',
    nodeName: '第3网格',
    status: 'recorded',
    statusLabel: '已记录',
    measures: { shops: 12 },
    photoCount: 0,
    version: 2,
    createdAt: '2025-01-20T08:00:00.000Z',
    place: '春城菜场',
    attributes: { inspector: '李明', scope: ['餐馆', '菜场'], joint: true, level: '中' },
    photos: [],
    location: { latitude: 25.04321, longitude: 102.71234 },
    createdByName: '张伟',
    mayEdit: true,
    mayHandle: false,
  }

  it('loads a stored event into the form, numbers as digits', () => {
    expect(formFromDetail(detail)).toEqual({
      title: '春节前食品安全检查',
      happenedOn: '2025-01-20',
      place: '春城菜场',
      measures: { shops: '12' },
      attributes: { inspector: '李明', scope: ['餐馆', '菜场'], joint: true, level: '中' },
      parties: [],
      location: { latitude: 25.04321, longitude: 102.71234 },
    })
  })

  it('round-trips: an edit that changes nothing sends back what is stored', () => {
    const checked = validateEventWithParties(inspection, inputOf(formFromDetail(detail)), {
      today: '2025-02-01',
    })
    expect(checked.ok).toBe(true)
    if (!checked.ok) return
    expect(checked.value.fields).toEqual({
      title: detail.title,
      happenedOn: detail.happenedOn,
      place: detail.place,
      measures: detail.measures,
      attributes: detail.attributes,
      photos: [],
      location: detail.location,
    })
  })

  it('has no location when the event has none', () => {
    const { location: _none, ...withoutLocation } = detail
    expect(formFromDetail(withoutLocation)).not.toHaveProperty('location')
  })
})

describe('formFromInput', () => {
  it('loads a refused submission back into the form of its type', () => {
    const value: EventFormValue = {
      ...emptyForm(dispute, {}, '2025-06-01'),
      title: '邻里噪音纠纷',
      attributes: { category: '邻里纠纷' },
      parties: [{ role: 'applicant', name: '张三', phone: '', idNumber: '', address: '' }],
    }
    expect(formFromInput(dispute, inputOf(value))).toEqual(value)
  })

  it('drops what the type does not define and gives a type with parties one to fill in', () => {
    const form = formFromInput(dispute, { title: 5, measures: { x: '1' }, attributes: { other: 'y' } })
    expect(form.title).toBe('')
    expect(form.measures).toEqual({})
    expect(form.attributes).toEqual({ category: '' })
    expect(form.parties).toHaveLength(1)
  })
})

describe('eventLabel', () => {
  it('names a queued submission by its type and title', () => {
    expect(eventLabel(lecture, { ...emptyForm(lecture), title: ' 民法典进社区 ' })).toBe(
      '法律讲座 · 民法典进社区',
    )
    expect(eventLabel(lecture, emptyForm(lecture))).toBe('法律讲座')
  })
})
