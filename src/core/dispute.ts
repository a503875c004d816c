/**
 * 矛盾纠纷 dispute cases: their categories (纠纷类别). A dispute is an event of the catalogue
 * (event-types.ts) with a lifecycle (lifecycle.ts) and parties (personal-data.ts), kept apart.
 */
export const DISPUTE_CATEGORIES = [
  '婚姻家庭',
  '邻里纠纷',
  '房屋宅基地',
  '合同纠纷',
  '损害赔偿',
  '劳动争议',
  '物业纠纷',
  '其他',
] as const
export type DisputeCategory = (typeof DISPUTE_CATEGORIES)[number]
