/**
 * 报告 (staff/report/index?year=2025[&quarter|month][&node=…]): the figures paragraph of the annual
 * 法治政府建设 report for the node and period, rendered from the street's template (stats.report). Every
 * number in it opens to its figure's events (a merged ratio, 调处率和办结率均100%, asks which); a 余
 * number's exact value is noted under the paragraph. 导出Word and 导出Excel (for those who may export)
 * have a function make the file, then open it: WeChat's document viewer on a phone, a download in a
 * browser (services/open-file.*).
 */
import { Text, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { useEffect, useState } from 'react'
import type { ExportView, FigureView, ReportView } from '../../core/contract'
import type { Envelope } from '../../core/errors'
import type { ReportSegment } from '../../core/report'
import { PageError } from '../../components/field'
import { figuresQuery, paramOf, periodFromQuery } from '../../components/figures-view'
import { Button } from '../../components/nutui'
import { useCall } from '../../components/use-call'
import { useMe } from '../../components/use-me'
import { callCloud } from '../../services/cloud'
import { openExport } from '../../services/open-file'
import './index.css'

export default function ReportPage() {
  const params = useRouter().params
  const nodeId = paramOf(params, 'node')
  // Read once: the query does not change while the page is open.
  const [period] = useState(() => periodFromQuery(params))
  const [report, setReport] = useState<ReportView | undefined>()
  const [figures, setFigures] = useState<readonly FigureView[]>([])
  const [error, setError] = useState<string | undefined>(period ? undefined : '找不到该期间')
  const [exported, setExported] = useState<string | undefined>()
  const exporter = useCall()
  const { me } = useMe()

  useEffect(() => {
    if (!period) return
    void callCloud('stats', 'report', { period, ...(nodeId ? { nodeId } : {}) }).then((result) => {
      if (result.ok) setReport(result.data)
      else setError(result.error.message)
    })
    void callCloud('stats', 'figures', {}).then((result) => {
      if (result.ok) setFigures(result.data.figures)
    })
  }, [period, nodeId])

  const labelOf = (key: string) => figures.find((f) => f.key === key)?.label ?? key
  const openFigure = (key: string) =>
    void Taro.navigateTo({
      url: `/staff/figure/index?${figuresQuery(period!, nodeId, {
        figure: key,
        ...(report ? { nodeName: report.nodeName } : {}),
      })}`,
    })

  async function openSegment(segment: ReportSegment) {
    const keys = segment.figures ?? []
    if (keys.length === 1) return openFigure(keys[0]!)
    try {
      const { tapIndex } = await Taro.showActionSheet({ itemList: keys.map(labelOf) })
      const key = keys[tapIndex]
      if (key) openFigure(key)
    } catch {
      // cancelled
    }
  }

  async function exportAs(kind: 'docx' | 'xlsx') {
    if (!period) return
    setExported(undefined)
    const request = { period, ...(nodeId ? { nodeId } : {}) }
    const result: Envelope<ExportView> = await exporter.run(() =>
      kind === 'docx'
        ? callCloud('ledgers', 'exportDocx', request)
        : callCloud('ledgers', 'exportXlsx', request),
    )
    if (!result.ok) return
    try {
      await openExport(result.data)
      setExported(`已导出：${result.data.fileName}`)
    } catch (e) {
      console.warn('openExport failed', e)
      exporter.setError('文件已生成，但未能打开，请稍后再试')
    }
  }

  const notes = report?.rendered.segments.filter((s) => s.exact) ?? []

  return (
    <View className="page report-page">
      <PageError message={error} />
      {!report && !error ? <View className="hint">加载中…</View> : null}
      {report ? (
        <>
          <View className="card report-card">
            <View className="card-title report-title">
              {report.nodeName} · {report.period.label}
            </View>
            <View className="card-line small muted">法治政府建设情况报告 · 工作数字</View>
            <View className="report-text">
              {report.rendered.segments.map((s, i) =>
                s.figures ? (
                  <Text key={i} className="report-number" onClick={() => void openSegment(s)}>
                    {s.text}
                  </Text>
                ) : (
                  <Text key={i}>{s.text}</Text>
                ),
              )}
            </View>
            {notes.length > 0 ? (
              <View className="report-notes small muted">
                {notes.map((s, i) => {
                  const unit = figures.find((f) => f.key === s.figures?.[0])?.unit ?? ''
                  return (
                    <View key={i} className="report-note">
                      {s.figures?.map(labelOf).join('、')} {s.text}
                      {unit}：实际{s.exact}
                      {unit}
                    </View>
                  )
                })}
              </View>
            ) : null}
          </View>
          <View className="hint">
            点带下划线的数字查看对应的记录。
            {report.isDefaultTemplate ? '使用默认模板，' : '使用本街道的模板，'}
            街道管理员可在“统计指标”中修改。
          </View>

          {me?.may.exportFigures ? (
            <View className="actions">
              {exported ? <View className="notice notice-ok export-notice">{exported}</View> : null}
              <PageError message={exporter.error} />
              <View className="export-buttons">
                <Button
                  type="primary"
                  loading={exporter.busy}
                  disabled={exporter.busy}
                  onClick={() => void exportAs('docx')}
                  className="export-docx-button"
                >
                  导出Word
                </Button>
                <Button
                  type="primary"
                  fill="outline"
                  loading={exporter.busy}
                  disabled={exporter.busy}
                  onClick={() => void exportAs('xlsx')}
                  className="export-xlsx-button"
                >
                  导出Excel
                </Button>
              </View>
              <View className="hint small">
                Word：报告的工作数字一节；Excel：指标表和每个指标的记录清单（个人信息已隐去）。
              </View>
            </View>
          ) : null}
        </>
      ) : null}
    </View>
  )
}
