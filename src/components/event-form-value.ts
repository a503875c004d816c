/**
 * What the event form holds, and the pure conversions around it: an empty form for a catalogue type
 * (with the values the person used last time), a stored event loaded back for editing, and what is
 * sent to events.create / events.update. Kept apart from the component (event-form.tsx re-exports it)
 * so unit tests need neither Taro nor a renderer.
 *
 * Everything typed stays a string until it is sent: the shared validation (core/event-input.ts) and
 * the server parse measures from digits, so what the person typed is never silently changed.
 */
import { chinaToday } from '../core/china-time'
import type { EventDetail } from '../core/contract'
import type { AttributeValue, EventInput } from '../core/event-input'
import type { AttributeDefinition, EventTypeDefinition } from '../core/event-types'
import type { PartyRole } from '../core/personal-data'

/** One party of a case as typed (a 矛盾纠纷's 当事人); empty strings are left out when sent. */
export interface PartyForm {
  role: PartyRole
  name: string
  phone: string
  idNumber: string
  address: string
}

export type FormAttributeValue = string | string[] | boolean

export type EventFormValue = {
  title: string
  happenedOn: string
  place: string
  /** Measures as typed, keyed by the measure's key. */
  measures: Record<string, string>
  /** text and choice: a string ('' when none); choices: the chosen options; flag: true or false. */
  attributes: Record<string, FormAttributeValue>
  parties: PartyForm[]
  location?: { latitude: number; longitude: number }
}

/** What the phone keeps of the last submission of a type, to fill the next form with (per type). */
export interface RememberedValues {
  readonly place?: string
  readonly attributes?: Readonly<Record<string, AttributeValue>>
}

export const emptyParty = (role: PartyRole = 'applicant'): PartyForm => ({
  role,
  name: '',
  phone: '',
  idNumber: '',
  address: '',
})

const PARTY_ROLES: readonly PartyRole[] = ['applicant', 'respondent', 'third']

const asRecord = (value: unknown): Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {}

const text = (value: unknown): string => (typeof value === 'string' ? value : '')

/**
 * An attribute's value as the form holds it, from anything stored or remembered: a value that no
 * longer fits the definition (an option since removed, a wrong kind) gives the empty value.
 */
export function attributeFormValue(def: AttributeDefinition, value: unknown): FormAttributeValue {
  const options = def.options ?? []
  switch (def.kind) {
    case 'flag':
      return value === true
    case 'choice':
      return typeof value === 'string' && options.includes(value) ? value : ''
    case 'choices':
      return Array.isArray(value)
        ? [...new Set(value.filter((v): v is string => typeof v === 'string' && options.includes(v)))]
        : []
    case 'text':
      return text(value)
  }
}

/** Measures as the form shows them: numbers as digits, anything else as typed. */
function measuresOf(def: EventTypeDefinition, values: unknown): Record<string, string> {
  const record = asRecord(values)
  return Object.fromEntries(
    def.measures.map((m) => {
      const v = record[m.key]
      return [m.key, typeof v === 'number' && Number.isFinite(v) ? String(v) : text(v)]
    }),
  )
}

function attributesOf(def: EventTypeDefinition, values: unknown): Record<string, FormAttributeValue> {
  const record = asRecord(values)
  return Object.fromEntries(def.attributes.map((a) => [a.key, attributeFormValue(a, record[a.key])]))
}

function locationOf(value: unknown): { latitude: number; longitude: number } | undefined {
  const { latitude, longitude } = asRecord(value)
  return typeof latitude === 'number' && typeof longitude === 'number' ? { latitude, longitude } : undefined
}

function partiesOf(value: unknown): PartyForm[] {
  if (!Array.isArray(value)) return []
  return value.map((raw) => {
    const p = asRecord(raw)
    const role = PARTY_ROLES.find((r) => r === p.role) ?? 'applicant'
    return {
      role,
      name: text(p.name),
      phone: text(p.phone),
      idNumber: text(p.idNumber),
      address: text(p.address),
    }
  })
}

/**
 * A new form for type `def`: dated today in China, the place and the `remember` attributes the
 * person used last time for this type, everything else empty; a type with parties starts with one
 * 申请人 to fill in.
 */
export function emptyForm(
  def: EventTypeDefinition,
  remembered: RememberedValues = {},
  today: string = chinaToday(),
): EventFormValue {
  const last = asRecord(remembered.attributes)
  return {
    title: '',
    happenedOn: today,
    place: text(remembered.place),
    measures: Object.fromEntries(def.measures.map((m) => [m.key, ''])),
    attributes: Object.fromEntries(
      def.attributes.map((a) => [a.key, attributeFormValue(a, a.remember ? last[a.key] : undefined)]),
    ),
    parties: def.hasParties ? [emptyParty()] : [],
  }
}

/** What to remember of a submission for the next form of the same type: its place and `remember` attributes. */
export function rememberedOf(def: EventTypeDefinition, value: EventFormValue): RememberedValues {
  const attributes: Record<string, AttributeValue> = {}
  for (const a of def.attributes) {
    const v = value.attributes[a.key]
    if (!a.remember || v === undefined || v === '' || (Array.isArray(v) && v.length === 0)) continue
    attributes[a.key] = typeof v === 'string' ? v.trim() : v
  }
  const place = value.place.trim()
  return { ...(place ? { place } : {}), attributes }
}

/**
 * A stored event as the form to edit it. Its type's definition is not needed: the event carries only
 * what its type defined. Parties are not part of an event's details (they are kept apart).
 */
export function formFromDetail(detail: EventDetail): EventFormValue {
  const attributes: Record<string, FormAttributeValue> = {}
  for (const [key, v] of Object.entries(detail.attributes)) {
    attributes[key] = Array.isArray(v) ? [...(v as readonly string[])] : (v as string | boolean)
  }
  const location = locationOf(detail.location)
  return {
    title: detail.title,
    happenedOn: detail.happenedOn,
    place: detail.place,
    measures: Object.fromEntries(Object.entries(detail.measures).map(([k, n]) => [k, String(n)])),
    attributes,
    parties: [],
    ...(location ? { location } : {}),
  }
}

/**
 * What was sent (an outbox item's `request.event`) as the form of type `def` again, to correct a
 * submission the server refused. Fields the type does not define are dropped.
 */
export function formFromInput(def: EventTypeDefinition, input: EventInput): EventFormValue {
  const location = locationOf(input.location)
  const parties = partiesOf(input.parties)
  return {
    title: text(input.title),
    happenedOn: text(input.happenedOn),
    place: text(input.place),
    measures: measuresOf(def, input.measures),
    attributes: attributesOf(def, input.attributes),
    parties: def.hasParties && parties.length === 0 ? [emptyParty()] : parties,
    ...(location ? { location } : {}),
  }
}

/**
 * What the form sends as `event` (photos are added by the outbox once uploaded). Measures stay as
 * typed, the server parses them; a party's empty fields are left out; parties only when there are any.
 */
export function inputOf(value: EventFormValue): EventInput {
  const parties = value.parties.map((p) => ({
    role: p.role,
    name: p.name,
    ...(p.phone.trim() ? { phone: p.phone } : {}),
    ...(p.idNumber.trim() ? { idNumber: p.idNumber } : {}),
    ...(p.address.trim() ? { address: p.address } : {}),
  }))
  return {
    title: value.title,
    happenedOn: value.happenedOn,
    place: value.place,
    measures: { ...value.measures },
    attributes: Object.fromEntries(
      Object.entries(value.attributes).map(([k, v]) => [k, Array.isArray(v) ? [...v] : v]),
    ),
    ...(value.location ? { location: { ...value.location } } : {}),
    ...(parties.length > 0 ? { parties } : {}),
  }
}

/** How a submission is listed while it waits: 法律讲座 · 民法典进社区. */
export const eventLabel = (def: EventTypeDefinition, value: EventFormValue): string => {
  const title = value.title.trim()
  return title ? `${def.label} · ${title}` : def.label
}
