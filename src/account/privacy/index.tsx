/**
 * 用户隐私保护指引: the full notice (core/privacy.ts), its version, and 同意 / 不同意. Consent is recorded
 * by session.consent with the version shown, so a later notice asks again.
 */
import { View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useState } from 'react'
import { PRIVACY_NOTICE, type ConsentRecord } from '../../core/privacy'
import { ConsentButton } from '../../components/consent-button'
import { chinaDateTime } from '../../core/china-time'
import { Button } from '../../components/nutui'
import { useMe } from '../../components/use-me'
import './index.css'

export default function PrivacyPage() {
  const { me, reload } = useMe()
  const [notice, setNotice] = useState<string | undefined>()

  function agreed(consent: ConsentRecord) {
    setNotice(`您已同意本指引（${chinaDateTime(consent.at)}）`)
    void reload()
    if (Taro.getCurrentPages().length > 1) setTimeout(() => void Taro.navigateBack(), 800)
  }

  function disagree() {
    setNotice('您未同意本指引：仍可浏览公开的普法活动，但不能加入为工作人员。')
  }

  return (
    <View className="page privacy-page">
      <View className="privacy-title">{PRIVACY_NOTICE.title}</View>
      <View className="hint privacy-version">版本：{PRIVACY_NOTICE.version}</View>
      {PRIVACY_NOTICE.sections.map((s) => (
        <View key={s.heading} className="privacy-section">
          <View className="privacy-heading">{s.heading}</View>
          <View className="privacy-body">{s.body}</View>
        </View>
      ))}
      {me?.consentCurrent && !notice ? <View className="notice notice-ok">您已同意本版本的指引</View> : null}
      {notice ? <View className="notice notice-ok privacy-notice">{notice}</View> : null}
      <View className="actions">
        <ConsentButton onAgreed={agreed}>同意</ConsentButton>
        <Button block onClick={disagree} className="consent-disagree">
          不同意
        </Button>
      </View>
    </View>
  )
}
