/**
 * Runs built cloud functions the way the platform does: a small pool of instances per function,
 * each a worker thread with its own process.env running one invocation at a time; the invocation's
 * WeChat context set in that environment; the timeout of the function's config.json enforced (a
 * hung instance is terminated); 256 MB of heap per instance; results over 1 MB refused.
 */
import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { Worker } from 'node:worker_threads'

export const DEFAULT_TIMEOUT_S = 3
export const MAX_TIMEOUT_S = 60
export const MAX_RESULT_BYTES = 1024 * 1024
export const MEMORY_MB = 256

/** Who or what triggered an invocation (getWXContext's OPENID, APPID, SOURCE, CLIENTIP). */
export interface Caller {
  readonly openid?: string
  readonly appid?: string
  readonly clientIp?: string
  /**
   * wx_client for the mini-program, `<caller's source>,scf` for a function calling a function,
   * wx_trigger for a timer, wx_msg for a message push (openapi/openapi.ts).
   */
  readonly source: string
}

export type InvokeOutcome =
  | { readonly ok: true; readonly json: string; readonly heapPeakMb?: number }
  | {
      readonly ok: false
      readonly kind: 'not-found' | 'failed' | 'timeout' | 'too-large'
      readonly message: string
    }

interface Instance {
  readonly worker: Worker
  readonly ready: Promise<void>
  busy: boolean
  dead: boolean
}

interface Pool {
  readonly name: string
  readonly entry: string
  readonly mtimeMs: number
  readonly timeoutS: number
  /** config.json `permissions.openapi`: the open APIs the function may call. */
  readonly openapi: readonly string[]
  readonly instances: Instance[]
  readonly waiters: ((instance: Instance) => void)[]
}

export interface FunctionHostOptions {
  readonly functionsDir: string
  /** The CloudBase API URL the functions' SDK talks to (this local cloud's /admin). */
  readonly adminUrl: () => string
  readonly env: string
  readonly appid: string
  readonly instancesPerFunction?: number
}

const WORKER_FILE = path.join(__dirname, 'worker.cjs')

export class FunctionHost {
  private readonly pools = new Map<string, Pool>()
  /**
   * Each running invocation: its caller (so a call it makes to another function extends the chain)
   * and its function (whose config.json says which open APIs it may call).
   */
  private readonly running = new Map<string, { readonly caller: Caller; readonly name: string }>()

  constructor(private readonly options: FunctionHostOptions) {}

  /** Names of the deployable functions: folders with an index.js. */
  list(): string[] {
    if (!fs.existsSync(this.options.functionsDir)) return []
    return fs
      .readdirSync(this.options.functionsDir, { withFileTypes: true })
      .filter(
        (d) => d.isDirectory() && fs.existsSync(path.join(this.options.functionsDir, d.name, 'index.js')),
      )
      .map((d) => d.name)
  }

  callerOf(invocationId: string | null): Caller | undefined {
    return invocationId ? this.running.get(invocationId)?.caller : undefined
  }

  /**
   * The open APIs the function running an invocation declares (config.json `permissions.openapi`, read
   * with the function's code, as the platform deploys them together), or undefined when no such
   * invocation is running.
   */
  openapiPermissionsOf(invocationId: string): readonly string[] | undefined {
    const running = this.running.get(invocationId)
    return running ? (this.pools.get(running.name)?.openapi ?? []) : undefined
  }

  private poolFor(name: string): Pool | undefined {
    if (!/^[A-Za-z0-9_-]{1,60}$/.test(name)) return undefined
    const dir = path.join(this.options.functionsDir, name)
    const entry = path.join(dir, 'index.js')
    let mtimeMs: number
    try {
      mtimeMs = fs.statSync(entry).mtimeMs
    } catch {
      return undefined
    }
    const existing = this.pools.get(name)
    if (existing && existing.mtimeMs === mtimeMs) return existing
    if (existing) this.retire(existing) // rebuilt since: new instances load the new code
    const pool: Pool = { name, entry, mtimeMs, ...readConfig(dir), instances: [], waiters: [] }
    this.pools.set(name, pool)
    return pool
  }

  private retire(pool: Pool): void {
    for (const instance of pool.instances) if (!instance.busy) void this.kill(pool, instance)
  }

  private spawn(pool: Pool): Instance {
    const worker = new Worker(WORKER_FILE, {
      workerData: { entry: pool.entry, env: this.baseEnv() },
      env: { ...process.env },
      resourceLimits: { maxOldGenerationSizeMb: MEMORY_MB },
      stdout: false,
      stderr: false,
    })
    const ready = new Promise<void>((resolve, reject) => {
      worker.once('message', (msg: { type: string; message?: string }) =>
        msg.type === 'ready' ? resolve() : reject(new Error(msg.message ?? 'function failed to load')),
      )
      worker.once('error', reject)
      worker.once('exit', (code) =>
        reject(new Error(`function instance exited with code ${code} while loading`)),
      )
    })
    ready.catch(() => undefined)
    const instance: Instance = { worker, ready, busy: false, dead: false }
    worker.on('exit', () => {
      instance.dead = true
      const i = pool.instances.indexOf(instance)
      if (i >= 0) pool.instances.splice(i, 1)
    })
    worker.on('error', () => undefined) // reported to the invocation through its own listener
    pool.instances.push(instance)
    return instance
  }

  private async kill(pool: Pool, instance: Instance): Promise<void> {
    instance.dead = true
    const i = pool.instances.indexOf(instance)
    if (i >= 0) pool.instances.splice(i, 1)
    await instance.worker.terminate()
  }

  private acquire(pool: Pool): Promise<Instance> {
    const idle = pool.instances.find((i) => !i.busy && !i.dead)
    const max = this.options.instancesPerFunction ?? 4
    const instance = idle ?? (pool.instances.length < max ? this.spawn(pool) : undefined)
    if (instance) {
      instance.busy = true
      return Promise.resolve(instance)
    }
    return new Promise((resolve) => pool.waiters.push(resolve))
  }

  private release(pool: Pool, instance: Instance): void {
    instance.busy = false
    const waiter = pool.waiters.shift()
    if (!waiter) {
      if (this.pools.get(pool.name) !== pool) void this.kill(pool, instance)
      return
    }
    const next = instance.dead ? this.spawn(pool) : instance
    next.busy = true
    waiter(next)
  }

  private baseEnv(): Record<string, string> {
    return {
      TCB_ENV: this.options.env,
      SCF_NAMESPACE: this.options.env,
      TENCENTCLOUD_SECRETID: 'local-cloud',
      TENCENTCLOUD_SECRETKEY: 'local-cloud',
      // Functions run inside Tencent Cloud on the platform. Without this, @cloudbase/node-sdk 3.17
      // probes metadata.tencentyun.com before every request (a failed probe is never cached),
      // adding up to 2 × 30 ms to each database call.
      TENCENTCLOUD: 'true',
    }
  }

  /** The environment the platform sets for one invocation. */
  private invocationEnv(invocationId: string, caller: Caller): Record<string, string> {
    const context: Record<string, string | undefined> = {
      WX_OPENID: caller.openid,
      WX_APPID: caller.appid,
      WX_CLIENTIP: caller.clientIp,
    }
    const present = Object.entries(context).filter((e): e is [string, string] => e[1] !== undefined)
    return {
      ...this.baseEnv(),
      ...Object.fromEntries(present),
      WX_CONTEXT_KEYS: present.map(([k]) => k).join(','),
      TCB_SOURCE: caller.source,
      // The platform injects its API endpoint here; the query tags each request with its invocation.
      TCB_CONTEXT_CNFG: JSON.stringify({ URL: `${this.options.adminUrl()}?invocation=${invocationId}&` }),
    }
  }

  async invoke(
    name: string,
    event: unknown,
    caller: Caller,
    invocationId = newInvocationId(),
  ): Promise<InvokeOutcome> {
    const pool = this.poolFor(name)
    if (!pool)
      return { ok: false, kind: 'not-found', message: `FunctionName parameter could not be found: ${name}` }
    const instance = await this.acquire(pool)
    this.running.set(invocationId, { caller, name })
    try {
      try {
        await instance.ready
      } catch (e) {
        await this.kill(pool, instance)
        return { ok: false, kind: 'failed', message: `function failed to load: ${(e as Error).message}` }
      }
      return await this.run(pool, instance, invocationId, event, caller)
    } finally {
      this.running.delete(invocationId)
      this.release(pool, instance)
    }
  }

  private run(
    pool: Pool,
    instance: Instance,
    id: string,
    event: unknown,
    caller: Caller,
  ): Promise<InvokeOutcome> {
    const { worker } = instance
    return new Promise<InvokeOutcome>((resolve) => {
      const done = (outcome: InvokeOutcome): void => {
        clearTimeout(timer)
        worker.off('message', onMessage)
        worker.off('error', onError)
        worker.off('exit', onExit)
        resolve(outcome)
      }
      const timer = setTimeout(() => {
        void this.kill(pool, instance)
        done({
          ok: false,
          kind: 'timeout',
          message: `Invoking task timed out after ${pool.timeoutS} seconds`,
        })
      }, pool.timeoutS * 1000)
      const onMessage = (msg: {
        type: string
        id?: string
        json?: string
        message?: string
        heapPeakMb?: number
      }): void => {
        if (msg.id !== id) return
        if (msg.type === 'result') {
          const json = msg.json ?? ''
          if (Buffer.byteLength(json) > MAX_RESULT_BYTES) {
            done({ ok: false, kind: 'too-large', message: 'cloudfunction result size exceed limit (1MB)' })
          } else {
            done({ ok: true, json, ...(msg.heapPeakMb !== undefined ? { heapPeakMb: msg.heapPeakMb } : {}) })
          }
        } else {
          done({ ok: false, kind: 'failed', message: msg.message ?? 'function failed' })
        }
      }
      const onError = (e: Error): void => {
        void this.kill(pool, instance)
        done({ ok: false, kind: 'failed', message: `${e.name}: ${e.message}` })
      }
      const onExit = (code: number): void =>
        done({ ok: false, kind: 'failed', message: `function instance exited with code ${code}` })
      worker.on('message', onMessage)
      worker.on('error', onError)
      worker.on('exit', onExit)
      const context = {
        request_id: id,
        function_name: pool.name,
        namespace: this.options.env,
        time_limit_in_ms: pool.timeoutS * 1000,
        memory_limit_in_mb: MEMORY_MB,
        callbackWaitsForEmptyEventLoop: false,
      }
      worker.postMessage({ id, event, context, env: this.invocationEnv(id, caller) })
    })
  }

  async close(): Promise<void> {
    const all = [...this.pools.values()].flatMap((pool) => pool.instances.map((i) => i.worker.terminate()))
    this.pools.clear()
    await Promise.allSettled(all)
  }
}

export const newInvocationId = (): string => randomBytes(12).toString('hex')

/**
 * What config.json says (read once per deployment of the function's code): the timeout in seconds
 * (`timeout`; default 3, at most 60 as in the console) and the open APIs it may call
 * (`permissions.openapi`; none without the file).
 */
function readConfig(dir: string): { timeoutS: number; openapi: readonly string[] } {
  let config: { timeout?: unknown; permissions?: { openapi?: unknown } } = {}
  try {
    config = JSON.parse(fs.readFileSync(path.join(dir, 'config.json'), 'utf8')) as typeof config
  } catch {
    // no config.json, or not JSON: the platform's defaults apply
  }
  const t = config.timeout
  const list = config.permissions?.openapi
  return {
    timeoutS: typeof t === 'number' && t > 0 ? Math.min(t, MAX_TIMEOUT_S) : DEFAULT_TIMEOUT_S,
    openapi: Array.isArray(list) ? list.filter((api): api is string => typeof api === 'string') : [],
  }
}
