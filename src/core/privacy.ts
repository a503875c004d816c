/**
 * 用户隐私保护指引: the privacy notice shown before the product collects any personal data, and the
 * version a person consented to. Changing what is collected or why means a new version, and everyone
 * is asked again.
 */

export const PRIVACY_NOTICE = {
  version: '2026-11-26.2',
  title: '法治台账用户隐私保护指引',
  sections: [
    {
      heading: '我们收集哪些信息',
      body: '工作人员接受邀请时，我们记录您的微信身份标识（OpenID）和您的姓名，用于确认您的工作身份。记录矛盾纠纷时，承办人填写的当事人姓名、联系电话、身份证号码和住址仅用于办理该案件。居民订阅活动提醒时，我们保存您的微信身份标识（OpenID）和所订阅的活动，仅用于在活动开始前发送一次提醒，发送后30天内删除。',
    },
    {
      heading: '谁能看到',
      body: '当事人信息只有案件承办人及其所在社区、街道的工作人员可以查看，列表和导出中默认隐去部分内容；每一次查看完整信息或导出都会被记录。居民只能看到公开的普法活动，看不到任何案件。',
    },
    {
      heading: '保存多久',
      body: '案件办结满街道设定的保存年限后，当事人信息将被删除，只保留不含个人信息的统计数字。',
    },
    {
      heading: '相机、相册和位置',
      body: '只有在您记录活动并主动拍照、选择照片或获取位置时才会使用，且仅用于该条记录。',
    },
    {
      heading: '您的权利',
      body: '您可以随时联系所在街道的管理员查询、更正或删除您的个人信息，或撤回同意。',
    },
  ],
} as const

export interface ConsentRecord {
  readonly version: string
  /** ISO time the consent was given. */
  readonly at: string
}

/** True when the person consented to the notice in force. */
export const hasCurrentConsent = (consent: ConsentRecord | undefined): boolean =>
  consent?.version === PRIVACY_NOTICE.version
