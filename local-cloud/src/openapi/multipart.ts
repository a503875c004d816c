/**
 * A small multipart/form-data reader (RFC 7578 on RFC 2046 §5.1), enough for what @cloudbase/node-sdk
 * sends for `wx.openApi` through the `form-data` package: text fields and one binary field (the
 * protobuf request). Binary-safe: parts are cut at the delimiter bytes, never decoded as a whole.
 */

export interface MultipartPart {
  readonly name: string
  readonly filename?: string
  readonly contentType?: string
  readonly data: Buffer
}

export class MultipartError extends Error {
  constructor(message: string) {
    super(`malformed multipart body: ${message}`)
    this.name = 'MultipartError'
  }
}

/** More parts than any client of the local cloud sends: a guard against a body of tiny parts. */
export const MAX_PARTS = 100

/**
 * The parameters of a header value such as `form-data; name="a"; filename="b"` or
 * `multipart/form-data; boundary=xyz`: the leading value and its parameters (names in lower case;
 * quoted strings unquoted, backslash escapes undone).
 */
export function parseHeaderValue(value: string): { value: string; params: Record<string, string> } {
  const semi = value.indexOf(';')
  const head = (semi < 0 ? value : value.slice(0, semi)).trim().toLowerCase()
  const params: Record<string, string> = {}
  const re = /;\s*([^\s=;]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s;]*))/g
  for (const m of value.slice(Math.max(semi, 0)).matchAll(re)) {
    const name = m[1]!.toLowerCase()
    params[name] = m[2] !== undefined ? m[2].replace(/\\(.)/g, '$1') : (m[3] ?? '')
  }
  return { value: head, params }
}

/** The boundary of a multipart/form-data content type, or undefined when it is not one. */
export function boundaryOf(contentType: string | undefined): string | undefined {
  if (!contentType) return undefined
  const { value, params } = parseHeaderValue(contentType)
  if (value !== 'multipart/form-data') return undefined
  const boundary = params.boundary
  // RFC 2046: 1 to 70 characters, not ending in a space.
  if (!boundary || boundary.length > 70 || boundary.endsWith(' ')) return undefined
  return boundary
}

const CRLF = Buffer.from('\r\n')
const HEADER_END = Buffer.from('\r\n\r\n')

function parseHeaders(block: Buffer): Record<string, string> {
  const headers: Record<string, string> = {}
  if (block.length === 0) return headers
  for (const line of block.toString('utf8').split('\r\n')) {
    const colon = line.indexOf(':')
    if (colon <= 0) throw new MultipartError(`header line without a name: ${JSON.stringify(line)}`)
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim()
  }
  return headers
}

/** The parts of a multipart body, in order. Throws MultipartError on a body that does not parse. */
export function parseMultipart(body: Buffer, boundary: string): MultipartPart[] {
  const delimiter = Buffer.from(`--${boundary}`)
  const nextDelimiter = Buffer.concat([CRLF, delimiter])
  // The first delimiter opens the body, or follows a preamble and a CRLF.
  let pos: number
  if (body.subarray(0, delimiter.length).equals(delimiter)) pos = 0
  else {
    const found = body.indexOf(nextDelimiter)
    if (found < 0) throw new MultipartError('no boundary delimiter')
    pos = found + CRLF.length
  }
  const parts: MultipartPart[] = []
  for (;;) {
    pos += delimiter.length
    if (body[pos] === 0x2d && body[pos + 1] === 0x2d) return parts // the close delimiter: the epilogue is ignored
    while (body[pos] === 0x20 || body[pos] === 0x09) pos++ // transport padding
    if (body[pos] !== 0x0d || body[pos + 1] !== 0x0a)
      throw new MultipartError('delimiter not followed by CRLF')
    pos += 2
    let headerBlock: Buffer
    let contentStart: number
    if (body[pos] === 0x0d && body[pos + 1] === 0x0a) {
      headerBlock = Buffer.alloc(0)
      contentStart = pos + 2
    } else {
      const end = body.indexOf(HEADER_END, pos)
      if (end < 0) throw new MultipartError('part headers do not end')
      headerBlock = body.subarray(pos, end)
      contentStart = end + HEADER_END.length
    }
    const next = body.indexOf(nextDelimiter, contentStart)
    if (next < 0) throw new MultipartError('part is not closed by a delimiter')
    const headers = parseHeaders(headerBlock)
    const disposition = parseHeaderValue(headers['content-disposition'] ?? '')
    if (disposition.value !== 'form-data' || disposition.params.name === undefined) {
      throw new MultipartError('part without Content-Disposition: form-data; name=…')
    }
    if (parts.length >= MAX_PARTS) throw new MultipartError(`more than ${MAX_PARTS} parts`)
    const filename = disposition.params.filename
    const contentType = headers['content-type']
    parts.push({
      name: disposition.params.name,
      ...(filename !== undefined ? { filename } : {}),
      ...(contentType !== undefined ? { contentType } : {}),
      data: body.subarray(contentStart, next),
    })
    pos = next + CRLF.length
  }
}
