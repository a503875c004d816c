/**
 * The local cloud's stand-in for WeChat's content security model (内容安全): a fixed word list, so that
 * a test or a developer can produce each verdict of `security.msgSecCheck` on purpose. The real model is
 * statistical and its verdicts can change; code must handle all three suggestions whatever the text.
 *
 * Matching ignores whitespace (`赌 博` is `赌博`). A risky word wins over a review word; within a list the
 * first word of the list found decides the label.
 */

/** `suggest` of a verdict: pass, review (人工复审), risky (违规). */
export type Suggest = 'pass' | 'review' | 'risky'

/** WeChat's labels of content security 2.0 (the number is what the API answers). */
export const CONTENT_LABELS = {
  100: '正常',
  10001: '广告',
  20001: '时政',
  20002: '色情',
  20003: '辱骂',
  20006: '违法犯罪',
  20008: '欺诈',
  20012: '低俗',
  20013: '版权',
  21000: '其他',
} as const

export type ContentLabel = keyof typeof CONTENT_LABELS

export interface ContentWord {
  readonly word: string
  readonly label: ContentLabel
}

/** Words that make a text `risky`. */
export const RISKY_WORDS: readonly ContentWord[] = [
  { word: '赌博', label: 20006 },
  { word: '博彩', label: 20006 },
  { word: '枪支', label: 20006 },
  { word: '毒品', label: 20006 },
  { word: '冰毒', label: 20006 },
  { word: '色情', label: 20002 },
  { word: '裸聊', label: 20002 },
  { word: '代开发票', label: 20008 },
  { word: '刷单返利', label: 20008 },
  { word: '扫码领红包', label: 10001 },
  { word: '兼职日结', label: 10001 },
  { word: '反动标语', label: 20001 },
  { word: '去死吧', label: 20003 },
]

/** Words that make a text `review`: ambiguous claims a human should look at (label 21000 其他). */
export const REVIEW_WORDS: readonly ContentWord[] = [
  { word: '内部消息', label: 21000 },
  { word: '保证胜诉', label: 21000 },
  { word: '包赢', label: 21000 },
  { word: '稳赚不赔', label: 21000 },
  { word: '特殊关系', label: 21000 },
]

export interface TextVerdict {
  readonly suggest: Suggest
  readonly label: ContentLabel
  /** The model's confidence in the verdict, 0–100, as in `detail[].prob`. */
  readonly prob: number
  /** The word that decided, when one did. */
  readonly keyword?: string
}

/** The verdict on a text (msgSecCheck checks content, title, nickname and signature together). */
export function checkText(text: string): TextVerdict {
  const squeezed = text.replace(/\s+/g, '')
  const risky = RISKY_WORDS.find((w) => squeezed.includes(w.word))
  if (risky) return { suggest: 'risky', label: risky.label, prob: 90, keyword: risky.word }
  const review = REVIEW_WORDS.find((w) => squeezed.includes(w.word))
  if (review) return { suggest: 'review', label: review.label, prob: 60, keyword: review.word }
  return { suggest: 'pass', label: 100, prob: 90 }
}

/**
 * Bytes that decide `security.mediaCheckAsync` on a stored file: a file containing the ASCII marker
 * is judged as it says (risky wins when both are present); any other file passes.
 */
export const MEDIA_CHECK_MARKERS = {
  risky: 'LOCAL-MEDIA-CHECK:RISKY',
  review: 'LOCAL-MEDIA-CHECK:REVIEW',
} as const

/** The verdict on a stored image or audio file. */
export function checkMedia(content: Buffer): { readonly suggest: Suggest; readonly label: ContentLabel } {
  if (content.includes(MEDIA_CHECK_MARKERS.risky)) return { suggest: 'risky', label: 20002 }
  if (content.includes(MEDIA_CHECK_MARKERS.review)) return { suggest: 'review', label: 21000 }
  return { suggest: 'pass', label: 100 }
}
