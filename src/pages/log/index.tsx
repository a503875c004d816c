/**
 * 记录: a grid worker logs an event of any catalogue type on the spot, online or not. The form is
 * generated from the street's catalogue (cached on the phone, so logging works offline); a submission
 * goes to the outbox, which keeps it on the phone until the server has acknowledged it. The event id
 * is made here once per form and kept until the outbox has taken the submission, so a retry or a
 * corrected resubmission records one event, never two.
 */
import { Image, Text, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react'
import { isCalendarDate } from '../../core/china-time'
import type { RequestOf, SimilarEventView } from '../../core/contract'
import { ERRORS, type FieldErrors } from '../../core/errors'
import { newEventId, validateEventWithParties, type EventInput } from '../../core/event-input'
import { mergeCatalogue, type EventTypeDefinition } from '../../core/event-types'
import { OUTBOX_STATE_LABELS, type OutboxItem, type OutboxState, type PendingPhoto } from '../../core/outbox'
import { MAX_PHOTOS_PER_EVENT } from '../../core/photos'
import { ConsentButton } from '../../components/consent-button'
import {
  emptyForm,
  EventForm,
  eventLabel,
  formFromInput,
  inputOf,
  rememberedOf,
  type EventFormValue,
  type RememberedValues,
} from '../../components/event-form'
import { FieldError, SubmitButton } from '../../components/field'
import {
  isLogPlaces,
  LogNodeLine,
  LogNodePicker,
  logPlacesOf,
  type LogPlaces,
} from '../../components/log-node'
import { Button, Cell, CellGroup } from '../../components/nutui'
import { useCatalogue } from '../../components/use-catalogue'
import { useMe } from '../../components/use-me'
import { useOutbox } from '../../components/use-outbox'
import { eventFormFromAnnouncement, logPlaceOfAnnouncement } from '../../components/publish-form-value'
import { callCloud } from '../../services/cloud'
import { currentLocation } from '../../services/location'
import { isOnline } from '../../services/network'
import { appOutbox } from '../../services/outbox-instance'
import { choosePhotos, photoSrc, removeLocalPhoto } from '../../services/photos'
import './index.css'

/** What the page keeps on the phone, so it works offline. */
const STORE = {
  type: 'log:type',
  /** Whether the person consented to the notice in force and may log, as last heard from the server. */
  me: 'log:me',
  remembered: (type: string) => `log:remember:${type}`,
  /** Where the person may log (所属), from their grants and the org tree. */
  places: 'log:places',
  /** The node the person logged at last time. */
  node: (person: string) => `log:node:${person}`,
}

/** How long the form waits after a change of type or date before asking about similar events. */
const SIMILAR_DEBOUNCE_MS = 600
/** How long the form waits after a change before keeping it on the phone as a draft (草稿). */
const DRAFT_DEBOUNCE_MS = 800

/** Whether the person has typed anything worth keeping (defaults alone are not). */
const touched = (value: EventFormValue, photos: readonly PendingPhoto[]): boolean =>
  value.title.trim() !== '' ||
  photos.length > 0 ||
  Object.values(value.measures).some((m) => m.trim() !== '') ||
  value.parties.some((p) => p.name.trim() !== '')

function readStored(key: string): unknown {
  try {
    const value: unknown = Taro.getStorageSync(key)
    return value === '' ? undefined : value
  } catch {
    return undefined
  }
}

function store(key: string, value: unknown): void {
  try {
    Taro.setStorageSync(key, value)
  } catch (e) {
    // Storage full: the outbox needs it more; the page still works with what it has in memory.
    console.warn(`log: could not keep ${key}`, e)
  }
}

const offered = (types: readonly EventTypeDefinition[]): EventTypeDefinition[] =>
  types.filter((t) => !t.retired)

function rememberedFor(type: string): RememberedValues {
  const stored = readStored(STORE.remembered(type))
  return typeof stored === 'object' && stored !== null ? (stored as RememberedValues) : {}
}

/** A request's `nodeId`, when it names one. */
const at = (nodeId: string | undefined): { nodeId?: string } => (nodeId !== undefined ? { nodeId } : {})

function cachedPlaces(): LogPlaces | undefined {
  const stored = readStored(STORE.places)
  return isLogPlaces(stored) ? stored : undefined
}

/** The node the person logged at last time, while they may still log there; else their own node. */
function rememberedNode(places: LogPlaces | undefined): string | undefined {
  if (!places) return undefined
  const stored = readStored(STORE.node(places.person))
  return places.options.some((o) => o.id === stored) ? (stored as string) : places.defaultId
}

interface MeFlags {
  readonly consentCurrent: boolean
  readonly mayLog: boolean
  readonly revoked: boolean
}

function cachedMe(): MeFlags | undefined {
  const stored = readStored(STORE.me) as Partial<MeFlags> | undefined
  return typeof stored === 'object' && stored !== null && typeof stored.mayLog === 'boolean'
    ? {
        consentCurrent: stored.consentCurrent === true,
        mayLog: stored.mayLog,
        revoked: stored.revoked === true,
      }
    : undefined
}

const samePhotos = (a: readonly PendingPhoto[], b: readonly PendingPhoto[]): boolean =>
  a.length === b.length && a.every((p, i) => p.localRef === b[i]?.localRef)

/** The counts shown on the outbox panel, in this order. */
const COUNTED_STATES: readonly OutboxState[] = ['waiting', 'sending', 'rejected', 'draft', 'sent']

type Notice = { kind: 'ok' | 'pending' | 'error'; text: string }

export default function LogPage() {
  const { me } = useMe()
  const [flags, setFlags] = useState<MeFlags | undefined>(cachedMe)
  const [agreed, setAgreed] = useState(false)
  // Fresh types only for staff: a resident is on the way to the activities (see below), never refused.
  const catalogue = useCatalogue({ enabled: me?.staff === true })
  // Retired types are not offered for new events (the built-in ones never retire).
  const types = useMemo(() => {
    const offeredTypes = offered(catalogue.types)
    return offeredTypes.length > 0 ? offeredTypes : offered(mergeCatalogue(undefined))
  }, [catalogue.types])
  const [chosenType, setChosenType] = useState<string>(() => {
    const stored = readStored(STORE.type)
    return typeof stored === 'string' ? stored : 'lecture'
  })
  const def = types.find((t) => t.type === chosenType) ?? types[0]!
  const [value, setValue] = useState<EventFormValue>(() => emptyForm(def, rememberedFor(def.type)))
  const [eventId, setEventId] = useState(newEventId)
  const [photos, setPhotos] = useState<PendingPhoto[]>([])
  const [errors, setErrors] = useState<FieldErrors>({})
  /** The rejected outbox item loaded back into the form, if any (its id is `eventId`). */
  const [editing, setEditing] = useState<string | undefined>()
  const [busy, setBusy] = useState(false)
  const [message, setMessage] = useState<string | undefined>()
  /** The last submission handed to the outbox: the notice follows its state. */
  const [submitted, setSubmitted] = useState<{ id: string; title: string } | undefined>()
  const [similar, setSimilar] = useState<{ key: string; events: readonly SimilarEventView[] } | undefined>()
  const [locating, setLocating] = useState(false)
  const [locateFailed, setLocateFailed] = useState(false)
  const [places, setPlaces] = useState<LogPlaces | undefined>(cachedPlaces)
  /** Where the event happened (所属); undefined until the person's places are known: the server's default. */
  const [nodeId, setNodeId] = useState<string | undefined>(() => rememberedNode(places))
  const placesOf = useRef(places?.person)
  const outbox = useOutbox(appOutbox)
  /** What the request names: nothing for the person's own node, so the server's default applies. */
  const sentNode = nodeId !== undefined && nodeId !== places?.defaultId ? nodeId : undefined

  // Residents (no grant) have nothing to log: the mini-program opens here, so send them to the
  // publicised activities (public/list), which has a 工作人员入口 back to 我的. A revoked person stays to
  // read why they may not log, and anyone with records still on the phone stays to see what became of them.
  useEffect(() => {
    if (me && !me.staff && !me.revoked && appOutbox.list().every((item) => item.state === 'sent'))
      void Taro.reLaunch({ url: '/public/list/index' })
  }, [me])

  // Who the person is, kept for the next time the page opens offline.
  useEffect(() => {
    if (!me) return
    const next = { consentCurrent: me.consentCurrent, mayLog: me.may.logEvents, revoked: me.revoked }
    setFlags(next)
    setAgreed(false) // the server's word is newer than a tap on this page (and may be another person's)
    store(STORE.me, next)
  }, [me])

  // Where the person may log: their own nodes at once, the nodes below from the org tree (kept for offline).
  useEffect(() => {
    if (!me) return
    const keep = (next: LogPlaces | undefined) => {
      setPlaces((current) => (JSON.stringify(current) === JSON.stringify(next) ? current : next))
      store(STORE.places, next ?? '')
    }
    const own = logPlacesOf(me.name, me.grants, [])
    const cached = cachedPlaces()
    // The list kept on the phone is kept until the tree arrives, while it is this person's, with these nodes.
    if (
      !own ||
      !cached ||
      cached.person !== own.person ||
      own.options.some((o) => !cached.options.some((c) => c.id === o.id))
    )
      keep(own)
    if (!own?.choose) return
    let cancelled = false
    void callCloud('org', 'tree', {}).then((result) => {
      // Offline or refused: the list kept stays.
      if (!cancelled && result.ok) keep(logPlacesOf(me.name, me.grants, result.data.nodes))
    })
    return () => {
      cancelled = true
    }
  }, [me])

  // A new list (another person, a node retired): the choice stays while it is still offered.
  useEffect(() => {
    const samePerson = placesOf.current === places?.person
    placesOf.current = places?.person
    setNodeId((current) =>
      samePerson && current !== undefined && (!places || places.options.some((o) => o.id === current))
        ? current
        : rememberedNode(places),
    )
  }, [places])

  const consented = agreed || flags?.consentCurrent === true
  // Unknown (never online yet): let the person log; the server decides when the outbox sends it.
  const mayLog = flags?.mayLog !== false
  const similarKey = `${def.type}|${value.happenedOn}|${eventId}|${sentNode ?? ''}`

  // A possible duplicate: someone else already logged this type on this day, at this node.
  useEffect(() => {
    if (!mayLog || !isCalendarDate(value.happenedOn)) return
    const key = `${def.type}|${value.happenedOn}|${eventId}|${sentNode ?? ''}`
    const request = {
      type: def.type,
      happenedOn: value.happenedOn,
      id: eventId,
      ...at(sentNode),
    }
    let cancelled = false
    const timer = setTimeout(() => {
      if (!isOnline()) return
      void callCloud('events', 'similar', request).then((result) => {
        if (!cancelled && result.ok) setSimilar({ key, events: result.data.events })
      })
    }, SIMILAR_DEBOUNCE_MS)
    return () => {
      cancelled = true
      clearTimeout(timer)
    }
  }, [def.type, value.happenedOn, eventId, sentNode, mayLog])

  // The type chosen last time is gone from the street's catalogue (retired): start on the first one.
  useEffect(() => {
    if (types.some((t) => t.type === chosenType)) return
    const first = types[0]!
    setChosenType(first.type)
    setValue(emptyForm(first, rememberedFor(first.type)))
    setErrors({})
  }, [types, chosenType])

  const unsent = useMemo(() => outbox.items.filter((item) => item.state !== 'sent'), [outbox.items])

  // What is being typed is kept on the phone as a draft, so closing the app (or a crash) loses nothing;
  // a rejected item being corrected stays rejected until it is resubmitted.
  useEffect(() => {
    if (editing || !mayLog || !touched(value, photos)) return
    const timer = setTimeout(() => {
      const request: RequestOf<'events', 'create'> = {
        id: eventId,
        type: def.type,
        ...at(sentNode),
        event: inputOf(value),
      }
      void appOutbox
        .saveDraft({ id: eventId, kind: 'events.create', label: eventLabel(def, value), request, photos })
        .then((result) => {
          if (!result.ok) setMessage(result.error.message)
        })
    }, DRAFT_DEBOUNCE_MS)
    return () => clearTimeout(timer)
  }, [value, photos, def, eventId, sentNode, editing, mayLog])

  // Opening the page again continues the newest draft left unfinished.
  useEffect(() => {
    const drafts = appOutbox.list().filter((item) => item.state === 'draft')
    const newest = drafts[drafts.length - 1]
    if (newest) editItem(newest)
    // Once, when the page opens.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [])

  // 记为已举办 (staff/publication reLaunches here with `?announcement=<id>`): an activity announced
  // beforehand is logged under the announcement's own id, so the public feed and the year's count are
  // one activity. The form is filled from the announcement (type, title, date, place, speaker) once the
  // catalogue has answered; staff add participants and photos. After the outbox has the create
  // acknowledged, publications.held links the two: best effort, the server also links it the next
  // time the publication is opened.
  const announcementId = useRouter().params.announcement
  const [announced, setAnnounced] = useState<{ id: string; title: string; nodeName: string } | undefined>()
  const heldToSend = useRef(new Set<string>())
  useEffect(() => {
    if (!announcementId || !catalogue.loaded) return
    let cancelled = false
    void callCloud('publications', 'get', { id: announcementId }).then((result) => {
      if (cancelled) return
      if (!result.ok) return setMessage(result.error.message)
      const p = result.data.publication
      const fields = p.live ?? p.pending
      const type = types.find((t) => t.type === p.type)
      if (p.eventId || p.held) return setMessage('该活动已记录举办情况')
      if (!fields) return setMessage('找不到该活动的内容')
      if (!type) return setMessage('该活动的类型已停用，不能记录')
      const kept = appOutbox.get(p.id)
      if (kept && kept.state !== 'draft' && kept.state !== 'rejected')
        return setMessage('该活动已在手机上记录，等待发送')
      if (kept) editItem(kept)
      else {
        setChosenType(type.type)
        setValue(eventFormFromAnnouncement(type, fields, rememberedFor(type.type)))
        setEventId(p.id)
        setPhotos([])
        setErrors({})
        setEditing(undefined)
        setSubmitted(undefined)
      }
      setAnnounced({ id: p.id, title: fields.title, nodeName: p.nodeName })
    })
    return () => {
      cancelled = true
    }
    // Once per announcement, when the catalogue is known.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [announcementId, catalogue.loaded])
  // Logged where it was announced (the community or street), when the person may log there.
  useEffect(() => {
    const node = announced && places ? logPlaceOfAnnouncement(announced.nodeName, places.options) : undefined
    if (node) setNodeId(node)
  }, [announced, places])
  useEffect(() => {
    for (const item of outbox.items) {
      if (item.state !== 'sent' || !heldToSend.current.has(item.id)) continue
      heldToSend.current.delete(item.id)
      void callCloud('publications', 'held', { id: item.id }).then((r) => {
        if (!r.ok) console.warn('log: publications.held failed (linked when next opened)', r.error)
      })
    }
  }, [outbox.items])
  /** The announcement being logged, while the form holds it. */
  const announcedHere = announced?.id === eventId ? announced : undefined

  function change(next: EventFormValue, field?: string) {
    setValue(next)
    if (field) setErrors((e) => ({ ...e, [field]: undefined }))
  }

  function chooseType(t: EventTypeDefinition) {
    if (t.type === def.type) return
    setChosenType(t.type)
    store(STORE.type, t.type)
    const fresh = emptyForm(t, rememberedFor(t.type))
    // What the person already typed that every type has stays.
    setValue({
      ...fresh,
      title: value.title,
      happenedOn: value.happenedOn,
      place: value.place || fresh.place,
      ...(value.location ? { location: value.location } : {}),
    })
    setErrors({})
    setMessage(undefined)
    setSubmitted(undefined)
  }

  /** A new, empty form with a new event id (the last one belongs to what the outbox took). */
  function startNew(type: EventTypeDefinition = def) {
    setValue(emptyForm(type, rememberedFor(type.type)))
    setEventId(newEventId())
    setPhotos([])
    setErrors({})
    setEditing(undefined)
    setLocateFailed(false)
    setNodeId(rememberedNode(places))
  }

  async function submit() {
    setMessage(undefined)
    setSubmitted(undefined)
    const event: EventInput = inputOf(value)
    const checked = validateEventWithParties(def, event, {})
    if (!checked.ok) {
      setErrors(checked.fields)
      setMessage(ERRORS['EVENT.INVALID'])
      return
    }
    const request: RequestOf<'events', 'create'> = { id: eventId, type: def.type, ...at(sentNode), event }
    const label = eventLabel(def, value)
    const stored = appOutbox.get(eventId)
    // Before the outbox takes it: it may be acknowledged before this function goes on.
    if (announcedHere) heldToSend.current.add(eventId)
    setBusy(true)
    const result =
      stored && stored.state === 'rejected' && samePhotos(stored.photos, photos)
        ? await appOutbox.resubmit(eventId, request, label)
        : await appOutbox.submit({ id: eventId, kind: 'events.create', label, request, photos })
    setBusy(false)
    if (!result.ok) {
      // Nothing was kept: the form stays as it is, to try again once there is room.
      setMessage(result.error.message)
      return
    }
    const remembered = rememberedOf(def, value)
    store(STORE.remembered(def.type), remembered)
    if (places && nodeId !== undefined) store(STORE.node(places.person), nodeId)
    setSubmitted({ id: eventId, title: value.title.trim() })
    setSimilar(undefined)
    startNew()
  }

  function addPhotos() {
    setMessage(undefined)
    // Called straight from the tap: a browser opens its file picker only during one.
    choosePhotos(MAX_PHOTOS_PER_EVENT - photos.length).then(
      (chosen) => {
        if (chosen.length === 0) return
        setPhotos((current) => [...current, ...chosen].slice(0, MAX_PHOTOS_PER_EVENT))
        setErrors((e) => ({ ...e, photos: undefined }))
      },
      (e: unknown) => {
        console.warn('choosing photos failed', e)
        setMessage('照片读取失败，请重新选择')
      },
    )
  }

  function removePhoto(index: number) {
    const photo = photos[index]
    if (!photo) return
    setPhotos(photos.filter((_, i) => i !== index))
    // A photo the outbox already keeps is released by the outbox when the item changes.
    const kept = appOutbox.get(eventId)?.photos.some((p) => p.localRef === photo.localRef)
    if (!kept) removeLocalPhoto(photo.localRef)
  }

  async function locate() {
    setLocating(true)
    setLocateFailed(false)
    const location = await currentLocation()
    setLocating(false)
    if (location) change({ ...value, location }, 'location')
    else setLocateFailed(true)
  }

  function clearLocation() {
    const { location: _dropped, ...rest } = value
    change(rest, 'location')
  }

  function editItem(item: OutboxItem) {
    const request = item.request as { type?: unknown; nodeId?: unknown; event?: unknown }
    const type = types.find((t) => t.type === request.type)
    if (!type) {
      setMessage('该记录类型已停用或不存在，这条记录只能放弃')
      return
    }
    setChosenType(type.type)
    setValue(formFromInput(type, (request.event ?? {}) as EventInput))
    setPhotos([...item.photos])
    setEventId(item.id)
    // Where it was logged, while the person may still log there (a node retired meanwhile: their own).
    const node = typeof request.nodeId === 'string' ? request.nodeId : places?.defaultId
    setNodeId(places && !places.options.some((o) => o.id === node) ? places.defaultId : node)
    setErrors(item.error?.fields ?? {})
    // A draft simply continues; a rejected item is being corrected (the banner says so).
    setEditing(item.state === 'rejected' ? item.id : undefined)
    setSubmitted(undefined)
    setMessage(undefined)
    void Taro.pageScrollTo({ scrollTop: 0, duration: 200 })
  }

  async function discardItem(item: OutboxItem) {
    const { confirm } = await Taro.showModal({
      title: '放弃这条记录？',
      content: `「${item.label}」将从手机上删除，不会再发送。`,
      confirmText: '放弃',
      confirmColor: '#c0392b',
    })
    if (!confirm) return
    const done = await appOutbox.discard(item.id)
    if (!done) {
      setMessage('这条记录正在发送，请稍后再试')
      return
    }
    if (editing === item.id) startNew()
  }

  function sendNow() {
    setMessage(isOnline() ? undefined : '当前没有网络，恢复后会自动发送')
    void appOutbox.retryNow()
  }

  const notice = noticeOf(submitted, outbox.items)
  const editingItem = editing ? outbox.items.find((i) => i.id === editing) : undefined
  const duplicates = similar?.key === similarKey ? similar.events : []
  const partiesHidden = !!def.hasParties && !consented
  const partyError =
    partiesHidden && Object.keys(errors).some((k) => k.startsWith('parties') && errors[k])
      ? `请先同意隐私保护指引，再填写当事人信息`
      : undefined

  return (
    <View className="page log-page">
      {!mayLog ? (
        <View className="notice notice-error may-not-log">
          {flags?.revoked ? ERRORS['AUTH.REVOKED'] : ERRORS['AUTH.NOT_STAFF']}
        </View>
      ) : (
        <>
          <View className="section-title">记录类型</View>
          <View className="type-grid">
            {types.map((t) => (
              <View
                key={t.type}
                className={`type-tile type-${t.type}${t.type === def.type ? ' type-tile-on' : ''}`}
                onClick={() => chooseType(t)}
              >
                <Text className="type-tile-label">{t.label}</Text>
              </View>
            ))}
          </View>

          {editingItem ? (
            <View className="editing-banner">
              <Text>正在修改：{editingItem.label}</Text>
              <Text className="editing-cancel" onClick={() => startNew()}>
                取消修改
              </Text>
            </View>
          ) : null}

          {announcedHere ? (
            <View className="editing-banner announcement-banner">
              <Text>
                记录活动预告「{announcedHere.title}」的举办情况：填写参与人数等后提交，活动即标记为已举办
              </Text>
            </View>
          ) : null}

          <View className="section-title">{def.label}</View>
          {places && !places.choose ? <LogNodeLine places={places} /> : null}
          <EventForm
            def={def}
            value={value}
            onChange={change}
            errors={errors}
            withParties={consented}
            head={
              places?.choose ? <LogNodePicker places={places} value={nodeId} onChange={setNodeId} /> : null
            }
          />

          {duplicates.length > 0 ? (
            <View className="duplicate-hint">
              {duplicates.map((e) => `${e.byName} 已记录同一天的「${e.title}」（${e.nodeName}）`).join('；')}
              ，可能是同一件事，请确认后再提交
            </View>
          ) : null}

          <View className="section-title">照片和位置（选填）</View>
          {consented ? (
            <View className="media card">
              {photos.length > 0 ? (
                <View className="photo-grid">
                  {photos.map((p, i) => (
                    <View key={p.localRef} className="photo-thumb">
                      <Image className="photo-image" src={photoSrc(p.localRef)} mode="aspectFill" />
                      <View className="photo-remove" onClick={() => removePhoto(i)}>
                        ✕
                      </View>
                    </View>
                  ))}
                </View>
              ) : null}
              <View className="media-buttons">
                <Button
                  size="small"
                  fill="outline"
                  type="primary"
                  className="photo-button"
                  disabled={photos.length >= MAX_PHOTOS_PER_EVENT}
                  onClick={addPhotos}
                >
                  拍照/相册 {photos.length}/{MAX_PHOTOS_PER_EVENT}
                </Button>
                <Button
                  size="small"
                  fill="outline"
                  type="primary"
                  className="locate-button"
                  loading={locating}
                  disabled={locating}
                  onClick={() => void locate()}
                >
                  {value.location ? '重新定位' : '定位'}
                </Button>
              </View>
              {value.location ? (
                <View className="located">
                  已定位（{value.location.latitude.toFixed(5)}，{value.location.longitude.toFixed(5)}）
                  <Text className="location-clear" onClick={clearLocation}>
                    不提供
                  </Text>
                </View>
              ) : locateFailed ? (
                <View className="hint small locate-failed">未能获取位置，可以不提供定位直接提交</View>
              ) : null}
              <FieldError message={errors.photos} />
              <FieldError message={errors.location} />
            </View>
          ) : (
            <View className="consent-card card">
              <View className="card-line">
                拍照、选择照片、定位{def.hasParties ? '和填写当事人信息' : ''}
                前，请先阅读并同意《用户隐私保护指引》。照片和位置只用于这条记录。
              </View>
              <View
                className="card-line privacy-link"
                onClick={() => void Taro.navigateTo({ url: '/account/privacy/index' })}
              >
                阅读隐私保护指引全文
              </View>
              <FieldError message={partyError} />
              <View className="actions">
                <ConsentButton
                  onAgreed={() => {
                    setAgreed(true)
                    const next = { consentCurrent: true, mayLog, revoked: flags?.revoked ?? false }
                    setFlags(next)
                    store(STORE.me, next)
                  }}
                >
                  同意并继续
                </ConsentButton>
              </View>
            </View>
          )}

          {message ? <View className="notice notice-error">{message}</View> : null}
          {notice ? (
            <View className={`notice notice-${notice.kind} submit-notice`}>{notice.text}</View>
          ) : null}

          <View className="actions">
            <SubmitButton busy={busy} onClick={() => void submit()} className="submit-button">
              {editingItem ? '重新提交' : '提交'}
            </SubmitButton>
          </View>
          <View className="hint">
            {def.dateLabel}按北京时间计入年度；没有网络时先保存在手机上，同一条记录重复提交只计一次。
            {def.lifecycle ? '提交后在「待办案件」中跟进办理，直至办结。' : ''}
          </View>
        </>
      )}

      {unsent.length > 0 ? (
        <OutboxPanel
          items={unsent}
          counts={outbox.counts}
          editing={editing}
          inForm={eventId}
          onEdit={editItem}
          onDiscard={(item) => void discardItem(item)}
          onSend={sendNow}
        />
      ) : null}

      {mayLog ? (
        <CellGroup className="log-links">
          <Cell
            className="mine-link"
            title="我的记录"
            clickable
            onClick={() => void Taro.navigateTo({ url: '/events/mine/index' })}
            extra={<Text className="picker-chevron">›</Text>}
          />
          <Cell
            className="open-cases-link"
            title="待办案件"
            clickable
            onClick={() => void Taro.navigateTo({ url: '/events/open/index' })}
            extra={<Text className="picker-chevron">›</Text>}
          />
        </CellGroup>
      ) : null}
    </View>
  )
}

/** What became of the last submission, as the outbox reports it. */
function noticeOf(
  submitted: { id: string; title: string } | undefined,
  items: readonly OutboxItem[],
): Notice | undefined {
  if (!submitted) return undefined
  const item = items.find((i) => i.id === submitted.id)
  if (!item) return undefined
  switch (item.state) {
    case 'sent':
      return { kind: 'ok', text: `已记录：${submitted.title}` }
    case 'rejected':
      return {
        kind: 'error',
        text: `「${submitted.title}」未能记录：${item.error?.message ?? ERRORS.INTERNAL}。请在下方修改后重新提交`,
      }
    case 'sending':
      return { kind: 'pending', text: `正在发送：${submitted.title}…` }
    default:
      return item.error || !isOnline()
        ? { kind: 'pending', text: '已保存在手机上，网络恢复后自动发送' }
        : { kind: 'pending', text: `正在发送：${submitted.title}…` }
  }
}

/** An outbox item's two buttons: take it up again in the form (继续填写 a draft, 修改 a rejected one), or 放弃 it. */
function ItemButtons({
  className,
  editing,
  onEdit,
  onDiscard,
  children,
}: {
  /** Of the first button. */
  className: string
  /** It is in the form already: the first button cannot be tapped. */
  editing?: boolean
  onEdit: () => void
  onDiscard: () => void
  children: ReactNode
}) {
  return (
    <View className="row-buttons">
      <Button size="small" type="primary" className={className} disabled={editing} onClick={onEdit}>
        {children}
      </Button>
      <Button size="small" fill="outline" className="outbox-discard" onClick={onDiscard}>
        放弃
      </Button>
    </View>
  )
}

function OutboxPanel({
  items,
  counts,
  editing,
  inForm,
  onEdit,
  onDiscard,
  onSend,
}: {
  items: readonly OutboxItem[]
  counts: Readonly<Record<OutboxState, number>>
  editing: string | undefined
  /** The id of the event in the form above (its draft is the one being typed). */
  inForm: string
  onEdit: (item: OutboxItem) => void
  onDiscard: (item: OutboxItem) => void
  onSend: () => void
}) {
  return (
    <View className="outbox-panel card">
      <View className="outbox-head">
        <View className="card-title">手机上的记录</View>
        {counts.waiting > 0 ? (
          <Button size="small" type="primary" className="outbox-send" onClick={onSend}>
            立即发送
          </Button>
        ) : null}
      </View>
      <View className="outbox-counts">
        {COUNTED_STATES.filter((s) => counts[s] > 0).map((s) => (
          <Text key={s} className={`outbox-count outbox-${s}`}>
            {OUTBOX_STATE_LABELS[s]} {counts[s]} 条
          </Text>
        ))}
      </View>
      {items.map((item) => (
        <View key={item.id} className={`outbox-item outbox-item-${item.state}`}>
          <View className="outbox-item-head">
            <Text className="outbox-label">{item.label}</Text>
            <Text className={`outbox-state outbox-state-${item.state}`}>
              {OUTBOX_STATE_LABELS[item.state]}
            </Text>
          </View>
          {item.photos.length > 0 ? <View className="small muted">照片 {item.photos.length} 张</View> : null}
          {item.state === 'waiting' && item.error ? (
            <View className="small muted outbox-retry">{item.error.message}，稍后自动重试</View>
          ) : null}
          {item.state === 'draft' ? (
            item.id === inForm ? (
              <View className="small muted outbox-draft-here">正在上方填写，已自动保存</View>
            ) : (
              <ItemButtons
                className="outbox-continue"
                onEdit={() => onEdit(item)}
                onDiscard={() => onDiscard(item)}
              >
                继续填写
              </ItemButtons>
            )
          ) : null}
          {item.state === 'rejected' ? (
            <>
              <View className="outbox-error">{item.error?.message ?? ERRORS.INTERNAL}</View>
              {Object.values(item.error?.fields ?? {}).map((text, i) => (
                <View key={i} className="outbox-field-error">
                  · {text}
                </View>
              ))}
              <ItemButtons
                className="outbox-edit"
                editing={editing === item.id}
                onEdit={() => onEdit(item)}
                onDiscard={() => onDiscard(item)}
              >
                {editing === item.id ? '修改中' : '修改'}
              </ItemButtons>
            </>
          ) : null}
        </View>
      ))}
      <View className="hint small">记录先保存在手机上，有网络时自动发送；发送成功后从这里消失。</View>
    </View>
  )
}
