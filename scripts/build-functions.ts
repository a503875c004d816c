/**
 * `npm run build:functions`: bundles each cloud function (a folder of cloudfunctions/ with an
 * index.ts; `_lib` is shared code, not a function) with esbuild into dist/cloudfunctions/<name>/:
 * index.js (self-contained, wx-server-sdk external), package.json pinning wx-server-sdk 4.0.2, and
 * config.json. That folder is what WeChat DevTools uploads ("云端安装依赖"), and what the local cloud runs.
 */
import fs from 'node:fs'
import path from 'node:path'
import { build } from 'esbuild'

const ROOT = path.join(__dirname, '..')
const SOURCE = path.join(ROOT, 'cloudfunctions')
const OUT = path.join(ROOT, 'dist/cloudfunctions')
const SDK_VERSION = '4.0.2'

export function functionNames(): string[] {
  return fs
    .readdirSync(SOURCE, { withFileTypes: true })
    .filter(
      (d) =>
        d.isDirectory() && !d.name.startsWith('_') && fs.existsSync(path.join(SOURCE, d.name, 'index.ts')),
    )
    .map((d) => d.name)
}

async function buildFunction(name: string): Promise<number> {
  const outDir = path.join(OUT, name)
  fs.rmSync(outDir, { recursive: true, force: true })
  fs.mkdirSync(outDir, { recursive: true })
  await build({
    entryPoints: [path.join(SOURCE, name, 'index.ts')],
    outfile: path.join(outDir, 'index.js'),
    bundle: true,
    platform: 'node',
    target: 'node16', // the WeChat cloud function runtime offers Node 16 and later
    format: 'cjs',
    external: ['wx-server-sdk'],
    legalComments: 'none',
    logLevel: 'warning',
  })
  const pkg = {
    name,
    version: '1.0.0',
    private: true,
    main: 'index.js',
    dependencies: { 'wx-server-sdk': SDK_VERSION },
  }
  fs.writeFileSync(path.join(outDir, 'package.json'), `${JSON.stringify(pkg, null, 2)}\n`)
  const config = path.join(SOURCE, name, 'config.json')
  fs.writeFileSync(
    path.join(outDir, 'config.json'),
    fs.existsSync(config)
      ? fs.readFileSync(config)
      : `${JSON.stringify({ permissions: { openapi: [] } }, null, 2)}\n`,
  )
  return fs.statSync(path.join(outDir, 'index.js')).size
}

async function main(): Promise<void> {
  const names = functionNames()
  for (const name of names) {
    const size = await buildFunction(name)
    console.log(`built ${name}: ${(size / 1024).toFixed(1)} KB`)
  }
}

main().catch((e: unknown) => {
  console.error(e)
  process.exit(1)
})
