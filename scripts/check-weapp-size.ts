/**
 * Checks the weapp build against WeChat's package limits, with margin: the main package must stay
 * under 1 MB (the platform's hard limit is 2 MB per package, 30 MB in all). Prints every package's size.
 * Run after `npm run build:weapp`; exits 1 when a limit is passed.
 */
import fs from 'node:fs'
import path from 'node:path'

const OUT = path.join(__dirname, '..', 'dist/weapp')
const MAIN_BUDGET = 1024 * 1024
const PACKAGE_LIMIT = 2 * 1024 * 1024

function files(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = path.join(dir, d.name)
    return d.isDirectory() ? files(p) : [p]
  })
}

const app = JSON.parse(fs.readFileSync(path.join(OUT, 'app.json'), 'utf8')) as {
  subPackages?: { root: string }[]
}
const roots = (app.subPackages ?? []).map((s) => s.root.replace(/\/$/, ''))
const sizes = new Map<string, number>([['main', 0], ...roots.map((r) => [r, 0] as [string, number])])
for (const file of files(OUT)) {
  const rel = path.relative(OUT, file).split(path.sep).join('/')
  if (rel === 'project.config.json' || rel.endsWith('.LICENSE.txt')) continue // not uploaded as code
  const root = roots.find((r) => rel.startsWith(`${r}/`)) ?? 'main'
  sizes.set(root, sizes.get(root)! + fs.statSync(file).size)
}
let failed = false
for (const [name, size] of sizes) {
  const limit = name === 'main' ? MAIN_BUDGET : PACKAGE_LIMIT
  const ok = size <= limit
  failed ||= !ok
  console.log(
    `${ok ? 'ok  ' : 'FAIL'} ${name.padEnd(8)} ${(size / 1024).toFixed(1)} KB (limit ${(limit / 1024).toFixed(0)} KB)`,
  )
}
process.exit(failed ? 1 : 0)
