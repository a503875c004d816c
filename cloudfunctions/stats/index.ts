/**
 * stats: the year's figures for the caller's street, computed from the stored events in one
 * aggregation on the (streetId, year, type) index. Rollup documents replace this with the figures issue.
 */
import { chinaToday, yearOf } from '../../src/core/china-time'
import { AppError } from '../../src/core/errors'
import { EARLIEST_YEAR } from '../../src/core/event-types'
import { db } from '../_lib/cloud'
import { ownStreet } from '../_lib/scope'
import { serve } from '../_lib/serve'

export const main = serve('stats', {
  yearTotals: {
    access: 'figures.read',
    async run(request, ctx) {
      const year = request.year
      if (
        typeof year !== 'number' ||
        !Number.isInteger(year) ||
        year < EARLIEST_YEAR ||
        year > yearOf(chinaToday())
      ) {
        throw new AppError('STATS.YEAR_INVALID')
      }
      // The figures of the person's street: street staff and admins (and the district above) may read them.
      const street = await ownStreet(ctx, 'figures.read')
      const $ = db.command.aggregate
      const { list } = await db
        .collection('events')
        .aggregate()
        .match({ streetId: street.id, year, type: 'lecture', voided: false })
        .group({
          _id: null,
          count: $.sum(1),
          participants: $.sum('$measures.participants'),
          materials: $.sum('$measures.materials'),
        })
        .end()
      const row = list[0] as { count: number; participants: number; materials: number } | undefined
      return {
        year,
        streetName: street.name,
        lecture: {
          count: row?.count ?? 0,
          participants: row?.participants ?? 0,
          materials: row?.materials ?? 0,
        },
      }
    },
  },
})
