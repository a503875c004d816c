/**
 * One record (events/detail/index?id=…): every field, labelled as its type's form labels it; photos;
 * who logged it and who changed it last; 修改, 作废 (with a reason) and 恢复 for those who may; for a
 * case its lifecycle and the steps it allows; and the version history, field by field.
 *
 * Every change carries the version it was based on and a request id kept until it succeeds, so a
 * retry after a lost network is applied once; a change based on a stale version is refused by the
 * server (EVENT.STALE_VERSION) and the page reloads the record.
 */
import { Image, View } from '@tarojs/components'
import Taro, { useDidShow, useRouter } from '@tarojs/taro'
import { useCallback, useEffect, useState } from 'react'
import { chinaDateTime } from '../../core/china-time'
import type { EventDetail, RevisionView } from '../../core/contract'
import type { Envelope } from '../../core/errors'
import { checkText } from '../../core/event-input'
import { findType, TEXT_LIMITS, type EventTypeDefinition } from '../../core/event-types'
import { isPublishable } from '../../core/publication'
import type { CaseActionInput, CaseActionKind } from '../../core/lifecycle'
import { Field, PageError } from '../../components/field'
import { Button, Cell, CellGroup, Input, Popup } from '../../components/nutui'
import { useCall } from '../../components/use-call'
import { callCloud } from '../../services/cloud'
import { CaseLifecycle, StepFormBody } from '../case-steps'
import { attributeText, changeValueText, fieldLabel, geoText, measureText } from '../event-values'
import { usePendingRequest } from '../pending-request'
import { useCatalogue } from '../../components/use-catalogue'
import { useMe } from '../../components/use-me'
import './index.css'

function Fields({ event, def }: { event: EventDetail; def: EventTypeDefinition | undefined }) {
  // The type's own order of measures and attributes; anything stored that it no longer defines after.
  const measureKeys = [
    ...(def?.measures.map((m) => m.key).filter((k) => k in event.measures) ?? []),
    ...Object.keys(event.measures).filter((k) => !def?.measures.some((m) => m.key === k)),
  ]
  const attributeKeys = [
    ...(def?.attributes.map((a) => a.key).filter((k) => k in event.attributes) ?? []),
    ...Object.keys(event.attributes).filter((k) => !def?.attributes.some((a) => a.key === k)),
  ]
  return (
    <CellGroup className="event-fields">
      <Cell title={fieldLabel('happenedOn', def)} extra={event.happenedOn} />
      {event.place ? <Cell title={fieldLabel('place', def)} extra={event.place} /> : null}
      {measureKeys.map((k) => (
        <Cell
          key={`m-${k}`}
          title={fieldLabel(`measures.${k}`, def)}
          extra={
            <View className={`measure measure-${k}`}>{measureText(k, event.measures[k] ?? 0, def)}</View>
          }
        />
      ))}
      {attributeKeys.map((k) => (
        <Cell
          key={`a-${k}`}
          title={fieldLabel(`attributes.${k}`, def)}
          extra={<View className={`attribute attribute-${k}`}>{attributeText(event.attributes[k])}</View>}
        />
      ))}
      <Cell title="所属" extra={event.nodeName} />
      {event.location ? (
        <Cell title="定位" extra={<View className="small">{geoText(event.location)}</View>} />
      ) : null}
    </CellGroup>
  )
}

function Photos({ photos }: { photos: EventDetail['photos'] }) {
  const urls = photos.map((p) => p.url).filter((u) => u)
  return (
    <View className="photos">
      {photos.map((p) =>
        p.url ? (
          <Image
            key={p.fileID}
            className="photo-thumb"
            src={p.url}
            mode="aspectFill"
            onClick={() => void Taro.previewImage({ current: p.url, urls })}
          />
        ) : (
          <View key={p.fileID} className="photo-thumb photo-missing small muted">
            照片暂不可用
          </View>
        ),
      )}
    </View>
  )
}

function History({
  revisions,
  def,
}: {
  revisions: readonly RevisionView[]
  def: EventTypeDefinition | undefined
}) {
  return (
    <View className="card history">
      {revisions.map((r, i) => (
        <View key={i} className={`revision revision-${r.action.replace('.', '-')}`}>
          <View className="revision-head">
            {chinaDateTime(r.at)} · {r.byName} · {r.label}
          </View>
          {r.changes
            ? Object.entries(r.changes).map(([key, [before, after]]) => (
                <View key={key} className="revision-change small muted">
                  {fieldLabel(key, def)}：{changeValueText(key, before, def)} →{' '}
                  {changeValueText(key, after, def)}
                </View>
              ))
            : null}
        </View>
      ))}
    </View>
  )
}

export default function EventDetailPage() {
  const id = useRouter().params.id ?? ''
  const [event, setEvent] = useState<EventDetail | undefined>()
  const [loadError, setLoadError] = useState<string | undefined>()
  const [revisions, setRevisions] = useState<readonly RevisionView[] | undefined>()
  const [voiding, setVoiding] = useState(false)
  const [reason, setReason] = useState('')
  const [stepKind, setStepKind] = useState<CaseActionKind | undefined>()
  // A refusal because the record changed meanwhile: shown on the page (the form it came from closes).
  const [refusal, setRefusal] = useState<string | undefined>()
  const { types } = useCatalogue()
  const voidCall = useCall()
  const restoreCall = useCall()
  const stepCall = useCall()
  const pending = usePendingRequest()
  const def = event ? findType(types, event.type) : undefined
  const { me } = useMe()
  const [opening, setOpening] = useState(false)

  const loadHistory = useCallback(async () => {
    const result = await callCloud('events', 'history', { id })
    if (result.ok) setRevisions(result.data.revisions)
  }, [id])

  const load = useCallback(async () => {
    if (!id) {
      setLoadError('找不到这条记录')
      return
    }
    const [got] = await Promise.all([callCloud('events', 'get', { id }), loadHistory()])
    if (got.ok) {
      setEvent(got.data.event)
      setLoadError(undefined)
    } else {
      setLoadError(got.error.message)
    }
  }, [id, loadHistory])

  // Each time the page shows: back from 修改, the record is as saved.
  useDidShow(() => {
    void load()
  })

  /** Sends one change of the record: on success shows the record as it now is. */
  async function change(
    key: string,
    call: ReturnType<typeof useCall>,
    send: (sent: { requestId: string; version: number }) => Promise<Envelope<{ event: EventDetail }>>,
  ): Promise<boolean> {
    if (!event) return false
    setRefusal(undefined)
    const sent = pending.begin(key, event.version)
    const result = await call.run(() => send(sent))
    pending.settle(key, sent, result)
    if (result.ok) {
      setEvent(result.data.event)
      void loadHistory()
      return true
    }
    // Someone changed it meanwhile: show it as it now is (the message says to look before trying again).
    if (result.error.code === 'EVENT.STALE_VERSION' || result.error.code === 'EVENT.VOIDED') {
      setRefusal(result.error.message)
      void load()
    }
    return false
  }

  async function confirmVoid() {
    const checked = checkText(reason, '作废原因', TEXT_LIMITS.reason)
    if (typeof checked !== 'string') {
      voidCall.setFields({ reason: checked.error })
      return
    }
    const done = await change('void', voidCall, (sent) =>
      callCloud('events', 'void', { id, ...sent, reason: checked }),
    )
    if (done) {
      setVoiding(false)
      setReason('')
      void Taro.showToast({ title: '已作废', icon: 'none' })
    }
  }

  async function restore() {
    const done = await change('restore', restoreCall, (sent) =>
      callCloud('events', 'restore', { id, ...sent }),
    )
    if (done) void Taro.showToast({ title: '已恢复', icon: 'none' })
  }

  async function takeStep(step: CaseActionInput) {
    const kind = stepKind
    if (!kind) return
    const done = await change(`step:${kind}`, stepCall, (sent) =>
      callCloud('cases', 'step', { id, ...sent, step }),
    )
    if (done) {
      setStepKind(undefined)
      void Taro.showToast({ title: '已记录', icon: 'none' })
    }
  }

  /**
   * 向居民公开: a publication shares its event's id. One already made opens its own page (publishing it
   * again there carries its version); otherwise the publish form starts from this record.
   */
  async function openPublication() {
    setOpening(true)
    const found = await callCloud('publications', 'get', { id }).finally(() => setOpening(false))
    void Taro.navigateTo({
      url: found.ok ? `/staff/publication/index?id=${id}` : `/staff/publish/index?event=${id}`,
    })
  }

  function closeStep() {
    setStepKind(undefined)
    stepCall.setError(undefined)
  }

  function openStep(kind: CaseActionKind) {
    setRefusal(undefined)
    stepCall.setError(undefined)
    stepCall.setFields({})
    setStepKind(kind)
  }

  // A step the case no longer allows (someone else took a step meanwhile) closes its form.
  const openKind = stepKind && event?.case?.nextSteps.includes(stepKind) ? stepKind : undefined
  useEffect(() => {
    if (stepKind && event && !openKind) setStepKind(undefined)
  }, [stepKind, event, openKind])

  if (loadError && !event) {
    return (
      <View className="page detail-page">
        <PageError message={loadError} />
      </View>
    )
  }
  if (!event) {
    return (
      <View className="page detail-page">
        <View className="hint">加载中…</View>
      </View>
    )
  }

  const voided = event.status === 'voided'

  return (
    <View className={`page detail-page${voided ? ' detail-voided' : ''}`}>
      {voided ? <View className="void-banner">已作废：{event.voidReason ?? '未说明原因'}</View> : null}
      <View className="card detail-head">
        <View className="detail-head-row">
          <View className="small detail-type">{event.typeLabel}</View>
          <View className={`status-pill status-pill-${event.status} detail-status`}>{event.statusLabel}</View>
        </View>
        <View className="card-title detail-title">{event.title}</View>
      </View>

      <Fields event={event} def={def} />

      {event.photos.length > 0 ? (
        <>
          <View className="section-title">照片（{event.photos.length}张）</View>
          <Photos photos={event.photos} />
        </>
      ) : null}

      <View className="card provenance small muted">
        <View className="created-by">
          {event.createdByName} 记录于 {chinaDateTime(event.createdAt)}
        </View>
        {event.updatedAt ? (
          <View className="updated-by">
            {event.updatedByName} 最后修改于 {chinaDateTime(event.updatedAt)}
          </View>
        ) : null}
      </View>

      <PageError message={loadError} />

      {event.case ? <CaseLifecycle event={event} onStep={openStep} refusal={refusal} /> : null}

      {event.type === 'dispute' ? (
        <View className="actions">
          <Button
            block
            onClick={() => void Taro.navigateTo({ url: `/staff/case/index?id=${event.id}` })}
            className="parties-button"
          >
            当事人信息
          </Button>
        </View>
      ) : null}

      {!voided && isPublishable(def) && me?.may.publishActivities ? (
        <View className="actions">
          <Button
            block
            loading={opening}
            disabled={opening}
            onClick={() => void openPublication()}
            className="publish-event-button"
          >
            向居民公开
          </Button>
        </View>
      ) : null}

      {event.mayEdit ? (
        <View className="actions record-actions">
          {event.case ? null : <PageError message={refusal} />}
          <PageError message={restoreCall.error} />
          {voided ? (
            <Button
              type="primary"
              block
              loading={restoreCall.busy}
              disabled={restoreCall.busy}
              onClick={() => void restore()}
              className="restore-button"
            >
              恢复
            </Button>
          ) : (
            <>
              <Button
                type={event.case?.nextSteps.length ? 'default' : 'primary'}
                block
                onClick={() => void Taro.navigateTo({ url: `/events/edit/index?id=${event.id}` })}
                className="edit-button"
              >
                修改
              </Button>
              <Button
                type="danger"
                fill="outline"
                block
                onClick={() => {
                  voidCall.setError(undefined)
                  voidCall.setFields({})
                  setVoiding(true)
                }}
                className="void-button"
              >
                作废
              </Button>
            </>
          )}
        </View>
      ) : null}

      <View className="section-title">修改记录</View>
      {revisions === undefined ? <View className="hint">加载中…</View> : null}
      {revisions?.length === 0 ? <View className="hint">暂无修改记录</View> : null}
      {revisions && revisions.length > 0 ? <History revisions={revisions} def={def} /> : null}

      <Popup
        visible={voiding && !voided}
        position="bottom"
        round
        onClose={() => setVoiding(false)}
        className="sheet void-sheet"
      >
        <View className="sheet-body">
          <View className="sheet-title">作废这条记录</View>
          <View className="hint sheet-hint">作废后这条记录不再计入任何统计，仍可查看，也可以恢复。</View>
          <CellGroup>
            <Field label="作废原因" error={voidCall.fields.reason}>
              <Input
                name="reason"
                placeholder="如：重复记录"
                value={reason}
                onChange={(v) => {
                  setReason(v)
                  voidCall.setFields({})
                }}
                maxLength={TEXT_LIMITS.reason.max}
              />
            </Field>
          </CellGroup>
          <PageError message={voidCall.error} />
          <View className="actions">
            <Button
              type="danger"
              block
              loading={voidCall.busy}
              disabled={voidCall.busy}
              onClick={() => void confirmVoid()}
              className="void-confirm"
            >
              确定作废
            </Button>
            <Button block fill="none" onClick={() => setVoiding(false)} className="void-cancel">
              取消
            </Button>
          </View>
        </View>
      </Popup>

      <Popup visible={!!openKind} position="bottom" round onClose={closeStep} className="sheet step-sheet">
        {openKind ? (
          <View className="sheet-body">
            <StepFormBody
              key={openKind}
              kind={openKind}
              event={event}
              busy={stepCall.busy}
              error={stepCall.error}
              serverFields={stepCall.fields}
              onConfirm={(step) => void takeStep(step)}
              onCancel={closeStep}
            />
          </View>
        ) : null}
      </Popup>
    </View>
  )
}
