/** Where an action applies when the request names no node: the caller's street, or where they log. */
import { AppError } from '../../src/core/errors'
import { EVENT_ID } from '../../src/core/event-input'
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

/**
 * The node an event is logged at: `nodeId` when the caller names one (a community's staff logging for
 * one of its grids), else where they log by default (their grid first); refused unless the policy
 * allows `event.log` there, and never at a retired node.
 */
export async function loggingNode(
  ctx: Context,
  nodeId?: unknown,
): Promise<StoredNode & { streetId: string }> {
  const grant = ctx.person && defaultLoggingGrant(ctx.person.grants)
  const id = nodeId === undefined || nodeId === null || nodeId === '' ? grant?.nodeId : nodeId
  const node = id !== undefined ? await findNode(id) : undefined
  if (!node && nodeId !== undefined && grant) throw new AppError('ORG.NOT_FOUND')
  if (!node || !node.streetId) return ctx.refuse('AUTH.FORBIDDEN')
  await ctx.require('event.log', { ...node, streetId: node.streetId })
  if (node.retired) throw new AppError('ORG.NODE_RETIRED')
  return { ...node, streetId: node.streetId }
}

/** A client-generated event id (UUID v4), or REQUEST.INVALID. */
export function eventIdOf(value: unknown): string {
  if (typeof value !== 'string' || !EVENT_ID.test(value))
    throw new AppError('REQUEST.INVALID', { field: 'id' })
  return value
}
