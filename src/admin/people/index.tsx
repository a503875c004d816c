/**
 * 人员管理 (street admins): everyone holding or having held a grant in the street, with each grant's
 * 调动 (to another node of the same kind) and 停用, the grant history, and the way to 邀请人员.
 */
import { Picker, View } from '@tarojs/components'
import Taro, { useDidShow } from '@tarojs/taro'
import { useCallback, useState } from 'react'
import type { OrgNodeView, PersonView } from '../../core/contract'
import { isOwnAdminGrant, ROLE_LABELS, ROLE_NODE_KIND, type GrantView } from '../../core/roles'
import { PageError } from '../../components/field'
import { chinaDate } from '../../core/china-time'
import { grantLabel } from '../../components/format'
import { Button, Tag } from '../../components/nutui'
import { activeOfKind, useOrgTree } from '../../components/use-org-tree'
import { callCloud } from '../../services/cloud'
import './index.css'

const STATUS_LABELS: Record<PersonView['status'], string> = { active: '在岗', revoked: '已停用' }

function GrantRow({
  person,
  grant,
  nodes,
  onChanged,
  onError,
}: {
  person: PersonView
  grant: GrantView
  nodes: readonly OrgNodeView[]
  onChanged: (person: PersonView, message: string) => void
  onError: (message: string) => void
}) {
  const targets = activeOfKind(nodes, ROLE_NODE_KIND[grant.role]).filter((n) => n.id !== grant.nodeId)
  const own = isOwnAdminGrant(grant.role, person.self)

  async function transfer(to: OrgNodeView) {
    const result = await callCloud('people', 'transfer', {
      id: person.id,
      role: grant.role,
      fromNodeId: grant.nodeId,
      toNodeId: to.id,
    })
    if (result.ok) onChanged(result.data.person, `已将${person.name}调动到${to.name}`)
    else onError(result.error.message)
  }

  async function revoke() {
    const { confirm } = await Taro.showModal({
      title: '停用身份',
      content: `确定停用${person.name}的“${grantLabel(grant)}”身份吗？停用后其不能再记录或查看。`,
      confirmText: '停用',
      confirmColor: '#c0392b',
    })
    if (!confirm) return
    const result = await callCloud('people', 'revoke', {
      id: person.id,
      role: grant.role,
      nodeId: grant.nodeId,
    })
    if (result.ok) onChanged(result.data.person, `已停用${person.name}的${ROLE_LABELS[grant.role]}身份`)
    else onError(result.error.message)
  }

  return (
    <View className="grant-row">
      <View className="card-line grant-label">{grantLabel(grant)}</View>
      {own ? (
        <View className="small muted own-grant">本人：由其他管理员停用或调动</View>
      ) : (
        <View className="row-buttons">
          {targets.length > 0 ? (
            <Picker
              mode="selector"
              range={targets.map((n) => n.name)}
              onChange={(e) => {
                const to = targets[Number(e.detail.value)]
                if (to) void transfer(to)
              }}
            >
              <Button size="small" className="transfer-button">
                调动
              </Button>
            </Picker>
          ) : null}
          <Button
            size="small"
            type="danger"
            fill="outline"
            onClick={() => void revoke()}
            className="revoke-button"
          >
            停用
          </Button>
        </View>
      )}
    </View>
  )
}

export default function PeoplePage() {
  const [people, setPeople] = useState<readonly PersonView[] | undefined>()
  const [error, setError] = useState<string | undefined>()
  const [notice, setNotice] = useState<string | undefined>()
  const { nodes } = useOrgTree()

  const load = useCallback(async () => {
    const result = await callCloud('people', 'list', {})
    if (result.ok) {
      setPeople(result.data.people)
      setError(undefined)
    } else {
      setError(result.error.message)
    }
  }, [])

  useDidShow(() => {
    void load()
  })

  function changed(person: PersonView, message: string) {
    setPeople((list) => list?.map((p) => (p.id === person.id ? person : p)))
    setNotice(message)
    setError(undefined)
  }

  function failed(message: string) {
    setError(message)
    setNotice(undefined)
  }

  return (
    <View className="page people-page">
      <View className="actions">
        <Button
          type="primary"
          block
          onClick={() => void Taro.navigateTo({ url: '/admin/invite/index' })}
          className="invite-button"
        >
          邀请人员
        </Button>
      </View>
      {notice ? <View className="notice notice-ok">{notice}</View> : null}
      <PageError message={error} />
      {people === undefined && !error ? <View className="hint">加载中…</View> : null}
      {people?.length === 0 ? <View className="hint">还没有工作人员，点“邀请人员”开始。</View> : null}
      {people?.map((p) => (
        <View key={p.id} className={`card person person-${p.status}`}>
          <View className="person-head">
            <View className="card-title person-name">{p.name}</View>
            <Tag type={p.status === 'active' ? 'success' : 'default'}>{STATUS_LABELS[p.status]}</Tag>
          </View>
          {p.grants.map((g) => (
            <GrantRow
              key={`${g.role}-${g.nodeId}`}
              person={p}
              grant={g}
              nodes={nodes}
              onChanged={changed}
              onError={failed}
            />
          ))}
          {p.history.length > 0 ? (
            <View className="person-history small muted">
              {p.history.map((h, i) => (
                <View key={i}>
                  {ROLE_LABELS[h.role]} · {h.nodeName}：{chinaDate(h.from)} 至 {h.to ? chinaDate(h.to) : '今'}
                  {h.reason ? `（${h.reason}）` : ''}
                </View>
              ))}
            </View>
          ) : null}
        </View>
      ))}
    </View>
  )
}
