/** The caller's part of the org tree (org.tree), loaded once per page and reloadable after a change. */
import { useCallback, useEffect, useState } from 'react'
import type { OrgNodeView } from '../core/contract'
import type { NodeKind } from '../core/org-tree'
import { callCloud } from '../services/cloud'

export function useOrgTree(includeRetired = false): {
  nodes: readonly OrgNodeView[]
  error?: string
  loaded: boolean
  reload: () => Promise<void>
} {
  const [nodes, setNodes] = useState<readonly OrgNodeView[]>([])
  const [error, setError] = useState<string | undefined>()
  const [loaded, setLoaded] = useState(false)

  const reload = useCallback(async () => {
    const result = await callCloud('org', 'tree', includeRetired ? { includeRetired } : {})
    setLoaded(true)
    if (result.ok) {
      setNodes(result.data.nodes)
      setError(undefined)
    } else {
      setError(result.error.message)
    }
  }, [includeRetired])

  useEffect(() => {
    void reload()
  }, [reload])

  return { nodes, error, loaded, reload }
}

/** Active nodes of one kind, in tree order: what a role can be granted at or a node moved under. */
export const activeOfKind = (nodes: readonly OrgNodeView[], kind: NodeKind | null): OrgNodeView[] =>
  nodes.filter((n) => n.kind === kind && !n.retired)
