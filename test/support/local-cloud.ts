/**
 * Test helpers: a local cloud on a fresh data directory and a free port, and the real
 * wx-server-sdk pointed at it, exactly as a developer would configure it.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { CollectionDeclaration } from '../../cloudfunctions/collections'
import type { MediaCheckRecord, SentMessage } from '../../local-cloud/src/openapi/openapi'
import {
  startLocalCloud,
  type LocalCloud,
  type LocalCloudOptions,
  type Seed,
} from '../../local-cloud/src/server'

// As inside Tencent Cloud, where functions run: stops the SDK's per-request metadata probe (ADR 0001).
process.env.TENCENTCLOUD = 'true'

export const FIXTURE_FUNCTIONS = path.join(__dirname, '../fixtures/functions')
export const ROOT = path.join(__dirname, '../..')

/** Collections of the conformance suite: one plain, indexed fields, a compound and a unique index. */
export const TEST_COLLECTIONS: readonly CollectionDeclaration[] = [
  {
    name: 'items',
    description: 'conformance test documents',
    indexes: [
      { name: 'by_n', fields: [{ field: 'n', direction: 1 }] },
      {
        name: 'by_tag_n',
        fields: [
          { field: 'tag', direction: 1 },
          { field: 'n', direction: -1 },
        ],
      },
      { name: 'by_when', fields: [{ field: 'when', direction: 1 }] },
    ],
  },
  {
    name: 'codes',
    description: 'unique index test',
    indexes: [{ name: 'by_code', fields: [{ field: 'code', direction: 1 }], unique: true }],
  },
  { name: 'plain', description: 'no indexes', indexes: [] },
]

export const freshDataDir = (): string => fs.mkdtempSync(path.join(os.tmpdir(), 'local-cloud-test-'))

/** The function message pushes go to, as `npm run local-cloud` sets it (MESSAGE_PUSH_FUNCTION). */
export const DEFAULT_MESSAGE_PUSH_FUNCTION = 'publications'

export async function startTestCloud(
  options: Partial<LocalCloudOptions> & { seed?: Seed } = {},
): Promise<LocalCloud> {
  return startLocalCloud({
    port: 0,
    dataDir: freshDataDir(),
    collections: TEST_COLLECTIONS,
    functionsDir: FIXTURE_FUNCTIONS,
    messagePush: { function: DEFAULT_MESSAGE_PUSH_FUNCTION },
    ...options,
  })
}

// The SDK's bundled typings reject some documented options (throwOnNotFound); tests use it untyped.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Sdk = any

/** wx-server-sdk 4.0.2 initialised against a local cloud (one SDK per Jest test file). */
export function sdkFor(cloud: LocalCloud): Sdk {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const sdk = require('wx-server-sdk') as Sdk
  sdk.init({ env: cloud.env, serviceUrl: cloud.adminUrl, secretId: 'local', secretKey: 'local' })
  return sdk
}

export async function stats(cloud: LocalCloud): Promise<Record<string, number>> {
  const res = await fetch(`${cloud.url}/dev/stats`)
  return ((await res.json()) as { actions: Record<string, number> }).actions
}

export async function resetStats(cloud: LocalCloud): Promise<void> {
  await fetch(`${cloud.url}/dev/stats/reset`, { method: 'POST' })
}

export async function login(cloud: LocalCloud, openid: string): Promise<string> {
  const res = await fetch(`${cloud.url}/dev/login`, { method: 'POST', body: JSON.stringify({ openid }) })
  return ((await res.json()) as { token: string }).token
}

export async function callGateway(
  cloud: LocalCloud,
  name: string,
  data: unknown,
  token?: string,
): Promise<{ status: number; body: Record<string, unknown>; headers: Headers }> {
  const res = await fetch(`${cloud.url}/cloud/${name}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: typeof data === 'string' ? data : JSON.stringify(data),
  })
  return { status: res.status, body: (await res.json()) as Record<string, unknown>, headers: res.headers }
}

/** POST /cloud-subscribe: the user (anonymous without a token) accepts the templates. */
export async function subscribe(
  cloud: LocalCloud,
  tmplIds: unknown,
  token?: string,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${cloud.url}/cloud-subscribe`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ tmplIds }),
  })
  return { status: res.status, body: (await res.json()) as Record<string, unknown> }
}

/** GET /dev/messages: the subscribe messages the local cloud recorded as sent. */
export async function sentMessages(cloud: LocalCloud, touser?: string): Promise<SentMessage[]> {
  const query = touser === undefined ? '' : `?touser=${encodeURIComponent(touser)}`
  const res = await fetch(`${cloud.url}/dev/messages${query}`)
  return ((await res.json()) as { messages: SentMessage[] }).messages
}

/** GET /dev/media-checks: every mediaCheckAsync so far, with the state of its push. */
export async function mediaChecks(cloud: LocalCloud): Promise<MediaCheckRecord[]> {
  const res = await fetch(`${cloud.url}/dev/media-checks`)
  return ((await res.json()) as { checks: MediaCheckRecord[] }).checks
}

/**
 * Waits until at least `n` media checks have settled (their push delivered, failed or dropped) and
 * returns all checks. Gives up after `timeoutMs` with the checks it saw.
 */
export async function waitForMediaChecks(
  cloud: LocalCloud,
  n: number,
  timeoutMs = 15_000,
): Promise<MediaCheckRecord[]> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const checks = await mediaChecks(cloud)
    if (checks.filter((c) => c.push !== 'pending').length >= n) return checks
    if (Date.now() > deadline) {
      throw new Error(`waited ${timeoutMs} ms for ${n} settled media checks: ${JSON.stringify(checks)}`)
    }
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}
