/**
 * 邀请 (street admins): invite a person to a role at a node. The code is shown once, as text and as a
 * QR code to scan from the admin's screen; below, the invitations sent, with 撤销 for open ones.
 */
import { Picker, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useCallback, useEffect, useState } from 'react'
import type { InvitationView } from '../../core/contract'
import {
  formatInviteCode,
  INVITABLE_ROLES,
  INVITATION_STATUS_LABELS,
  INVITE_VALID_DAYS,
  validateInvitation,
} from '../../core/invitation'
import { ROLE_LABELS, ROLE_NODE_KIND, type StaffRole } from '../../core/roles'
import { Field, FieldError, PageError, SubmitButton } from '../../components/field'
import { chinaDateTime } from '../../core/china-time'
import { Button, Cell, CellGroup, Input } from '../../components/nutui'
import QrCode from '../../components/qr-code'
import { useCall } from '../../components/use-call'
import { activeOfKind, useOrgTree } from '../../components/use-org-tree'
import { callCloud } from '../../services/cloud'
import './index.css'

interface Form {
  role: StaffRole
  nodeId: string
  name: string
  validDays: string
}

const emptyForm = (): Form => ({
  role: 'gridWorker',
  nodeId: '',
  name: '',
  validDays: String(INVITE_VALID_DAYS.default),
})

function Invitations({ version }: { version: number }) {
  const [list, setList] = useState<readonly InvitationView[] | undefined>()
  const [error, setError] = useState<string | undefined>()

  const load = useCallback(async () => {
    const result = await callCloud('people', 'invitations', {})
    if (result.ok) setList(result.data.invitations)
    else setError(result.error.message)
  }, [])

  useEffect(() => {
    void load()
  }, [load, version])

  async function revoke(inv: InvitationView) {
    const { confirm } = await Taro.showModal({
      title: '撤销邀请',
      content: `撤销给${inv.name}的邀请后，该邀请码不能再使用。`,
      confirmText: '撤销',
      confirmColor: '#c0392b',
    })
    if (!confirm) return
    const result = await callCloud('people', 'revokeInvitation', { id: inv.id })
    if (result.ok) setList((l) => l?.map((i) => (i.id === inv.id ? result.data.invitation : i)))
    else setError(result.error.message)
  }

  return (
    <View className="invitations">
      <View className="section-title">已发出的邀请</View>
      <PageError message={error} />
      {list?.length === 0 ? <View className="hint">还没有发出邀请。</View> : null}
      <CellGroup>
        {list?.map((inv) => (
          <Cell
            key={inv.id}
            align="center"
            className={`invitation invitation-${inv.status}`}
            title={`${inv.name} · ${ROLE_LABELS[inv.role]} · ${inv.nodeName}`}
            description={`${INVITATION_STATUS_LABELS[inv.status]} · ${
              inv.status === 'used' && inv.usedAt
                ? `${chinaDateTime(inv.usedAt)}加入`
                : `有效至${chinaDateTime(inv.expiresAt)}`
            }`}
            extra={
              inv.status === 'open' ? (
                <Button
                  size="small"
                  fill="outline"
                  onClick={() => void revoke(inv)}
                  className="revoke-invitation"
                >
                  撤销
                </Button>
              ) : undefined
            }
          />
        ))}
      </CellGroup>
    </View>
  )
}

export default function InvitePage() {
  const { nodes, error: treeError, loaded } = useOrgTree()
  const [form, setForm] = useState<Form>(emptyForm)
  const { busy, error, fields: errors, setError, setFields: setErrors, run } = useCall()
  const [issued, setIssued] = useState<{ code: string; qr: string; invitation: InvitationView } | undefined>()
  const [version, setVersion] = useState(0)

  const places = activeOfKind(nodes, ROLE_NODE_KIND[form.role])
  const place = places.find((n) => n.id === form.nodeId)

  const set = <K extends keyof Form>(key: K, value: Form[K]) => {
    setForm((f) => ({ ...f, [key]: value }))
    setErrors((e) => ({ ...e, [key]: undefined }))
  }

  async function submit() {
    setError(undefined)
    const checked = validateInvitation(form)
    if (!checked.ok) {
      setErrors(checked.fields)
      return
    }
    const result = await run(() => callCloud('people', 'invite', checked.value))
    if (!result.ok) return
    setIssued(result.data)
    setForm(emptyForm())
    setVersion((v) => v + 1)
  }

  return (
    <View className="page invite-page">
      {issued ? (
        <View className="card issued">
          <View className="card-line">
            请把邀请码交给 {issued.invitation.name}（{ROLE_LABELS[issued.invitation.role]} ·{' '}
            {issued.invitation.nodeName}
            ），在“我的 → 输入邀请码加入”中输入或扫码。邀请码只显示这一次。
          </View>
          <View className="invite-code">{formatInviteCode(issued.code)}</View>
          <View className="invite-qr-box">
            <QrCode text={issued.qr} className="invite-qr" />
          </View>
          <View className="card-line small muted">有效至{chinaDateTime(issued.invitation.expiresAt)}</View>
        </View>
      ) : null}

      <View className="section-title">邀请新的工作人员</View>
      <PageError message={treeError} />
      {!loaded ? <View className="hint">加载中…</View> : null}
      <CellGroup className={loaded ? 'invite-form' : 'invite-form invite-form-loading'}>
        <Picker
          mode="selector"
          range={INVITABLE_ROLES.map((r) => ROLE_LABELS[r])}
          value={INVITABLE_ROLES.indexOf(form.role)}
          onChange={(e) => {
            const role = INVITABLE_ROLES[Number(e.detail.value)]
            if (role && role !== form.role) {
              setForm((f) => ({ ...f, role, nodeId: '' }))
              setErrors((x) => ({ ...x, role: undefined, nodeId: undefined }))
            }
          }}
        >
          <Cell title="身份" extra={ROLE_LABELS[form.role]} clickable className="role-picker" />
        </Picker>
        <FieldError message={errors.role} />
        <Picker
          mode="selector"
          range={places.map((n) => n.name)}
          value={Math.max(
            0,
            places.findIndex((n) => n.id === form.nodeId),
          )}
          onChange={(e) => {
            const node = places[Number(e.detail.value)]
            if (node) set('nodeId', node.id)
          }}
        >
          <Cell title="所属" extra={place ? place.name : '请选择'} clickable className="node-picker" />
        </Picker>
        <FieldError message={errors.nodeId} />
        <Field label="姓名" error={errors.name}>
          <Input
            name="name"
            placeholder="被邀请人的姓名"
            value={form.name}
            onChange={(v) => set('name', v)}
            maxLength={20}
          />
        </Field>
        <Field label="有效期（天）" error={errors.validDays}>
          <Input
            name="validDays"
            type="number"
            value={form.validDays}
            onChange={(v) => set('validDays', v)}
          />
        </Field>
      </CellGroup>
      <PageError message={error} />
      <View className="actions">
        <SubmitButton busy={busy} onClick={() => void submit()} className="invite-submit">
          生成邀请码
        </SubmitButton>
      </View>
      <Invitations version={version} />
    </View>
  )
}
