/**
 * Who is calling: the `users` document of the caller's OPENID and the org nodes it refers to.
 */
import type { RoleGrant } from '../../src/core/roles'
import { db } from './cloud'

export interface Person {
  readonly openid: string
  readonly name: string
  readonly streetId?: string
  readonly roles: readonly RoleGrant[]
}

export interface OrgNode {
  readonly id: string
  readonly kind: 'district' | 'street' | 'community' | 'grid'
  readonly name: string
  /** Ids of the nodes above, from the district down (materialised path). */
  readonly ancestors: readonly string[]
}

/** The caller as known to the product; a resident (no roles) when unknown. */
export async function findPerson(openid: string | undefined): Promise<Person | undefined> {
  if (!openid) return undefined
  const { data } = await db.collection('users').doc(openid).get()
  if (!data) return undefined
  return {
    openid,
    name: String(data.name ?? ''),
    streetId: typeof data.streetId === 'string' ? data.streetId : undefined,
    roles: Array.isArray(data.roles) ? (data.roles as RoleGrant[]) : [],
  }
}

export async function findNode(id: string): Promise<OrgNode | undefined> {
  const { data } = await db.collection('orgNodes').doc(id).get()
  if (!data) return undefined
  return {
    id,
    kind: data.kind as OrgNode['kind'],
    name: String(data.name ?? ''),
    ancestors: Array.isArray(data.ancestors) ? (data.ancestors as string[]) : [],
  }
}
