/**
 * The report's figures section as an official document (公文, GB/T 9704 layout): A4, margins top 37 mm,
 * bottom 35 mm, left 28 mm, right 26 mm; the title in 方正小标宋简体 二号 centred; body in 仿宋_GB2312 三号
 * with a first-line indent of two characters and fixed 28 pt line spacing; headings in 黑体 三号
 * (一、主要数据 / 二、指标明细); page numbers "— 1 —" in 宋体 四号.
 *
 * Content: the street's report template rendered with the period's figures (the paragraph `stats.report`
 * answers, word for word), a footnote on every 余 number giving its exact value, then a table of every
 * figure (指标 / 数值 / 准确数值 / 定义) grouped by section, and notes on what is counted and how
 * numbers are worded.
 *
 * Fonts: each run names its East Asian font (eastAsia) apart from its Latin one (Times New Roman); the
 * font table then names the usual substitutes (仿宋_GB2312 → 仿宋, 方正小标宋简体 → 宋体, 楷体_GB2312 → 楷体)
 * for computers without the GB2312 fonts.
 */
import {
  AlignmentType,
  Document,
  FootnoteReferenceRun,
  Footer,
  LineRuleType,
  Packer,
  PageNumber,
  Paragraph,
  ShadingType,
  Table,
  TableCell,
  TableRow,
  TextRun,
  VerticalAlign,
  WidthType,
} from 'docx'
import JSZip from 'jszip'
import { chinaToday, yearOf } from '../../../src/core/china-time'
import type { FigureDefinition } from '../../../src/core/figures'
import { renderReport, type RenderedReport } from '../../../src/core/report'
import { chinaStamp, COUNTING_RULES, exactOf, PRIVACY_RULES, wordedOf, type ExportInput } from './common'

/** Millimetres to twentieths of a point. */
const mm = (n: number) => Math.round((n * 1440) / 25.4)

export const PAGE = {
  width: 11906,
  height: 16838,
  margin: { top: mm(37), bottom: mm(35), left: mm(28), right: mm(26), header: mm(15), footer: mm(25) },
} as const
const TEXT_WIDTH = PAGE.width - PAGE.margin.left - PAGE.margin.right

/** Font sizes in half points: 二号 22 pt, 三号 16 pt, 四号 14 pt, 小四 12 pt, 五号 10.5 pt. */
const SIZE = { er: 44, san: 32, si: 28, xiaosi: 24, wu: 21 } as const
/** 28 pt, fixed: 22 lines a page as the 公文 standard has it. */
const LINE = 560

const latin = 'Times New Roman'
const fontOf = (eastAsia: string) => ({ ascii: latin, hAnsi: latin, cs: latin, eastAsia })
const FANGSONG = fontOf('仿宋_GB2312')
const HEITI = fontOf('黑体')
const TITLE = fontOf('方正小标宋简体')
const KAITI = fontOf('楷体_GB2312')
const SONGTI = fontOf('宋体')

/** Where each font falls back when it is not installed (w:altName in the font table). */
const FALLBACKS: readonly { name: string; altName: string }[] = [
  { name: '仿宋_GB2312', altName: '仿宋' },
  { name: '方正小标宋简体', altName: '宋体' },
  { name: '楷体_GB2312', altName: '楷体' },
  { name: '黑体', altName: 'SimHei' },
  { name: '宋体', altName: 'SimSun' },
]

const exact = { line: LINE, lineRule: LineRuleType.EXACT }

const body = (children: (TextRun | FootnoteReferenceRun)[]) =>
  new Paragraph({
    children,
    alignment: AlignmentType.JUSTIFIED,
    indent: { firstLine: 2 * 320 },
    spacing: exact,
  })

const heading = (text: string) =>
  new Paragraph({
    children: [new TextRun({ text, font: HEITI, size: SIZE.san })],
    indent: { firstLine: 2 * 320 },
    spacing: exact,
  })

const blank = () => new Paragraph({ children: [], spacing: exact })

/** 春城街道关于2025年度法治政府建设情况的报告; another period is named as it is labelled. */
export function reportTitle(input: ExportInput): string {
  const { node, period } = input.totals
  const wholeYear =
    period.from.endsWith('-01-01') &&
    period.to.endsWith('-12-31') &&
    yearOf(period.from) === yearOf(period.to)
  return `${node.name}关于${wholeYear ? `${yearOf(period.from)}年度` : period.label}法治政府建设情况的报告`
}

/** The paragraph as `stats.report` renders it: the street's template with the period's figures. */
export function reportParagraph(input: ExportInput): RenderedReport {
  const t = input.totals
  const street = t.node.streetId ? t.nodes.get(t.node.streetId) : undefined
  return renderReport(t.settings.template, t.settings.figures, t.values, {
    year: yearOf(t.period.to),
    streetName: street?.name ?? t.node.name,
    periodLabel: t.period.label,
    periodEnded: t.period.to < chinaToday(input.exportedAt),
  })
}

function cell(
  text: string,
  width: number,
  options: { header?: boolean; center?: boolean; span?: number; shade?: string } = {},
): TableCell {
  return new TableCell({
    width: { size: width, type: WidthType.DXA },
    verticalAlign: VerticalAlign.CENTER,
    margins: { left: 80, right: 80, top: 40, bottom: 40 },
    ...(options.span ? { columnSpan: options.span } : {}),
    ...(options.shade ? { shading: { type: ShadingType.CLEAR, color: 'auto', fill: options.shade } } : {}),
    children: [
      new Paragraph({
        alignment: options.center ? AlignmentType.CENTER : AlignmentType.LEFT,
        spacing: { line: 360, lineRule: LineRuleType.EXACT },
        children: [new TextRun({ text, font: options.header ? HEITI : FANGSONG, size: SIZE.xiaosi })],
      }),
    ],
  })
}

const WIDTHS = [2300, 1500, 1400, TEXT_WIDTH - 2300 - 1500 - 1400] as const

function figureTable(input: ExportInput): Table {
  const t = input.totals
  const rows: TableRow[] = [
    new TableRow({
      tableHeader: true,
      children: ['指标', '数值', '准确数值', '定义'].map((h, i) =>
        cell(h, WIDTHS[i]!, { header: true, center: true, shade: 'D9D9D9' }),
      ),
    }),
  ]
  let section: string | undefined
  for (const f of t.settings.figures) {
    if (f.section !== section) {
      section = f.section
      rows.push(
        new TableRow({ children: [cell(f.section, TEXT_WIDTH, { header: true, span: 4, shade: 'F2F2F2' })] }),
      )
    }
    const v = t.values.get(f.key)!
    rows.push(
      new TableRow({
        cantSplit: true,
        children: [
          cell(f.label, WIDTHS[0]),
          cell(wordedOf(f, v), WIDTHS[1], { center: true }),
          cell(f.kind === 'ratio' ? exactOf(f, v) : `${v.value}${f.unit}`, WIDTHS[2], { center: true }),
          cell(f.description, WIDTHS[3]),
        ],
      }),
    )
  }
  return new Table({
    width: { size: TEXT_WIDTH, type: WidthType.DXA },
    columnWidths: [...WIDTHS],
    rows,
  })
}

const note = (text: string) =>
  new Paragraph({
    children: [new TextRun({ text, font: FANGSONG, size: SIZE.si })],
    alignment: AlignmentType.JUSTIFIED,
    indent: { firstLine: 2 * 280 },
    spacing: { line: 440, lineRule: LineRuleType.EXACT },
  })

/**
 * Adds the fonts' fallbacks to the font table, and relates the table to the document: docx writes the
 * table (empty) and its relationship only for embedded fonts.
 */
async function withFontFallbacks(content: Buffer): Promise<Buffer> {
  const zip = await JSZip.loadAsync(content)
  const table = 'word/fontTable.xml'
  const rels = 'word/_rels/document.xml.rels'
  const [xml, relsXml] = await Promise.all([
    zip.file(table)?.async('string'),
    zip.file(rels)?.async('string'),
  ])
  if (!xml || !relsXml) return content
  const fonts = FALLBACKS.map(
    (f) =>
      `<w:font w:name="${f.name}"><w:altName w:val="${f.altName}"/><w:charset w:val="86"/><w:family w:val="modern"/><w:pitch w:val="fixed"/></w:font>`,
  ).join('')
  zip.file(
    table,
    /<w:fonts\b[^>]*\/>/.test(xml)
      ? xml.replace(/<w:fonts\b([^>]*)\/>/, `<w:fonts$1>${fonts}</w:fonts>`)
      : xml.replace('</w:fonts>', `${fonts}</w:fonts>`),
  )
  const type = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/fontTable'
  if (!relsXml.includes(type))
    zip.file(
      rels,
      relsXml.replace(
        '</Relationships>',
        `<Relationship Id="rIdFontTable" Type="${type}" Target="fontTable.xml"/></Relationships>`,
      ),
    )
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' })
}

/** The document of a node and period as docx bytes. */
export async function reportDocx(input: ExportInput): Promise<Buffer> {
  const t = input.totals
  const rendered = reportParagraph(input)
  const byKey = new Map<string, FigureDefinition>(t.settings.figures.map((f) => [f.key, f]))
  const footnotes: Record<number, { children: Paragraph[] }> = {}
  const runs: (TextRun | FootnoteReferenceRun)[] = []
  for (const s of rendered.segments) {
    runs.push(new TextRun({ text: s.text }))
    if (!s.exact) continue
    const f = byKey.get(s.figures?.[0] ?? '')
    const unit = f && f.kind !== 'ratio' ? f.unit : ''
    const id = Object.keys(footnotes).length + 1
    footnotes[id] = {
      children: [
        new Paragraph({
          spacing: { line: 300, lineRule: LineRuleType.EXACT },
          children: [
            new TextRun({
              text: `“${s.text}${unit}”为约数，准确数值为${s.exact}${unit}${f ? `（${f.label}）` : ''}。`,
              font: FANGSONG,
              size: SIZE.wu,
            }),
          ],
        }),
      ],
    }
    runs.push(new FootnoteReferenceRun(id))
  }
  const doc = new Document({
    creator: '法治台账',
    title: reportTitle(input),
    description: `${t.node.name}${t.period.label}法治政府建设报告（数据部分）`,
    styles: {
      default: {
        document: {
          run: { font: FANGSONG, size: SIZE.san, language: { value: 'en-US', eastAsia: 'zh-CN' } },
          paragraph: { spacing: exact },
        },
      },
    },
    footnotes,
    sections: [
      {
        properties: {
          page: {
            size: { width: PAGE.width, height: PAGE.height },
            margin: PAGE.margin,
          },
        },
        footers: {
          default: new Footer({
            children: [
              new Paragraph({
                alignment: AlignmentType.CENTER,
                children: [
                  new TextRun({ children: ['— ', PageNumber.CURRENT, ' —'], font: SONGTI, size: SIZE.si }),
                ],
              }),
            ],
          }),
        },
        children: [
          new Paragraph({
            alignment: AlignmentType.CENTER,
            spacing: { line: 700, lineRule: LineRuleType.EXACT },
            children: [new TextRun({ text: reportTitle(input), font: TITLE, size: SIZE.er })],
          }),
          new Paragraph({
            alignment: AlignmentType.CENTER,
            spacing: exact,
            children: [new TextRun({ text: '（数据部分）', font: KAITI, size: SIZE.san })],
          }),
          blank(),
          heading('一、主要数据'),
          body(runs),
          heading('二、指标明细'),
          figureTable(input),
          blank(),
          note(
            '注：1.文中带“余”字的数值为约数，准确数值见脚注和上表“准确数值”栏；场次、件数写准确数，人次、份数等10以下写准确数，10以上保留前两位有效数字，舍去部分以“余”表示（如106人次写作“100余人次”）。',
          ),
          note(`2.${COUNTING_RULES[0]}${COUNTING_RULES[1]}`),
          note(`3.${COUNTING_RULES[3]}`),
          note(`4.${PRIVACY_RULES[0]}`),
          note(
            `5.数据来源：法治台账。统计范围：${t.node.name}（含下属社区、网格）；统计期间：${t.period.from}至${t.period.to}；导出：${input.exportedByName}，${chinaStamp(input.exportedAt)}。`,
          ),
        ],
      },
    ],
  })
  return withFontFallbacks(await Packer.toBuffer(doc))
}
