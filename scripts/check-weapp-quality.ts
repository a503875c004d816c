/**
 * WeChat's own offline code-quality check (miniprogram-ci checkCodeQuality, the same list as
 * DevTools' 代码质量) on dist/weapp: package sizes, JS/WXML/WXSS compression, lazy code loading,
 * unused code and components. Uploading or previewing needs WeChat's servers and a real AppID, but
 * this check runs with any AppID and a throw-away key. Exits 1 when a check fails.
 */
import { generateKeyPairSync } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

interface Check {
  name: string
  success: boolean
  text: string
}

async function main(): Promise<void> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const ci = require('miniprogram-ci')
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'weapp-quality-'))
  const keyPath = path.join(dir, 'private.key')
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })
  fs.writeFileSync(keyPath, privateKey.export({ type: 'pkcs1', format: 'pem' }))
  const project = new ci.Project({
    appid: 'wx0000000000000000',
    type: 'miniProgram',
    projectPath: path.join(__dirname, '..', 'dist/weapp'),
    privateKeyPath: keyPath,
    ignores: ['node_modules/**/*'],
  })
  const checks = (await ci.checkCodeQuality(project)) as Check[]
  for (const c of checks) console.log(`${c.success ? 'ok  ' : 'FAIL'} ${c.name} (rule: ${c.text})`)
  process.exit(checks.every((c) => c.success) ? 0 : 1)
}

main().catch((e: unknown) => {
  console.error(e)
  process.exit(1)
})
