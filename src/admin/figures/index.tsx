/**
 * 统计指标 (street admins): the street's figures — built-in ones and its own — each with its definition
 * in words; add a figure (计数 of records of some types, 求和 of a measure, or 比率 of two figures), with
 * filters on the types' choices and flags, a unit, exact or 余 wording and a description; change one
 * (a built-in one can be put back as shipped); and edit the report's template, previewed with last
 * year's figures before it is saved. The core's checks (validateFigure, checkTemplate) run before a
 * save; the server's field errors are shown next to their fields.
 */
import { Picker, Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useEffect, useMemo, useState } from 'react'
import { chinaToday } from '../../core/china-time'
import type { FigureView } from '../../core/contract'
import type { EventTypeDefinition } from '../../core/event-types'
import { FIGURE_LIMITS, validateFigure, type FigureValue } from '../../core/figures'
import { checkTemplate, REPORT_TEMPLATE_MAX, renderReport, type RenderedReport } from '../../core/report'
import { PickerRow } from '../../components/event-form'
import { Field, FieldError, PageError, SubmitButton } from '../../components/field'
import {
  changedFromBuiltIn,
  commonMeasures,
  definitionText,
  emptyFigureForm,
  figureInputOf,
  filterableAttributes,
  formOf,
  KIND_LABELS,
  SECTIONS,
  toggleFilter,
  withTypes,
  WORDING_LABELS,
  type FigureForm,
  type FigureKind,
} from '../../components/figure-form-value'
import { bySection, figureClass } from '../../components/figures-view'
import { Button, CellGroup, Input, TextArea } from '../../components/nutui'
import { useCall } from '../../components/use-call'
import { useCatalogue } from '../../components/use-catalogue'
import { useLoad } from '../../components/use-load'
import { callCloud } from '../../services/cloud'
import './index.css'

const LAST_YEAR = Number(chinaToday().slice(0, 4)) - 1

interface Saved {
  readonly figures: readonly FigureView[]
  readonly version: number
}

function Chip({
  on,
  onClick,
  className,
  children,
}: {
  on: boolean
  onClick: () => void
  className: string
  children: string
}) {
  return (
    <View className={`choice-chip ${className}${on ? ' choice-chip-on' : ''}`} onClick={onClick}>
      {children}
    </View>
  )
}

function FigureFormCard({
  stored,
  figures,
  catalogue,
  onSaved,
  onCancel,
}: {
  stored?: FigureView
  figures: readonly FigureView[]
  catalogue: readonly EventTypeDefinition[]
  onSaved: (saved: Saved, message: string) => void
  onCancel: () => void
}) {
  const [form, setForm] = useState<FigureForm>(() => (stored ? formOf(stored) : emptyFigureForm()))
  const { busy, error, fields, setFields, run } = useCall()
  const set = (patch: Partial<FigureForm>, ...cleared: string[]) => {
    setForm((f) => ({ ...f, ...patch }))
    setFields((f) => {
      const next = { ...f }
      for (const k of [...Object.keys(patch), ...cleared]) delete next[k]
      return next
    })
  }

  const types = catalogue.filter((t) => !t.retired || form.types.includes(t.type))
  const measures = commonMeasures(catalogue, form.types)
  const filterable = filterableAttributes(catalogue, form.types)
  // Ratios divide two COUNT or SUM figures (not the one being edited).
  const parts = useMemo(
    () => figures.filter((f) => f.kind !== 'ratio' && f.key !== stored?.key),
    [figures, stored],
  )
  const partRange = useMemo(() => parts.map((f) => f.label), [parts])
  const partLabel = (key: string) => parts.find((f) => f.key === key)?.label ?? ''

  function chooseKind(kind: FigureKind) {
    set({
      kind,
      wording: kind === 'sum' ? 'approx' : 'exact',
      ...(kind === 'ratio' ? {} : { unit: form.unit || '次' }),
    })
  }

  function toggleType(type: string) {
    const next = form.types.includes(type) ? form.types.filter((t) => t !== type) : [...form.types, type]
    setForm((f) => withTypes(f, next, catalogue))
    setFields((f) => ({ ...f, types: '', measure: '' }))
  }

  async function save() {
    const figure = figureInputOf(form, stored)
    const others = figures.filter((f) => f.key !== stored?.key)
    const checked = validateFigure(figure, catalogue, others)
    if (!checked.ok) {
      setFields(checked.fields)
      return
    }
    const result = await run(() =>
      callCloud('stats', 'saveFigure', { ...(stored ? { key: stored.key } : {}), figure }),
    )
    if (result.ok) onSaved(result.data, stored ? `已修改${form.label.trim()}` : `已新增${form.label.trim()}`)
  }

  const whereErrors = Object.entries(fields)
    .filter(([k, v]) => k.startsWith('where') && v)
    .map(([, v]) => v)

  return (
    <View className={`card figure-form ${stored ? 'figure-form-edit' : 'figure-form-new'}`}>
      <View className="card-title">{stored ? `修改：${stored.label}` : '新增统计指标'}</View>
      <View className="form-block">
        <View className="form-block-label">指标类型</View>
        {stored ? (
          <View className="small muted">{KIND_LABELS[form.kind]}（保存后不能改）</View>
        ) : (
          <View className="choice-chips">
            {(Object.keys(KIND_LABELS) as FigureKind[]).map((k) => (
              <Chip key={k} on={form.kind === k} onClick={() => chooseKind(k)} className={`kind-${k}`}>
                {KIND_LABELS[k]}
              </Chip>
            ))}
          </View>
        )}
        <FieldError message={fields.kind} />
      </View>

      <CellGroup>
        <Field label="指标名称" error={fields.label}>
          <Input
            name="figureLabel"
            placeholder="如：食品安全督导检查"
            value={form.label}
            onChange={(label) => set({ label })}
            maxLength={FIGURE_LIMITS.label}
          />
        </Field>
        {form.kind === 'count' ? (
          <Field label="单位" error={fields.unit}>
            <Input
              name="figureUnit"
              placeholder="如：次、场、件"
              value={form.unit}
              onChange={(unit) => set({ unit })}
              maxLength={FIGURE_LIMITS.unit}
            />
          </Field>
        ) : null}
      </CellGroup>

      <View className="form-block">
        <View className="form-block-label">分组</View>
        <View className="choice-chips">
          {SECTIONS.map((s) => (
            <Chip
              key={s}
              on={form.section === s}
              onClick={() => set({ section: s })}
              className="section-chip"
            >
              {s}
            </Chip>
          ))}
        </View>
      </View>

      {form.kind === 'ratio' ? (
        <CellGroup>
          <Picker
            mode="selector"
            range={partRange}
            value={Math.max(
              0,
              parts.findIndex((f) => f.key === form.numerator),
            )}
            onChange={(e) => set({ numerator: parts[Number(e.detail.value)]?.key ?? '' })}
          >
            <PickerRow className="numerator-picker" label="分子" value={partLabel(form.numerator)} />
          </Picker>
          <FieldError message={fields.numerator} />
          <Picker
            mode="selector"
            range={partRange}
            value={Math.max(
              0,
              parts.findIndex((f) => f.key === form.denominator),
            )}
            onChange={(e) => set({ denominator: parts[Number(e.detail.value)]?.key ?? '' })}
          >
            <PickerRow className="denominator-picker" label="分母" value={partLabel(form.denominator)} />
          </Picker>
          <FieldError message={fields.denominator} />
        </CellGroup>
      ) : (
        <>
          <View className="form-block">
            <View className="form-block-label">记录类型（可多选）</View>
            <View className="choice-chips">
              {types.map((t) => (
                <Chip
                  key={t.type}
                  on={form.types.includes(t.type)}
                  onClick={() => toggleType(t.type)}
                  className={`type-chip type-chip-${t.type}`}
                >
                  {t.label}
                </Chip>
              ))}
            </View>
            <FieldError message={fields.types} />
          </View>

          {form.kind === 'sum' ? (
            <View className="form-block">
              <View className="form-block-label">统计项（每条记录的数字相加）</View>
              {measures.length === 0 ? (
                <View className="small muted">
                  {form.types.length === 0 ? '先选择记录类型' : '所选的记录类型没有共同的统计项'}
                </View>
              ) : (
                <View className="choice-chips">
                  {measures.map((m) => (
                    <Chip
                      key={m.key}
                      on={form.measure === m.key}
                      onClick={() => set({ measure: m.key })}
                      className={`measure-chip-${m.key}`}
                    >
                      {`${m.label}（${m.unit}）`}
                    </Chip>
                  ))}
                </View>
              )}
              <FieldError message={fields.measure} />
            </View>
          ) : null}

          {filterable.length > 0 ? (
            <View className="form-block">
              <View className="form-block-label">只计入（不选则计入全部）</View>
              {filterable.map((a) => (
                <View key={a.key} className={`filter-block filter-${a.key}`}>
                  <View className="small muted">{a.label}</View>
                  <View className="choice-chips">
                    {a.options.map((o) => (
                      <Chip
                        key={String(o.value)}
                        on={(form.attributes[a.key] ?? []).includes(o.value)}
                        onClick={() => {
                          setForm((f) => toggleFilter(f, a.key, o.value))
                          setFields({})
                        }}
                        className="filter-chip"
                      >
                        {o.label}
                      </Chip>
                    ))}
                  </View>
                </View>
              ))}
            </View>
          ) : null}
          <FieldError message={whereErrors[0]} />

          <View className="form-block">
            <View className="form-block-label">报告中的写法</View>
            <View className="choice-chips">
              {(Object.keys(WORDING_LABELS) as (keyof typeof WORDING_LABELS)[]).map((w) => (
                <Chip
                  key={w}
                  on={form.wording === w}
                  onClick={() => set({ wording: w })}
                  className={`wording-${w}`}
                >
                  {WORDING_LABELS[w]}
                </Chip>
              ))}
            </View>
          </View>
        </>
      )}

      <View className="form-block">
        <View className="form-block-label">说明（显示在数字旁，写明怎么算）</View>
        <TextArea
          className="figure-description-input"
          placeholder="如：形式为进校园的普法宣传活动次数"
          value={form.description}
          onChange={(description: string) => set({ description })}
          maxLength={FIGURE_LIMITS.description}
          rows={3}
        />
        <FieldError message={fields.description} />
      </View>

      <PageError message={error} />
      <View className="actions">
        <SubmitButton busy={busy} onClick={() => void save()} className="figure-save">
          保存指标
        </SubmitButton>
        <Button block fill="none" onClick={onCancel} className="figure-cancel">
          取消
        </Button>
      </View>
    </View>
  )
}

function FigureCard({
  figure,
  figures,
  catalogue,
  onEdit,
  onSaved,
}: {
  figure: FigureView
  figures: readonly FigureView[]
  catalogue: readonly EventTypeDefinition[]
  onEdit: () => void
  onSaved: (saved: Saved, message: string) => void
}) {
  const reset = useCall()
  const changed = changedFromBuiltIn(figure)

  /** A built-in figure back as shipped, or a street's own figure removed (refused while something uses it). */
  async function putBack() {
    const own = !figure.builtIn
    const { confirm } = await Taro.showModal({
      title: own ? '删除指标' : '恢复默认',
      content: own
        ? `删除本街道的指标“${figure.label}”吗？已记录的事件不受影响。`
        : `把“${figure.label}”恢复为系统内置的定义吗？`,
      confirmText: own ? '删除' : '恢复',
    })
    if (!confirm) return
    const result = await reset.run(() => callCloud('stats', 'saveFigure', { key: figure.key, reset: true }))
    if (result.ok) onSaved(result.data, own ? `已删除${figure.label}` : `已恢复${figure.label}的默认定义`)
  }

  return (
    <View className={`card figure-def ${figureClass(figure.key)}`}>
      <View className="row-head">
        <View className="card-title figure-def-label">{figure.label}</View>
        <View className="figure-def-tags">
          <View className="status-pill">{KIND_LABELS[figure.kind]}</View>
          <View className={figure.builtIn ? 'status-pill' : 'status-pill status-pill-own'}>
            {figure.builtIn ? (changed ? '内置·已修改' : '内置') : '本街道'}
          </View>
        </View>
      </View>
      <View className="card-line small figure-def-rule">{definitionText(figure, catalogue, figures)}</View>
      <View className="card-line small muted">
        {figure.kind === 'ratio' ? '写作百分比' : `单位：${figure.unit} · ${WORDING_LABELS[figure.wording]}`}
      </View>
      <View className="card-line small muted figure-def-description">{figure.description}</View>
      <View className="card-line small muted">报告模板中写作 {`{${figure.key}}`}</View>
      <PageError message={reset.error} />
      <View className="row-buttons">
        <Button size="small" onClick={onEdit} className="figure-edit-button">
          修改
        </Button>
        {changed || !figure.builtIn ? (
          <Button
            size="small"
            fill="outline"
            loading={reset.busy}
            disabled={reset.busy}
            onClick={() => void putBack()}
            className={figure.builtIn ? 'figure-reset-button' : 'figure-remove-button'}
          >
            {figure.builtIn ? '恢复默认' : '删除'}
          </Button>
        ) : null}
      </View>
    </View>
  )
}

function TemplateEditor({
  template,
  isDefault,
  figures,
  onSaved,
  onClose,
}: {
  template: string
  isDefault: boolean
  figures: readonly FigureView[]
  onSaved: (template: string, isDefault: boolean, message: string) => void
  onClose: () => void
}) {
  const [draft, setDraft] = useState(template)
  const [preview, setPreview] = useState<RenderedReport | undefined>()
  const [showKeys, setShowKeys] = useState(false)
  const { busy, error, fields, setFields, setError, run } = useCall()
  const [values, setValues] = useState<
    { map: Map<string, FigureValue>; streetName: string; periodLabel: string } | undefined
  >()

  useEffect(() => setDraft(template), [template])

  async function showPreview() {
    const checked = checkTemplate(draft, figures)
    if (!checked.ok) {
      setFields(checked.fields)
      setPreview(undefined)
      return
    }
    let known = values
    if (!known) {
      const result = await run(() => callCloud('stats', 'totals', { period: { year: LAST_YEAR } }))
      if (!result.ok) return
      known = {
        map: new Map(result.data.totals.map((t) => [t.key, t.value])),
        streetName: result.data.node.name,
        periodLabel: result.data.period.label,
      }
      setValues(known)
    }
    setFields({})
    setPreview(
      renderReport(checked.value, figures, known.map, {
        year: LAST_YEAR,
        streetName: known.streetName,
        periodLabel: known.periodLabel,
        periodEnded: true,
      }),
    )
  }

  async function save(next: string | null) {
    if (next !== null) {
      const checked = checkTemplate(next, figures)
      if (!checked.ok) {
        setFields(checked.fields)
        return
      }
    } else {
      const { confirm } = await Taro.showModal({
        title: '恢复默认模板',
        content: '用系统默认的报告模板替换本街道的模板吗？',
        confirmText: '恢复',
      })
      if (!confirm) return
    }
    const result = await run(() => callCloud('stats', 'saveTemplate', { template: next }))
    if (result.ok) {
      setPreview(undefined)
      onSaved(
        result.data.template,
        result.data.isDefaultTemplate,
        next === null ? '已恢复默认模板' : '已保存报告模板',
      )
    }
  }

  return (
    <View className="card template-editor">
      <View className="row-head">
        <View className="card-title">报告模板</View>
        <View className="status-pill">{isDefault ? '默认模板' : '本街道模板'}</View>
      </View>
      <View className="card-line small muted">
        花括号里是数字：{'{年份}'} {'{街道}'} {'{期间}'}，{'{指标编号}'}（如 {'{lecture.count}'}），
        {'{均:比率1,比率2}'} 合并相等的比率，{'{未办结:case.openAtYearEnd}'} 写年底未办结的案件。
      </View>
      <TextArea
        className="template-input"
        value={draft}
        onChange={(v: string) => {
          setDraft(v)
          setFields({})
          setError(undefined)
        }}
        maxLength={REPORT_TEMPLATE_MAX}
        rows={10}
      />
      <FieldError message={fields.template} />
      <View className="template-keys-toggle small" onClick={() => setShowKeys((s) => !s)}>
        {showKeys ? '收起指标编号' : '查看指标编号（点一下加到模板末尾）'}
      </View>
      {showKeys ? (
        <View className="template-keys">
          {figures.map((f) => (
            <View
              key={f.key}
              className="template-key small"
              onClick={() => setDraft((d) => `${d}{${f.key}}`)}
            >
              <Text className="template-key-code">{`{${f.key}}`}</Text> {f.label}
            </View>
          ))}
        </View>
      ) : null}
      <PageError message={error} />
      <View className="row-buttons">
        <Button
          size="small"
          loading={busy}
          disabled={busy}
          onClick={() => void showPreview()}
          className="template-preview-button"
        >
          预览
        </Button>
        <Button
          size="small"
          type="primary"
          loading={busy}
          disabled={busy || draft === template}
          onClick={() => void save(draft)}
          className="template-save-button"
        >
          保存模板
        </Button>
        {isDefault ? null : (
          <Button
            size="small"
            fill="outline"
            onClick={() => void save(null)}
            className="template-reset-button"
          >
            恢复默认模板
          </Button>
        )}
        <Button size="small" fill="none" onClick={onClose} className="template-close-button">
          收起
        </Button>
      </View>
      {preview ? (
        <View className="template-preview">
          <View className="small muted">预览（{LAST_YEAR}年的数字）</View>
          <View className="template-preview-text">{preview.text}</View>
        </View>
      ) : null}
    </View>
  )
}

export default function FiguresPage() {
  const { types: catalogue } = useCatalogue()
  const [data, setData] = useState<
    | { figures: readonly FigureView[]; version: number; template: string; isDefaultTemplate: boolean }
    | undefined
  >()
  const [notice, setNotice] = useState<string | undefined>()
  const [editing, setEditing] = useState<string | undefined>()
  const [creating, setCreating] = useState(false)
  const [templating, setTemplating] = useState(false)

  const { error } = useLoad(() => callCloud('stats', 'figures', {}), setData)

  const figures = useMemo(() => data?.figures ?? [], [data])
  const sections = useMemo(() => bySection(figures), [figures])

  function saved(next: Saved, message: string) {
    setData((d) => (d ? { ...d, figures: next.figures, version: next.version } : d))
    setNotice(message)
    setEditing(undefined)
    setCreating(false)
    void Taro.showToast({ title: '已保存', icon: 'none' })
  }

  return (
    <View className="page figures-admin-page">
      {notice ? <View className="notice notice-ok figures-notice">{notice}</View> : null}
      <PageError message={error} />
      {data === undefined && !error ? <View className="hint">加载中…</View> : null}

      {data ? (
        <>
          <View className="hint">
            每个指标都由记录算出：计数（记录的条数）、求和（记录上某个数字之和）或比率（两个指标相除）。修改后，统计报表和未结账年度的报告随之变化。
          </View>
          {creating ? (
            <FigureFormCard
              figures={figures}
              catalogue={catalogue}
              onSaved={saved}
              onCancel={() => setCreating(false)}
            />
          ) : null}
          {templating ? (
            <TemplateEditor
              template={data.template}
              isDefault={data.isDefaultTemplate}
              figures={figures}
              onSaved={(template, isDefaultTemplate, message) => {
                setData((d) => (d ? { ...d, template, isDefaultTemplate } : d))
                setNotice(message)
              }}
              onClose={() => setTemplating(false)}
            />
          ) : null}
          {creating || templating ? null : (
            <View className="actions">
              <Button type="primary" block onClick={() => setCreating(true)} className="add-figure-button">
                新增统计指标
              </Button>
              <Button block onClick={() => setTemplating(true)} className="edit-template-button">
                报告模板{data.isDefaultTemplate ? '（默认）' : '（本街道）'}
              </Button>
            </View>
          )}

          {sections.map((s) => (
            <View key={s.section}>
              <View className="section-title">{s.section}</View>
              {s.figures.map((f) =>
                editing === f.key ? (
                  <FigureFormCard
                    key={f.key}
                    stored={f}
                    figures={figures}
                    catalogue={catalogue}
                    onSaved={saved}
                    onCancel={() => setEditing(undefined)}
                  />
                ) : (
                  <FigureCard
                    key={f.key}
                    figure={f}
                    figures={figures}
                    catalogue={catalogue}
                    onEdit={() => setEditing(f.key)}
                    onSaved={saved}
                  />
                ),
              )}
            </View>
          ))}
        </>
      ) : null}
    </View>
  )
}
