/**
 * 修改 (events/edit/index?id=…): the record's form, filled with what it holds, saved with the version
 * it was loaded at. If someone changed the record meanwhile the server refuses (EVENT.STALE_VERSION):
 * the page says so and 查看最新 loads the record as it now is, so nobody overwrites a change unseen.
 * The save's request id is kept until it succeeds, so a retry after a lost network is applied once.
 * Photos are kept as they are (they are added when logging); parties are corrected on the case page.
 */
import { View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { useCallback, useEffect, useState } from 'react'
import type { EventDetail } from '../../core/contract'
import type { FieldErrors } from '../../core/errors'
import { validateEvent } from '../../core/event-input'
import { findType } from '../../core/event-types'
import { EventForm, formFromDetail, inputOf, type EventFormValue } from '../../components/event-form'
import { PageError, SubmitButton } from '../../components/field'
import { Button } from '../../components/nutui'
import { useCall } from '../../components/use-call'
import { callCloud } from '../../services/cloud'
import { usePendingRequest } from '../pending-request'
import { useCatalogue } from '../use-catalogue'
import './index.css'

const STALE_MESSAGE = '这条记录已被他人修改，请查看最新内容后再修改'

export default function EditEventPage() {
  const id = useRouter().params.id ?? ''
  const { types, loaded: catalogueLoaded, error: catalogueError } = useCatalogue()
  const [event, setEvent] = useState<EventDetail | undefined>()
  const [value, setValue] = useState<EventFormValue | undefined>()
  const [loadError, setLoadError] = useState<string | undefined>()
  const [checked, setChecked] = useState<FieldErrors>({})
  const [stale, setStale] = useState(false)
  const save = useCall()
  const pending = usePendingRequest()
  const def = event ? findType(types, event.type) : undefined

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
    if (!event || !value || !def) return
    // Photos are not on the form: sent as they are, so an edit keeps them.
    const input = { ...inputOf(value), photos: event.photos.map((p) => p.fileID) }
    const local = validateEvent(def, input, { eventId: event.id })
    if (!local.ok) {
      setChecked(local.fields)
      return
    }
    setChecked({})
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
      {event.photos.length > 0 ? (
        <View className="hint">照片（{event.photos.length}张）保持不变。</View>
      ) : null}

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
        <SubmitButton busy={save.busy} onClick={() => void submit()} className="save-button">
          保存
        </SubmitButton>
      </View>
      <View className="hint">修改会记入这条记录的修改记录，统计按修改后的内容计算。</View>
    </View>
  )
}
