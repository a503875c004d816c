/**
 * 案件: one dispute case (staff/case/index?id=…). Parties are shown masked (张*, 138****5678);
 * 显示完整信息 asks the server for them unmasked, and that reading is written to the audit log.
 * Anyone who may not read the case sees the server's refusal, in its words.
 */
import { View } from '@tarojs/components'
import { useRouter } from '@tarojs/taro'
import { useEffect, useState } from 'react'
import type { CaseView } from '../../core/contract'
import { STATUS_LABELS } from '../../core/lifecycle'
import { PARTY_ROLE_LABELS, type Party } from '../../core/personal-data'
import { PageError } from '../../components/field'
import { Button, Cell, CellGroup } from '../../components/nutui'
import { useCall } from '../../components/use-call'
import { callCloud } from '../../services/cloud'
import './index.css'

function PartyCard({ party }: { party: Party }) {
  return (
    <View className="card party">
      <View className="card-title">
        <View className="party-role small muted">{PARTY_ROLE_LABELS[party.role]}</View>
        <View className="party-name">{party.name}</View>
      </View>
      {party.phone ? <View className="card-line">电话：{party.phone}</View> : null}
      {party.idNumber ? <View className="card-line">身份证：{party.idNumber}</View> : null}
      {party.address ? <View className="card-line">住址：{party.address}</View> : null}
    </View>
  )
}

export default function CasePage() {
  const id = useRouter().params.id ?? ''
  const [kase, setCase] = useState<CaseView | undefined>()
  const [revealed, setRevealed] = useState<readonly Party[] | undefined>()
  const [error, setError] = useState<string | undefined>()
  const { busy, error: revealError, run } = useCall()

  useEffect(() => {
    if (!id) {
      setError('找不到该案件')
      return
    }
    void callCloud('cases', 'get', { id }).then((result) => {
      if (result.ok) setCase(result.data.case)
      else setError(result.error.message)
    })
  }, [id])

  async function reveal() {
    const result = await run(() => callCloud('cases', 'revealParties', { id }))
    if (result.ok) setRevealed(result.data.parties)
  }

  if (error) {
    return (
      <View className="page case-page">
        <PageError message={error} />
      </View>
    )
  }
  if (!kase) {
    return (
      <View className="page case-page">
        <View className="hint">加载中…</View>
      </View>
    )
  }

  const parties = revealed ?? kase.parties
  return (
    <View className="page case-page">
      <View className="card">
        <View className="card-title case-title">{kase.title}</View>
      </View>
      <CellGroup>
        <Cell title="纠纷类别" extra={kase.category} />
        <Cell title="受理日期" extra={kase.happenedOn} />
        <Cell title="状态" extra={<View className="case-status">{STATUS_LABELS[kase.status]}</View>} />
        {kase.closedOn ? <Cell title="办结日期" extra={kase.closedOn} /> : null}
        <Cell title="所属" extra={kase.nodeName} />
      </CellGroup>

      <View className="section-title">当事人（{kase.partyCount}人）</View>
      {kase.partiesPurged ? <View className="hint">当事人信息已按保存期限删除。</View> : null}
      {!kase.partiesPurged && !parties ? <View className="hint">您没有查看当事人信息的权限。</View> : null}
      <View className={revealed ? 'parties parties-full' : 'parties parties-masked'}>
        {parties?.map((p, i) => (
          <PartyCard key={i} party={p} />
        ))}
      </View>
      {revealed ? <View className="notice notice-ok reveal-note">本次查看已记录</View> : null}
      <PageError message={revealError} />
      {kase.parties && !revealed && !kase.partiesPurged ? (
        <View className="actions">
          <Button
            block
            loading={busy}
            disabled={busy}
            onClick={() => void reveal()}
            className="reveal-parties"
          >
            显示完整信息
          </Button>
          <View className="hint">查看完整的当事人信息会记入操作日志。</View>
        </View>
      ) : null}
    </View>
  )
}
