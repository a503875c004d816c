/**
 * `npm run local-cloud`: starts the local cloud from the environment.
 *   PORT (8080) · DATA_DIR (.data) · DEMO (1; 0 starts empty) · FUNCTIONS_DIR (dist/cloudfunctions)
 *   H5_DIR (dist/h5) · TCB_ENV (local)
 *   MESSAGE_PUSH_FUNCTION (publications): the function WeChat's message push invokes (the verdicts of
 *   security.mediaCheckAsync); empty: none, verdicts are logged and dropped
 */
import path from 'node:path'
import { COLLECTIONS } from '../../cloudfunctions/collections'
import { chunchengSeed } from '../demo/chuncheng'
import { startLocalCloud } from './server'

async function main(): Promise<void> {
  const root = path.resolve(__dirname, '../..')
  const port = Number(process.env.PORT ?? 8080)
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`PORT must be a port number, got ${process.env.PORT}`)
  const pushFunction = process.env.MESSAGE_PUSH_FUNCTION ?? 'publications'
  const cloud = await startLocalCloud({
    port,
    dataDir: path.resolve(process.env.DATA_DIR ?? path.join(root, '.data')),
    collections: COLLECTIONS,
    functionsDir: path.resolve(process.env.FUNCTIONS_DIR ?? path.join(root, 'dist/cloudfunctions')),
    h5Dir: path.resolve(process.env.H5_DIR ?? path.join(root, 'dist/h5')),
    seed: process.env.DEMO === '0' ? undefined : chunchengSeed(),
    env: process.env.TCB_ENV ?? 'local',
    messagePush: pushFunction ? { function: pushFunction } : undefined,
  })
  console.log(`local cloud ready at ${cloud.url}  (serviceUrl ${cloud.adminUrl}, env ${cloud.env})`)
  const stop = (): void => {
    void cloud.close().then(() => process.exit(0))
  }
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
}

main().catch((e: unknown) => {
  console.error('local cloud failed to start:', e)
  process.exit(1)
})
