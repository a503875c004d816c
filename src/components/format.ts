/** How the app words things the core returns: grants, times. */
import type { GrantView } from '../core/roles'
import { ROLE_LABELS } from '../core/roles'

/** 网格员 · 第3网格 */
export const grantLabel = (g: Pick<GrantView, 'role' | 'nodeName'>): string =>
  `${ROLE_LABELS[g.role]} · ${g.nodeName}`

const CHINA_OFFSET_MS = 8 * 60 * 60 * 1000

/** An ISO instant as China time, YYYY-MM-DD HH:mm (whatever the phone's time zone). */
export function chinaDateTime(iso: string): string {
  const ms = Date.parse(iso)
  if (Number.isNaN(ms)) return iso
  return new Date(ms + CHINA_OFFSET_MS).toISOString().slice(0, 16).replace('T', ' ')
}

/** An ISO instant as a China date, YYYY-MM-DD. */
export const chinaDate = (iso: string): string => chinaDateTime(iso).slice(0, 10)
