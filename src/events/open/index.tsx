/**
 * 待办案件: the open cases at my nodes and those I handle, oldest first, each with what it waits for
 * and how many days since it was accepted or reported; those older than 30 days are marked. A row
 * opens the case's record, where its next step is taken.
 */
import { View } from '@tarojs/components'
import Taro, { useDidShow, useReachBottom } from '@tarojs/taro'
import { useCallback, useRef, useState } from 'react'
import type { OpenCaseView } from '../../core/contract'
import { ageLabel, OVERDUE_DAYS } from '../../core/lifecycle'
import { PageError } from '../../components/field'
import { Button } from '../../components/nutui'
import { callCloud } from '../../services/cloud'
import './index.css'

/** Days after which an open case is marked overdue (domain.md: deadlines and reminders for open cases). */

function CaseRow({ kase }: { kase: OpenCaseView }) {
  const overdue = kase.ageDays > OVERDUE_DAYS
  return (
    <View
      className={`card case-row${overdue ? ' overdue' : ''}`}
      onClick={() => void Taro.navigateTo({ url: `/events/detail/index?id=${kase.id}` })}
    >
      <View className="case-head">
        <View className="case-type small">{kase.typeLabel}</View>
        <View className="status-pill status-pill-open case-status">{kase.statusLabel}</View>
      </View>
      <View className="card-title case-title">{kase.title}</View>
      <View className="card-line small muted">
        {kase.happenedOn} · {kase.nodeName}
        {kase.handledByMe ? ' · 我经办' : ''}
      </View>
      <View className="case-foot">
        <View className="case-waiting">{kase.waitingFor}</View>
        <View className="case-age">{ageLabel(kase.ageDays)}</View>
      </View>
    </View>
  )
}

export default function OpenCasesPage() {
  const [cases, setCases] = useState<readonly OpenCaseView[]>([])
  const [next, setNext] = useState<string | undefined>()
  const [loading, setLoading] = useState(true)
  const [error, setError] = useState<string | undefined>()
  const latest = useRef(0)

  const load = useCallback(async (cursor?: string) => {
    const ticket = ++latest.current
    setLoading(true)
    const result = await callCloud('cases', 'open', cursor ? { cursor } : {})
    if (ticket !== latest.current) return
    setLoading(false)
    if (!result.ok) {
      setError(result.error.message)
      return
    }
    setError(undefined)
    setCases((list) => (cursor ? [...list, ...result.data.cases] : result.data.cases))
    setNext(result.data.next)
  }, [])

  // Each time the page shows: back from a case whose step was taken, the list is as it now is.
  useDidShow(() => {
    void load()
  })

  const more = () => {
    if (next && !loading) void load(next)
  }
  useReachBottom(more)

  return (
    <View className="page open-page">
      <PageError message={error} />
      {!loading && !error && cases.length === 0 ? <View className="hint empty">没有待办的案件</View> : null}
      {cases.map((c) => (
        <CaseRow key={c.id} kase={c} />
      ))}
      {loading ? <View className="hint">加载中…</View> : null}
      {next && !loading ? (
        <View className="actions">
          <Button block onClick={more} className="more-button">
            加载更多
          </Button>
        </View>
      ) : null}
    </View>
  )
}
