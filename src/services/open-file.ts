/**
 * Opening a file a function made (ledgers.exportDocx / exportXlsx), chosen at build time by Taro's
 * platform suffixes: open-file.weapp.ts downloads it and opens it in WeChat's document viewer (with its
 * menu, to forward or save it); open-file.h5.ts has the browser download it. This file only declares
 * the shape; the build always picks a platform file.
 */
import type { ExportView } from '../core/contract'

/** Resolves once the file is open (weapp) or its download has started (H5); rejects when it cannot be had. */
export declare function openExport(file: ExportView): Promise<void>
