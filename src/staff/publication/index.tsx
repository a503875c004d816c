/**
 * 活动 (staff/publication/index?id=…): one publication as staff manage it. Its status; what residents
 * see now (the live version) and, when an edit is held for review, that version beside it, the changed
 * fields marked; each public image with its check (检测中, 已通过, 待审核 …) and whether residents see it;
 * why it was taken down; and its history.
 *
 * What the caller may do comes from the server (mayManage, mayReview): 编辑, 撤下 (with a reason),
 * 重新发布 (the live version again), 审核通过 / 不通过 of a held version or a held image (a reason for
 * 不通过), and for an announcement whose day has come, 记为已举办: the 记录 tab opens with the activity
 * filled in, to log it under the same id (pages/log handles `?announcement=`). Every change carries the
 * version it was based on; a stale one is refused and the page shows the publication as it now is.
 */
import { Image, View } from '@tarojs/components'
import Taro, { useDidShow, useRouter } from '@tarojs/taro'
import { useCallback, useState } from 'react'
import { chinaDateTime, chinaToday } from '../../core/china-time'
import type { PublicationHistoryView, PublicationView, PublicMediaView } from '../../core/contract'
import type { Envelope } from '../../core/errors'
import { checkText } from '../../core/event-input'
import { PUBLIC_LIMITS, type PublicFields } from '../../core/publication'
import { Field, PageError } from '../../components/field'
import { Button, CellGroup, Input, Popup } from '../../components/nutui'
import { PublicationBadges, PublicationStatusPill } from '../../components/publication-badges'
import { mayRecordHeld, mediaRoleOf, publicChangeLine, timeTextOf } from '../../components/publish-form-value'
import { useCall } from '../../components/use-call'
import { useMe } from '../../components/use-me'
import { callCloud } from '../../services/cloud'
import './index.css'

/** A reason asked for: taking it down, or refusing a held version or image (`fileID`). */
type ReasonSheet = { readonly kind: 'unpublish' } | { readonly kind: 'reject'; readonly fileID?: string }

/** The rows compared between the live version and the one held for review. */
const ROWS: readonly { key: string; label: string; text: (f: PublicFields) => string }[] = [
  { key: 'title', label: '标题', text: (f) => f.title },
  { key: 'time', label: '时间', text: timeTextOf },
  { key: 'place', label: '地点', text: (f) => f.place },
  { key: 'speaker', label: '主讲人', text: (f) => f.speaker || '—' },
  { key: 'summary', label: '简介', text: (f) => f.summary || '—' },
  { key: 'photos', label: '公开照片', text: (f) => (f.photos.length > 0 ? `${f.photos.length}张` : '无') },
]

function CoverImage({ fileID, media }: { fileID: string | null; media: readonly PublicMediaView[] }) {
  const url = fileID ? media.find((m) => m.fileID === fileID)?.url : undefined
  if (!fileID) return <View className="small muted">无封面</View>
  return url ? (
    <Image className="spub-cover" src={url} mode="aspectFill" />
  ) : (
    <View className="spub-cover spub-missing small muted">封面暂不可用</View>
  )
}

/** One version as residents would read it. */
function FieldsCard({
  fields,
  media,
  className,
}: {
  fields: PublicFields
  media: readonly PublicMediaView[]
  className: string
}) {
  return (
    <View className={`card spub-fields ${className}`}>
      {fields.cover ? <CoverImage fileID={fields.cover} media={media} /> : null}
      <View className="card-title spub-title">{fields.title}</View>
      <View className="card-line spub-time">时间：{timeTextOf(fields)}</View>
      <View className="card-line spub-place">地点：{fields.place}</View>
      {fields.speaker ? <View className="card-line spub-speaker">主讲人：{fields.speaker}</View> : null}
      {fields.summary ? <View className="card-line spub-summary">{fields.summary}</View> : null}
      <View className="card-line small muted">
        {fields.photos.length > 0 ? `公开照片${fields.photos.length}张` : '没有公开照片'}
      </View>
    </View>
  )
}

/** The live version and the one held for review, side by side, the changed rows marked. */
function Compare({
  live,
  pending,
  media,
}: {
  live: PublicFields
  pending: PublicFields
  media: readonly PublicMediaView[]
}) {
  const coverChanged = live.cover !== pending.cover
  return (
    <View className="card spub-compare">
      <View className="spub-compare-row spub-compare-head">
        <View className="spub-compare-label" />
        <View className="spub-compare-cell">居民现在看到的</View>
        <View className="spub-compare-cell">待审核的修改</View>
      </View>
      {ROWS.map((r) => {
        const before = r.text(live)
        const after = r.text(pending)
        const changed = r.key === 'photos' ? live.photos.join() !== pending.photos.join() : before !== after
        return (
          <View key={r.key} className={`spub-compare-row compare-${r.key}${changed ? ' spub-changed' : ''}`}>
            <View className="spub-compare-label">{r.label}</View>
            <View className="spub-compare-cell">{before}</View>
            <View className="spub-compare-cell spub-compare-after">{after}</View>
          </View>
        )
      })}
      <View className={`spub-compare-row compare-cover${coverChanged ? ' spub-changed' : ''}`}>
        <View className="spub-compare-label">封面</View>
        <View className="spub-compare-cell">
          <CoverImage fileID={live.cover} media={media} />
        </View>
        <View className="spub-compare-cell spub-compare-after">
          <CoverImage fileID={pending.cover} media={media} />
        </View>
      </View>
    </View>
  )
}

function MediaList({
  media,
  versions,
  mayReview,
  busy,
  onDecide,
}: {
  media: readonly PublicMediaView[]
  /** The live and pending versions, to tell the cover, its thumbnail and the photos apart. */
  versions: readonly (PublicFields | undefined)[]
  mayReview: boolean
  busy: boolean
  onDecide: (fileID: string, approve: boolean) => void
}) {
  const urls = media.map((m) => m.url).filter((u) => u)
  return (
    <View className="card spub-media">
      {media.map((m) => (
        <View key={m.fileID} className={`spub-media-item media-${m.state}`}>
          {m.url ? (
            <Image
              className="spub-media-image"
              src={m.url}
              mode="aspectFill"
              onClick={() => void Taro.previewImage({ current: m.url, urls })}
            />
          ) : (
            <View className="spub-media-image spub-missing small muted">图片暂不可用</View>
          )}
          <View className="spub-media-side">
            <View className="small muted spub-media-role">{mediaRoleOf(m.fileID, versions)}</View>
            <View className={`spub-media-state state-${m.state}`}>{m.stateLabel}</View>
            <View className="small muted">{m.shown ? '居民可见' : '居民看不到'}</View>
            {mayReview && m.state === 'review' ? (
              <View className="row-buttons">
                <Button
                  size="small"
                  type="primary"
                  disabled={busy}
                  onClick={() => onDecide(m.fileID, true)}
                  className="media-approve"
                >
                  通过
                </Button>
                <Button
                  size="small"
                  type="danger"
                  fill="outline"
                  disabled={busy}
                  onClick={() => onDecide(m.fileID, false)}
                  className="media-reject"
                >
                  不通过
                </Button>
              </View>
            ) : null}
          </View>
        </View>
      ))}
    </View>
  )
}

function History({ history }: { history: readonly PublicationHistoryView[] }) {
  return (
    <View className="card spub-history">
      {history.map((h, i) => (
        <View key={i} className={`spub-history-item history-${h.action}`}>
          <View className="spub-history-head">
            {chinaDateTime(h.at)} · {h.byName || '系统'} · {h.label}
          </View>
          {h.reason ? <View className="small spub-history-reason">原因：{h.reason}</View> : null}
          {h.changes
            ? Object.entries(h.changes).map(([key, [before, after]]) => {
                const line = publicChangeLine(key, before, after)
                return line ? (
                  <View key={key} className="small muted spub-history-change">
                    {line}
                  </View>
                ) : null
              })
            : null}
        </View>
      ))}
    </View>
  )
}

export default function PublicationPage() {
  const id = useRouter().params.id ?? ''
  const [p, setP] = useState<PublicationView | undefined>()
  const [loadError, setLoadError] = useState<string | undefined>()
  // A refusal because the publication changed meanwhile: shown on the page, which shows it as it now is.
  const [refusal, setRefusal] = useState<string | undefined>()
  const [sheet, setSheet] = useState<ReasonSheet | undefined>()
  const [reason, setReason] = useState('')
  const { me } = useMe()
  const act = useCall()
  const reasonCall = useCall()

  const load = useCallback(async () => {
    if (!id) {
      setLoadError('找不到该活动')
      return
    }
    const got = await callCloud('publications', 'get', { id })
    if (got.ok) {
      setP(got.data.publication)
      setLoadError(undefined)
    } else setLoadError(got.error.message)
  }, [id])

  // Each time the page shows: back from 编辑, it is as saved.
  useDidShow(() => {
    void load()
  })

  /** Sends one change; on success shows the publication as it now is. */
  async function change(
    call: ReturnType<typeof useCall>,
    send: (version: number) => Promise<Envelope<{ publication: PublicationView }>>,
  ): Promise<boolean> {
    if (!p) return false
    setRefusal(undefined)
    const result = await call.run(() => send(p.version))
    if (result.ok) {
      setP(result.data.publication)
      return true
    }
    if (result.error.code === 'PUBLICATION.STALE_VERSION') {
      setRefusal(result.error.message)
      void load()
    }
    return false
  }

  async function republish() {
    const live = p?.live
    if (!live) return
    let outcome: 'published' | 'review' = 'published'
    const done = await change(act, async (version) => {
      const result = await callCloud('publications', 'publish', { id, version, fields: live })
      if (result.ok) outcome = result.data.outcome
      return result
    })
    if (done) {
      void Taro.showToast({
        title: outcome === 'published' ? '已重新发布' : '已提交审核（内容需人工审核后公开）',
        icon: 'none',
      })
    }
  }

  async function approve(fileID?: string) {
    const done = await change(act, (version) =>
      callCloud('publications', 'decide', { id, version, approve: true, ...(fileID ? { fileID } : {}) }),
    )
    if (done) void Taro.showToast({ title: '已审核通过', icon: 'none' })
  }

  function openReason(next: ReasonSheet) {
    setRefusal(undefined)
    reasonCall.setError(undefined)
    reasonCall.setFields({})
    setReason('')
    setSheet(next)
  }

  async function confirmReason() {
    if (!sheet) return
    const checked = checkText(reason, '原因', PUBLIC_LIMITS.reason)
    if (typeof checked !== 'string') {
      reasonCall.setFields({ reason: checked.error })
      return
    }
    const done =
      sheet.kind === 'unpublish'
        ? await change(reasonCall, (version) =>
            callCloud('publications', 'unpublish', { id, version, reason: checked }),
          )
        : await change(reasonCall, (version) =>
            callCloud('publications', 'decide', {
              id,
              version,
              approve: false,
              reason: checked,
              ...(sheet.fileID ? { fileID: sheet.fileID } : {}),
            }),
          )
    if (done) {
      void Taro.showToast({ title: sheet.kind === 'unpublish' ? '已撤下' : '已处理', icon: 'none' })
      setSheet(undefined)
    }
  }

  function recordHeld() {
    // 记录 is a tab page: only reLaunch opens it with a query (switchTab takes none).
    void Taro.reLaunch({ url: `/pages/log/index?announcement=${id}` })
  }

  if (loadError && !p) {
    return (
      <View className="page publication-page">
        <PageError message={loadError} />
      </View>
    )
  }
  if (!p) {
    return (
      <View className="page publication-page">
        <View className="hint">加载中…</View>
      </View>
    )
  }

  const busy = act.busy || reasonCall.busy
  const holdable = mayRecordHeld(p, chinaToday()) && me?.may.logEvents === true

  return (
    <View className={`page publication-page publication-status-${p.status}`}>
      <View className="card spub-head">
        <View className="row-head">
          <View className="small spub-type">
            {p.typeLabel} · {p.nodeName}
          </View>
          <PublicationStatusPill p={p} />
        </View>
        <View className="card-title spub-head-title">{(p.live ?? p.pending)?.title ?? p.title}</View>
        <PublicationBadges p={p} />
        <View className="card-line small muted">
          {p.createdByName} 发布 · {p.eventId ? '已记录活动情况，计入统计' : '活动预告，尚未记录举办情况'}
        </View>
      </View>

      {p.status === 'unpublished' ? (
        <View className="notice notice-error unpublish-reason">
          已撤下：{p.unpublishReason ?? '未说明原因'}
        </View>
      ) : null}
      {p.status === 'rejected' ? (
        <View className="notice notice-error rejected-notice">
          内容未通过审核，居民看不到。可以修改后重新发布。
        </View>
      ) : null}

      {p.live && p.pending ? (
        <>
          <View className="section-title">修改待审核（审核通过前，居民仍看到原来的内容）</View>
          <Compare live={p.live} pending={p.pending} media={p.media} />
        </>
      ) : p.live ? (
        <>
          <View className="section-title">
            {p.status === 'published' ? '居民看到的内容' : '上次公开的内容（居民现在看不到）'}
          </View>
          <FieldsCard fields={p.live} media={p.media} className="spub-live" />
        </>
      ) : p.pending ? (
        <>
          <View className="section-title">待审核的内容（审核通过后向居民公开）</View>
          <FieldsCard fields={p.pending} media={p.media} className="spub-pending" />
        </>
      ) : null}

      {p.media.length > 0 ? (
        <>
          <View className="section-title">图片安全检测（通过后居民才能看到）</View>
          <MediaList
            media={p.media}
            versions={[p.live, p.pending]}
            mayReview={p.mayReview}
            busy={busy}
            onDecide={(fileID, ok) => (ok ? void approve(fileID) : openReason({ kind: 'reject', fileID }))}
          />
        </>
      ) : null}

      <PageError message={refusal ?? act.error} />

      <View className="actions spub-actions">
        {p.mayReview && p.pending ? (
          <View className="row-buttons spub-review">
            <Button
              type="primary"
              loading={act.busy}
              disabled={busy}
              onClick={() => void approve()}
              className="approve-button"
            >
              审核通过
            </Button>
            <Button
              type="danger"
              fill="outline"
              disabled={busy}
              onClick={() => openReason({ kind: 'reject' })}
              className="reject-button"
            >
              不通过
            </Button>
          </View>
        ) : null}
        {holdable ? (
          <Button
            // The review's decision is the page's first action while one is waiting.
            type={p.mayReview && p.pending ? 'default' : 'primary'}
            block
            disabled={busy}
            onClick={recordHeld}
            className="held-button"
          >
            记为已举办
          </Button>
        ) : null}
        {p.mayManage ? (
          <>
            <Button
              block
              disabled={busy}
              onClick={() => void Taro.navigateTo({ url: `/staff/publish/index?id=${p.id}` })}
              className="publication-edit-button"
            >
              编辑
            </Button>
            {p.status === 'unpublished' && p.live ? (
              <Button
                type="primary"
                block
                loading={act.busy}
                disabled={busy}
                onClick={() => void republish()}
                className="republish-button"
              >
                重新发布
              </Button>
            ) : null}
            {p.status !== 'unpublished' ? (
              <Button
                type="danger"
                fill="outline"
                block
                disabled={busy}
                onClick={() => openReason({ kind: 'unpublish' })}
                className="unpublish-button"
              >
                撤下
              </Button>
            ) : null}
          </>
        ) : null}
        {p.eventId ? (
          <Button
            block
            fill="none"
            onClick={() => void Taro.navigateTo({ url: `/events/detail/index?id=${p.eventId}` })}
            className="event-link"
          >
            查看活动记录
          </Button>
        ) : null}
      </View>

      <View className="section-title">变更记录</View>
      {p.history.length === 0 ? <View className="hint">暂无记录</View> : <History history={p.history} />}

      <Popup
        visible={!!sheet}
        position="bottom"
        round
        onClose={() => setSheet(undefined)}
        className="sheet reason-sheet"
      >
        <View className="sheet-body">
          <View className="sheet-title">
            {sheet?.kind === 'unpublish' ? '撤下这项活动' : sheet?.fileID ? '图片不通过' : '修改不通过'}
          </View>
          <View className="hint sheet-hint">
            {sheet?.kind === 'unpublish'
              ? '撤下后居民不再看到这项活动，可以重新发布。'
              : sheet?.fileID
                ? '这张图片不会向居民展示。'
                : '待审核的修改不会公开，居民仍看到原来的内容（如有）。'}
          </View>
          <CellGroup>
            <Field label="原因" error={reasonCall.fields.reason}>
              <Input
                name="reason"
                placeholder={`${PUBLIC_LIMITS.reason.min}至${PUBLIC_LIMITS.reason.max}个字`}
                value={reason}
                onChange={(v) => {
                  setReason(v)
                  reasonCall.setFields({})
                }}
                maxLength={PUBLIC_LIMITS.reason.max}
              />
            </Field>
          </CellGroup>
          <PageError message={reasonCall.error} />
          <View className="actions">
            <Button
              type="danger"
              block
              loading={reasonCall.busy}
              disabled={reasonCall.busy}
              onClick={() => void confirmReason()}
              className="reason-confirm"
            >
              {sheet?.kind === 'unpublish' ? '确定撤下' : '确定不通过'}
            </Button>
            <Button block fill="none" onClick={() => setSheet(undefined)} className="reason-cancel">
              取消
            </Button>
          </View>
        </View>
      </Popup>
    </View>
  )
}
