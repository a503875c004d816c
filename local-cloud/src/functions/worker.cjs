/**
 * One instance of a cloud function, as the platform runs it: a thread with its own process.env
 * that loads the function once and runs one invocation at a time. Before each invocation the host
 * sends the environment the platform would set (WX_OPENID, WX_APPID, TCB_ENV, TCB_SOURCE,
 * TCB_CONTEXT_CNFG …), so wx-server-sdk's getWXContext() and cloud.init() read this invocation's
 * caller and this local cloud, and the function's code stays exactly what is deployed.
 * Plain CommonJS on purpose: worker threads load it without a TypeScript loader.
 */
'use strict'
const { parentPort, workerData } = require('node:worker_threads')
const v8 = require('node:v8')
const { setInterval, clearInterval } = require('node:timers')

let previousKeys = []
function setInvocationEnv(env) {
  for (const key of previousKeys) delete process.env[key]
  previousKeys = Object.keys(env)
  Object.assign(process.env, env)
}

setInvocationEnv(workerData.env)
let fn
try {
  fn = require(workerData.entry)
  if (typeof fn.main !== 'function') throw new Error(`${workerData.entry} does not export main`)
  parentPort.postMessage({ type: 'ready' })
} catch (e) {
  parentPort.postMessage({ type: 'load-error', message: String((e && e.stack) || e) })
}

/**
 * The instance's heap at its highest during an invocation, sampled every 10 ms (the platform reports
 * an invocation's memory use the same way: what the instance held, not what one object took).
 */
function heapPeak() {
  let peak = v8.getHeapStatistics().used_heap_size
  const timer = setInterval(() => {
    peak = Math.max(peak, v8.getHeapStatistics().used_heap_size)
  }, 10)
  return () => {
    clearInterval(timer)
    return Math.max(peak, v8.getHeapStatistics().used_heap_size)
  }
}

parentPort.on('message', async (msg) => {
  setInvocationEnv(msg.env)
  const peak = heapPeak()
  try {
    const result = await fn.main(msg.event, msg.context)
    // Serialised here so the size limit is measured on what would travel back.
    const json = result === undefined ? '' : JSON.stringify(result)
    parentPort.postMessage({
      type: 'result',
      id: msg.id,
      json: json === undefined ? '' : json,
      heapPeakMb: Math.round(peak() / 2 ** 20),
    })
  } catch (e) {
    peak()
    const message =
      e instanceof Error ? `${e.name}: ${e.message}` : typeof e === 'object' ? JSON.stringify(e) : String(e)
    parentPort.postMessage({
      type: 'error',
      id: msg.id,
      message,
      stack: e instanceof Error ? e.stack : undefined,
    })
  }
})
