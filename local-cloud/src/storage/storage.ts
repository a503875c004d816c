/**
 * Cloud storage: the `storage.*` actions behind uploadFile, getTempFileURL, downloadFile and
 * deleteFile, with files kept under `<DATA_DIR>/storage`.
 *
 * As on the platform, an upload is two steps: `storage.getUploadMetadata` returns a signed upload
 * URL (COS on the real cloud, this server here) and the SDK PUTs the bytes there. Temporary URLs are
 * signed and expire; a file ID looks like the platform's: `cloud://<env>.<bucket>/<path>`.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { CloudCode, CloudError } from '../errors'

export const MAX_FILE_BYTES = 50 * 1024 * 1024
export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
/** What browsers send for a .csv: text/csv, or (Windows with Excel installed) Excel's old type. */
export const CSV_TYPES: readonly string[] = ['text/csv', 'application/vnd.ms-excel']

/** One folder a browser may upload to, what may go there, and how large. */
export interface ClientUploadRule {
  readonly prefix: string
  /** Content types accepted, as `contentTypeOf` tells them. */
  readonly contentTypes: readonly string[]
  readonly maxBytes: number
  /** What may be uploaded there, for the refusal. */
  readonly what: string
}

/**
 * The H5 build cannot call wx.cloud.uploadFile, so the local cloud lets a signed-in browser upload
 * directly (POST /cloud-storage/upload). Only what the app uploads from a phone is accepted:
 * - event photos under `events/`, JPEG or PNG, at most 10 MB (the app sends well under 300 KB);
 * - ledgers to import under `imports/` (ledgers.importLedger reads only that folder), xlsx or csv, at
 *   most 5 MB (the function refuses larger ones);
 * - public activity covers, photos and their thumbnails under `publications/`, JPEG or PNG, at most 10 MB.
 */
export const CLIENT_UPLOADS: readonly ClientUploadRule[] = [
  {
    prefix: 'events/',
    contentTypes: ['image/jpeg', 'image/png'],
    maxBytes: 10 * 1024 * 1024,
    what: 'JPEG or PNG images',
  },
  {
    prefix: 'imports/',
    contentTypes: [XLSX_TYPE, ...CSV_TYPES],
    maxBytes: 5 * 1024 * 1024,
    what: 'ledgers (xlsx or csv)',
  },
  {
    prefix: 'publications/',
    contentTypes: ['image/jpeg', 'image/png'],
    maxBytes: 10 * 1024 * 1024,
    what: 'JPEG or PNG images',
  },
]
const DEFAULT_MAX_AGE_S = 86_400
const BUCKET = 'local-bucket'

type Body = Record<string, unknown>

export class Storage {
  private readonly root: string

  constructor(
    dataDir: string,
    private readonly secret: Buffer,
    private readonly baseUrl: () => string,
    private readonly env: string,
  ) {
    this.root = path.join(dataDir, 'storage')
    fs.mkdirSync(this.root, { recursive: true })
  }

  private sign(text: string): string {
    return createHmac('sha256', this.secret).update(text).digest('base64url')
  }

  private verify(text: string, signature: string): boolean {
    const expected = Buffer.from(this.sign(text))
    const given = Buffer.from(signature)
    return expected.length === given.length && timingSafeEqual(expected, given)
  }

  /** Refuses paths that could escape the storage root or break a URL. */
  static checkCloudPath(cloudPath: unknown): string {
    if (
      typeof cloudPath !== 'string' ||
      cloudPath.length === 0 ||
      cloudPath.length > 1024 ||
      cloudPath.startsWith('/') ||
      // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
      /[?#%\\\u0000-\u001f]/.test(cloudPath) ||
      cloudPath.split('/').some((part) => part === '' || part === '.' || part === '..')
    ) {
      throw new CloudError(CloudCode.INVALID_PARAM, `invalid cloudPath: ${String(cloudPath)}`)
    }
    return cloudPath
  }

  /** A path a browser may upload to (a valid cloud path in a folder of CLIENT_UPLOADS), with its rule. */
  static checkClientUploadPath(cloudPath: unknown): { cloudPath: string; rule: ClientUploadRule } {
    const checked = Storage.checkCloudPath(cloudPath)
    const rule = CLIENT_UPLOADS.find((r) => checked.startsWith(r.prefix))
    if (!rule) {
      const prefixes = CLIENT_UPLOADS.map((r) => r.prefix)
      const folders = `${prefixes.slice(0, -1).join(', ')} or ${prefixes[prefixes.length - 1]}`
      throw new CloudError(CloudCode.INVALID_PARAM, `uploads are accepted only under ${folders}`)
    }
    return { cloudPath: checked, rule }
  }

  fileIdOf(cloudPath: string): string {
    return `cloud://${this.env}.${BUCKET}/${cloudPath}`
  }

  /** The cloud path of a file ID, or undefined when it is not one of ours. */
  private pathOf(fileId: unknown): string | undefined {
    if (typeof fileId !== 'string' || !fileId.startsWith('cloud://')) return undefined
    const rest = fileId.slice('cloud://'.length)
    const slash = rest.indexOf('/')
    if (slash < 0) return undefined
    try {
      return Storage.checkCloudPath(rest.slice(slash + 1))
    } catch {
      return undefined
    }
  }

  private filePath(cloudPath: string): string {
    return path.join(this.root, ...cloudPath.split('/'))
  }

  readonly handlers: Record<string, (body: Body) => unknown> = {
    'storage.getUploadMetadata': (body) => {
      const cloudPath = Storage.checkCloudPath(body.path)
      const token = this.sign(`put:${cloudPath}`)
      const fileId = this.fileIdOf(cloudPath)
      return {
        url: `${this.baseUrl()}/storage/upload?path=${encodeURIComponent(cloudPath)}&token=${token}`,
        token,
        authorization: token,
        fileId,
        // Travels as an HTTP header (x-cos-meta-fileid), so ASCII only, like the platform's opaque id.
        cosFileId: createHash('sha1').update(fileId).digest('hex'),
        download_url: this.tempUrl(cloudPath, DEFAULT_MAX_AGE_S),
      }
    },
    'storage.batchGetDownloadUrl': (body) => {
      const list = this.fileList(body.file_list, 'file_list')
      return {
        download_list: list.map((item) => {
          const entry = item as { fileid?: unknown; max_age?: unknown }
          const cloudPath = this.pathOf(entry.fileid)
          const maxAge =
            typeof entry.max_age === 'number' && entry.max_age > 0 ? entry.max_age : DEFAULT_MAX_AGE_S
          if (!cloudPath || !fs.existsSync(this.filePath(cloudPath))) {
            return { fileID: entry.fileid, tempFileURL: '', code: CloudCode.STORAGE_FILE_NONEXIST, maxAge }
          }
          return {
            fileID: entry.fileid,
            tempFileURL: this.tempUrl(cloudPath, maxAge),
            code: 'SUCCESS',
            maxAge,
          }
        }),
      }
    },
    'storage.batchDeleteFile': (body) => {
      const list = this.fileList(body.fileid_list, 'fileid_list')
      return {
        delete_list: list.map((fileId) => {
          const cloudPath = this.pathOf(fileId)
          if (!cloudPath || !fs.existsSync(this.filePath(cloudPath))) {
            return { fileID: fileId, code: CloudCode.STORAGE_FILE_NONEXIST }
          }
          fs.rmSync(this.filePath(cloudPath))
          return { fileID: fileId, code: 'SUCCESS' }
        }),
      }
    },
  }

  private fileList(value: unknown, what: string): unknown[] {
    if (!Array.isArray(value) || value.length === 0 || value.length > 50) {
      throw new CloudError(CloudCode.INVALID_PARAM, `${what} must hold 1 to 50 files`)
    }
    return value
  }

  /**
   * An unencoded URL: the SDK passes it through encodeURI before fetching, so encoding it here
   * would encode it twice (cloud paths never hold `%`, `?` or `#`).
   */
  private tempUrl(cloudPath: string, maxAgeS: number): string {
    const expires = Math.floor(Date.now() / 1000) + maxAgeS
    return `${this.baseUrl()}/storage/download/${cloudPath}?t=${expires}&sign=${this.sign(`get:${cloudPath}:${expires}`)}`
  }

  /** Writes an upload authorised by getUploadMetadata; durable (fsync) before it is acknowledged. */
  writeUpload(cloudPathParam: string | null, token: string | null, content: Buffer): void {
    const cloudPath = Storage.checkCloudPath(cloudPathParam)
    if (!token || !this.verify(`put:${cloudPath}`, token)) {
      throw new CloudError(CloudCode.STORAGE_REQUEST_FAIL, 'upload signature does not match')
    }
    this.put(cloudPath, content)
  }

  /**
   * Stores a file at a checked cloud path, replacing any file there (as uploadFile does), and returns
   * its file ID. Durable (fsync, then an atomic rename) before it returns.
   */
  put(cloudPath: string, content: Buffer): string {
    const target = this.filePath(cloudPath)
    fs.mkdirSync(path.dirname(target), { recursive: true })
    const tmp = `${target}.uploading-${process.pid}-${Date.now()}`
    const fd = fs.openSync(tmp, 'w')
    try {
      fs.writeSync(fd, content)
      fs.fsyncSync(fd)
    } finally {
      fs.closeSync(fd)
    }
    fs.renameSync(tmp, target)
    return this.fileIdOf(cloudPath)
  }

  /**
   * The bytes behind a full URL this server serves (a temporary URL of getTempFileURL, on this host and
   * port, `localhost` standing for 127.0.0.1), read directly; undefined when it leads to no file.
   */
  readServedUrl(url: string): Buffer | undefined {
    let parsed: URL
    let base: URL
    try {
      parsed = new URL(url)
      base = new URL(this.baseUrl())
    } catch {
      return undefined
    }
    const host = parsed.hostname === 'localhost' ? '127.0.0.1' : parsed.hostname
    if (parsed.protocol !== base.protocol || host !== base.hostname || parsed.port !== base.port)
      return undefined
    const prefix = '/storage/download/'
    if (!parsed.pathname.startsWith(prefix)) return undefined
    let cloudPath: string
    try {
      cloudPath = decodeURIComponent(parsed.pathname.slice(prefix.length))
    } catch {
      return undefined
    }
    return this.readDownload(cloudPath, parsed.searchParams.get('t'), parsed.searchParams.get('sign'))
  }

  /** The bytes behind a temporary URL, or undefined when the URL is invalid, expired or the file gone. */
  readDownload(cloudPathParam: string, expires: string | null, sign: string | null): Buffer | undefined {
    let cloudPath: string
    try {
      cloudPath = Storage.checkCloudPath(cloudPathParam)
    } catch {
      return undefined
    }
    if (!expires || !sign || Number(expires) * 1000 < Date.now()) return undefined
    if (!this.verify(`get:${cloudPath}:${expires}`, sign)) return undefined
    const file = this.filePath(cloudPath)
    return fs.existsSync(file) ? fs.readFileSync(file) : undefined
  }
}

/**
 * What an upload is, by its bytes first: a JPEG or PNG whatever it claims (as photos always were
 * checked); a ZIP claimed as xlsx is an xlsx; text (no NUL byte near the start) claimed as csv is
 * that csv type. Anything else, or nothing at all, is undefined.
 */
export function contentTypeOf(content: Buffer, declared: string | undefined): string | undefined {
  const image = imageTypeOf(content)
  if (image) return image
  const type = declared?.split(';')[0]?.trim().toLowerCase()
  const zip = content.length > 4 && content[0] === 0x50 && content[1] === 0x4b && content[2] === 0x03
  if (zip && content[3] === 0x04) return type === XLSX_TYPE ? XLSX_TYPE : undefined
  if (type && CSV_TYPES.includes(type) && content.length > 0 && !content.subarray(0, 4096).includes(0))
    return type
  return undefined
}

/** The image type of a file by its magic bytes (what it is, not what it claims to be), if JPEG or PNG. */
export function imageTypeOf(content: Buffer): 'image/jpeg' | 'image/png' | undefined {
  if (content.length >= 3 && content[0] === 0xff && content[1] === 0xd8 && content[2] === 0xff) {
    return 'image/jpeg'
  }
  const png = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]
  if (content.length >= png.length && png.every((byte, i) => content[i] === byte)) return 'image/png'
  return undefined
}
