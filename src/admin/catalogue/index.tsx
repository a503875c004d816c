/**
 * 记录类型 (street admins): the street's catalogue — built-in types and the street's own — with their
 * measures (统计项) and attributes (填写项). The admin adds an own type (食品安全督导检查 …), adds a
 * measure to any type, and 停用/启用 an own type (old events keep it). Nothing is ever removed: events
 * store values under the keys of measures and attributes, so every save sends the existing ones back
 * with their keys, and only new ones come without. The core's own checks run before a save; the
 * server's field errors (`label`, `measures.0.label`, `attributes.1.options`, `extraMeasures.0.unit`)
 * are shown next to their fields. 可向居民公开 (publishable) lets staff publicise events of an own type to
 * residents (活动发布); built-in types show theirs, fixed (a case type is never public).
 */
import { View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useState } from 'react'
import { CATALOGUE_LIMITS, validateMeasures, validateOwnType } from '../../core/catalogue-edit'
import type { FieldErrors } from '../../core/errors'
import {
  BUILT_IN_TYPES,
  measureLabel,
  type AttributeDefinition,
  type EventTypeDefinition,
  type MeasureDefinition,
} from '../../core/event-types'
import { Field, FieldError, PageError, SubmitButton } from '../../components/field'
import { Button, Cell, CellGroup, Input, Switch } from '../../components/nutui'
import { useCall } from '../../components/use-call'
import { useLoad } from '../../components/use-load'
import { isPublishable } from '../../core/publication'
import { callCloud } from '../../services/cloud'
import './index.css'

type AttributeKind = 'text' | 'choice' | 'flag'
const KIND_LABELS: Record<AttributeKind, string> = { text: '文字', choice: '选项', flag: '是/否' }
const ATTRIBUTE_KIND_LABELS: Record<AttributeDefinition['kind'], string> = { ...KIND_LABELS, choices: '多选' }

interface MeasureRow {
  label: string
  unit: string
}
interface AttributeRow {
  label: string
  kind: AttributeKind
  /** Comma-separated (，or ,) as typed. */
  options: string
}
interface NewType {
  label: string
  unit: string
  measures: MeasureRow[]
  attributes: AttributeRow[]
  publishable: boolean
}

const emptyType = (): NewType => ({ label: '', unit: '次', measures: [], attributes: [], publishable: false })

const splitOptions = (s: string): string[] =>
  s
    .split(/[,，、]/)
    .map((o) => o.trim())
    .filter((o) => o)

/** A stored measure as sent back on a save: with its key, so it stays the same measure. */
const measureBack = (m: MeasureDefinition) => ({ key: m.key, label: m.label, unit: m.unit, max: m.max })

/** An own type's definition as sent back on a save (keys kept, nothing dropped). */
function definitionBack(t: EventTypeDefinition, measures: readonly unknown[] = t.measures.map(measureBack)) {
  return {
    label: t.label,
    unit: t.unit,
    measures,
    attributes: t.attributes.map((a) => ({
      key: a.key,
      label: a.label,
      kind: a.kind,
      ...(a.options ? { options: a.options } : {}),
      ...(a.required ? { required: true } : {}),
    })),
    retired: t.retired === true,
    // Sent back as it is: a save that left it out would stop the type being publicised.
    publishable: t.publishable === true,
  }
}

/** The measures a street added to a built-in type: those the product's own definition does not have. */
function extraMeasuresOf(t: EventTypeDefinition): MeasureDefinition[] {
  const own = BUILT_IN_TYPES.find((b) => b.type === t.type)?.measures ?? []
  return t.measures.filter((m) => !own.some((o) => o.key === m.key))
}

function NewTypeForm({
  onSaved,
  onCancel,
}: {
  onSaved: (types: readonly EventTypeDefinition[]) => void
  onCancel: () => void
}) {
  const [form, setForm] = useState<NewType>(emptyType)
  const { busy, error, fields, setFields, run } = useCall()

  const clear = (...keys: string[]) =>
    setFields((f) => {
      const next = { ...f }
      for (const k of keys) delete next[k]
      return next
    })
  const setMeasure = (i: number, patch: Partial<MeasureRow>) => {
    setForm((f) => ({ ...f, measures: f.measures.map((m, j) => (j === i ? { ...m, ...patch } : m)) }))
    clear(...Object.keys(patch).map((k) => `measures.${i}.${k}`), 'measures')
  }
  const setAttribute = (i: number, patch: Partial<AttributeRow>) => {
    setForm((f) => ({ ...f, attributes: f.attributes.map((a, j) => (j === i ? { ...a, ...patch } : a)) }))
    clear(...Object.keys(patch).map((k) => `attributes.${i}.${k}`), 'attributes')
  }

  async function save() {
    const definition = {
      label: form.label,
      unit: form.unit,
      measures: form.measures.map((m) => ({ label: m.label, unit: m.unit })),
      attributes: form.attributes.map((a) => ({
        label: a.label,
        kind: a.kind,
        ...(a.kind === 'choice' ? { options: splitOptions(a.options) } : {}),
      })),
      publishable: form.publishable,
    }
    const checked = validateOwnType(definition, 'new', undefined)
    if (!checked.ok) {
      setFields(checked.fields)
      return
    }
    const result = await run(() => callCloud('events', 'saveType', { definition }))
    if (result.ok) onSaved(result.data.types)
  }

  return (
    <View className="card new-type-form">
      <View className="card-title">新增记录类型</View>
      <CellGroup>
        <Field label="类型名称" error={fields.label}>
          <Input
            name="label"
            placeholder="如：食品安全督导检查"
            value={form.label}
            onChange={(label) => {
              setForm((f) => ({ ...f, label }))
              clear('label')
            }}
            maxLength={CATALOGUE_LIMITS.label.max}
          />
        </Field>
        <Field label="计数单位" error={fields.unit}>
          <Input
            name="unit"
            placeholder="如：次、场、件"
            value={form.unit}
            onChange={(unit) => {
              setForm((f) => ({ ...f, unit }))
              clear('unit')
            }}
            maxLength={CATALOGUE_LIMITS.unit.max}
          />
        </Field>
        <Cell className="form-field publishable-field" align="center">
          <View className="publishable-label" style={{ flex: 1, minWidth: 0 }}>
            可向居民公开（如讲座、咨询、宣传活动）
          </View>
          <Switch
            checked={form.publishable}
            loadingIcon={null}
            onChange={(publishable: boolean) => setForm((f) => ({ ...f, publishable }))}
          />
        </Cell>
      </CellGroup>

      <View className="section-title">统计项（每条记录填写的数字，如参与人次）</View>
      <FieldError message={fields.measures} />
      {form.measures.map((m, i) => (
        <View key={i} className={`sub-row measure-row measure-row-${i}`}>
          <CellGroup>
            <Field label={`统计项${i + 1}`} error={fields[`measures.${i}.label`]}>
              <Input
                name={`measures.${i}.label`}
                placeholder="如：检查户数"
                value={m.label}
                onChange={(label) => setMeasure(i, { label })}
                maxLength={CATALOGUE_LIMITS.label.max}
              />
            </Field>
            <Field label="单位" error={fields[`measures.${i}.unit`]}>
              <Input
                name={`measures.${i}.unit`}
                placeholder="如：户"
                value={m.unit}
                onChange={(unit) => setMeasure(i, { unit })}
                maxLength={CATALOGUE_LIMITS.unit.max}
              />
            </Field>
          </CellGroup>
          <View
            className="remove-row small"
            onClick={() => setForm((f) => ({ ...f, measures: f.measures.filter((_, j) => j !== i) }))}
          >
            删除该统计项
          </View>
        </View>
      ))}
      {form.measures.length < CATALOGUE_LIMITS.measuresPerType ? (
        <Button
          size="small"
          onClick={() => setForm((f) => ({ ...f, measures: [...f.measures, { label: '', unit: '' }] }))}
          className="add-measure-row"
        >
          + 添加统计项
        </Button>
      ) : null}

      <View className="section-title">填写项（文字、选项或是/否）</View>
      <FieldError message={fields.attributes} />
      {form.attributes.map((a, i) => (
        <View key={i} className={`sub-row attribute-row attribute-row-${i}`}>
          <CellGroup>
            <Field label={`填写项${i + 1}`} error={fields[`attributes.${i}.label`]}>
              <Input
                name={`attributes.${i}.label`}
                placeholder="如：检查对象"
                value={a.label}
                onChange={(label) => setAttribute(i, { label })}
                maxLength={CATALOGUE_LIMITS.label.max}
              />
            </Field>
            <Field label="填写方式" error={fields[`attributes.${i}.kind`]}>
              <View className="kind-chips">
                {(Object.keys(KIND_LABELS) as AttributeKind[]).map((kind) => (
                  <View
                    key={kind}
                    className={`kind-chip kind-${kind}${a.kind === kind ? ' kind-chip-on' : ''}`}
                    onClick={() => setAttribute(i, { kind })}
                  >
                    {KIND_LABELS[kind]}
                  </View>
                ))}
              </View>
            </Field>
            {a.kind === 'choice' ? (
              <Field label="选项" error={fields[`attributes.${i}.options`]}>
                <Input
                  name={`attributes.${i}.options`}
                  placeholder="用逗号分开，如：餐馆,超市"
                  value={a.options}
                  onChange={(options) => setAttribute(i, { options })}
                />
              </Field>
            ) : null}
          </CellGroup>
          <View
            className="remove-row small"
            onClick={() => setForm((f) => ({ ...f, attributes: f.attributes.filter((_, j) => j !== i) }))}
          >
            删除该填写项
          </View>
        </View>
      ))}
      {form.attributes.length < CATALOGUE_LIMITS.attributesPerType ? (
        <Button
          size="small"
          onClick={() =>
            setForm((f) => ({
              ...f,
              attributes: [...f.attributes, { label: '', kind: 'text', options: '' }],
            }))
          }
          className="add-attribute-row"
        >
          + 添加填写项
        </Button>
      ) : null}

      <View className="hint">每条记录都会填写事项、日期和地点；统计项和填写项添加后不能删除。</View>
      <PageError message={error} />
      <View className="actions">
        <SubmitButton busy={busy} onClick={() => void save()} className="type-save">
          保存类型
        </SubmitButton>
        <Button block fill="none" onClick={onCancel} className="type-cancel">
          取消
        </Button>
      </View>
    </View>
  )
}

/** Adds one measure to a type: a built-in one (extraMeasures) or an own one (its definition). */
function AddMeasureForm({
  type,
  onSaved,
  onCancel,
}: {
  type: EventTypeDefinition
  onSaved: (types: readonly EventTypeDefinition[]) => void
  onCancel: () => void
}) {
  const [row, setRow] = useState<MeasureRow>({ label: '', unit: '' })
  const { busy, error, fields, setFields, run } = useCall()
  const existing = type.builtIn ? extraMeasuresOf(type) : [...type.measures]
  const prefix = type.builtIn ? 'extraMeasures' : 'measures'
  const at = `${prefix}.${existing.length}`
  // The server's errors are keyed by the measure's place in the list sent; the new one is the last.
  const errorOf = (field: 'label' | 'unit'): string | undefined => fields[`${at}.${field}`]

  async function save() {
    // A new measure has no key (the server gives it one) and the default cap (sent as nothing).
    const measures = [
      ...existing.map(measureBack),
      { key: undefined, label: row.label, unit: row.unit, max: undefined },
    ]
    const checked = validateMeasures(
      measures,
      existing.map((m) => m.key),
      prefix,
    )
    if (!checked.ok) {
      setFields(checked.fields)
      return
    }
    const result = await run(() =>
      type.builtIn
        ? callCloud('events', 'saveType', { type: type.type, extraMeasures: measures })
        : callCloud('events', 'saveType', { type: type.type, definition: definitionBack(type, measures) }),
    )
    if (result.ok) onSaved(result.data.types)
  }

  const others: FieldErrors = Object.fromEntries(
    Object.entries(fields).filter(([k]) => k !== `${at}.label` && k !== `${at}.unit`),
  )
  const otherMessage = Object.values(others).find((m) => m)

  return (
    <View className="add-measure-form">
      <CellGroup>
        <Field label="统计项名称" error={errorOf('label')}>
          <Input
            name="measureLabel"
            placeholder="如：发放宣传品"
            value={row.label}
            onChange={(label) => {
              setRow((r) => ({ ...r, label }))
              setFields({})
            }}
            maxLength={CATALOGUE_LIMITS.label.max}
          />
        </Field>
        <Field label="单位" error={errorOf('unit')}>
          <Input
            name="measureUnit"
            placeholder="如：份"
            value={row.unit}
            onChange={(unit) => {
              setRow((r) => ({ ...r, unit }))
              setFields({})
            }}
            maxLength={CATALOGUE_LIMITS.unit.max}
          />
        </Field>
      </CellGroup>
      <FieldError message={otherMessage} />
      <PageError message={error} />
      <View className="row-buttons">
        <Button
          type="primary"
          size="small"
          loading={busy}
          disabled={busy}
          onClick={() => void save()}
          className="measure-save"
        >
          保存统计项
        </Button>
        <Button size="small" fill="none" onClick={onCancel} className="measure-cancel">
          取消
        </Button>
      </View>
    </View>
  )
}

function TypeCard({
  type,
  adding,
  onAdd,
  onCancelAdd,
  onSaved,
}: {
  type: EventTypeDefinition
  adding: boolean
  onAdd: () => void
  onCancelAdd: () => void
  onSaved: (types: readonly EventTypeDefinition[], message: string) => void
}) {
  const toggle = useCall()
  const extras = type.builtIn ? extraMeasuresOf(type) : []

  async function setRetired(retired: boolean) {
    if (retired) {
      const { confirm } = await Taro.showModal({
        title: '停用记录类型',
        content: `停用后不能再新增“${type.label}”记录，已有的记录不受影响。可以随时重新启用。`,
        confirmText: '停用',
        confirmColor: '#c0392b',
      })
      if (!confirm) return
    }
    const result = await toggle.run(() =>
      callCloud('events', 'saveType', { type: type.type, definition: { ...definitionBack(type), retired } }),
    )
    if (result.ok) onSaved(result.data.types, retired ? `已停用${type.label}` : `已启用${type.label}`)
  }

  async function setPublishable(publishable: boolean) {
    const result = await toggle.run(() =>
      callCloud('events', 'saveType', {
        type: type.type,
        definition: { ...definitionBack(type), publishable },
      }),
    )
    if (result.ok)
      onSaved(result.data.types, publishable ? `${type.label}可向居民公开` : `${type.label}不再向居民公开`)
  }

  return (
    <View className={`card type-card type-${type.type}${type.retired ? ' type-retired' : ''}`}>
      <View className="type-head">
        <View className="card-title type-label">{type.label}</View>
        <View className="type-tags">
          <View className={type.builtIn ? 'type-pill' : 'type-pill type-pill-own'}>
            {type.builtIn ? '内置' : '本街道'}
          </View>
          {type.retired ? <View className="type-pill type-pill-retired">已停用</View> : null}
        </View>
      </View>
      <View className="card-line small muted type-unit">计数单位：{type.unit}</View>
      <View className="card-line small type-measures">
        统计项：
        {type.measures.length === 0
          ? '无'
          : type.measures.map((m) => (
              <View
                key={m.key}
                className={`measure-chip${extras.some((e) => e.key === m.key) ? ' measure-extra' : ''}`}
              >
                {measureLabel(m)}
              </View>
            ))}
      </View>
      {type.attributes.length > 0 ? (
        <View className="card-line small muted type-attributes">
          填写项：
          {type.attributes
            .map(
              (a) =>
                `${a.label}（${ATTRIBUTE_KIND_LABELS[a.kind]}${a.options ? `：${a.options.join('、')}` : ''}）`,
            )
            .join('；')}
        </View>
      ) : null}
      {type.lifecycle ? <View className="card-line small muted">按案件办理流程跟踪至办结</View> : null}
      {type.builtIn ? (
        <View className="card-line small muted type-publishable">
          {isPublishable(type) ? '可向居民公开' : '不向居民公开'}
        </View>
      ) : (
        <View
          className="card-line small type-publishable publishable-row"
          style={{ display: 'flex', alignItems: 'center', justifyContent: 'space-between' }}
        >
          <View className="publishable-label">可向居民公开</View>
          <Switch
            checked={type.publishable === true}
            disabled={toggle.busy}
            loadingIcon={null}
            onChange={(on: boolean) => void setPublishable(on)}
            className="publishable-switch"
          />
        </View>
      )}

      {adding ? (
        <AddMeasureForm
          type={type}
          onSaved={(types) => onSaved(types, `已为${type.label}添加统计项`)}
          onCancel={onCancelAdd}
        />
      ) : (
        <View className="row-buttons">
          {(type.builtIn ? extras.length : type.measures.length) < CATALOGUE_LIMITS.measuresPerType ? (
            <Button size="small" onClick={onAdd} className="add-measure-button">
              添加统计项
            </Button>
          ) : null}
          {type.builtIn ? null : type.retired ? (
            <Button
              size="small"
              loading={toggle.busy}
              disabled={toggle.busy}
              onClick={() => void setRetired(false)}
              className="unretire-button"
            >
              重新启用
            </Button>
          ) : (
            <Button
              size="small"
              type="danger"
              fill="outline"
              loading={toggle.busy}
              disabled={toggle.busy}
              onClick={() => void setRetired(true)}
              className="retire-button"
            >
              停用
            </Button>
          )}
        </View>
      )}
      <PageError message={toggle.error} />
    </View>
  )
}

export default function CataloguePage() {
  const [types, setTypes] = useState<readonly EventTypeDefinition[] | undefined>()
  const [notice, setNotice] = useState<string | undefined>()
  const [creating, setCreating] = useState(false)
  const [addingTo, setAddingTo] = useState<string | undefined>()

  const { error } = useLoad(
    () => callCloud('events', 'catalogue', {}),
    (data) => setTypes(data.types),
  )

  function saved(next: readonly EventTypeDefinition[], message: string) {
    setTypes(next)
    setNotice(message)
    setAddingTo(undefined)
    setCreating(false)
    void Taro.showToast({ title: '已保存', icon: 'none' })
  }

  const builtIn = types?.filter((t) => t.builtIn) ?? []
  const own = types?.filter((t) => !t.builtIn) ?? []
  const card = (t: EventTypeDefinition) => (
    <TypeCard
      key={t.type}
      type={t}
      adding={addingTo === t.type}
      onAdd={() => setAddingTo(t.type)}
      onCancelAdd={() => setAddingTo(undefined)}
      onSaved={saved}
    />
  )

  return (
    <View className="page catalogue-page">
      {notice ? <View className="notice notice-ok">{notice}</View> : null}
      <PageError message={error} />
      {types === undefined && !error ? <View className="hint">加载中…</View> : null}

      {types ? (
        <>
          <View className="section-title">本街道的类型</View>
          {own.length === 0 && !creating ? (
            <View className="hint">还没有本街道自己的类型。需要记录内置类型以外的工作时，可以新增。</View>
          ) : null}
          {own.map(card)}
          {creating ? (
            <NewTypeForm
              onSaved={(next) => saved(next, '已新增记录类型')}
              onCancel={() => setCreating(false)}
            />
          ) : (
            <View className="actions">
              <Button type="primary" block onClick={() => setCreating(true)} className="add-type-button">
                新增记录类型
              </Button>
            </View>
          )}

          <View className="section-title">内置类型</View>
          {builtIn.map(card)}
        </>
      ) : null}
    </View>
  )
}
