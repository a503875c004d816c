/**
 * 我的: who I am (name, street, each grant), and the ways to what my grants allow; for anyone, joining
 * with an invitation code and the privacy notice.
 */
import { View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import type { Abilities } from '../../core/contract'
import { PageError } from '../../components/field'
import { grantLabel } from '../../components/format'
import { Button, Cell, CellGroup } from '../../components/nutui'
import PersonaSwitcher from '../../components/persona-switcher'
import { useMe } from '../../components/use-me'
import './index.css'

/** The pages an ability opens, in the order they are offered. */
const STAFF_LINKS: readonly { may: keyof Abilities; label: string; url: string; className: string }[] = [
  { may: 'logEvents', label: '我的记录', url: '/events/mine/index', className: 'mine-button' },
  { may: 'logEvents', label: '待办案件', url: '/events/open/index', className: 'open-cases-button' },
  { may: 'readStreetFigures', label: '统计报表', url: '/staff/stats/index', className: 'stats-button' },
  {
    may: 'publishActivities',
    label: '活动发布',
    url: '/staff/publications/index',
    className: 'publications-button',
  },
  {
    may: 'importLedgers',
    label: '导入历史台账',
    url: '/admin/import/index',
    className: 'import-ledgers-button',
  },
  { may: 'managePeople', label: '人员管理', url: '/admin/people/index', className: 'people-button' },
  { may: 'manageOrg', label: '组织架构', url: '/admin/org/index', className: 'org-button' },
  { may: 'readAudit', label: '操作日志', url: '/admin/audit/index', className: 'audit-button' },
  { may: 'manageCatalogue', label: '记录类型', url: '/admin/catalogue/index', className: 'catalogue-button' },
  { may: 'manageFigures', label: '统计指标', url: '/admin/figures/index', className: 'figures-button' },
  { may: 'closeYear', label: '年度结账', url: '/admin/close/index', className: 'close-button' },
  {
    may: 'managePrivacy',
    label: '个人信息保存期限',
    url: '/admin/privacy/index',
    className: 'privacy-settings-button',
  },
]

const open = (url: string) => () => void Taro.navigateTo({ url })

export default function MePage() {
  const { me, error, reload } = useMe()
  const links = me ? STAFF_LINKS.filter((l) => me.may[l.may]) : []

  return (
    <View className="page me-page">
      <CellGroup>
        <Cell title={me ? me.name : '加载中…'} description={me?.streetName} />
        {me?.grants.map((g) => (
          <Cell
            key={`${g.role}-${g.nodeId}`}
            title="身份"
            extra={<View className="me-grant">{grantLabel(g)}</View>}
          />
        ))}
      </CellGroup>
      {me?.revoked ? <View className="page-error revoked-notice">您的工作人员身份已被停用</View> : null}
      <PageError message={error} />
      {links.length > 0 ? (
        <View className="actions">
          {links.map((l) => (
            <Button key={l.className} type="primary" block onClick={open(l.url)} className={l.className}>
              {l.label}
            </Button>
          ))}
        </View>
      ) : null}
      <View className="actions">
        <Button block onClick={open('/account/join/index')} className="join-button">
          输入邀请码加入
        </Button>
        <Button block fill="none" onClick={open('/account/privacy/index')} className="privacy-button">
          隐私保护指引
        </Button>
      </View>
      <PersonaSwitcher onSwitched={() => void reload()} />
    </View>
  )
}
