/**
 * The local cloud as its own process (`npm run local-cloud`), for tests and benchmarks that must
 * kill it or measure its memory.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import net from 'node:net'
import path from 'node:path'

const ROOT = path.join(__dirname, '../..')

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer()
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo
      server.close(() => resolve(port))
    })
    server.on('error', reject)
  })
}

export interface CloudProcess {
  readonly child: ChildProcess
  readonly url: string
  readonly adminUrl: string
}

/** Starts `local-cloud/src/main.ts` and resolves when /healthz answers. */
export async function startCloudProcess(env: Record<string, string>): Promise<CloudProcess> {
  const port = await freePort()
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'local-cloud/src/main.ts')], {
    cwd: ROOT,
    env: { ...process.env, PORT: String(port), ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  })
  const url = `http://127.0.0.1:${port}`
  const deadline = Date.now() + 30_000
  for (;;) {
    if (child.exitCode !== null) throw new Error(`local cloud exited with ${child.exitCode}`)
    try {
      if ((await fetch(`${url}/healthz`)).ok) break
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error('local cloud did not become healthy within 30 s')
    await new Promise((r) => setTimeout(r, 100))
  }
  return { child, url, adminUrl: `${url}/admin` }
}

export function stopped(child: ChildProcess): Promise<void> {
  return new Promise((resolve) =>
    child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve()),
  )
}
