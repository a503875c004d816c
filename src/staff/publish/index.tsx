/**
 * 向居民公开 (staff/publish/index): the public face of an activity, written by staff for residents.
 *
 * - `?event=<id>`: a logged event (法律讲座 …). The form starts from its title, date, place and speaker;
 *   staff add the time and a summary, tick which of its photos residents may see and which is the cover.
 * - `?announce=1`: an announcement (活动预告) of an activity to come: its type, the community (or the
 *   whole street) it is for, date, times, place, speaker, summary and a poster as the cover. Its id is
 *   made here once; the event is logged later under the same id (记为已举办 on the publication's page).
 * - `?id=<id>`: a publication already made, edited (the version held for review if there is one, else
 *   the one residents see) and sent with its version (PUBLICATION.STALE_VERSION when someone changed it
 *   meanwhile: 查看最新 reloads it). `?event=` of an event already published behaves the same.
 *
 * 发布 checks the form as the server will, then uploads the poster (if one was chosen on the phone) under
 * `publications/<id>/`, makes the cover's thumbnail on the phone and uploads it beside it, then sends
 * everything. Each upload's file ID is kept, so a retry after a failure uploads nothing twice. The server
 * runs WeChat's text check: published at once, held for a street staff decision, or refused as risky
 * (its message shows, nothing is saved).
 */
import { Image, Picker, Text, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import { chinaToday } from '../../core/china-time'
import type { EventDetail, PublicationView } from '../../core/contract'
import { ERRORS, type FieldErrors } from '../../core/errors'
import { newEventId } from '../../core/event-input'
import { EARLIEST_YEAR, findType, type EventTypeDefinition } from '../../core/event-types'
import { newPhotoToken } from '../../core/photos'
import { isPublishable, PUBLIC_LIMITS } from '../../core/publication'
import { ConsentButton } from '../../components/consent-button'
import { PickerRow } from '../../components/event-form'
import { Field, FieldError, PageError, SubmitButton } from '../../components/field'
import { Button, CellGroup, Input, TextArea } from '../../components/nutui'
import {
  checkPublishForm,
  coverCloudPath,
  coverFromPhone,
  coverFromPhoto,
  editedFieldsOf,
  EMPTY_PUBLISH_FORM,
  fieldsOf,
  formFromEvent,
  formFromFields,
  publishPlacesOf,
  publishRequestOf,
  suggestedEndTime,
  thumbCloudPath,
  togglePhoto,
  type PublishForm,
  type PublishSubject,
} from '../../components/publish-form-value'
import { useCall } from '../../components/use-call'
import { useCatalogue } from '../../components/use-catalogue'
import { useMe } from '../../components/use-me'
import { useOrgTree } from '../../components/use-org-tree'
import { callCloud } from '../../services/cloud'
import { choosePhotos, makeThumbnail, photoSrc, removeLocalPhoto, uploadPhoto } from '../../services/photos'
import './index.css'
import { withTimeout } from '../../components/with-timeout'

const UPLOAD_FAILED = '封面上传失败，请检查网络后重试'
/** An upload not finished by then is given up (the publish can be retried), as 修改 does. */
const UPLOAD_TIMEOUT_MS = 120_000

/** Back to the publication's page: the one it came from (编辑), else a new one in place of this form. */
function showPublication(id: string) {
  const pages = Taro.getCurrentPages()
  const previous = pages[pages.length - 2]
  if (previous?.route?.includes('staff/publication/index') && previous.options?.id === id) {
    void Taro.navigateBack()
  } else {
    void Taro.redirectTo({ url: `/staff/publication/index?id=${id}` })
  }
}

export default function PublishPage() {
  const params = useRouter().params
  const announcing = params.announce === '1' && !params.event && !params.id
  // The activity's id: the event's, the publication's, or a new one for an announcement (made once).
  const [id] = useState(() => params.event ?? params.id ?? (announcing ? newEventId() : ''))
  const { types } = useCatalogue()
  const { me } = useMe()
  const tree = useOrgTree()
  const [publication, setPublication] = useState<PublicationView | undefined>()
  const [event, setEvent] = useState<EventDetail | undefined>()
  const [form, setForm] = useState<PublishForm>(EMPTY_PUBLISH_FORM)
  const [loaded, setLoaded] = useState(announcing)
  const [loadError, setLoadError] = useState<string | undefined>()
  const [chosenType, setChosenType] = useState<string | undefined>()
  const [nodeId, setNodeId] = useState<string | undefined>()
  const [checked, setChecked] = useState<FieldErrors>({})
  const [stale, setStale] = useState(false)
  const [uploading, setUploading] = useState(false)
  const [photoMessage, setPhotoMessage] = useState<string | undefined>()
  const [agreed, setAgreed] = useState(false)
  const save = useCall()
  const busy = uploading || save.busy
  const consented = agreed || me?.consentCurrent === true

  // The catalogue as the load finds it (a fresher one arriving later must not reset what is typed).
  const typesNow = useRef(types)
  typesNow.current = types
  // A poster chosen here is kept on the phone until the page closes: then released.
  const formNow = useRef(form)
  formNow.current = form
  useEffect(
    () => () => {
      const localRef = formNow.current.cover?.localRef
      if (localRef) removeLocalPhoto(localRef)
    },
    [],
  )

  const load = useCallback(async () => {
    if (announcing) return
    if (!id) {
      setLoadError(ERRORS['PUBLICATION.NOT_FOUND'])
      return
    }
    const got = await callCloud('publications', 'get', { id })
    if (got.ok) {
      const p = got.data.publication
      let logged: EventDetail | undefined
      if (p.eventId) {
        const e = await callCloud('events', 'get', { id: p.eventId })
        if (e.ok) logged = e.data.event
      }
      const urls = new Map<string, string>([
        ...(logged?.photos.map((ph) => [ph.fileID, ph.url] as const) ?? []),
        ...p.media.map((m) => [m.fileID, m.url] as const),
      ])
      const fields = editedFieldsOf(p)
      setPublication(p)
      setEvent(logged)
      setForm(
        fields
          ? formFromFields(fields, (f) => urls.get(f) ?? '')
          : logged
            ? formFromEvent(logged, findType(typesNow.current, logged.type))
            : EMPTY_PUBLISH_FORM,
      )
    } else if (got.error.code === 'PUBLICATION.NOT_FOUND' && params.event) {
      // Not published yet: the form starts from the event.
      const e = await callCloud('events', 'get', { id })
      if (!e.ok) {
        setLoadError(e.error.message)
        return
      }
      setPublication(undefined)
      setEvent(e.data.event)
      setForm(formFromEvent(e.data.event, findType(typesNow.current, e.data.event.type)))
    } else {
      setLoadError(got.error.message)
      return
    }
    setLoadError(undefined)
    setChecked({})
    setStale(false)
    setLoaded(true)
  }, [announcing, id, params.event])

  useEffect(() => {
    void load()
  }, [load])

  async function reload() {
    save.setError(undefined)
    save.setFields({})
    await load()
  }

  // An announcement: the types that may be publicised, and where the person may announce.
  const publishable = useMemo(() => types.filter((t) => isPublishable(t) && !t.retired), [types])
  const typeLabels = useMemo(() => publishable.map((t) => t.label), [publishable])
  const places = useMemo(() => (me ? publishPlacesOf(me.grants, tree.nodes) : []), [me, tree.nodes])
  const placeLabels = useMemo(() => places.map((p) => p.label), [places])
  const type: EventTypeDefinition | undefined = announcing
    ? (publishable.find((t) => t.type === chosenType) ?? publishable[0])
    : findType(types, publication?.type ?? event?.type ?? '')
  const place = places.find((p) => p.id === nodeId) ?? places[0]

  const subject: PublishSubject | undefined = publication
    ? { kind: 'existing', version: publication.version }
    : event
      ? { kind: 'event' }
      : announcing && type && place
        ? { kind: 'announcement', type: type.type, nodeId: place.id }
        : undefined

  const eventPhotos = useMemo(() => event?.photos.map((p) => p.fileID) ?? [], [event])

  function change(patch: Partial<PublishForm>, ...keys: string[]) {
    setForm((f) => ({ ...f, ...patch }))
    const drop = (errors: FieldErrors) => {
      const next = { ...errors }
      for (const k of keys) delete next[k]
      return next
    }
    setChecked(drop)
    save.setFields(drop)
  }

  function choosePoster() {
    if (busy) return
    setPhotoMessage(undefined)
    // Called straight from the tap: a browser opens its file picker only during one.
    choosePhotos(1).then(
      ([photo]) => {
        if (!photo) return
        const previous = formNow.current.cover?.localRef
        if (previous) removeLocalPhoto(previous)
        setForm((f) => coverFromPhone(f, photo.localRef, photoSrc(photo.localRef)))
        setChecked(({ cover: _c, coverThumb: _t, ...rest }) => rest)
        save.setFields(({ cover: _c, coverThumb: _t, ...rest }) => rest)
      },
      (e: unknown) => {
        console.warn('choosing a cover failed', e)
        setPhotoMessage('图片读取失败，请重新选择')
      },
    )
  }

  function removeCover() {
    const localRef = form.cover?.localRef
    if (localRef) removeLocalPhoto(localRef)
    change({ cover: null }, 'cover', 'coverThumb')
  }

  /**
   * Uploads what the cover still needs (the poster itself, then its thumbnail, made on the phone),
   * recording each file ID as it comes; resolves to the form ready to send, or undefined (and says so).
   */
  async function prepareCover(): Promise<PublishForm | undefined> {
    let next = form
    const start = next.cover
    if (!start || (start.fileID && start.thumb)) return next
    const sameCover = (f: PublishForm) => f.cover?.src === start.src
    setUploading(true)
    try {
      let fileID = start.fileID
      if (!fileID && start.localRef) {
        const path = coverCloudPath(id, newPhotoToken())
        const uploaded = await withTimeout(uploadPhoto(start.localRef, path), UPLOAD_TIMEOUT_MS)
        fileID = uploaded
        next = { ...next, cover: { ...start, fileID } }
        setForm((f) => (sameCover(f) && f.cover ? { ...f, cover: { ...f.cover, fileID: uploaded } } : f))
      }
      if (!fileID) return undefined
      const thumbRef = await makeThumbnail(
        start.localRef ? { localRef: start.localRef } : { fileID, url: start.src },
      )
      let thumb: string
      try {
        thumb = await withTimeout(
          uploadPhoto(thumbRef, thumbCloudPath(id, newPhotoToken())),
          UPLOAD_TIMEOUT_MS,
        )
      } finally {
        removeLocalPhoto(thumbRef)
      }
      next = { ...next, cover: { ...start, fileID, thumb } }
      setForm((f) => (sameCover(f) && f.cover ? { ...f, cover: { ...f.cover, thumb } } : f))
      return next
    } catch (e) {
      console.warn('publish: preparing the cover failed', e)
      save.setError(UPLOAD_FAILED)
      return undefined
    } finally {
      setUploading(false)
    }
  }

  async function submit() {
    if (busy || !subject) return
    const local = checkPublishForm(form, id, eventPhotos)
    const errors: FieldErrors = local.ok ? {} : { ...local.fields }
    if (announcing && !type) errors.type = '请选择活动类型'
    if (announcing && !place) errors.nodeId = '请选择活动所属的社区或街道'
    if (Object.keys(errors).length > 0) {
      setChecked(errors)
      return
    }
    setChecked({})
    save.setError(undefined)
    const ready = await prepareCover()
    if (!ready) return
    const result = await save.run(() =>
      callCloud('publications', 'publish', publishRequestOf(id, subject, fieldsOf(ready))),
    )
    if (result.ok) {
      const published = result.data.outcome === 'published'
      void Taro.showToast({
        title: published ? '已发布' : '已提交审核（内容需人工审核后公开）',
        icon: published ? 'success' : 'none',
        duration: 2000,
      })
      setTimeout(() => showPublication(id), 800)
      return
    }
    if (result.error.code === 'PUBLICATION.STALE_VERSION') setStale(true)
  }

  if (loadError) {
    return (
      <View className="page publish-page">
        <PageError message={loadError} />
      </View>
    )
  }
  if (!loaded || (announcing && !me)) {
    return (
      <View className="page publish-page">
        <View className="hint">加载中…</View>
      </View>
    )
  }
  if (!announcing && type && !isPublishable(type)) {
    return (
      <View className="page publish-page">
        <PageError message={ERRORS['PUBLICATION.NOT_PUBLISHABLE']} />
      </View>
    )
  }
  if (publication && !publication.mayManage) {
    return (
      <View className="page publish-page">
        <PageError message={ERRORS['AUTH.FORBIDDEN']} />
      </View>
    )
  }
  if (announcing && (publishable.length === 0 || (tree.loaded && places.length === 0))) {
    return (
      <View className="page publish-page">
        <PageError
          message={
            publishable.length === 0
              ? '本街道还没有可向居民公开的记录类型'
              : (tree.error ?? '您没有可以发布活动的社区或街道')
          }
        />
      </View>
    )
  }

  const errors: FieldErrors = { ...save.fields, ...checked }
  const typeIndex = Math.max(0, type ? publishable.indexOf(type) : 0)
  const placeIndex = Math.max(0, place ? places.indexOf(place) : 0)
  const today = chinaToday()

  return (
    <View className="page publish-page">
      {announcing ? (
        <View className="card publish-head">
          <View className="card-title">发布活动预告</View>
          <View className="small muted">
            活动举办后，在活动页面点「记为已举办」填写参与人数等，计入统计。
          </View>
        </View>
      ) : (
        <View className="card publish-head">
          <View className="small publish-type">
            {publication?.typeLabel ?? event?.typeLabel} · {publication?.nodeName ?? event?.nodeName}
          </View>
          {event ? <View className="card-line small muted">来自记录：{event.title}</View> : null}
          {publication ? (
            <View className="card-line small muted">
              {publication.statusLabel}
              {publication.pending ? '，修改待审核（以下为待审核的内容）' : ''}
            </View>
          ) : null}
        </View>
      )}

      <View className="section-title">居民看到的内容</View>
      <CellGroup className="publish-form">
        {announcing ? (
          <>
            <Picker
              mode="selector"
              range={typeLabels}
              value={typeIndex}
              onChange={(e) => {
                const chosen = publishable[Number(e.detail.value)]
                if (chosen) {
                  setChosenType(chosen.type)
                  change({}, 'type')
                }
              }}
            >
              <PickerRow className="publish-type-picker" label="活动类型" value={type?.label ?? ''} />
            </Picker>
            <FieldError message={errors.type} />
            <Picker
              mode="selector"
              range={placeLabels}
              value={placeIndex}
              onChange={(e) => {
                const chosen = places[Number(e.detail.value)]
                if (chosen) {
                  setNodeId(chosen.id)
                  change({}, 'nodeId')
                }
              }}
            >
              <PickerRow className="publish-node-picker" label="面向" value={place?.label ?? ''} />
            </Picker>
            <FieldError message={errors.nodeId} />
          </>
        ) : null}
        <Field label="活动标题" error={errors.title}>
          <Input
            name="title"
            placeholder={`${PUBLIC_LIMITS.title.min}至${PUBLIC_LIMITS.title.max}个字`}
            value={form.title}
            onChange={(title) => change({ title }, 'title')}
            maxLength={PUBLIC_LIMITS.title.max}
          />
        </Field>
        <Picker
          mode="date"
          value={form.date || today}
          start={announcing ? today : `${EARLIEST_YEAR}-01-01`}
          onChange={(e) => change({ date: String(e.detail.value) }, 'date')}
        >
          <PickerRow className="publish-date-picker" label="活动日期" value={form.date} />
        </Picker>
        <FieldError message={errors.date} />
        <Picker
          mode="time"
          value={form.startTime || '09:00'}
          onChange={(e) => change({ startTime: String(e.detail.value) }, 'startTime', 'endTime')}
        >
          <PickerRow className="publish-start-picker" label="开始时间" value={form.startTime} />
        </Picker>
        <FieldError message={errors.startTime} />
        <Picker
          mode="time"
          value={form.endTime || suggestedEndTime(form.startTime)}
          onChange={(e) => change({ endTime: String(e.detail.value) }, 'endTime')}
        >
          <PickerRow className="publish-end-picker" label="结束时间" value={form.endTime} empty="选填" />
        </Picker>
        {form.endTime ? (
          <View className="end-clear small" onClick={() => change({ endTime: '' }, 'endTime')}>
            不填结束时间
          </View>
        ) : null}
        <FieldError message={errors.endTime} />
        <Field label="活动地点" error={errors.place}>
          <Input
            name="place"
            placeholder="如：明园社区党群服务中心二楼"
            value={form.place}
            onChange={(v) => change({ place: v }, 'place')}
            maxLength={PUBLIC_LIMITS.place.max}
          />
        </Field>
        <Field label="主讲人" error={errors.speaker}>
          <Input
            name="speaker"
            placeholder="选填，如：王律师"
            value={form.speaker}
            onChange={(speaker) => change({ speaker }, 'speaker')}
            maxLength={PUBLIC_LIMITS.speaker.max}
          />
        </Field>
      </CellGroup>
      <View className="card publish-summary">
        <View className="publish-summary-label">活动简介（选填）</View>
        <TextArea
          className="summary-input"
          placeholder="向居民介绍活动内容、适合人群、报名方式等"
          value={form.summary}
          onChange={(summary: string) => change({ summary }, 'summary')}
          maxLength={PUBLIC_LIMITS.summary.max}
          rows={4}
          showCount
        />
      </View>
      <FieldError message={errors.summary} />

      {event && event.photos.length > 0 ? (
        <>
          <View className="section-title">
            公开照片（勾选居民可以看到的，最多{PUBLIC_LIMITS.photos}张，已选{form.photos.length}张）
          </View>
          <View className="card publish-photos">
            <View className="publish-photo-grid">
              {event.photos.map((p) => {
                const on = form.photos.includes(p.fileID)
                const isCover = form.cover?.fileID === p.fileID
                return (
                  <View key={p.fileID} className={`publish-photo${on ? ' publish-photo-on' : ''}`}>
                    <View
                      className="publish-photo-box"
                      onClick={() => change(togglePhoto(form, p.fileID, eventPhotos), 'photos', 'cover')}
                    >
                      {p.url ? (
                        <Image className="publish-photo-image" src={p.url} mode="aspectFill" />
                      ) : (
                        <View className="publish-photo-missing small muted">照片暂不可用</View>
                      )}
                      <View className={`publish-check${on ? ' publish-check-on' : ''}`}>{on ? '✓' : ''}</View>
                      {isCover ? <View className="publish-cover-badge">封面</View> : null}
                    </View>
                    {p.url && !isCover ? (
                      <View
                        className="publish-set-cover small"
                        onClick={() =>
                          change(coverFromPhoto(form, p, eventPhotos), 'photos', 'cover', 'coverThumb')
                        }
                      >
                        设为封面
                      </View>
                    ) : (
                      <View className="publish-set-cover small muted">{isCover ? '当前封面' : ' '}</View>
                    )}
                  </View>
                )
              })}
            </View>
            <View className="small muted publish-photo-note">
              请勿公开能看清群众面部、证件或其他个人信息的照片。照片经微信图片安全检测通过后居民才能看到。
            </View>
            <FieldError message={errors.photos} />
          </View>
        </>
      ) : null}

      <View className="section-title">封面（选填，显示在活动列表中）</View>
      <View className="card publish-cover">
        {form.cover ? (
          <View className="publish-cover-row">
            {form.cover.src ? (
              <Image className="publish-cover-image" src={form.cover.src} mode="aspectFill" />
            ) : (
              <View className="publish-cover-image publish-photo-missing small muted">封面暂不可用</View>
            )}
            <View className="publish-cover-side">
              <View className="small muted">
                {form.cover.localRef
                  ? '发布时上传'
                  : eventPhotos.includes(form.cover.fileID ?? '')
                    ? '活动照片'
                    : '已上传'}
              </View>
              <Text className="publish-cover-remove small" onClick={removeCover}>
                不用封面
              </Text>
            </View>
          </View>
        ) : (
          <View className="small muted">
            {eventPhotos.length > 0
              ? '可在上方照片中点「设为封面」，或上传一张海报。'
              : '可上传一张活动海报作为封面。'}
          </View>
        )}
        {consented ? (
          <Button
            size="small"
            fill="outline"
            type="primary"
            className="cover-button"
            disabled={busy}
            onClick={choosePoster}
          >
            {form.cover ? '重新上传封面' : '上传海报'}
          </Button>
        ) : me ? (
          <View className="publish-consent">
            <View className="card-line small">选择图片前，请先阅读并同意《用户隐私保护指引》。</View>
            <View
              className="card-line small privacy-link"
              onClick={() => void Taro.navigateTo({ url: '/account/privacy/index' })}
            >
              阅读隐私保护指引全文
            </View>
            <ConsentButton onAgreed={() => setAgreed(true)}>同意并选择图片</ConsentButton>
          </View>
        ) : null}
        {uploading ? <View className="small muted">正在上传封面…</View> : null}
        {photoMessage ? <View className="notice notice-error">{photoMessage}</View> : null}
        <FieldError message={errors.cover ?? errors.coverThumb} />
        {/* Without the event's photos on the page, a refusal of the photos shows here. */}
        {eventPhotos.length === 0 ? <FieldError message={errors.photos} /> : null}
      </View>

      {stale ? (
        <View className="notice notice-error stale-notice">
          <View>{ERRORS['PUBLICATION.STALE_VERSION']}</View>
          <Button size="small" type="primary" onClick={() => void reload()} className="publish-reload-button">
            查看最新
          </Button>
        </View>
      ) : (
        <PageError message={save.error} />
      )}
      {Object.values(errors).some((m) => m) && !save.error ? (
        <View className="hint form-invalid">请按标红的提示修改后再发布</View>
      ) : null}

      <View className="actions">
        <SubmitButton busy={busy} onClick={() => void submit()} className="publish-button">
          {publication ? '保存并发布' : '发布'}
        </SubmitButton>
      </View>
      <View className="hint">
        发布前文字会经过微信内容安全检测；需要人工审核的内容由街道工作人员审核通过后才向居民公开。
      </View>
    </View>
  )
}
