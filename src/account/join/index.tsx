/**
 * 加入: a person enters (or, on a phone, scans) the invitation code a street admin gave them and
 * becomes staff with the invited role and node. Behind the privacy gate: accepting stores their name.
 */
import { View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useState } from 'react'
import { parseInviteCode } from '../../core/invitation'
import type { GrantView } from '../../core/roles'
import { Field, PageError, SubmitButton } from '../../components/field'
import { grantLabel } from '../../components/format'
import { Button, CellGroup, Input } from '../../components/nutui'
import PrivacyGate from '../../components/privacy-gate'
import { useCall } from '../../components/use-call'
import { useMe } from '../../components/use-me'
import { callCloud } from '../../services/cloud'
import { canScan, scanCode } from '../../services/scan'

const CODE_FORMAT = '邀请码应为10位字母或数字'
const sameGrant = (a: GrantView, b: GrantView) => a.role === b.role && a.nodeId === b.nodeId

function JoinForm() {
  const { me } = useMe()
  const [input, setInput] = useState('')
  const { busy, error, fields: errors, setError, setFields: setErrors, run } = useCall()
  const [joined, setJoined] = useState<GrantView | undefined>()

  async function submit(typed: string = input) {
    setError(undefined)
    const code = parseInviteCode(typed)
    if (!code) {
      setErrors({ code: CODE_FORMAT })
      return
    }
    const result = await run(() => callCloud('people', 'accept', { code }))
    if (!result.ok) return
    const before = me?.grants ?? []
    const grants = result.data.me.grants
    setJoined(grants.find((g) => !before.some((b) => sameGrant(b, g))) ?? grants[grants.length - 1])
  }

  async function scan() {
    const scanned = await scanCode()
    if (scanned === undefined) return
    const code = parseInviteCode(scanned)
    if (!code) {
      setErrors({ code: '这不是法治台账的邀请码' })
      return
    }
    setInput(code)
    await submit(code)
  }

  if (joined) {
    return (
      <View className="join-result">
        <View className="notice notice-ok join-done">已加入：{grantLabel(joined)}</View>
        <View className="actions">
          <Button
            type="primary"
            block
            onClick={() => void Taro.switchTab({ url: '/pages/me/index' })}
            className="back-to-me"
          >
            返回我的
          </Button>
        </View>
      </View>
    )
  }

  return (
    <View className="join-form">
      <CellGroup>
        <Field label="邀请码" error={errors.code}>
          <Input
            name="code"
            placeholder="如：ABCDE-FGHJK"
            value={input}
            onChange={(v) => {
              setInput(v)
              setErrors({})
            }}
            maxLength={40}
          />
        </Field>
      </CellGroup>
      <PageError message={error} />
      <View className="actions">
        <SubmitButton busy={busy} onClick={() => void submit()} className="join-submit">
          加入
        </SubmitButton>
        {canScan ? (
          <Button block onClick={() => void scan()} className="join-scan">
            扫码
          </Button>
        ) : null}
      </View>
      <View className="hint">
        邀请码由街道管理员提供，大小写、空格和短横线都可以。每个邀请码只能使用一次。
      </View>
    </View>
  )
}

export default function JoinPage() {
  return (
    <View className="page join-page">
      <PrivacyGate>
        <JoinForm />
      </PrivacyGate>
    </View>
  )
}
