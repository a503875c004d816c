/**
 * The audit log (操作日志): every write and every refused attempt, with who, when and what changed;
 * every reading of unmasked personal details and every export. Street admins read it.
 */

/** Everything the log records, with the Chinese label shown in the log. */
export const AUDIT_ACTIONS = {
  'event.create': '记录事件',
  'event.update': '修改记录',
  'event.void': '作废记录',
  'event.restore': '恢复记录',
  'case.step': '办理案件',
  'catalogue.save': '修改记录类型',
  'org.add': '新增组织节点',
  'org.rename': '重命名组织节点',
  'org.move': '调整组织节点',
  'org.retire': '撤销组织节点',
  'people.invite': '发出邀请',
  'people.revokeInvitation': '撤销邀请',
  'people.accept': '接受邀请',
  'people.revoke': '停用人员',
  'people.transfer': '调动人员',
  'privacy.consent': '同意隐私保护指引',
  'privacy.setRetention': '设置个人信息保存年限',
  'privacy.purge': '删除到期个人信息',
  'case.revealParties': '查看当事人完整信息',
  export: '导出',
  'figures.save': '修改统计指标',
  'report.saveTemplate': '修改报告模板',
  'year.close': '年度结账',
  'year.reopen': '重新开启年度',
  'year.exception': '批准结账后更正',
  'rollups.repair': '修复统计汇总',
  'publication.publish': '发布活动',
  'publication.unpublish': '撤下活动',
  'publication.decide': '审核公开内容',
  'publication.blocked': '公开内容未通过安全检测',
  'publication.held': '活动记为已举办',
  refused: '被拒绝的操作',
} as const

export type AuditAction = keyof typeof AUDIT_ACTIONS

/** Field → [before, after]: only what differs. */
export type Changes = Record<string, readonly [unknown, unknown]>

/** The fields whose values differ between `before` and `after` (compared as JSON). */
export function changesBetween(before: Record<string, unknown>, after: Record<string, unknown>): Changes {
  const changes: Record<string, readonly [unknown, unknown]> = {}
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key]))
      changes[key] = [before[key] ?? null, after[key] ?? null]
  }
  return changes
}

/** The Chinese names of the fields whose changes are recorded (others are shown as stored). */
export const AUDIT_FIELD_LABELS: Readonly<Record<string, string>> = {
  name: '名称',
  parentId: '上级',
  ancestors: '层级路径',
  retired: '已撤销',
  role: '身份',
  nodeId: '所属',
  grants: '身份',
  status: '状态',
  expiresAt: '有效期至',
  years: '保存年限',
  purged: '清理件数',
  title: '标题',
  happenedOn: '发生日期',
  place: '地点',
  photos: '照片',
  location: '定位',
  voided: '作废',
  voidReason: '作废原因',
}

export const AUDIT_PAGE = { default: 30, max: 100 } as const
