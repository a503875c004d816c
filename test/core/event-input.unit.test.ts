/**
 * Validating an event of any catalogue type (event-input.ts over event-types.ts), shared by the form on
 * the phone and the cloud function: China-time dates, whole numbers, the type's own fields and nothing
 * else, photos under the event's own folder, parties of a dispute. And the lecture totals (totals.ts).
 */
import fc from 'fast-check'
import { chinaToday, isCalendarDate, yearOf } from '../../src/core/china-time'
import {
  checkDate,
  checkText,
  checkWholeNumber,
  EVENT_ID,
  flatFields,
  newEventId,
  validateEvent,
  validateEventWithParties,
  type EventFields,
  type EventInput,
} from '../../src/core/event-input'
import {
  BUILT_IN_TYPES,
  findType,
  LECTURE,
  measureLabel,
  mergeCatalogue,
  type EventTypeDefinition,
  type MeasureDefinition,
} from '../../src/core/event-types'
import { MAX_PHOTOS_PER_EVENT, photoCloudPath } from '../../src/core/photos'
import { totalLectures, type CountedLecture } from '../../src/core/totals'

// ── Builders ────────────────────────────────────────────────────────────────────────────────────────

const TODAY = '2025-01-02'
const EVENT = '0f8fad5b-d9cb-469f-a165-70867728950e'
const OTHER_EVENT = '7c9e6679-7425-40de-944b-e07fc1f90ae7'
const BUCKET = 'cloud://prod-1a2b.7072-prod-1a2b-1250000000'
const photo = (index: number, eventId = EVENT, token = `p${index}abc`): string =>
  `${BUCKET}/${photoCloudPath(eventId, index, token)}`
const context = { today: TODAY, eventId: EVENT }

const typeNamed = (type: string): EventTypeDefinition => {
  const def = findType(BUILT_IN_TYPES, type)
  if (!def) throw new Error(`no built-in type ${type}`)
  return def
}
const promotion = typeNamed('promotion')
const dispute = typeNamed('dispute')
const enforcement = typeNamed('enforcement')
const consultation = typeNamed('consultation')

/** A well-filled example of any type, as the form sends it (numbers typed as digits). */
function example(def: EventTypeDefinition): EventInput & {
  measures: Record<string, unknown>
  attributes: Record<string, unknown>
} {
  const attributes: Record<string, unknown> = {}
  for (const a of def.attributes) {
    if (a.kind === 'text') attributes[a.key] = '王律师'
    if (a.kind === 'flag') attributes[a.key] = true
    if (a.kind === 'choice') attributes[a.key] = a.options![0]
    if (a.kind === 'choices') attributes[a.key] = [a.options![0]]
  }
  return {
    title: '民法典进社区',
    happenedOn: '2024-12-31',
    place: '明园社区',
    measures: Object.fromEntries(def.measures.map((m) => [m.key, '12'])),
    attributes,
    photos: [photo(0)],
    ...(def.hasParties ? { parties: [applicant] } : {}),
  }
}

/** The example with one field left empty (text blank, date missing, a measure or attribute left out). */
function without(input: ReturnType<typeof example>, field: string): EventInput {
  const [group, key] = field.split('.') as [string, string | undefined]
  if (group === 'measures' || group === 'attributes') {
    const { [key!]: _left, ...rest } = input[group]
    return { ...input, [group]: rest }
  }
  return { ...input, [group]: group === 'happenedOn' ? undefined : '   ' }
}

/** The validated fields as the form would send them again. */
const asInput = (f: EventFields): EventInput => ({
  title: f.title,
  happenedOn: f.happenedOn,
  place: f.place,
  measures: f.measures,
  attributes: f.attributes,
  photos: f.photos,
  ...(f.location ? { location: f.location } : {}),
})

const applicant = { role: 'applicant', name: '赵大伟', phone: '138 1234 5678' }
const respondent = { role: 'respondent', name: '钱小红', idNumber: '11010519491231002x' }

const byLabel = BUILT_IN_TYPES.map((t) => [t.label, t] as const)

// ── Every built-in type ─────────────────────────────────────────────────────────────────────────────

describe.each(byLabel)('a %s', (_label, def) => {
  it('is accepted when well filled, and comes back normalised', () => {
    const result = validateEventWithParties(def, { ...example(def), title: '  民法典进社区  ' }, context)
    expect(result.ok).toBe(true)
    if (!result.ok) return
    const { fields, parties } = result.value
    expect(fields.title).toBe('民法典进社区')
    expect(fields.happenedOn).toBe('2024-12-31')
    expect(fields.place).toBe('明园社区')
    expect(fields.photos).toEqual([photo(0)])
    expect(fields.measures).toEqual(Object.fromEntries(def.measures.map((m) => [m.key, 12])))
    expect(Object.keys(fields.attributes).sort()).toEqual(def.attributes.map((a) => a.key).sort())
    expect(parties).toEqual(
      def.hasParties ? [{ role: 'applicant', name: '赵大伟', phone: '13812345678' }] : [],
    )
  })

  const required: [field: string, message: string][] = [
    ['title', `请填写${def.titleLabel}`],
    ['happenedOn', `请选择${def.dateLabel}`],
    ...(def.placeRequired ? [['place', `请填写${def.placeLabel}`] as [string, string]] : []),
    ...def.measures
      .filter((m) => m.required !== false)
      .map((m): [string, string] => [`measures.${m.key}`, `请填写${m.label}`]),
    ...def.attributes
      .filter((a) => a.required)
      .map((a): [string, string] => [`attributes.${a.key}`, `请选择${a.label}`]),
  ]

  it.each(required)('is refused without its %s: “%s”', (field, message) => {
    expect(validateEvent(def, without(example(def), field), context)).toEqual({
      ok: false,
      fields: { [field]: message },
    })
  })

  if (!def.placeRequired) {
    it('may leave its place empty', () => {
      const result = validateEvent(def, { ...example(def), place: undefined }, context)
      expect(result.ok && result.value.place).toBe('')
    })
  }

  it('drops measures and attributes its type does not define, whatever they are', () => {
    const ownKeys = new Set([...def.measures.map((m) => m.key), ...def.attributes.map((a) => a.key)])
    const strangers = fc.dictionary(
      fc.string({ minLength: 1 }).filter((k) => !ownKeys.has(k) && k !== '__proto__'),
      fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.constant(null)),
    )
    fc.assert(
      fc.property(strangers, strangers, (measures, attributes) => {
        const input = example(def)
        const result = validateEvent(
          def,
          {
            ...input,
            measures: { ...measures, ...input.measures },
            attributes: { ...attributes, ...input.attributes },
          },
          context,
        )
        expect(result.ok).toBe(true)
        if (!result.ok) return
        expect(Object.keys(result.value.measures).sort()).toEqual(def.measures.map((m) => m.key).sort())
        for (const key of Object.keys(result.value.attributes)) expect(ownKeys.has(key)).toBe(true)
      }),
    )
  })
})

it('the built-in catalogue words its required fields as grid workers read them', () => {
  expect(validateEvent(LECTURE, {}, context)).toEqual({
    ok: false,
    fields: {
      title: '请填写讲座主题',
      happenedOn: '请选择举办日期',
      place: '请填写举办地点',
      'measures.participants': '请填写参与人次',
      'measures.materials': '请填写发放资料',
    },
  })
  expect(validateEvent(promotion, { ...example(promotion), attributes: {} }, context)).toEqual({
    ok: false,
    fields: { 'attributes.form': '请选择活动形式', 'attributes.theme': '请选择宣传主题' },
  })
})

it('reports every problem at once, each against its field', () => {
  const result = validateEvent(
    LECTURE,
    {
      title: '',
      happenedOn: '',
      place: 'x'.repeat(61),
      measures: { participants: '1.5', materials: '-1' },
      photos: 'not a list',
      location: { latitude: 91, longitude: 0 },
    },
    context,
  )
  expect(result).toEqual({
    ok: false,
    fields: {
      title: '请填写讲座主题',
      happenedOn: '请选择举办日期',
      place: '举办地点不能超过60个字',
      'measures.participants': '参与人次应为不小于0的整数',
      'measures.materials': '发放资料应为不小于0的整数',
      photos: '照片无效，请重新上传',
      location: '定位信息无效，请重新定位或不提供定位',
    },
  })
})

// ── Dates ───────────────────────────────────────────────────────────────────────────────────────────

describe('the date an event happened', () => {
  it('is a date in China: a lecture held on 31 Dec and logged on 2 Jan counts for the old year', () => {
    // 2 Jan 01:30 in China is still 1 Jan in UTC.
    const today = chinaToday(new Date('2025-01-01T17:30:00Z'))
    expect(today).toBe('2025-01-02')
    const result = validateEvent(LECTURE, example(LECTURE), { today, eventId: EVENT, closedYears: [2025] })
    expect(result.ok && yearOf(result.value.happenedOn)).toBe(2024)
  })

  it('may be today in China even when it is still yesterday in UTC', () => {
    const today = chinaToday(new Date('2024-12-31T16:00:00Z'))
    expect(today).toBe('2025-01-01')
    expect(validateEvent(LECTURE, { ...example(LECTURE), happenedOn: '2025-01-01' }, { today }).ok).toBe(true)
    expect(chinaToday(new Date('2024-12-31T15:59:59Z'))).toBe('2024-12-31')
  })

  it('is refused after today, before 2000, or when it is no real date', () => {
    const fieldsFor = (happenedOn: unknown) =>
      validateEvent(LECTURE, { ...example(LECTURE), happenedOn }, context)
    expect(fieldsFor('2025-01-03')).toEqual({ ok: false, fields: { happenedOn: '举办日期不能晚于今天' } })
    expect(fieldsFor('1999-12-31')).toEqual({ ok: false, fields: { happenedOn: '举办日期不能早于2000年' } })
    expect(fieldsFor('2000-01-01').ok).toBe(true)
    for (const notADate of ['2024-02-30', '2023-02-29', '2024-2-1', '31/12/2024', 20241231, null])
      expect(fieldsFor(notADate)).toEqual({ ok: false, fields: { happenedOn: '请选择举办日期' } })
  })

  it('is refused in a year the street has closed, and only in that year', () => {
    const closed = { ...context, closedYears: [2023, 2024] }
    expect(validateEvent(LECTURE, example(LECTURE), closed)).toEqual({
      ok: false,
      fields: { happenedOn: '2024年度已结账，不能再新增或修改该年度的记录' },
    })
    expect(validateEvent(LECTURE, { ...example(LECTURE), happenedOn: '2025-01-01' }, closed).ok).toBe(true)
  })

  it('is accepted exactly when it is a real date from 2000 to today outside closed years (checkDate)', () => {
    const day = fc.integer({
      min: Date.UTC(1998, 0, 1) / 86_400_000,
      max: Date.UTC(2026, 11, 31) / 86_400_000,
    })
    const iso = (d: number) => new Date(d * 86_400_000).toISOString().slice(0, 10)
    fc.assert(
      fc.property(day, day, fc.uniqueArray(fc.integer({ min: 1998, max: 2026 })), (d, t, closedYears) => {
        const [date, today] = [iso(d), iso(t)]
        const expected = date <= today && yearOf(date) >= 2000 && !closedYears.includes(yearOf(date))
        const result = checkDate(date, '举办日期', today, closedYears)
        expect(typeof result === 'string').toBe(expected)
        if (expected) expect(result).toBe(date)
      }),
    )
  })

  it('recognises real calendar dates only', () => {
    expect(isCalendarDate('2024-02-29')).toBe(true)
    expect(isCalendarDate('2023-02-29')).toBe(false)
    expect(isCalendarDate('2024-2-1')).toBe(false)
  })
})

// ── Numbers and text ────────────────────────────────────────────────────────────────────────────────

describe('a measure', () => {
  const participants: MeasureDefinition = {
    key: 'participants',
    label: '参与人次',
    unit: '人次',
    max: 100_000,
  }

  it('accepts exactly the whole numbers from 0 to its cap, typed as digits or sent as numbers', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.integer({ min: -5, max: 200_000 }),
          fc.integer({ min: 0, max: 200_000 }).map((n) => ` ${n} `),
          // The edges: the cap itself, one over, zero, and what is no whole number though it looks like one.
          fc.constantFrom(
            0,
            100_000,
            100_001,
            '0',
            '100000',
            '100001',
            '1e3',
            '0x10',
            '+5',
            '-0',
            '1.0',
            1.5,
          ),
          fc.double(),
          fc.string(),
        ),
        (n) => {
          const expected =
            (typeof n === 'number' && Number.isInteger(n) && n >= 0 && n <= 100_000) ||
            (typeof n === 'string' && /^\s*\d+\s*$/.test(n) && Number(n) <= 100_000)
          const result = validateEvent(
            LECTURE,
            { ...example(LECTURE), measures: { participants: n, materials: 0 } },
            context,
          )
          expect(result.ok).toBe(expected)
          if (result.ok) expect(result.value.measures.participants).toBe(Number(n) + 0) // -0 is stored as 0
        },
      ),
    )
  })

  it('says what is wrong with a number in a sentence', () => {
    expect(checkWholeNumber('', participants)).toEqual({ error: '请填写参与人次' })
    expect(checkWholeNumber('十二', participants)).toEqual({ error: '参与人次应为不小于0的整数' })
    expect(checkWholeNumber(-1, participants)).toEqual({ error: '参与人次应为不小于0的整数' })
    expect(checkWholeNumber('100001', participants)).toEqual({ error: '参与人次不能超过100000' })
    expect(checkWholeNumber(' 007 ', participants)).toBe(7)
  })

  it('that is optional counts as 0 when left empty, and is still checked when filled', () => {
    for (const materials of [undefined, null, '', '  ']) {
      const result = validateEvent(
        promotion,
        { ...example(promotion), measures: { audience: 80, materials } },
        context,
      )
      expect(result.ok && result.value.measures).toEqual({ audience: 80, materials: 0 })
    }
    expect(
      validateEvent(
        promotion,
        { ...example(promotion), measures: { audience: 80, materials: 'x' } },
        context,
      ),
    ).toEqual({ ok: false, fields: { 'measures.materials': '发放资料应为不小于0的整数' } })
  })
})

describe('checkText', () => {
  it('trims, and counts characters as people see them (an emoji is one)', () => {
    expect(checkText('  民法典  ', '讲座主题', { min: 2, max: 60 })).toBe('民法典')
    expect(checkText('民', '讲座主题', { min: 2, max: 60 })).toEqual({ error: '讲座主题至少2个字' })
    expect(checkText('😀'.repeat(3), '主题', { max: 3 })).toBe('😀😀😀')
    expect(checkText('😀'.repeat(4), '主题', { max: 3 })).toEqual({ error: '主题不能超过3个字' })
  })

  it('lets an optional text be empty but never something other than text', () => {
    expect(checkText(undefined, '主讲人', { max: 40 }, false)).toBe('')
    expect(checkText('   ', '主讲人', { max: 40 }, false)).toBe('')
    expect(checkText(42, '主讲人', { max: 40 }, false)).toEqual({ error: '请填写主讲人' })
    expect(checkText(undefined, '主讲人', { max: 40 })).toEqual({ error: '请填写主讲人' })
  })
})

// ── Attributes ──────────────────────────────────────────────────────────────────────────────────────

describe('an attribute', () => {
  const form = promotion.attributes.find((a) => a.key === 'form')!

  it('with a list of choices accepts only an option of the list', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.constantFrom(...form.options!), fc.string(), fc.integer(), fc.boolean()),
        (value) => {
          const input = example(promotion)
          const result = validateEvent(
            promotion,
            { ...input, attributes: { ...input.attributes, form: value } },
            context,
          )
          if (typeof value === 'string' && form.options!.includes(value))
            expect(result.ok && result.value.attributes.form).toBe(value)
          else if (value === '')
            expect(result).toEqual({ ok: false, fields: { 'attributes.form': '请选择活动形式' } })
          else expect(result).toEqual({ ok: false, fields: { 'attributes.form': '请从列表中选择活动形式' } })
        },
      ),
    )
  })

  it('that may hold several choices keeps each listed option once, and refuses anything else', () => {
    const tags: EventTypeDefinition = {
      ...consultation,
      attributes: [{ key: 'tags', label: '咨询领域', kind: 'choices', options: ['婚姻', '劳动', '房产'] }],
    }
    const withTags = (tags_: unknown) =>
      validateEvent(tags, { ...example(consultation), attributes: { tags: tags_ } }, context)
    expect(withTags(['劳动', '婚姻', '劳动'])).toMatchObject({
      ok: true,
      value: { attributes: { tags: ['劳动', '婚姻'] } },
    })
    expect(withTags([])).toMatchObject({ ok: true, value: { attributes: {} } })
    expect(withTags(['劳动', '刑事'])).toEqual({
      ok: false,
      fields: { 'attributes.tags': '请从列表中选择咨询领域' },
    })
    expect(withTags('劳动')).toEqual({ ok: false, fields: { 'attributes.tags': '请从列表中选择咨询领域' } })
  })

  it('that is a flag is yes or no, and no when left out', () => {
    const withJoint = (joint: unknown) =>
      validateEvent(
        enforcement,
        { ...example(enforcement), attributes: { category: '私搭乱建', joint } },
        context,
      )
    expect(withJoint(undefined)).toMatchObject({ ok: true, value: { attributes: { joint: false } } })
    expect(withJoint(true)).toMatchObject({ ok: true, value: { attributes: { joint: true } } })
    expect(withJoint('yes')).toEqual({
      ok: false,
      fields: { 'attributes.joint': '联合执法（街道吹哨、部门报到）应为是或否' },
    })
  })

  it('that is optional text is left out when empty and limited to 40 characters', () => {
    const withSpeaker = (speaker: unknown) =>
      validateEvent(LECTURE, { ...example(LECTURE), attributes: { speaker } }, context)
    expect(withSpeaker('  ')).toMatchObject({ ok: true, value: { attributes: {} } })
    expect(withSpeaker('王'.repeat(40))).toMatchObject({
      ok: true,
      value: { attributes: { speaker: '王'.repeat(40) } },
    })
    expect(withSpeaker('王'.repeat(41))).toEqual({
      ok: false,
      fields: { 'attributes.speaker': '主讲人不能超过40个字' },
    })
  })
})

// ── Photos and location ─────────────────────────────────────────────────────────────────────────────

describe('photos', () => {
  const withPhotos = (photos: unknown) => validateEvent(LECTURE, { ...example(LECTURE), photos }, context)

  it(`are accepted up to ${MAX_PHOTOS_PER_EVENT} when stored under the event's own folder`, () => {
    const nine = Array.from({ length: MAX_PHOTOS_PER_EVENT }, (_, i) => photo(i))
    expect(withPhotos(nine)).toMatchObject({ ok: true, value: { photos: nine } })
    expect(withPhotos(undefined)).toMatchObject({ ok: true, value: { photos: [] } })
  })

  it(`are refused beyond ${MAX_PHOTOS_PER_EVENT}`, () => {
    const ten = Array.from({ length: MAX_PHOTOS_PER_EVENT + 1 }, (_, i) =>
      photo(i % MAX_PHOTOS_PER_EVENT, EVENT, `t${i}`),
    )
    expect(withPhotos(ten)).toEqual({
      ok: false,
      fields: { photos: `照片不能超过${MAX_PHOTOS_PER_EVENT}张` },
    })
  })

  it("are refused when they are another event's, not photos we stored, or not a list", () => {
    for (const photos of [
      [photo(0, OTHER_EVENT)],
      [`${BUCKET}/events/${EVENT}/0-abc.png`],
      [`${BUCKET}/events/${EVENT}/../${OTHER_EVENT}/0-abc.jpg`],
      [`https://example.com/events/${EVENT}/0-abc.jpg`],
      [42],
      photo(0),
    ])
      expect(withPhotos(photos)).toEqual({ ok: false, fields: { photos: '照片无效，请重新上传' } })
  })

  it('sent twice are kept once', () => {
    expect(withPhotos([photo(0), photo(1), photo(0)])).toMatchObject({
      ok: true,
      value: { photos: [photo(0), photo(1)] },
    })
  })
})

describe('a location', () => {
  it('is accepted within ±90° latitude and ±180° longitude, rounded to about a metre', () => {
    const coordinate = fc.oneof(fc.double({ min: -200, max: 200 }), fc.constantFrom(90, -90, 180, -180))
    fc.assert(
      fc.property(coordinate, coordinate, (latitude, longitude) => {
        const result = validateEvent(
          LECTURE,
          { ...example(LECTURE), location: { latitude, longitude } },
          context,
        )
        const inRange =
          Number.isFinite(latitude) &&
          Number.isFinite(longitude) &&
          Math.abs(latitude) <= 90 &&
          Math.abs(longitude) <= 180
        if (!inRange)
          expect(result).toEqual({ ok: false, fields: { location: '定位信息无效，请重新定位或不提供定位' } })
        else {
          expect(result.ok).toBe(true)
          if (!result.ok) return
          expect(Math.abs(result.value.location!.latitude - latitude)).toBeLessThanOrEqual(0.5e-5 + 1e-12)
          expect(Math.abs(result.value.location!.longitude - longitude)).toBeLessThanOrEqual(0.5e-5 + 1e-12)
        }
      }),
    )
  })

  it('may be left out, and is then not stored at all', () => {
    for (const location of [undefined, null]) {
      const result = validateEvent(LECTURE, { ...example(LECTURE), location }, context)
      expect(result.ok && 'location' in result.value).toBe(false)
    }
    expect(
      validateEvent(
        LECTURE,
        { ...example(LECTURE), location: { latitude: '25.04', longitude: 102.7 } },
        context,
      ),
    ).toEqual({
      ok: false,
      fields: { location: '定位信息无效，请重新定位或不提供定位' },
    })
  })
})

// ── Parties of a dispute ────────────────────────────────────────────────────────────────────────────

describe('a dispute with its parties', () => {
  const withParties = (parties: unknown, over: EventInput = {}) =>
    validateEventWithParties(dispute, { ...example(dispute), parties, ...over }, context)

  it('keeps the parties apart from the countable fields, normalised', () => {
    const result = withParties([applicant, respondent])
    expect(result).toMatchObject({
      ok: true,
      value: {
        parties: [
          { role: 'applicant', name: '赵大伟', phone: '13812345678' },
          { role: 'respondent', name: '钱小红', idNumber: '11010519491231002X' },
        ],
      },
    })
    expect(result.ok && 'parties' in result.value.fields).toBe(false)
  })

  it('needs at least one party', () => {
    expect(withParties(undefined)).toEqual({ ok: false, fields: { parties: '请至少填写一位当事人' } })
    expect(withParties([])).toEqual({ ok: false, fields: { parties: '请至少填写一位当事人' } })
  })

  it('reports each party’s problems against parties.<i>.<field>, together with the event’s', () => {
    const result = withParties(
      [
        applicant,
        {
          role: 'witness',
          name: '孙',
          phone: '12345',
          idNumber: '110105194912310021',
          address: '路'.repeat(61),
        },
      ],
      { title: '' },
    )
    expect(result).toEqual({
      ok: false,
      fields: {
        title: '请填写案由',
        'parties.1.role': '请选择当事人类型',
        'parties.1.name': '姓名至少2个字',
        'parties.1.phone': '请填写11位手机号码',
        'parties.1.idNumber': '身份证号码不正确',
        'parties.1.address': '地址不能超过60个字',
      },
    })
  })

  it('is not asked of a type without parties, and parties sent with one are dropped', () => {
    expect(
      validateEventWithParties(LECTURE, { ...example(LECTURE), parties: [{ role: 'x' }] }, context),
    ).toMatchObject({
      ok: true,
      value: { parties: [] },
    })
  })
})

// ── Idempotence ─────────────────────────────────────────────────────────────────────────────────────

describe('validation', () => {
  /** Inputs as a careless form might send them: padded text, digits or numbers, duplicates, extras. */
  const messyInput = (def: EventTypeDefinition): fc.Arbitrary<EventInput> => {
    const padded = (s: string) =>
      fc.tuple(fc.constantFrom('', ' ', '  '), fc.constantFrom('', ' ')).map(([a, b]) => `${a}${s}${b}`)
    // Mostly within the caps (100 000 people), sometimes over: a refused input proves nothing here.
    const number = fc.oneof(
      { arbitrary: fc.nat(110_000), weight: 3 },
      { arbitrary: fc.nat(110_000).chain((n) => padded(String(n))), weight: 3 },
      fc.constant(''),
    )
    const attribute = (a: EventTypeDefinition['attributes'][number]): fc.Arbitrary<unknown> => {
      switch (a.kind) {
        case 'flag':
          return fc.constantFrom(undefined, true, false)
        case 'choice':
          return fc.oneof({ arbitrary: fc.constantFrom(...a.options!), weight: 6 }, fc.constant(undefined))
        case 'choices':
          return fc.array(fc.constantFrom(...a.options!))
        case 'text':
          return fc.oneof(fc.constant(undefined), fc.string({ maxLength: 45 }).chain(padded))
      }
    }
    return fc.record({
      title: fc.constantFrom('民法典进社区', '反诈', ' 楼道堆放杂物 ', '宪'),
      happenedOn: fc.constantFrom('2024-12-31', '2000-01-01', TODAY),
      place: fc.constantFrom('', ' 明园社区 ', '第3网格'),
      measures: fc.record({
        ...Object.fromEntries(def.measures.map((m) => [m.key, number])),
        extra: number,
      }),
      attributes: fc.record({
        ...Object.fromEntries(def.attributes.map((a) => [a.key, attribute(a)])),
        extra: fc.string(),
      }),
      photos: fc.array(
        fc.integer({ min: 0, max: MAX_PHOTOS_PER_EVENT - 1 }).map((i) => photo(i)),
        { maxLength: 12 },
      ),
      location: fc.oneof(
        fc.constant(undefined),
        fc.record({
          latitude: fc.double({ min: -90, max: 90, noNaN: true }),
          longitude: fc.double({ min: -180, max: 180, noNaN: true }),
        }),
      ),
    })
  }

  it.each(byLabel)('of a %s is idempotent: its own output validates to the same value', (_label, def) => {
    let accepted = 0
    fc.assert(
      fc.property(messyInput(def), (input) => {
        const first = validateEvent(def, input, context)
        if (!first.ok) return
        accepted++
        expect(validateEvent(def, asInput(first.value), context)).toEqual(first)
      }),
      { numRuns: 300 },
    )
    // The property says nothing if almost every input was refused.
    expect(accepted).toBeGreaterThan(30)
  })

  it('returns every measure of its type and no attribute the type does not define', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...BUILT_IN_TYPES).chain((def) => fc.tuple(fc.constant(def), messyInput(def))),
        ([def, input]) => {
          const result = validateEvent(def, input, context)
          if (!result.ok) return
          expect(Object.keys(result.value.measures).sort()).toEqual(def.measures.map((m) => m.key).sort())
          const keys = def.attributes.map((a) => a.key)
          expect(Object.keys(result.value.attributes).every((k) => keys.includes(k))).toBe(true)
        },
      ),
    )
  })
})

// ── flatFields ──────────────────────────────────────────────────────────────────────────────────────

describe('flatFields', () => {
  it('lists an event field by field, measures and attributes under their own keys', () => {
    const result = validateEvent(
      promotion,
      { ...example(promotion), location: { latitude: 25.04, longitude: 102.71 } },
      context,
    )
    if (!result.ok) throw new Error('example refused')
    expect(flatFields(result.value)).toEqual({
      title: '民法典进社区',
      happenedOn: '2024-12-31',
      place: '明园社区',
      photos: [photo(0)],
      location: { latitude: 25.04, longitude: 102.71 },
      'measures.audience': 12,
      'measures.materials': 12,
      'attributes.form': '宣讲',
      'attributes.theme': '民法典',
      'attributes.partner': '王律师',
    })
  })

  it('writes a missing location as null, so removing one shows as a change', () => {
    const result = validateEvent(LECTURE, example(LECTURE), context)
    expect(result.ok && flatFields(result.value).location).toBeNull()
  })
})

// ── The catalogue ───────────────────────────────────────────────────────────────────────────────────

describe('the catalogue', () => {
  it('is the built-in types when the street has added nothing', () => {
    expect(mergeCatalogue(undefined)).toEqual(BUILT_IN_TYPES)
    expect(mergeCatalogue({ types: [], extraMeasures: {} })).toEqual(BUILT_IN_TYPES)
  })

  it("adds a street's extra measures to a built-in type, and validates events with them", () => {
    const books: MeasureDefinition = {
      key: 'm1',
      label: '赠送书籍',
      unit: '本',
      max: 10_000,
      required: false,
    }
    const catalogue = mergeCatalogue({ types: [], extraMeasures: { lecture: [books] } })
    const lecture = findType(catalogue, 'lecture')!
    expect(lecture.measures.map((m) => m.key)).toEqual(['participants', 'materials', 'm1'])
    expect(LECTURE.measures).toHaveLength(2)
    const result = validateEvent(
      lecture,
      { ...example(LECTURE), measures: { participants: 1, materials: 2, m1: '120' } },
      context,
    )
    expect(result.ok && result.value.measures).toEqual({ participants: 1, materials: 2, m1: 120 })
  })

  it("puts the street's own types after the built-in ones, never as built-in", () => {
    const own: EventTypeDefinition = {
      ...consultation,
      type: 'c_food',
      label: '食品安全督导检查',
      builtIn: true,
    }
    const catalogue = mergeCatalogue({ types: [own], extraMeasures: {} })
    expect(catalogue.map((t) => t.type)).toEqual([...BUILT_IN_TYPES.map((t) => t.type), 'c_food'])
    expect(findType(catalogue, 'c_food')!.builtIn).toBe(false)
  })

  it('finds a type by its identifier only', () => {
    expect(findType(BUILT_IN_TYPES, 'gridEvent')!.label).toBe('网格事件')
    for (const unknown of ['网格事件', 'GRIDEVENT', undefined, null, 42])
      expect(findType(BUILT_IN_TYPES, unknown)).toBeUndefined()
  })
})

// ── Event ids ───────────────────────────────────────────────────────────────────────────────────────

describe('event ids', () => {
  it('are version-4 UUIDs, different each time', () => {
    const ids = new Set(Array.from({ length: 1000 }, () => newEventId()))
    expect(ids.size).toBe(1000)
    for (const id of ids) expect(id).toMatch(EVENT_ID)
  })

  it('match EVENT_ID whatever the random source gives, even its extremes', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), { minLength: 1 }),
        (values) => {
          let i = 0
          const id = newEventId(() => values[i++ % values.length]!)
          expect(id).toMatch(EVENT_ID)
        },
      ),
    )
  })

  it('EVENT_ID refuses what is not a lowercase v4 UUID', () => {
    for (const id of [
      '0F8FAD5B-D9CB-469F-A165-70867728950E',
      '0f8fad5b-d9cb-169f-a165-70867728950e',
      '0f8fad5b-d9cb-469f-c165-70867728950e',
      '0f8fad5bd9cb469fa16570867728950e',
      `${EVENT}x`,
    ])
      expect(id).not.toMatch(EVENT_ID)
  })
})

// ── Lecture totals ──────────────────────────────────────────────────────────────────────────────────

describe('totalLectures', () => {
  const lectureArb: fc.Arbitrary<CountedLecture> = fc.record({
    voided: fc.boolean(),
    measures: fc.record({ participants: fc.nat(1000), materials: fc.nat(1000) }),
  })

  it('does not depend on the order of events', () => {
    fc.assert(
      fc.property(fc.array(lectureArb), fc.func(fc.integer()), (events, key) => {
        const shuffled = [...events].sort((a, b) => key(a) - key(b))
        expect(totalLectures(shuffled)).toEqual(totalLectures(events))
      }),
    )
  })

  it('is the sum of the totals of any split (a year is the sum of its months)', () => {
    fc.assert(
      fc.property(fc.array(lectureArb), fc.nat(), (events, cut) => {
        const i = events.length ? cut % events.length : 0
        const a = totalLectures(events.slice(0, i))
        const b = totalLectures(events.slice(i))
        expect(totalLectures(events)).toEqual({
          count: a.count + b.count,
          participants: a.participants + b.participants,
          materials: a.materials + b.materials,
        })
      }),
    )
  })

  it('never counts a voided event, nor its people or materials', () => {
    fc.assert(
      fc.property(fc.array(lectureArb), (events) => {
        const live = events.filter((e) => !e.voided)
        expect(totalLectures(events)).toEqual({
          count: live.length,
          participants: live.reduce((s, e) => s + e.measures.participants, 0),
          materials: live.reduce((s, e) => s + e.measures.materials, 0),
        })
      }),
    )
  })

  it('comes back to the same totals after voiding an event and restoring it', () => {
    fc.assert(
      fc.property(fc.array(lectureArb, { minLength: 1 }), fc.nat(), (events, n) => {
        const i = n % events.length
        const voided = events.map((e, j) => (j === i ? { ...e, voided: true } : e))
        const restored = voided.map((e, j) => (j === i ? { ...e, voided: events[i]!.voided } : e))
        expect(totalLectures(restored)).toEqual(totalLectures(events))
        expect(totalLectures(voided).count).toBe(totalLectures(events).count - (events[i]!.voided ? 0 : 1))
      }),
    )
  })
})

describe('measureLabel', () => {
  it('names the unit unless the label already ends with it', () => {
    expect(measureLabel({ key: 'p', label: '参与人次', unit: '人次', max: 1 })).toBe('参与人次')
    expect(measureLabel({ key: 'm', label: '发放资料', unit: '份', max: 1 })).toBe('发放资料（份）')
    expect(measureLabel({ key: 'm1', label: '检查商户', unit: '户', max: 1 })).toBe('检查商户（户）')
  })
})
