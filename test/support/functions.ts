/**
 * Integration tests of the built functions: one local cloud per test file with the demo street (春城街道)
 * and its personas, the admin SDK for arranging and checking the store, and calls through the gateway as
 * each persona, the way the H5 app makes them.
 */
import path from 'node:path'
import { COLLECTIONS } from '../../cloudfunctions/collections'
import { chunchengSeed } from '../../local-cloud/demo/chuncheng'
import type { LocalCloud } from '../../local-cloud/src/server'
import {
  callGateway,
  DEFAULT_MESSAGE_PUSH_FUNCTION,
  login,
  ROOT,
  sdkFor,
  startTestCloud,
  type Sdk,
} from './local-cloud'

/** The demo street's personas, one per role (local-cloud/demo/chuncheng.ts). */
export const PERSONA = {
  admin: 'demo-admin-lina',
  clerk: 'demo-street-chenjing',
  mediator: 'demo-community-zhaomin',
  gridWorker: 'demo-grid-zhangwei',
  resident: 'demo-resident-wangfang',
} as const

/** Nodes of the demo street's tree. */
export const NODE = {
  street: 'node-chuncheng',
  mingyuan: 'node-cc-mingyuan',
  grid1: 'node-cc-mingyuan-grid-1',
  grid3: 'node-cc-mingyuan-grid-3',
  grid5: 'node-cc-chunxiao-grid-2',
} as const

// Replies are checked field by field; their exact types are the contract's, tested elsewhere.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Reply = { ok: boolean; data?: any; error?: any; dbRequests: number }

export interface FunctionsCloud {
  readonly cloud: LocalCloud
  /** The admin database handle (throwOnNotFound: false), for arranging and checking the store. */
  readonly db: Sdk
  /** Calls `fn` with `data` as `who` (a resident, without a login, when absent). */
  call(fn: string, data: Record<string, unknown>, who?: string): Promise<Reply>
  /** The data of a call that must succeed. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  ok(fn: string, data: Record<string, unknown>, who?: string): Promise<any>
  /** The error code of a call that must be refused. */
  codeOf(fn: string, data: Record<string, unknown>, who?: string): Promise<string>
  count(collection: string, where?: Record<string, unknown>): Promise<number>
}

/**
 * Registers the file's beforeAll/afterAll: a local cloud with the built functions and the demo street.
 * The returned object is usable once the tests run.
 */
export function functionsCloud(
  options: {
    instancesPerFunction?: number
    /** The function message pushes (mediaCheckAsync verdicts) go to; default 'publications'. */
    messagePush?: string
  } = {},
): FunctionsCloud {
  let cloud: LocalCloud | undefined
  let db: Sdk | undefined
  const tokens = new Map<string, string>()
  beforeAll(async () => {
    cloud = await startTestCloud({
      collections: COLLECTIONS,
      functionsDir: path.join(ROOT, 'dist/cloudfunctions'),
      seed: chunchengSeed(),
      instancesPerFunction: options.instancesPerFunction,
      messagePush: { function: options.messagePush ?? DEFAULT_MESSAGE_PUSH_FUNCTION },
    })
    db = sdkFor(cloud).database({ throwOnNotFound: false })
  })
  afterAll(() => cloud?.close())

  const self: FunctionsCloud = {
    get cloud() {
      return cloud!
    },
    get db() {
      return db!
    },
    async call(fn, data, who) {
      let token: string | undefined
      if (who) {
        token = tokens.get(who) ?? (await login(cloud!, who))
        tokens.set(who, token)
      }
      const reply = await callGateway(cloud!, fn, data, token)
      expect(reply.status).toBe(200)
      return {
        ...(reply.body.result as Omit<Reply, 'dbRequests'>),
        dbRequests: Number(reply.headers.get('x-cloud-db-requests')),
      }
    },
    async ok(fn, data, who) {
      const reply = await self.call(fn, data, who)
      if (!reply.ok) throw new Error(`${fn}.${String(data.action)} failed: ${JSON.stringify(reply.error)}`)
      return reply.data
    },
    async codeOf(fn, data, who) {
      return (await self.call(fn, data, who)).error?.code
    },
    async count(collection, where = {}) {
      return (await db!.collection(collection).where(where).count()).total
    },
  }
  return self
}
