/**
 * Serves the H5 build (dist/h5) at /, with the single-page fallback to index.html that Taro's
 * browser router needs.
 */
import fs from 'node:fs'
import type http from 'node:http'
import path from 'node:path'

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
}

/** Answers a GET (of a decoded path) from the build folder; false when there is no build to serve. */
export function serveStatic(root: string, pathname: string, res: http.ServerResponse): boolean {
  const index = path.join(root, 'index.html')
  if (!fs.existsSync(index)) return false
  const resolved = path.resolve(root, `.${pathname}`)
  const inside = resolved.startsWith(path.resolve(root) + path.sep)
  const file = inside && fs.existsSync(resolved) && fs.statSync(resolved).isFile() ? resolved : index
  const body = fs.readFileSync(file)
  res.writeHead(200, {
    'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream',
    'cache-control': file === index ? 'no-cache' : 'public, max-age=3600',
  })
  res.end(body)
  return true
}
