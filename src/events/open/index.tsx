/**
 * 待办案件: the open cases at my nodes and those I handle, oldest first, each with what it waits for
 * and how many days since it was accepted or reported; those older than 30 days are marked. A row
 * opens the case's record, where its next step is taken.
 */
import { View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import type { OpenCaseView } from '../../core/contract'
import { ageLabel, OVERDUE_DAYS } from '../../core/lifecycle'
import { PageError } from '../../components/field'
import { PagedListFoot } from '../../components/paged-list-foot'
import { usePagedList } from '../../components/use-paged-list'
import { callCloud } from '../../services/cloud'
import './index.css'

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

const openCases = (cursor?: string) => callCloud('cases', 'open', cursor ? { cursor } : {})

export default function OpenCasesPage() {
  const list = usePagedList(openCases, (page) => page.cases)

  return (
    <View className="page open-page">
      <PageError message={list.error} />
      {list.empty ? <View className="hint empty">没有待办的案件</View> : null}
      {list.items.map((c) => (
        <CaseRow key={c.id} kase={c} />
      ))}
      <PagedListFoot list={list} />
    </View>
  )
}
