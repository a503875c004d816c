/**
 * 记录: a grid worker logs a 法律讲座 on the spot. The form checks each field as the server will;
 * the event id is made on the phone, so tapping 提交 twice or retrying after a dropped network
 * records one lecture, never two.
 */
import { Picker, Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useState } from 'react'
import { chinaToday } from '../../core/china-time'
import type { FieldErrors } from '../../core/errors'
import { EVENT_TYPES, LECTURE, measureLabel, TEXT_LIMITS } from '../../core/event-types'
import { newEventId, validateLecture } from '../../core/lecture'
import { Field, FieldError, SubmitButton } from '../../components/field'
import { Cell, CellGroup, Input, Tag } from '../../components/nutui'
import { callCloud } from '../../services/cloud'
import './index.css'

interface Form {
  title: string
  heldOn: string
  place: string
  participants: string
  materials: string
}

/** The measures of a lecture, as form fields (generated from the catalogue). */
type MeasureKey = 'participants' | 'materials'

const emptyForm = (): Form => ({
  title: '',
  heldOn: chinaToday(),
  place: '',
  participants: '',
  materials: '',
})

export default function LogPage() {
  const [form, setForm] = useState<Form>(emptyForm)
  const [errors, setErrors] = useState<FieldErrors>({})
  const [eventId, setEventId] = useState(newEventId)
  const [submitting, setSubmitting] = useState(false)
  const [notice, setNotice] = useState<{ kind: 'ok' | 'error'; text: string } | undefined>()

  const set = (field: keyof Form) => (value: string) => {
    setForm((f) => ({ ...f, [field]: value }))
    setErrors((e) => ({ ...e, [field]: undefined }))
  }

  const textField = (key: 'title' | 'place', label: string, placeholder: string) => (
    <Field label={label} error={errors[key]}>
      <Input
        name={key}
        placeholder={placeholder}
        value={form[key]}
        onChange={set(key)}
        maxLength={TEXT_LIMITS[key].max}
      />
    </Field>
  )

  async function submit() {
    setNotice(undefined)
    const checked = validateLecture(form)
    if (!checked.ok) {
      setErrors(checked.fields)
      return
    }
    setSubmitting(true)
    const result = await callCloud('events', 'create', { id: eventId, type: 'lecture', lecture: form })
    setSubmitting(false)
    if (result.ok) {
      const { event } = result.data
      setNotice({
        kind: 'ok',
        text: `已记录：${event.title}（${event.heldOn}，${event.participants}人次，${event.materials}份）`,
      })
      Taro.showToast({ title: '已记录', icon: 'success' })
      setForm(emptyForm())
      setErrors({})
      setEventId(newEventId())
      return
    }
    // Same id kept: submitting again after a failure cannot record the lecture twice.
    setErrors(result.error.details?.fields ?? {})
    setNotice({ kind: 'error', text: result.error.message })
  }

  return (
    <View className="page log-page">
      <View className="section-title">记录类型</View>
      <View className="type-row">
        {EVENT_TYPES.map((t) => (
          <Tag key={t.type} type="primary" className="type-tag">
            {t.label}
          </Tag>
        ))}
      </View>

      <View className="section-title">{LECTURE.label}</View>
      <CellGroup>
        {textField('title', '讲座主题', '如：民法典进社区')}
        <Picker
          mode="date"
          value={form.heldOn}
          end={chinaToday()}
          onChange={(e) => set('heldOn')(String(e.detail.value))}
        >
          <Cell title="举办日期" extra={form.heldOn || '请选择'} clickable />
        </Picker>
        <FieldError message={errors.heldOn} />
        {textField('place', '举办地点', '如：明园社区党群服务中心')}
        {LECTURE.measures.map((measure) => {
          const key = measure.key as MeasureKey
          return (
            <Field key={key} label={measureLabel(measure)} error={errors[key]}>
              <Input name={key} type="number" placeholder="0" value={form[key]} onChange={set(key)} />
            </Field>
          )
        })}
      </CellGroup>

      {notice ? (
        <View className={`notice notice-${notice.kind}`}>
          <Text>{notice.text}</Text>
        </View>
      ) : null}

      <View className="actions">
        <SubmitButton busy={submitting} onClick={submit} className="submit-button">
          提交
        </SubmitButton>
      </View>
      <View className="hint">举办日期按北京时间计入年度；同一条记录重复提交只计一次。</View>
    </View>
  )
}
