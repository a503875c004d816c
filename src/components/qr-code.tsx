/**
 * A QR code drawn as rows of Views: no canvas, so it looks the same in the mini-program and in a
 * browser. Each row is one View holding runs of dark and light modules (a few hundred Views, not a
 * thousand), and a quiet zone of four modules around it as the standard asks.
 */
import { View } from '@tarojs/components'
import qrcode from 'qrcode-generator'
import { useMemo } from 'react'

const QUIET = 4

interface Run {
  readonly dark: boolean
  readonly length: number
}

/** The code's modules as runs per row (error correction M: readable from a phone screen). */
function qrRows(text: string): Run[][] {
  const qr = qrcode(0, 'M')
  qr.addData(text, 'Byte')
  qr.make()
  const n = qr.getModuleCount()
  const rows: Run[][] = []
  for (let r = 0; r < n; r++) {
    const runs: Run[] = []
    for (let c = 0; c < n; c++) {
      const dark = qr.isDark(r, c)
      const last = runs[runs.length - 1]
      if (last && last.dark === dark) runs[runs.length - 1] = { dark, length: last.length + 1 }
      else runs.push({ dark, length: 1 })
    }
    rows.push(runs)
  }
  return rows
}

export default function QrCode({
  text,
  size = 200,
  className,
}: {
  text: string
  size?: number
  className?: string
}) {
  const rows = useMemo(() => qrRows(text), [text])
  const modules = rows.length + QUIET * 2
  const cell = Math.max(2, Math.floor(size / modules))
  const px = (n: number) => `${n * cell}px`
  return (
    <View
      className={`qr-code ${className ?? ''}`}
      style={{ padding: px(QUIET), background: '#ffffff', display: 'inline-block', lineHeight: 0 }}
    >
      {rows.map((runs, r) => (
        <View key={r} style={{ display: 'flex', height: px(1) }}>
          {runs.map((run, i) => (
            <View
              key={i}
              style={{ width: px(run.length), height: px(1), background: run.dark ? '#000000' : '#ffffff' }}
            />
          ))}
        </View>
      ))}
    </View>
  )
}
