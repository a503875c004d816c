/**
 * 组织架构 (street admins): the street's tree, street → community → grid, with 重命名, 移动 (under
 * another node of the parent kind), 撤销 and 新增下级. Retired nodes stay, greyed: events logged at
 * them keep their node. What the tree allows is the server's to decide; its refusals are shown as
 * they come (ORG.HAS_PEOPLE: 还有人员在该节点工作…).
 */
import { Picker, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useState } from 'react'
import type { OrgNodeView } from '../../core/contract'
import { CHILD_KIND, NODE_KIND_LABELS, PARENT_KIND, validateNodeName } from '../../core/org-tree'
import { FieldError, PageError } from '../../components/field'
import { Button, Input, Tag } from '../../components/nutui'
import { activeOfKind, useOrgTree } from '../../components/use-org-tree'
import { callCloud } from '../../services/cloud'
import './index.css'

/** The nodes in tree order (each followed by its children), with their depth below the top. */
function inTreeOrder(nodes: readonly OrgNodeView[]): { node: OrgNodeView; depth: number }[] {
  const ids = new Set(nodes.map((n) => n.id))
  const children = new Map<string | null, OrgNodeView[]>()
  for (const n of nodes) {
    const parent = n.parentId !== null && ids.has(n.parentId) ? n.parentId : null
    children.set(parent, [...(children.get(parent) ?? []), n])
  }
  const out: { node: OrgNodeView; depth: number }[] = []
  const walk = (parent: string | null, depth: number) => {
    for (const n of children.get(parent) ?? []) {
      out.push({ node: n, depth })
      walk(n.id, depth + 1)
    }
  }
  walk(null, 0)
  return out
}

interface Editing {
  readonly nodeId: string
  readonly mode: 'rename' | 'add'
  readonly name: string
  readonly error?: string
}

export default function OrgPage() {
  const { nodes, error: loadError, loaded, reload } = useOrgTree(true)
  const [editing, setEditing] = useState<Editing | undefined>()
  // A refusal is shown on the node it concerns (the list is long; the top of the page is out of sight).
  const [failure, setFailure] = useState<{ nodeId: string; message: string } | undefined>()
  const [busy, setBusy] = useState(false)

  async function done(
    nodeId: string,
    result: { ok: true } | { ok: false; error: { message: string } },
    message: string,
  ) {
    if (result.ok) {
      setFailure(undefined)
      setEditing(undefined)
      void Taro.showToast({ title: message, icon: 'none' })
      await reload()
    } else {
      setFailure({ nodeId, message: result.error.message })
    }
  }

  async function save() {
    if (!editing) return
    const checked = validateNodeName(editing.name)
    if (!checked.ok) {
      setEditing({ ...editing, error: checked.fields.name })
      return
    }
    setBusy(true)
    const result =
      editing.mode === 'rename'
        ? await callCloud('org', 'rename', { id: editing.nodeId, name: checked.value })
        : await callCloud('org', 'add', { parentId: editing.nodeId, name: checked.value })
    setBusy(false)
    if (!result.ok && result.error.details?.fields?.name) {
      setEditing({ ...editing, error: result.error.details.fields.name })
      return
    }
    await done(
      editing.nodeId,
      result,
      editing.mode === 'rename' ? `已重命名为${checked.value}` : `已新增${checked.value}`,
    )
  }

  async function move(node: OrgNodeView, parent: OrgNodeView) {
    const result = await callCloud('org', 'move', { id: node.id, parentId: parent.id })
    await done(node.id, result, `已将${node.name}移到${parent.name}下`)
  }

  async function retire(node: OrgNodeView) {
    const { confirm } = await Taro.showModal({
      title: '撤销节点',
      content: `确定撤销“${node.name}”吗？已记录在该节点的事件仍然保留。`,
      confirmText: '撤销',
      confirmColor: '#c0392b',
    })
    if (!confirm) return
    const result = await callCloud('org', 'retire', { id: node.id })
    await done(node.id, result, `已撤销${node.name}`)
  }

  const rows = inTreeOrder(nodes)
  const ids = new Set(nodes.map((n) => n.id))

  return (
    <View className="page org-page">
      <PageError message={loadError} />
      {!loaded ? <View className="hint">加载中…</View> : null}
      {rows.map(({ node, depth }) => {
        const parents = activeOfKind(nodes, PARENT_KIND[node.kind]).filter((p) => p.id !== node.parentId)
        const childKind = CHILD_KIND[node.kind]
        const isEditing = editing?.nodeId === node.id
        const hasParent = node.parentId !== null && ids.has(node.parentId)
        return (
          <View
            key={node.id}
            className={`org-node org-${node.kind} ${node.retired ? 'org-retired' : ''}`}
            style={{ marginLeft: `${depth * 16}px` }}
          >
            <View className="org-node-head">
              <Tag type={node.retired ? 'default' : 'primary'} plain>
                {NODE_KIND_LABELS[node.kind]}
              </Tag>
              <View className="org-node-name">{node.name}</View>
              {node.retired ? <View className="org-retired-label">已撤销</View> : null}
              {node.peopleCount ? <View className="small muted">{node.peopleCount}人</View> : null}
            </View>
            {!node.retired ? (
              <View className="row-buttons">
                <Button
                  size="small"
                  onClick={() => setEditing({ nodeId: node.id, mode: 'rename', name: node.name })}
                  className="org-rename"
                >
                  重命名
                </Button>
                {hasParent && parents.length > 0 ? (
                  <Picker
                    mode="selector"
                    range={parents.map((p) => p.name)}
                    onChange={(e) => {
                      const parent = parents[Number(e.detail.value)]
                      if (parent) void move(node, parent)
                    }}
                  >
                    <Button size="small" className="org-move">
                      移动
                    </Button>
                  </Picker>
                ) : null}
                {hasParent ? (
                  <Button
                    size="small"
                    type="danger"
                    fill="outline"
                    onClick={() => void retire(node)}
                    className="org-retire"
                  >
                    撤销
                  </Button>
                ) : null}
                {childKind ? (
                  <Button
                    size="small"
                    type="primary"
                    fill="outline"
                    onClick={() => setEditing({ nodeId: node.id, mode: 'add', name: '' })}
                    className="org-add"
                  >
                    新增下级
                  </Button>
                ) : null}
              </View>
            ) : null}
            {failure?.nodeId === node.id ? <PageError message={failure.message} /> : null}
            {isEditing && editing ? (
              <View className="org-edit">
                <View className="small muted">
                  {editing.mode === 'rename'
                    ? '新名称'
                    : `新${childKind ? NODE_KIND_LABELS[childKind] : ''}的名称`}
                </View>
                <Input
                  name="nodeName"
                  value={editing.name}
                  placeholder="2至30个字"
                  maxLength={30}
                  onChange={(v) => setEditing({ ...editing, name: v, error: undefined })}
                  className="org-edit-input"
                />
                <FieldError message={editing.error} />
                <View className="row-buttons">
                  <Button
                    size="small"
                    type="primary"
                    loading={busy}
                    disabled={busy}
                    onClick={() => void save()}
                    className="org-save"
                  >
                    保存
                  </Button>
                  <Button size="small" onClick={() => setEditing(undefined)}>
                    取消
                  </Button>
                </View>
              </View>
            ) : null}
          </View>
        )
      })}
    </View>
  )
}
