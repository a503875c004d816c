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
  'AUTH.OUT_OF_SCOPE': '这不在您负责的网格、社区或街道范围内',
  'AUTH.REVOKED': '您的工作人员身份已被停用，请联系街道管理员',
  'PRIVACY.CONSENT_REQUIRED': '请先阅读并同意《用户隐私保护指引》',
  'PRIVACY.NOTICE_OUTDATED': '隐私保护指引已更新，请重新阅读后同意',
  'PRIVACY.RETENTION_INVALID': '保存年限应为1至30年的整数',
  'INVITE.INVALID': '邀请信息填写有误，请检查标红的项目',
  'INVITE.NOT_FOUND': '邀请码不正确，请核对后重新输入',
  'INVITE.EXPIRED': '邀请码已过期，请联系街道管理员重新邀请',
  'INVITE.USED': '邀请码已被使用，每个邀请码只能使用一次',
  'INVITE.REVOKED': '邀请码已被撤销，请联系街道管理员',
  'INVITE.RATE_LIMITED': '尝试次数过多，请15分钟后再试',
  'INVITE.ALREADY_HELD': '您已经拥有该身份，无需重复加入',
  'INVITE.SELF': '不能使用自己发出的邀请码，请由其他管理员邀请',
  'INVITE.OTHER_STREET': '您已是其他街道的工作人员，请先由原街道停用后再加入',
  'PEOPLE.NOT_FOUND': '找不到该人员',
  'PEOPLE.GRANT_NOT_FOUND': '该人员没有这个身份',
  'PEOPLE.SELF': '不能停用或调动自己的管理员身份，请由其他管理员操作',
  'ORG.INVALID': '组织节点填写有误，请检查标红的项目',
  'ORG.NOT_FOUND': '找不到该组织节点',
  'ORG.WRONG_PARENT_KIND': '只能按 区—街道—社区—网格 的层级调整',
  'ORG.NODE_RETIRED': '该组织节点已撤销',
  'ORG.MOVE_INTO_ITSELF': '不能移到自己或自己的下级之下',
  'ORG.OTHER_STREET': '只能在本街道内调整',
  'ORG.HAS_ACTIVE_CHILDREN': '请先撤销或移走其下级节点',
  'ORG.HAS_PEOPLE': '还有人员在该节点工作，请先调动或停用',
  'ORG.WRONG_NODE_KIND': '该身份只能设在对应层级的节点上',
  'CASE.NOT_FOUND': '找不到该案件',
  'CASE.ILLEGAL_STEP': '该案件当前的状态不能进行这一步',
  'CASE.INVALID_STEP': '办理信息填写有误，请检查标红的项目',
  'CASE.TOO_MANY_STEPS': '该案件的办理步骤已达上限，请联系街道管理员',
  'EVENT.INVALID': '填写的内容有误，请检查标红的项目',
  'EVENT.ID_TAKEN': '记录编号冲突，请重新填写后提交',
  'EVENT.NOT_FOUND': '找不到该记录',
  'EVENT.TYPE_UNKNOWN': '没有这种记录类型，请刷新后重新选择',
  'EVENT.TYPE_RETIRED': '该记录类型已停用，请选择其他类型',
  'EVENT.YEAR_CLOSED': '该年度已结账，不能再新增或修改该年度的记录',
  'EVENT.STALE_VERSION': '这条记录已被他人修改，请查看最新内容后再修改',
  'EVENT.VOIDED': '这条记录已作废，不能再修改',
  'EVENT.NOT_VOIDED': '这条记录没有作废，无需恢复',
  'CATALOGUE.INVALID': '记录类型填写有误，请检查标红的项目',
  'CATALOGUE.BUILT_IN': '系统内置的记录类型不能修改，只能为其增加统计项',
  'CATALOGUE.TOO_MANY': '本街道自定义的记录类型已达上限',
  'STATS.YEAR_INVALID': '请选择2000年至今年之间的年份',
  'STATS.PERIOD_INVALID': '统计期间不正确，请选择年、季度、月份或起止日期',
  'FIGURE.INVALID': '统计指标填写有误，请检查标红的项目',
  'FIGURE.NOT_FOUND': '没有这个统计指标',
  'FIGURE.IN_USE': '该指标被比率指标引用，请先修改引用它的指标',
  'FIGURE.TOO_MANY': '本街道自定义的统计指标已达上限',
  'REPORT.TEMPLATE_INVALID': '报告模板有误，请检查其中的指标名称',
  'YEAR.NOT_ENDED': '只能结账已经结束的年度',
  'YEAR.ALREADY_CLOSED': '该年度已经结账',
  'YEAR.NOT_CLOSED': '该年度尚未结账',
  'YEAR.INVALID': '结账信息填写有误，请检查标红的项目',
  'IMPORT.FILE_INVALID': '无法读取该文件，请上传 Excel（.xlsx）或 CSV 文件',
  'IMPORT.HEADERS_MISSING': '表头缺少必填的列，请按模板填写表头',
  'IMPORT.TOO_MANY_ROWS': '一次最多导入1000行，请分批导入',
  'EXPORT.TOO_LARGE': '导出的记录太多，请缩短统计期间或选择下级节点后再导出',
  'STATS.TOO_MANY_EVENTS': '该年度的记录太多，无法一次完成，请联系技术支持',
  'PUBLICATION.INVALID': '公开内容填写有误，请检查标红的项目',
  'PUBLICATION.NOT_FOUND': '找不到该活动',
  'PUBLICATION.NOT_PUBLISHABLE': '该类型的记录不能向居民公开',
  'PUBLICATION.CONTENT_RISKY': '内容未通过微信内容安全检测，请修改后再发布',
  'PUBLICATION.CHECK_UNAVAILABLE': '内容安全检测暂不可用，请稍后再发布',
  'PUBLICATION.STALE_VERSION': '该活动已被他人修改，请查看最新内容后再操作',
  'PUBLICATION.NOT_IN_REVIEW': '该内容不在待审核状态，无需审核',
  'PUBLICATION.NOT_PUBLISHED': '该活动尚未发布或已撤下',
  'PUBLICATION.NOT_HELD': '该活动还没有记为已举办，请先填写活动记录',
  'PUBLICATION.MISMATCH': '该记录与活动预告的类型或街道不一致',
  'REMINDER.CLOSED': '活动已开始或已结束，不能再订阅提醒',
  'REMINDER.DECLINED': '您没有允许接收活动提醒，可在设置中开启后重试',
  'OUTBOX.FULL': '手机存储空间不足，待发送的记录已满，请连接网络发送后再记录',
  'OUTBOX.ITEM_TOO_LARGE': '这条记录（含照片）太大，无法离线保存，请减少照片后重试',
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
  /** `message` replaces the catalogue's sentence where the core words a more specific one. */
  constructor(
    readonly code: ErrorCode,
    readonly details?: ErrorBody['details'],
    message?: string,
  ) {
    super(message ?? ERRORS[code])
    this.name = 'AppError'
  }

  toBody(): ErrorBody {
    return { code: this.code, message: this.message, ...(this.details ? { details: this.details } : {}) }
  }
}
