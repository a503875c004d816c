/** Where a street-level action applies when the request names no node: the caller's street. */
import { AppError } from '../../src/core/errors'
import { EVENT_ID } from '../../src/core/lecture'
import { defaultLoggingGrant, type PolicyAction } from '../../src/core/policy'
import { findNode, type StoredNode } from './people'
import type { Context } from './serve'

/**
 * The street of the caller's first street-admin grant, after the policy allowed `action` there.
 * (A person administering two streets manages the first; see ADR 0004.)
 */
export async function adminStreet(ctx: Context, action: PolicyAction): Promise<StoredNode> {
  const grant = ctx.person?.grants.find((g) => g.role === 'streetAdmin')
  const street = grant && (await findNode(grant.nodeId))
  if (!street) return ctx.refuse('AUTH.FORBIDDEN')
  await ctx.require(action, { ...street, streetId: street.id })
  return street
}

/** The street the caller works in (`users.streetId`), after the policy allowed `action` there. */
export async function ownStreet(ctx: Context, action: PolicyAction): Promise<StoredNode> {
  const street = ctx.person?.streetId ? await findNode(ctx.person.streetId) : undefined
  if (!street) return ctx.refuse('AUTH.FORBIDDEN')
  await ctx.require(action, { ...street, streetId: street.id })
  return street
}

/** The node the caller logs at (their grid first), in a street, after the policy allowed `event.log` there. */
export async function loggingNode(ctx: Context): Promise<StoredNode & { streetId: string }> {
  const grant = ctx.person && defaultLoggingGrant(ctx.person.grants)
  const node = grant && (await findNode(grant.nodeId))
  if (!node || !node.streetId) return ctx.refuse('AUTH.FORBIDDEN')
  await ctx.require('event.log', node)
  return { ...node, streetId: node.streetId }
}

/** A client-generated event id (UUID v4), or REQUEST.INVALID. */
export function eventIdOf(value: unknown): string {
  if (typeof value !== 'string' || !EVENT_ID.test(value))
    throw new AppError('REQUEST.INVALID', { field: 'id' })
  return value
}
