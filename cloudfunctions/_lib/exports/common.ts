/**
 * What the two exports share: what they are made from, how an exact value is written beside its report
 * wording, the rules both documents state, the files' names and paths, and storing a made file where
 * the caller downloads it (with its audit entry: every export is logged).
 */
import { randomBytes } from 'node:crypto'
import type { ExportView } from '../../../src/core/contract'
import type { EventTypeDefinition } from '../../../src/core/event-types'
import type { FigureDefinition, FigureValue } from '../../../src/core/figures'
import { writeAudit } from '../audit'
import { tempUrls, uploadFile } from '../cloud'
import type { Totals } from '../figures.repository'
import type { Context } from '../serve'

/** What a document is made from: the totals of a node and period, who asked, and when. */
export interface ExportInput {
  readonly totals: Totals
  readonly exportedAt: Date
  readonly exportedByName: string
}

export const EXPORT_KINDS = {
  xlsx: { title: '法治数据台账', target: 'ledger.xlsx' },
  docx: { title: '法治政府建设报告（数据部分）', target: 'report.docx' },
} as const

export type ExportKind = keyof typeof EXPORT_KINDS

/** The exact value behind a figure's wording: 106 for "100余", 63/64 for a ratio. */
export const exactOf = (f: FigureDefinition, v: FigureValue): string =>
  f.kind === 'ratio' ? `${v.numerator ?? 0}/${v.denominator ?? 0}` : String(v.value)

/** A figure's value as the report writes it, with its unit: 14场, 100余人次, 98.4%, —. */
export const wordedOf = (f: FigureDefinition, v: FigureValue): string =>
  f.kind === 'ratio' || v.text === '—' ? v.text : `${v.text}${f.unit}`

/** How each figure is computed, in words: 计数（法律讲座）, 求和（…：参与人次）, 比率（A ÷ B × 100%）. */
export function methodOf(
  f: FigureDefinition,
  figures: readonly FigureDefinition[],
  catalogue: readonly EventTypeDefinition[],
): string {
  const typeLabels = (types: readonly string[]) =>
    types.map((t) => catalogue.find((d) => d.type === t)?.label ?? t).join('、')
  if (f.kind === 'count') return `计数（${typeLabels(f.types)}）`
  if (f.kind === 'sum') {
    const measure = catalogue
      .filter((d) => f.types.includes(d.type))
      .flatMap((d) => d.measures)
      .find((m) => m.key === f.measure)
    return `求和（${typeLabels(f.types)}：${measure?.label ?? f.measure}）`
  }
  const label = (key: string) => figures.find((x) => x.key === key)?.label ?? key
  return `比率（${label(f.numerator)} ÷ ${label(f.denominator)} × 100%）`
}

/** The rules every export states: what is counted, how numbers are worded, what is masked. */
export const COUNTING_RULES = [
  '所有数值均由网格员、社区和街道工作人员日常记录的事件自动汇总，按事件的发生日期（北京时间）计入统计期间；矛盾纠纷按受理日期、网格事件按上报日期计入。',
  '已作废的记录不计入；修改过的记录按最新内容计入一次；因网络重试重复提交的记录只计入一次。',
  '“数值”按报告写法：场次、件数等写准确数；人次、份数等10以下写准确数，10以上保留前两位有效数字，舍去的部分以“余”表示（如106写作“100余”，700仍写“700”）。准确数值另列。',
  '比率 = 分子 ÷ 分母 × 100%，最多保留一位小数，只舍不入（不会把99.96%写成100%）；分母为0时写“—”。',
] as const

export const PRIVACY_RULES = [
  '个人信息保护：本文件不含矛盾纠纷当事人的姓名、电话、身份证号码和住址（当事人信息另行保存，仅案件承办人及所在社区、街道工作人员可以查看，每次查看均有记录）。',
  '标题、地点等文字中出现的手机号码、身份证号码已做遮蔽处理（如138****5678、110***********1234）。',
  '本文件的每次导出均记入操作日志。请妥善保管，仅用于法治政府建设工作统计，不得对外提供。',
] as const

/** China time of an instant: 2026年11月26日 14:05. */
export function chinaStamp(at: Date): string {
  const t = new Date(at.getTime() + 8 * 3600_000).toISOString()
  return `${t.slice(0, 4)}年${Number(t.slice(5, 7))}月${Number(t.slice(8, 10))}日 ${t.slice(11, 16)}`
}

/** Characters a file name may not hold on Windows, macOS or WeChat's file preview. */
const UNSAFE_NAME = /[\\/:*?"<>|\u0000-\u001f]/g // eslint-disable-line no-control-regex

/** 春城街道2025年法治数据台账.xlsx, 春城街道2025年法治政府建设报告（数据部分）.docx */
export const exportFileName = (t: Totals, kind: ExportKind): string =>
  `${t.node.name}${t.period.label}${EXPORT_KINDS[kind].title}.${kind}`.replace(UNSAFE_NAME, '_')

/** exports/<streetId>/<yyyymmdd-hhmmss>-<random>.<kind>: a fresh path every time (uploads overwrite). */
export function exportPath(t: Totals, kind: ExportKind, at: Date): string {
  const owner = (t.node.streetId ?? t.node.id).replace(/[^\w-]/g, '_')
  const c = new Date(at.getTime() + 8 * 3600_000).toISOString()
  const stamp = `${c.slice(0, 10).replace(/-/g, '')}-${c.slice(11, 19).replace(/:/g, '')}`
  return `exports/${owner}/${stamp}-${randomBytes(6).toString('hex')}.${kind}`
}

/**
 * Stores a made document, logs the export (before the caller can download it: an unlogged export never
 * happens), and answers its file ID and a temporary download URL.
 */
export async function storeExport(
  ctx: Context,
  input: ExportInput,
  kind: ExportKind,
  content: Buffer,
): Promise<ExportView> {
  const t = input.totals
  const fileName = exportFileName(t, kind)
  const fileID = await uploadFile(exportPath(t, kind, input.exportedAt), content)
  await writeAudit(
    ctx.entry('export', t.node.streetId ?? null, {
      kind: EXPORT_KINDS[kind].target,
      id: fileID,
      label: fileName,
    }),
  )
  const url = (await tempUrls([fileID])).get(fileID)
  if (!url) throw new Error(`no temporary URL for ${fileID}`)
  return { fileID, url, fileName }
}
