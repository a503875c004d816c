/**
 * The one catalogue of coded errors and the response envelope of every cloud call.
 * Codes are stable English identifiers; messages are Chinese sentences a grid worker understands;
 * details are structured (which field, which limit).
 */

export const ERRORS = {
  'REQUEST.INVALID': '请求格式不正确，请升级小程序后重试',
  'REQUEST.UNKNOWN_ACTION': '不支持的操作，请升级小程序后重试',
  'AUTH.NOT_STAFF': '您还不是工作人员，请联系街道管理员开通',
  'AUTH.FORBIDDEN': '您没有权限进行此操作',
  'EVENT.INVALID': '填写的内容有误，请检查标红的项目',
  'EVENT.ID_TAKEN': '记录编号冲突，请重新填写后提交',
  'STATS.YEAR_INVALID': '请选择2000年至今年之间的年份',
  'NETWORK.UNAVAILABLE': '网络不可用，请检查网络后重试',
  INTERNAL: '系统繁忙，请稍后再试',
} as const

export type ErrorCode = keyof typeof ERRORS

/** Field name → Chinese message, for errors shown next to a form field. */
export type FieldErrors = Partial<Record<string, string>>

export interface ErrorBody {
  readonly code: ErrorCode
  readonly message: string
  readonly details?: { readonly fields?: FieldErrors; readonly [key: string]: unknown }
}

export type Envelope<T> =
  { readonly ok: true; readonly data: T } | { readonly ok: false; readonly error: ErrorBody }

/** An expected failure: becomes `{ ok: false, error }` at the function's edge. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly details?: ErrorBody['details'],
  ) {
    super(ERRORS[code])
    this.name = 'AppError'
  }

  toBody(): ErrorBody {
    return { code: this.code, message: ERRORS[this.code], ...(this.details ? { details: this.details } : {}) }
  }
}
