/** Where an action applies when the request names no node: the caller's street, or where they log. */
import { AppError } from '../../src/core/errors'
import { EVENT_ID } from '../../src/core/lecture'
import { defaultLoggingGrant, type PolicyAction } from '../../src/core/policy'
import { findNode, type StoredNode } from './people'
import type { Context } from './serve'

/**
 * The street the caller works for (`users.streetId`; a person works for one street, ADR 0004), after
 * the policy allowed `action` there: the scope of street-level lists and settings.
 */
export async function ownStreet(ctx: Context, action: PolicyAction): Promise<StoredNode> {
  const street = await findNode(ctx.person?.streetId)
  if (!street) return ctx.refuse('AUTH.FORBIDDEN')
  await ctx.require(action, street)
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
