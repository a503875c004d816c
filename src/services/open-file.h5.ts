/**
 * H5: the browser downloads the exported file under its name, through a link to its temporary URL
 * (the local cloud serves it from the page's own origin, so the `download` name is honoured).
 */
import type { ExportView } from '../core/contract'

export async function openExport(file: ExportView): Promise<void> {
  const link = document.createElement('a')
  link.href = file.url
  link.download = file.fileName
  link.rel = 'noopener'
  link.style.display = 'none'
  document.body.appendChild(link)
  link.click()
  link.remove()
}
