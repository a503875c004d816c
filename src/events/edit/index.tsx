/**
 * 修改 (events/edit/index?id=…): the record's form, filled with what it holds, saved with the version
 * it was loaded at. If someone changed the record meanwhile the server refuses (EVENT.STALE_VERSION):
 * the page says so and 查看最新 loads the record as it now is, so nobody overwrites a change unseen.
 * The save's request id is kept until it succeeds, so a retry after a lost network is applied once.
 *
 * Photos (照片) are edited here too, online: the ones the record has are shown from their URLs, new
 * ones from the phone. 保存 first uploads each new photo to a fresh path under the event's folder
 * (the server accepts no other), then sends the whole list of file IDs in order; a photo removed is
 * a change in the record's history like any other. A photo uploaded before a failed save keeps its
 * file ID, so the retry sends the same list without uploading it again. Adding photos uses the camera
 * or album: only after consent to the privacy notice. Parties are corrected on the case page.
 */
import { Image, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { useCallback, useEffect, useRef, useState } from 'react'
import type { EventDetail } from '../../core/contract'
import type { FieldErrors } from '../../core/errors'
import { validateEvent } from '../../core/event-input'
import { findType } from '../../core/event-types'
import { MAX_PHOTOS_PER_EVENT, newPhotoToken, photoCloudPath } from '../../core/photos'
import { ConsentButton } from '../../components/consent-button'
import { EventForm, formFromDetail, inputOf, type EventFormValue } from '../../components/event-form'
import { FieldError, PageError, SubmitButton } from '../../components/field'
import { Button } from '../../components/nutui'
import { useCall } from '../../components/use-call'
import { useMe } from '../../components/use-me'
import { callCloud } from '../../services/cloud'
import { choosePhotos, photoSrc, removeLocalPhoto, uploadPhoto } from '../../services/photos'
import { usePendingRequest } from '../pending-request'
import { useCatalogue } from '../../components/use-catalogue'
import './index.css'
import { withTimeout } from '../../components/with-timeout'

const STALE_MESSAGE = '这条记录已被他人修改，请查看最新内容后再修改'
const UPLOAD_FAILED = '照片上传失败，请检查网络后重试'
/** An upload not finished by then is given up (the save can be retried), as the outbox does. */
const UPLOAD_TIMEOUT_MS = 120_000

/**
 * A photo in the list: one the record has (`url` to show it), or one chosen here (`localRef`, on the
 * phone), which has a `fileID` once uploaded. `key` tells them apart for React.
 */
type EditPhoto =
  | { readonly key: string; readonly fileID: string; readonly url: string }
  | { readonly key: string; readonly localRef: string; readonly fileID?: string }

const isNew = (p: EditPhoto): p is Extract<EditPhoto, { localRef: string }> => 'localRef' in p

const photosOf = (event: EventDetail): EditPhoto[] =>
  event.photos.map((p) => ({ key: p.fileID, fileID: p.fileID, url: p.url }))

/** The `<n>` of a stored photo's file ID (`…/events/<id>/<n>-<token>.jpg`), if it has one. */
function photoIndexOf(fileID: string): number | undefined {
  const match = /\/(\d+)-[A-Za-z0-9]+\.jpg$/.exec(fileID)
  return match ? Number(match[1]) : undefined
}

/**
 * Where each photo not yet uploaded goes (its key → index for photoCloudPath): its position in the
 * list, unless a photo with a file ID already uses that index or it is beyond the last one; then the
 * lowest index free. Indexes stay 0 to MAX_PHOTOS_PER_EVENT - 1 and unique within the list.
 */
function uploadIndexes(photos: readonly EditPhoto[]): Map<string, number> {
  const used = new Set<number>()
  for (const p of photos) {
    const n = p.fileID !== undefined ? photoIndexOf(p.fileID) : undefined
    if (n !== undefined) used.add(n)
  }
  const indexes = new Map<string, number>()
  photos.forEach((p, position) => {
    if (p.fileID !== undefined) return
    let index = position < MAX_PHOTOS_PER_EVENT && !used.has(position) ? position : 0
    while (used.has(index)) index++
    if (index >= MAX_PHOTOS_PER_EVENT) throw new RangeError('more photos than an event may have')
    used.add(index)
    indexes.set(p.key, index)
  })
  return indexes
}

export default function EditEventPage() {
  const id = useRouter().params.id ?? ''
  const { types, loaded: catalogueLoaded, error: catalogueError } = useCatalogue()
  const [event, setEvent] = useState<EventDetail | undefined>()
  const [value, setValue] = useState<EventFormValue | undefined>()
  const [loadError, setLoadError] = useState<string | undefined>()
  const [checked, setChecked] = useState<FieldErrors>({})
  const [stale, setStale] = useState(false)
  const [photos, setPhotos] = useState<EditPhoto[]>([])
  const [uploading, setUploading] = useState(false)
  const [photoMessage, setPhotoMessage] = useState<string | undefined>()
  const { me } = useMe()
  const [agreed, setAgreed] = useState(false)
  const save = useCall()
  const pending = usePendingRequest()
  const def = event ? findType(types, event.type) : undefined
  const busy = uploading || save.busy
  const consented = agreed || me?.consentCurrent === true

  // Photos chosen here are kept on the phone until the page closes (uploaded or not): then released.
  const photosNow = useRef(photos)
  photosNow.current = photos
  useEffect(
    () => () => {
      for (const p of photosNow.current) if (isNew(p)) removeLocalPhoto(p.localRef)
    },
    [],
  )

  const load = useCallback(async () => {
    if (!id) {
      setLoadError('找不到这条记录')
      return
    }
    const result = await callCloud('events', 'get', { id })
    if (!result.ok) {
      setLoadError(result.error.message)
      return
    }
    setLoadError(undefined)
    setEvent(result.data.event)
    setValue(formFromDetail(result.data.event))
    // Photos chosen here and not saved are dropped with the rest of the edit (查看最新).
    for (const p of photosNow.current) if (isNew(p)) removeLocalPhoto(p.localRef)
    setPhotos(photosOf(result.data.event))
    setPhotoMessage(undefined)
    setChecked({})
    setStale(false)
  }, [id])

  useEffect(() => {
    void load()
  }, [load])

  async function reload() {
    save.setError(undefined)
    save.setFields({})
    await load()
  }

  async function submit() {
    if (!event || !value || !def || busy) return
    // The form is checked before anything is uploaded (new photos are checked once they have file IDs).
    const stored = photos.flatMap((p) => (p.fileID !== undefined ? [p.fileID] : []))
    const local = validateEvent(def, { ...inputOf(value), photos: stored }, { eventId: event.id })
    if (!local.ok) {
      setChecked(local.fields)
      return
    }
    setChecked({})
    save.setError(undefined)
    const fileIDs = await uploadNewPhotos(event.id)
    if (!fileIDs) return // nothing was sent: the request id stays as it was, for the retry
    const input = { ...inputOf(value), photos: fileIDs }
    const sent = pending.begin('update', event.version)
    const result = await save.run(() => callCloud('events', 'update', { id, ...sent, event: input }))
    pending.settle('update', sent, result)
    if (result.ok) {
      void Taro.showToast({ title: '已保存', icon: 'success' })
      setTimeout(() => void Taro.navigateBack(), 600)
      return
    }
    if (result.error.code === 'EVENT.STALE_VERSION') setStale(true)
  }

  /**
   * Uploads each photo chosen here that has no file ID yet, recording each file ID as it comes; resolves
   * to the list's file IDs in order, or undefined (and says so) when an upload failed.
   */
  async function uploadNewPhotos(eventId: string): Promise<string[] | undefined> {
    let list = photos
    setUploading(true)
    try {
      const indexes = uploadIndexes(list)
      for (const photo of list) {
        if (!isNew(photo) || photo.fileID !== undefined) continue
        const path = photoCloudPath(eventId, indexes.get(photo.key)!, newPhotoToken())
        const fileID = await withTimeout(uploadPhoto(photo.localRef, path), UPLOAD_TIMEOUT_MS)
        const withID = (p: EditPhoto): EditPhoto => (p.key === photo.key ? { ...photo, fileID } : p)
        list = list.map(withID)
        setPhotos((current) => current.map(withID))
      }
    } catch (e) {
      console.warn('edit: uploading a photo failed', e)
      save.setError(UPLOAD_FAILED)
      return undefined
    } finally {
      setUploading(false)
    }
    return list.map((p) => p.fileID!)
  }

  function addPhotos() {
    if (busy) return
    setPhotoMessage(undefined)
    // Called straight from the tap: a browser opens its file picker only during one.
    choosePhotos(MAX_PHOTOS_PER_EVENT - photos.length).then(
      (chosen) => {
        if (chosen.length === 0) return
        const room = Math.max(MAX_PHOTOS_PER_EVENT - photosNow.current.length, 0)
        for (const p of chosen.slice(room)) removeLocalPhoto(p.localRef)
        const added = chosen
          .slice(0, room)
          .map((p) => ({ key: `new-${newPhotoToken()}`, localRef: p.localRef }))
        setPhotos((current) => [...current, ...added])
        save.setFields(({ photos: _gone, ...rest }) => rest)
      },
      (e: unknown) => {
        console.warn('choosing photos failed', e)
        setPhotoMessage('照片读取失败，请重新选择')
      },
    )
  }

  function removePhoto(key: string) {
    if (busy) return
    const photo = photos.find((p) => p.key === key)
    if (!photo) return
    setPhotos(photos.filter((p) => p.key !== key))
    if (isNew(photo)) removeLocalPhoto(photo.localRef)
    save.setFields(({ photos: _gone, ...rest }) => rest)
  }

  if (loadError || catalogueError) {
    return (
      <View className="page edit-page">
        <PageError message={loadError ?? catalogueError} />
      </View>
    )
  }
  if (!event || !value || !catalogueLoaded) {
    return (
      <View className="page edit-page">
        <View className="hint">加载中…</View>
      </View>
    )
  }
  if (!def) {
    return (
      <View className="page edit-page">
        <PageError message="找不到这条记录的类型，暂时不能修改" />
      </View>
    )
  }
  if (event.status === 'voided' || !event.mayEdit) {
    return (
      <View className="page edit-page">
        <PageError
          message={event.status === 'voided' ? '这条记录已作废，不能再修改' : '您没有权限修改这条记录'}
        />
      </View>
    )
  }

  const errors = { ...save.fields, ...checked }
  return (
    <View className="page edit-page">
      <View className="card edit-head">
        <View className="small edit-type">{event.typeLabel}</View>
        <View className="small muted">
          {event.nodeName} · {event.createdByName}记录
        </View>
      </View>
      <EventForm
        def={def}
        value={value}
        errors={errors}
        withParties={false}
        onChange={(next, field) => {
          setValue(next)
          if (field) {
            setChecked(({ [field]: _gone, ...rest }) => rest)
            save.setFields(({ [field]: _gone, ...rest }) => rest)
          }
        }}
      />

      <View className="section-title">照片（选填）</View>
      <View className="card edit-photos">
        {photos.length > 0 ? (
          <View className="edit-photo-grid">
            {photos.map((p) => (
              <View key={p.key} className="edit-photo">
                {isNew(p) || p.url ? (
                  <Image
                    className="edit-photo-image"
                    src={isNew(p) ? photoSrc(p.localRef) : p.url}
                    mode="aspectFill"
                  />
                ) : (
                  <View className="edit-photo-missing small muted">照片暂不可用</View>
                )}
                <View className="photo-remove" onClick={() => removePhoto(p.key)}>
                  ✕
                </View>
              </View>
            ))}
          </View>
        ) : null}
        {consented ? (
          <Button
            size="small"
            fill="outline"
            type="primary"
            className="photo-button"
            disabled={busy || photos.length >= MAX_PHOTOS_PER_EVENT}
            onClick={addPhotos}
          >
            添加照片 {photos.length}/{MAX_PHOTOS_PER_EVENT}
          </Button>
        ) : me ? (
          <View className="edit-photo-consent">
            <View className="card-line">
              拍照或选择照片前，请先阅读并同意《用户隐私保护指引》。照片只用于这条记录。
            </View>
            <View
              className="card-line privacy-link"
              onClick={() => void Taro.navigateTo({ url: '/account/privacy/index' })}
            >
              阅读隐私保护指引全文
            </View>
            <View className="actions">
              <ConsentButton onAgreed={() => setAgreed(true)}>同意并添加照片</ConsentButton>
            </View>
          </View>
        ) : photos.length === 0 ? (
          <View className="small muted">没有照片</View>
        ) : null}
        {uploading ? <View className="small muted photo-uploading">正在上传照片…</View> : null}
        {photoMessage ? <View className="notice notice-error">{photoMessage}</View> : null}
        <FieldError message={errors.photos} />
      </View>

      {stale ? (
        <View className="notice notice-error stale-notice">
          <View>{STALE_MESSAGE}</View>
          <Button size="small" type="primary" onClick={() => void reload()} className="reload-button">
            查看最新
          </Button>
        </View>
      ) : (
        <PageError message={save.error} />
      )}
      {Object.keys(errors).some((k) => errors[k]) && !save.error ? (
        <View className="hint form-invalid">请按标红的提示修改后再保存</View>
      ) : null}

      <View className="actions">
        <SubmitButton busy={busy} onClick={() => void submit()} className="save-button">
          保存
        </SubmitButton>
      </View>
      <View className="hint">修改会记入这条记录的修改记录，统计按修改后的内容计算。</View>
    </View>
  )
}
