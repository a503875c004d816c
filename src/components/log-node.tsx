/**
 * 所属 on 记录: where an event happened. A person holding a grant above grid level (community staff,
 * street staff, street admin) chooses among their own node (the server's default, e.g. 明园社区（全社区）)
 * and the active nodes below it, so that a lecture held in one grid counts for that grid. A grid worker
 * logs at their grid: a quiet line says which. The server checks the choice again (policy, retired).
 */
import { Picker, View } from '@tarojs/components'
import { useMemo } from 'react'
import type { OrgNodeView } from '../core/contract'
import type { NodeKind } from '../core/org-tree'
import { defaultLoggingGrant, POLICY } from '../core/policy'
import { ROLE_NODE_KIND, type GrantView } from '../core/roles'
import { PickerRow } from './event-form'

export interface LogPlace {
  readonly id: string
  readonly label: string
}

/** Where a person may log, as kept on the phone (the page works offline). */
export interface LogPlaces {
  /** Whose list it is: the choice made last time is remembered per person. */
  readonly person: string
  /** The node the server uses when the request names none (the person's own node). */
  readonly defaultId: string
  /** Their own node(s) first, then the active nodes below, in tree order. */
  readonly options: readonly LogPlace[]
  /** Whether the person chooses (a grant above grid level, or more than one grid); else a quiet line. */
  readonly choose: boolean
}

const WHOLE: Partial<Record<NodeKind, string>> = { community: '（全社区）', street: '（全街道）' }

/**
 * The places `grants` may log at, from the caller's part of the org tree (org.tree; `tree` may be empty,
 * when only the own nodes are known). Undefined for a person who may not log.
 */
export function logPlacesOf(
  name: string,
  grants: readonly GrantView[],
  tree: readonly OrgNodeView[],
): LogPlaces | undefined {
  const logging = grants.filter((g) => POLICY['event.log'].roles.includes(g.role))
  const chosen = defaultLoggingGrant(grants)
  const first = logging.find((g) => g.role === chosen?.role && g.nodeId === chosen.nodeId)
  if (!first) return undefined
  const own = [first, ...logging.filter((g) => g !== first)]
  const retired = new Set(tree.filter((n) => n.retired).map((n) => n.id))
  const options: LogPlace[] = []
  const add = (id: string, label: string) => {
    if (!retired.has(id) && !options.some((o) => o.id === id)) options.push({ id, label })
  }
  // org.tree sorts by kind, then name: the children of a node keep that order.
  const below = (parentId: string, prefix: string) => {
    for (const node of tree.filter((n) => n.parentId === parentId && !n.retired)) {
      if (node.kind === 'grid') add(node.id, `${prefix}${node.name}`)
      else {
        add(node.id, `${node.name}${WHOLE[node.kind] ?? ''}`)
        below(node.id, `${node.name} · `)
      }
    }
  }
  for (const g of own) add(g.nodeId, `${g.nodeName}${WHOLE[ROLE_NODE_KIND[g.role]] ?? ''}`)
  for (const g of own) below(g.nodeId, '')
  return {
    person: `${name}@${first.nodeId}`,
    defaultId: first.nodeId,
    options,
    choose: logging.some((g) => ROLE_NODE_KIND[g.role] !== 'grid') || options.length > 1,
  }
}

/** Whether `value` is a list this module made (what storage holds may be old or another version's). */
export const isLogPlaces = (value: unknown): value is LogPlaces => {
  const p = value as LogPlaces | undefined
  return (
    typeof p === 'object' &&
    p !== null &&
    typeof p.person === 'string' &&
    typeof p.defaultId === 'string' &&
    typeof p.choose === 'boolean' &&
    Array.isArray(p.options) &&
    p.options.every((o) => typeof o?.id === 'string' && typeof o.label === 'string')
  )
}

/** The 所属 row of the form (a picker), for a person who chooses. */
export function LogNodePicker({
  places,
  value,
  onChange,
}: {
  places: LogPlaces
  value: string | undefined
  onChange: (nodeId: string) => void
}) {
  // One range per list: Taro's H5 picker resets its column when it receives a new range array.
  const range = useMemo(() => places.options.map((o) => o.label), [places])
  const index = places.options.findIndex((o) => o.id === value)
  return (
    <Picker
      mode="selector"
      range={range}
      value={Math.max(0, index)}
      onChange={(e) => {
        const option = places.options[Number(e.detail.value)]
        if (option) onChange(option.id)
      }}
    >
      <PickerRow className="node-picker" label="所属" value={places.options[index]?.label ?? ''} />
    </Picker>
  )
}

/** 所属：第3网格, for a person who logs at one node only. */
export function LogNodeLine({ places }: { places: LogPlaces }) {
  const place = places.options.find((o) => o.id === places.defaultId)
  return place ? <View className="hint small node-line">所属：{place.label}</View> : null
}
