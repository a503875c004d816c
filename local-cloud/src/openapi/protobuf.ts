/**
 * The few protobuf messages of wx-server-sdk 4.0.2's open-API transport (its bundled `openapi.proto`,
 * node_modules/wx-server-sdk/index.js): a request `CommApiData` carrying the API's parameters as
 * key/value pairs, and a reply `CommOpenApiResp` carrying the WeChat JSON reply or a system error code.
 * Hand-written: four messages, varints and length-delimited fields are all they need.
 *
 *   KeyValuePair    { 1 key string, 2 value bytes, 3 contenttype string, 4 filename string }
 *   OpenApiData     { 1 pairs repeated KeyValuePair }
 *   CommApiData     { 1 apiType int32, 2 openapiData OpenApiData, 6 appid string } (3–5: other API kinds)
 *   CommOpenApiResp { 1 respData bytes, 2 contentType string, 3 errorCode int32, 4 httpCode uint32 }
 */

export interface KeyValuePair {
  readonly key: string
  /** For an open API, the JSON text of the parameter's value. */
  readonly value: Buffer
  readonly contenttype?: string
  readonly filename?: string
}

export interface CommApiData {
  /** 0 OPEN_API, 1 INNER_API, 2 SVRKIT_API, 3 TOKEN_API. */
  readonly apiType?: number
  readonly openapiData?: { readonly pairs: readonly KeyValuePair[] }
  readonly appid?: string
}

export interface CommOpenApiResp {
  readonly respData?: Buffer
  readonly contentType?: string
  /** Non-zero: a system error of the platform (-604101 no permission …); the SDK throws it as errCode. */
  readonly errorCode?: number
  readonly httpCode?: number
}

export class ProtobufError extends Error {
  constructor(message: string) {
    super(`invalid protobuf: ${message}`)
    this.name = 'ProtobufError'
  }
}

const VARINT = 0
const FIXED64 = 1
const LENGTH_DELIMITED = 2
const FIXED32 = 5

// ---- writing ------------------------------------------------------------------------------------

/** A varint of a value taken as unsigned 64-bit (a negative int32 is sign-extended: 10 bytes). */
export function encodeVarint(value: bigint): Buffer {
  let v = BigInt.asUintN(64, value)
  const bytes: number[] = []
  do {
    let byte = Number(v & 0x7fn)
    v >>= 7n
    if (v > 0n) byte |= 0x80
    bytes.push(byte)
  } while (v > 0n)
  return Buffer.from(bytes)
}

const tag = (field: number, wireType: number): Buffer => encodeVarint(BigInt((field << 3) | wireType))

function lengthDelimited(field: number, content: Buffer): Buffer {
  return Buffer.concat([tag(field, LENGTH_DELIMITED), encodeVarint(BigInt(content.length)), content])
}

const stringField = (field: number, text: string | undefined): Buffer[] =>
  text === undefined ? [] : [lengthDelimited(field, Buffer.from(text, 'utf8'))]

const int32Field = (field: number, value: number | undefined): Buffer[] =>
  value === undefined ? [] : [tag(field, VARINT), encodeVarint(BigInt(value | 0))]

const uint32Field = (field: number, value: number | undefined): Buffer[] =>
  value === undefined ? [] : [tag(field, VARINT), encodeVarint(BigInt(value >>> 0))]

export function encodeKeyValuePair(pair: KeyValuePair): Buffer {
  return Buffer.concat([
    ...stringField(1, pair.key),
    lengthDelimited(2, pair.value),
    ...stringField(3, pair.contenttype),
    ...stringField(4, pair.filename),
  ])
}

/** What the SDK sends; here for tests and for symmetry. */
export function encodeCommApiData(message: CommApiData): Buffer {
  const openapi = message.openapiData
    ? [
        lengthDelimited(
          2,
          Buffer.concat(message.openapiData.pairs.map((p) => lengthDelimited(1, encodeKeyValuePair(p)))),
        ),
      ]
    : []
  return Buffer.concat([...int32Field(1, message.apiType), ...openapi, ...stringField(6, message.appid)])
}

/** The reply of an open-API call, as the SDK's CommOpenApiResp.decode reads it. */
export function encodeCommOpenApiResp(message: CommOpenApiResp): Buffer {
  return Buffer.concat([
    ...(message.respData === undefined ? [] : [lengthDelimited(1, message.respData)]),
    ...stringField(2, message.contentType),
    ...int32Field(3, message.errorCode),
    ...uint32Field(4, message.httpCode),
  ])
}

// ---- reading ------------------------------------------------------------------------------------

interface Field {
  readonly field: number
  readonly wireType: number
  /** The varint of a VARINT field (unsigned 64-bit). */
  readonly varint?: bigint
  /** The bytes of a LENGTH_DELIMITED field. */
  readonly bytes?: Buffer
}

class Reader {
  private pos = 0
  constructor(private readonly buf: Buffer) {}

  get done(): boolean {
    return this.pos >= this.buf.length
  }

  varint(): bigint {
    let result = 0n
    for (let shift = 0n; shift < 70n; shift += 7n) {
      if (this.pos >= this.buf.length) throw new ProtobufError('truncated varint')
      const byte = this.buf[this.pos++]!
      result |= BigInt(byte & 0x7f) << shift
      if ((byte & 0x80) === 0) return BigInt.asUintN(64, result)
    }
    throw new ProtobufError('varint longer than 10 bytes')
  }

  take(length: number): Buffer {
    if (length > this.buf.length - this.pos) throw new ProtobufError('length past the end of the message')
    const bytes = this.buf.subarray(this.pos, this.pos + length)
    this.pos += length
    return bytes
  }

  next(): Field {
    const key = this.varint()
    const field = Number(key >> 3n)
    const wireType = Number(key & 7n)
    if (field === 0) throw new ProtobufError('field number 0')
    switch (wireType) {
      case VARINT:
        return { field, wireType, varint: this.varint() }
      case LENGTH_DELIMITED:
        return { field, wireType, bytes: this.take(Number(this.varint())) }
      case FIXED64:
        this.take(8)
        return { field, wireType }
      case FIXED32:
        this.take(4)
        return { field, wireType }
      default:
        throw new ProtobufError(`unsupported wire type ${wireType} of field ${field}`)
    }
  }
}

/** All fields of a message, in order; unknown ones are kept so each decoder skips what it ignores. */
function fieldsOf(buf: Buffer): Field[] {
  const reader = new Reader(buf)
  const fields: Field[] = []
  while (!reader.done) fields.push(reader.next())
  return fields
}

function expectWire(f: Field, wireType: number, name: string): void {
  if (f.wireType !== wireType) throw new ProtobufError(`${name} has wire type ${f.wireType}`)
}

const asInt32 = (v: bigint): number => Number(BigInt.asIntN(32, v))
const asUint32 = (v: bigint): number => Number(BigInt.asUintN(32, v))
const text = (b: Buffer): string => b.toString('utf8')

export function decodeKeyValuePair(buf: Buffer): KeyValuePair {
  let key = ''
  let value = Buffer.alloc(0)
  let contenttype: string | undefined
  let filename: string | undefined
  for (const f of fieldsOf(buf)) {
    if (f.field >= 1 && f.field <= 4) expectWire(f, LENGTH_DELIMITED, `KeyValuePair field ${f.field}`)
    if (f.field === 1) key = text(f.bytes!)
    else if (f.field === 2) value = Buffer.from(f.bytes!)
    else if (f.field === 3) contenttype = text(f.bytes!)
    else if (f.field === 4) filename = text(f.bytes!)
  }
  return {
    key,
    value,
    ...(contenttype !== undefined ? { contenttype } : {}),
    ...(filename !== undefined ? { filename } : {}),
  }
}

export function decodeCommApiData(buf: Buffer): CommApiData {
  let apiType: number | undefined
  let pairs: KeyValuePair[] | undefined
  let appid: string | undefined
  for (const f of fieldsOf(buf)) {
    if (f.field === 1) {
      expectWire(f, VARINT, 'CommApiData.apiType')
      apiType = asInt32(f.varint!)
    } else if (f.field === 2) {
      expectWire(f, LENGTH_DELIMITED, 'CommApiData.openapiData')
      pairs ??= []
      for (const p of fieldsOf(f.bytes!)) {
        if (p.field !== 1) continue
        expectWire(p, LENGTH_DELIMITED, 'OpenApiData.pairs')
        pairs.push(decodeKeyValuePair(p.bytes!))
      }
    } else if (f.field === 6) {
      expectWire(f, LENGTH_DELIMITED, 'CommApiData.appid')
      appid = text(f.bytes!)
    }
  }
  return {
    ...(apiType !== undefined ? { apiType } : {}),
    ...(pairs !== undefined ? { openapiData: { pairs } } : {}),
    ...(appid !== undefined ? { appid } : {}),
  }
}

/** For tests: reads a reply the way the SDK does. */
export function decodeCommOpenApiResp(buf: Buffer): CommOpenApiResp {
  const out: { respData?: Buffer; contentType?: string; errorCode?: number; httpCode?: number } = {}
  for (const f of fieldsOf(buf)) {
    if (f.field === 1 && f.wireType === LENGTH_DELIMITED) out.respData = Buffer.from(f.bytes!)
    else if (f.field === 2 && f.wireType === LENGTH_DELIMITED) out.contentType = text(f.bytes!)
    else if (f.field === 3 && f.wireType === VARINT) out.errorCode = asInt32(f.varint!)
    else if (f.field === 4 && f.wireType === VARINT) out.httpCode = asUint32(f.varint!)
  }
  return out
}
