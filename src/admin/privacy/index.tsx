/**
 * 个人信息保存期限 (street admins): how many years after a case is closed its parties' details are kept,
 * and 立即清理 to purge now what the nightly timer would purge. The counts of cases stay.
 */
import { View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useEffect, useState } from 'react'
import { isValidRetention, RETENTION_YEARS } from '../../core/personal-data'
import { Field, PageError, SubmitButton } from '../../components/field'
import { Button, CellGroup, Input } from '../../components/nutui'
import { useCall } from '../../components/use-call'
import { callCloud } from '../../services/cloud'

export default function RetentionPage() {
  const [years, setYears] = useState<number | undefined>()
  const [input, setInput] = useState('')
  const { busy, error, fields: errors, setError, setFields: setErrors, run } = useCall()
  const [notice, setNotice] = useState<string | undefined>()

  useEffect(() => {
    void callCloud('cases', 'retention', {}).then((result) => {
      if (result.ok) {
        setYears(result.data.years)
        setInput(String(result.data.years))
      } else {
        setError(result.error.message)
      }
    })
  }, [setError])

  async function save() {
    setNotice(undefined)
    setError(undefined)
    const value = Number(input.trim())
    if (input.trim() === '' || !isValidRetention(value)) {
      setErrors({ years: `请填写${RETENTION_YEARS.min}至${RETENTION_YEARS.max}之间的整数` })
      return
    }
    const result = await run(() => callCloud('cases', 'setRetention', { years: value }))
    if (result.ok) {
      setYears(result.data.years)
      setNotice(`已保存：办结满${result.data.years}年后删除当事人信息`)
    }
  }

  async function purge() {
    const { confirm } = await Taro.showModal({
      title: '立即清理',
      content: `将删除办结满${years ?? ''}年的案件的当事人信息，删除后不能恢复。案件数量等统计不受影响。`,
      confirmText: '清理',
      confirmColor: '#c0392b',
    })
    if (!confirm) return
    setNotice(undefined)
    const result = await run(() => callCloud('cases', 'purge', {}))
    if (result.ok) setNotice(`已清理${result.data.purged}件案件的当事人信息`)
  }

  return (
    <View className="page retention-page">
      <View className="card">
        <View className="card-line">当前保存期限</View>
        <View className="card-title retention-years">
          {years === undefined ? '加载中…' : `办结后 ${years} 年`}
        </View>
      </View>
      <View className="section-title">修改保存期限</View>
      <CellGroup>
        <Field label="保存年限" error={errors.years}>
          <Input
            name="years"
            type="number"
            value={input}
            onChange={(v) => setInput(v)}
            placeholder={`${RETENTION_YEARS.default}`}
          />
        </Field>
      </CellGroup>
      {notice ? <View className="notice notice-ok retention-notice">{notice}</View> : null}
      <PageError message={error} />
      <View className="actions">
        <SubmitButton busy={busy} onClick={() => void save()} className="retention-save">
          保存
        </SubmitButton>
        <Button block disabled={busy} onClick={() => void purge()} className="retention-purge">
          立即清理到期信息
        </Button>
      </View>
      <View className="hint">
        案件办结满保存年限后，当事人的姓名、电话、身份证号码和住址将被删除，只保留不含个人信息的统计数字。系统每晚自动清理一次。
      </View>
    </View>
  )
}
