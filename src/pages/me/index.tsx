/** 我的: who I am, and for staff the way to the year's figures. */
import { View } from '@tarojs/components'
import Taro, { useDidShow } from '@tarojs/taro'
import { useCallback, useState } from 'react'
import type { Me } from '../../core/contract'
import { ROLE_LABELS } from '../../core/roles'
import { Button, Cell, CellGroup } from '../../components/nutui'
import PersonaSwitcher from '../../components/persona-switcher'
import { callCloud } from '../../services/cloud'

export default function MePage() {
  const [me, setMe] = useState<Me | undefined>()
  const [error, setError] = useState<string | undefined>()

  const load = useCallback(async () => {
    const result = await callCloud('session', 'me', {})
    if (result.ok) {
      setMe(result.data)
      setError(undefined)
    } else {
      setError(result.error.message)
    }
  }, [])

  useDidShow(() => {
    void load()
  })

  return (
    <View className="page me-page">
      <CellGroup>
        <Cell title={me ? me.name : '加载中…'} description={me?.streetName} />
        {me?.roles.map((r) => (
          <Cell key={`${r.role}-${r.nodeId}`} title="身份" extra={ROLE_LABELS[r.role]} />
        ))}
      </CellGroup>
      {error ? <View className="field-error">{error}</View> : null}
      {me?.mayReadStreetFigures ? (
        <View className="actions">
          <Button
            type="primary"
            block
            onClick={() => Taro.navigateTo({ url: '/staff/stats/index' })}
            className="stats-button"
          >
            年度统计
          </Button>
        </View>
      ) : null}
      <PersonaSwitcher onSwitched={() => void load()} />
    </View>
  )
}
