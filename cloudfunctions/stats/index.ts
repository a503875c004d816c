/**
 * stats: the year's figures for the caller's street, computed from the stored events in one
 * aggregation on the (streetId, year, type) index. Rollup documents replace this with the figures issue.
 */
import { chinaToday, yearOf } from '../../src/core/china-time'
import { AppError } from '../../src/core/errors'
import { EARLIEST_YEAR } from '../../src/core/event-types'
import { streetGrant } from '../../src/core/roles'
import { db } from '../_lib/cloud'
import { findNode, findPerson } from '../_lib/people'
import { serve } from '../_lib/serve'

export const main = serve('stats', {
  async yearTotals(request, caller) {
    const year = request.year
    if (
      typeof year !== 'number' ||
      !Number.isInteger(year) ||
      year < EARLIEST_YEAR ||
      year > yearOf(chinaToday())
    ) {
      throw new AppError('STATS.YEAR_INVALID')
    }
    const person = await findPerson(caller.openid)
    if (!person || person.roles.length === 0) throw new AppError('AUTH.NOT_STAFF')
    const grant = streetGrant(person.roles)
    if (!grant) throw new AppError('AUTH.FORBIDDEN')
    const $ = db.command.aggregate
    const [street, { list }] = await Promise.all([
      findNode(grant.nodeId),
      db
        .collection('events')
        .aggregate()
        .match({ streetId: grant.nodeId, year, type: 'lecture', voided: false })
        .group({
          _id: null,
          count: $.sum(1),
          participants: $.sum('$measures.participants'),
          materials: $.sum('$measures.materials'),
        })
        .end(),
    ])
    const row = list[0] as { count: number; participants: number; materials: number } | undefined
    return {
      year,
      streetName: street?.name ?? '',
      lecture: {
        count: row?.count ?? 0,
        participants: row?.participants ?? 0,
        materials: row?.materials ?? 0,
      },
    }
  },
})
