/** The size of each package of the weapp build (main and every subpackage), as WeChat counts code. */
import fs from 'node:fs'
import path from 'node:path'

export const WEAPP_OUT = path.join(__dirname, '..', 'dist/weapp')

function files(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = path.join(dir, d.name)
    return d.isDirectory() ? files(p) : [p]
  })
}

/** Bytes per package: `main`, then each subpackage root of app.json. */
export function weappPackageSizes(out: string = WEAPP_OUT): Map<string, number> {
  const app = JSON.parse(fs.readFileSync(path.join(out, 'app.json'), 'utf8')) as {
    subPackages?: { root: string }[]
  }
  const roots = (app.subPackages ?? []).map((s) => s.root.replace(/\/$/, ''))
  const sizes = new Map<string, number>([['main', 0], ...roots.map((r) => [r, 0] as [string, number])])
  for (const file of files(out)) {
    const rel = path.relative(out, file).split(path.sep).join('/')
    if (rel === 'project.config.json' || rel.endsWith('.LICENSE.txt')) continue // not uploaded as code
    const root = roots.find((r) => rel.startsWith(`${r}/`)) ?? 'main'
    sizes.set(root, sizes.get(root)! + fs.statSync(file).size)
  }
  return sizes
}
