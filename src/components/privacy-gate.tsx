/**
 * Shows its children only to a person who consented to the privacy notice in force; anyone else sees a
 * short notice, a link to the full text and 同意并继续. Pages that collect personal data (accepting an
 * invitation stores the person's name) sit behind it: the server refuses them without consent anyway.
 */
import { View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useState, type ReactNode } from 'react'
import { PRIVACY_NOTICE } from '../core/privacy'
import { ConsentButton } from './consent-button'
import { PageError } from './field'
import { useMe } from './use-me'

export default function PrivacyGate({ children }: { children: ReactNode }) {
  const { me, error: loadError, reload } = useMe()
  const [agreed, setAgreed] = useState(false)

  if (!me) return loadError ? <PageError message={loadError} /> : <View className="hint">加载中…</View>
  if (me.consentCurrent || agreed) return <>{children}</>

  return (
    <View className="privacy-gate card">
      <View className="card-title">{me.consent ? '隐私保护指引已更新' : '使用前请阅读隐私保护指引'}</View>
      <View className="card-line">
        加入为工作人员时，我们会记录您的微信身份标识和姓名，用于确认您的工作身份；当事人信息只有承办人及所在社区、街道的工作人员可以查看。
      </View>
      <View
        className="card-line privacy-link"
        onClick={() => void Taro.navigateTo({ url: '/account/privacy/index' })}
      >
        阅读《{PRIVACY_NOTICE.title}》全文
      </View>
      <View className="actions">
        <ConsentButton
          onAgreed={() => {
            setAgreed(true)
            void reload()
          }}
        >
          同意并继续
        </ConsentButton>
      </View>
    </View>
  )
}
