/** How the app words a grant: 网格员 · 第3网格. */
import type { GrantView } from '../core/roles'
import { ROLE_LABELS } from '../core/roles'

/** 网格员 · 第3网格 */
export const grantLabel = (g: Pick<GrantView, 'role' | 'nodeName'>): string =>
  `${ROLE_LABELS[g.role]} · ${g.nodeName}`
