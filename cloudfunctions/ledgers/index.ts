/**
 * ledgers: the year's figures as files people hand on. `exportXlsx` writes the Excel ledger (台账: the
 * figure table and one sheet per figure listing its events, personal data masked), `exportDocx` the
 * report's figures section as an official Word document; both for a node and period the caller may
 * export (`figures.export`), from the same totals as `stats` (rollups) and the same events the figures
 * open to. Each file goes to cloud storage under a fresh path, the export is logged, and the caller gets
 * a temporary download URL. `importLedger` reads an uploaded ledger (xlsx or csv, Chinese headers) into
 * events of one type, with a dry run that lists every row error first (_lib/ledger-import.ts).
 */
import { countedEvents, totalsOf } from '../_lib/figures.repository'
import { storeExport, type ExportInput } from '../_lib/exports/common'
import { reportDocx } from '../_lib/exports/docx'
import { ledgerXlsx } from '../_lib/exports/xlsx'
import { importLedger } from '../_lib/ledger-import'
import { serve, type Context } from '../_lib/serve'

/**
 * Events one ledger may list; past it EXPORT.TOO_LARGE asks for a shorter period or a lower node.
 * Measured (docs/performance.md): 20,000 events take about 93 MB of heap and 217 MB resident, under
 * the platform's 256 MB; 30,000 would not fit.
 */
export const EXPORT_MAX_EVENTS = 20_000

async function exportInput(
  request: { nodeId?: unknown; period?: unknown },
  ctx: Context,
): Promise<ExportInput> {
  return {
    totals: await totalsOf(ctx, request, 'figures.export'),
    exportedAt: new Date(),
    exportedByName: ctx.person?.name ?? '',
  }
}

export const main = serve('ledgers', {
  exportXlsx: {
    access: 'figures.export',
    async run(request, ctx) {
      const input = await exportInput(request, ctx)
      const events = await countedEvents(input.totals.node, input.totals.period, EXPORT_MAX_EVENTS)
      return storeExport(ctx, input, 'xlsx', await ledgerXlsx(input, events))
    },
  },

  exportDocx: {
    access: 'figures.export',
    async run(request, ctx) {
      const input = await exportInput(request, ctx)
      return storeExport(ctx, input, 'docx', await reportDocx(input))
    },
  },

  importLedger: {
    access: 'ledger.import',
    // Checks `ledger.import` and `event.log` at the node itself (the request's nodeId, else the street).
    run: importLedger,
  },
})
