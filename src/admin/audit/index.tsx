/**
 * 操作日志 (street admins): every change and every refused attempt, newest first, a page at a time
 * (加载更多 passes the `next` cursor back).
 */
import { View } from '@tarojs/components'
import { useCallback, useEffect, useMemo, useState } from 'react'
import { AUDIT_ACTIONS, AUDIT_FIELD_LABELS } from '../../core/audit'
import type { AuditEntryView } from '../../core/contract'
import { ROLE_LABELS } from '../../core/roles'
import { PageError } from '../../components/field'
import { chinaDateTime } from '../../core/china-time'
import { Button, Tag } from '../../components/nutui'
import { useOrgTree } from '../../components/use-org-tree'
import { callCloud } from '../../services/cloud'
import './index.css'

/** A recorded value as a person reads it: org node ids by their names, roles by their labels. */
function show(value: unknown, names: ReadonlyMap<string, string>): string {
  if (value === null || value === undefined) return '空'
  if (typeof value === 'boolean') return value ? '是' : '否'
  if (typeof value === 'string')
    return names.get(value) ?? (ROLE_LABELS as Record<string, string>)[value] ?? value
  if (Array.isArray(value))
    return value.length === 0 ? '无' : value.map((v: unknown) => showItem(v, names)).join('、')
  return JSON.stringify(value)
}

/** One item of a recorded list: a grant as 网格员 · 第3网格, a node id by its name. */
function showItem(value: unknown, names: ReadonlyMap<string, string>): string {
  if (typeof value === 'object' && value !== null && 'role' in value && 'nodeId' in value) {
    const grant = value as { role: string; nodeId: string }
    return `${(ROLE_LABELS as Record<string, string>)[grant.role] ?? grant.role} · ${names.get(grant.nodeId) ?? grant.nodeId}`
  }
  return show(value, names)
}

function Entry({ entry, names }: { entry: AuditEntryView; names: ReadonlyMap<string, string> }) {
  const refused = entry.outcome === 'refused'
  return (
    <View className={`card audit-entry audit-${entry.outcome}`}>
      <View className="audit-head">
        <View className="audit-time small muted">{chinaDateTime(entry.at)}</View>
        {refused ? (
          <Tag type="danger" plain>
            被拒绝{entry.code ? ` ${entry.code}` : ''}
          </Tag>
        ) : (
          <Tag type="success" plain>
            成功
          </Tag>
        )}
      </View>
      <View className="card-line">
        <View className="audit-actor">{entry.actorName}</View>
        <View className="audit-action">
          {AUDIT_ACTIONS[entry.action] ?? entry.action}
          {refused && entry.attempted ? `：${entry.attempted}` : ''}
          {entry.target?.label ? ` · ${entry.target.label}` : ''}
        </View>
      </View>
      {entry.changes
        ? Object.entries(entry.changes).map(([field, [before, after]]) => (
            <View key={field} className="audit-change small muted">
              {AUDIT_FIELD_LABELS[field] ?? field}：{show(before, names)} → {show(after, names)}
            </View>
          ))
        : null}
    </View>
  )
}

export default function AuditPage() {
  const [entries, setEntries] = useState<readonly AuditEntryView[]>([])
  const [next, setNext] = useState<string | undefined>()
  const [loading, setLoading] = useState(true)
  const [error, setError] = useState<string | undefined>()
  const { nodes } = useOrgTree(true)
  const names = useMemo(() => new Map(nodes.map((n) => [n.id, n.name])), [nodes])

  const load = useCallback(async (before?: string) => {
    setLoading(true)
    const result = await callCloud('audit', 'list', before ? { before } : {})
    setLoading(false)
    if (!result.ok) {
      setError(result.error.message)
      return
    }
    setError(undefined)
    setEntries((list) => (before ? [...list, ...result.data.entries] : result.data.entries))
    setNext(result.data.next)
  }, [])

  useEffect(() => {
    void load()
  }, [load])

  return (
    <View className="page audit-page">
      <PageError message={error} />
      {!loading && !error && entries.length === 0 ? <View className="hint">还没有操作记录。</View> : null}
      {entries.map((e) => (
        <Entry key={e.id} entry={e} names={names} />
      ))}
      {loading ? <View className="hint">加载中…</View> : null}
      {next && !loading ? (
        <View className="actions">
          <Button block onClick={() => void load(next)} className="audit-more">
            加载更多
          </Button>
        </View>
      ) : null}
    </View>
  )
}
