/** A street's own figure, as tests of figures and of the report template use it (普法进社区: a COUNT with a filter). */
import type { CountFigure } from '../../src/core/figures'

export const COMMUNITY_PROMOTIONS: CountFigure = {
  key: 'f_9c1e',
  kind: 'count',
  label: '普法进社区',
  unit: '次',
  wording: 'exact',
  description: '形式为进社区的普法宣传活动次数',
  section: '普法宣传',
  types: ['promotion'],
  where: { attributes: { form: ['进社区'] } },
}
