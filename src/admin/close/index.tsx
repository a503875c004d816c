/**
 * 年度结账 (street admins): close an ended year (stats.closeYear: every figure is kept as it stands, with
 * its events, and the year's records can no longer be added, changed or voided), reopen a closed year
 * with a reason, close it again, or grant one late correction of one event (an exception, logged).
 * Each year's history — closes, reopenings, exceptions, by whom and why — is listed with it.
 */
import { Picker, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useMemo, useState } from 'react'
import { chinaDateTime, chinaToday } from '../../core/china-time'
import type { YearCloseView } from '../../core/contract'
import { checkText, EVENT_ID } from '../../core/event-input'
import { TEXT_LIMITS } from '../../core/event-types'
import { PickerRow } from '../../components/event-form'
import { Field, PageError, SubmitButton } from '../../components/field'
import { yearsUpTo } from '../../components/figures-view'
import { Button, CellGroup, Input } from '../../components/nutui'
import { useCall } from '../../components/use-call'
import { useLoad } from '../../components/use-load'
import { callCloud } from '../../services/cloud'
import './index.css'

const THIS_YEAR = Number(chinaToday().slice(0, 4))
/** Ended years, newest first: only they may be closed. */
const ENDED_YEARS = yearsUpTo(THIS_YEAR - 1)

const HISTORY_LABELS: Record<YearCloseView['history'][number]['kind'], string> = {
  close: '结账',
  reopen: '重新开启',
  exception: '批准更正',
}

type Form = 'reopen' | 'exception' | undefined

function CloseCard({
  close,
  onChanged,
}: {
  close: YearCloseView
  onChanged: (close: YearCloseView, message: string) => void
}) {
  const [form, setForm] = useState<Form>()
  const [reason, setReason] = useState('')
  const [eventId, setEventId] = useState('')
  const call = useCall()
  const closed = close.status === 'closed'

  const show = (next: Form) => {
    setForm(next)
    setReason('')
    setEventId('')
    call.setFields({})
    call.setError(undefined)
  }

  function checkedReason(): string | undefined {
    const r = checkText(reason, '原因', TEXT_LIMITS.reason)
    if (typeof r === 'string') return r
    call.setFields({ reason: r.error })
    return undefined
  }

  async function reopen() {
    const r = checkedReason()
    if (r === undefined) return
    const result = await call.run(() => callCloud('stats', 'reopenYear', { year: close.year, reason: r }))
    if (result.ok) {
      show(undefined)
      onChanged(result.data.close, `已重新开启${close.year}年`)
    }
  }

  async function grant() {
    const id = eventId.trim().toLowerCase()
    const r = checkedReason()
    if (!EVENT_ID.test(id)) {
      call.setFields((f) => ({ ...f, eventId: '请填写记录编号（记录详情中的编号）' }))
      return
    }
    if (r === undefined) return
    const result = await call.run(() =>
      callCloud('stats', 'grantException', { year: close.year, eventId: id, reason: r }),
    )
    if (result.ok) {
      show(undefined)
      onChanged(result.data.close, `已允许更正${close.year}年的一条记录`)
    }
  }

  async function closeAgain() {
    const { confirm } = await Taro.showModal({
      title: '再次结账',
      content: `确定再次结账${close.year}年吗？将按当前的记录保存该年的数字。`,
      confirmText: '结账',
      confirmColor: '#c0392b',
    })
    if (!confirm) return
    const result = await call.run(() => callCloud('stats', 'closeYear', { year: close.year }))
    if (result.ok) onChanged(result.data.close, `已结账${close.year}年`)
  }

  return (
    <View className={`card close-card close-${close.year} close-status-${close.status}`}>
      <View className="row-head">
        <View className="card-title">{close.year}年</View>
        <View className={`status-pill ${closed ? 'status-pill-closed' : 'status-pill-open'} close-status`}>
          {closed ? '已结账' : '已重新开启'}
        </View>
      </View>
      <View className="card-line small muted">
        {chinaDateTime(close.closedAt)} 由{close.closedByName}结账 ·{' '}
        {close.figuresVersion > 0 ? `指标定义第${close.figuresVersion}版` : '默认指标定义'}
      </View>
      {close.openExceptions.length > 0 ? (
        <View className="card-line small open-exceptions">
          待使用的更正许可：{close.openExceptions.join('、')}
        </View>
      ) : null}
      <View className="close-history">
        {[...close.history].reverse().map((h, i) => (
          <View key={i} className="close-history-row small">
            <View className="muted">
              {chinaDateTime(h.at)} {h.byName} {HISTORY_LABELS[h.kind]}
            </View>
            {h.eventId ? <View className="close-history-detail">记录 {h.eventId}</View> : null}
            {h.reason ? <View className="close-history-detail">原因：{h.reason}</View> : null}
          </View>
        ))}
      </View>

      {form === 'reopen' ? (
        <View className="close-form">
          <CellGroup>
            <Field label="原因" error={call.fields.reason}>
              <Input
                name="reopenReason"
                placeholder="如：补录12月的两场讲座"
                value={reason}
                onChange={setReason}
                maxLength={TEXT_LIMITS.reason.max}
              />
            </Field>
          </CellGroup>
          <View className="hint small">重新开启后，该年的记录可以再新增和修改，数字以再次结账时为准。</View>
        </View>
      ) : null}
      {form === 'exception' ? (
        <View className="close-form">
          <CellGroup>
            <Field label="记录编号" error={call.fields.eventId}>
              <Input
                name="exceptionEventId"
                placeholder="记录详情中的编号"
                value={eventId}
                onChange={setEventId}
                maxLength={36}
              />
            </Field>
            <Field label="原因" error={call.fields.reason}>
              <Input
                name="exceptionReason"
                placeholder="如：参与人次录入错误"
                value={reason}
                onChange={setReason}
                maxLength={TEXT_LIMITS.reason.max}
              />
            </Field>
          </CellGroup>
          <View className="hint small">该记录可以在结账后更正一次，更正写入操作日志。</View>
        </View>
      ) : null}
      <PageError message={call.error} />

      <View className="row-buttons">
        {form ? (
          <>
            <Button
              size="small"
              type="primary"
              loading={call.busy}
              disabled={call.busy}
              onClick={() => void (form === 'reopen' ? reopen() : grant())}
              className={form === 'reopen' ? 'reopen-confirm' : 'exception-confirm'}
            >
              {form === 'reopen' ? '确认重新开启' : '确认批准'}
            </Button>
            <Button size="small" fill="none" onClick={() => show(undefined)} className="close-form-cancel">
              取消
            </Button>
          </>
        ) : closed ? (
          <>
            <Button size="small" onClick={() => show('exception')} className="exception-button">
              批准一条更正
            </Button>
            <Button
              size="small"
              type="danger"
              fill="outline"
              onClick={() => show('reopen')}
              className="reopen-button"
            >
              重新开启
            </Button>
          </>
        ) : (
          <Button
            size="small"
            type="primary"
            loading={call.busy}
            disabled={call.busy}
            onClick={() => void closeAgain()}
            className="close-again-button"
          >
            再次结账
          </Button>
        )}
      </View>
    </View>
  )
}

export default function ClosePage() {
  const [closes, setCloses] = useState<readonly YearCloseView[] | undefined>()
  const [notice, setNotice] = useState<string | undefined>()
  const [year, setYear] = useState<number | undefined>()
  const closing = useCall()

  const { error } = useLoad(
    () => callCloud('stats', 'closes', {}),
    (data) => setCloses(data.closes),
  )

  // The ended years not closed now (a reopened year is closed again from its card).
  const open = useMemo(() => ENDED_YEARS.filter((y) => !closes?.some((c) => c.year === y)), [closes])
  // One range per list: Taro's H5 picker resets its column when it receives a new range array.
  const range = useMemo(() => open.map((y) => `${y}年`), [open])
  const chosen = year !== undefined && open.includes(year) ? year : open[0]

  function changed(close: YearCloseView, message: string) {
    setCloses((list) => {
      const others = (list ?? []).filter((c) => c.year !== close.year)
      return [...others, close].sort((a, b) => b.year - a.year)
    })
    setNotice(message)
  }

  async function closeYear() {
    if (chosen === undefined) return
    const { confirm } = await Taro.showModal({
      title: '年度结账',
      content: `确定结账${chosen}年吗？结账后将保存该年每个指标的数字，该年的记录不能再新增、修改或作废（可重新开启，或批准单条更正）。`,
      confirmText: '结账',
      confirmColor: '#c0392b',
    })
    if (!confirm) return
    const result = await closing.run(() => callCloud('stats', 'closeYear', { year: chosen }))
    if (result.ok) changed(result.data.close, `已结账${chosen}年`)
  }

  return (
    <View className="page close-page">
      {notice ? <View className="notice notice-ok close-notice">{notice}</View> : null}
      <PageError message={error} />
      {closes === undefined && !error ? <View className="hint">加载中…</View> : null}

      {closes ? (
        <>
          <View className="section-title">结账</View>
          {chosen !== undefined ? (
            <>
              <CellGroup>
                <Picker
                  mode="selector"
                  range={range}
                  value={Math.max(0, open.indexOf(chosen))}
                  onChange={(e) => setYear(open[Number(e.detail.value)])}
                >
                  <PickerRow className="close-year-picker" label="结账年度" value={`${chosen}年`} />
                </Picker>
              </CellGroup>
              <View className="hint">
                结账保存该年每个指标的数字和对应的记录；之后该年的记录不能再新增、修改或作废。
              </View>
              <PageError message={closing.error} />
              <View className="actions">
                <SubmitButton
                  busy={closing.busy}
                  onClick={() => void closeYear()}
                  className="close-year-button"
                >
                  结账{chosen}年
                </SubmitButton>
              </View>
            </>
          ) : (
            <View className="hint">已结束的年度都已结账。</View>
          )}

          <View className="section-title">结账记录</View>
          {closes.length === 0 ? <View className="hint">还没有结账的年度。</View> : null}
          {closes.map((c) => (
            <CloseCard key={c.year} close={c} onChanged={changed} />
          ))}
        </>
      ) : null}
    </View>
  )
}
