/**
 * Error replies of the CloudBase API, in the shape wx-server-sdk 4.0.2 reads: HTTP 200 with
 * `{ requestId, code, message }`. The SDK maps `code` through its TCB_ERR_CODE table to an errCode
 * (DATABASE_COLLECTION_NOT_EXIST → -502005 …) and any code it does not know to -501001, exactly as
 * it does against the real cloud, so choosing the code here chooses the errCode the caller sees.
 */

/** Codes the SDK maps to a specific errCode (the comment gives it). */
export const CloudCode = {
  /** -501001 */ SYS_ERR: 'SYS_ERR',
  /** -501007 */ INVALID_PARAM: 'INVALID_PARAM',
  /** -502001 */ DATABASE_REQUEST_FAILED: 'DATABASE_REQUEST_FAILED',
  /** -502002 (the misspelling is the SDK's) */ DATABASE_INVALID_OPERATOR: 'DATABASE_INVALID_OPERRATOR',
  /** -502005 */ DATABASE_COLLECTION_NOT_EXIST: 'DATABASE_COLLECTION_NOT_EXIST',
  /** -503001 */ STORAGE_REQUEST_FAIL: 'STORAGE_REQUEST_FAIL',
  /** -503003 */ STORAGE_FILE_NONEXIST: 'STORAGE_FILE_NONEXIST',
  /** -504001 */ FUNCTIONS_REQUEST_FAIL: 'FUNCTIONS_REQUEST_FAIL',
  /** -504002 */ FUNCTIONS_EXECUTE_FAIL: 'FUNCTIONS_EXECUTE_FAIL',
  // Codes the SDK does not map (→ -501001), kept as the platform names them.
  /** Retried by runTransaction when raised at commit. */
  DATABASE_TRANSACTION_CONFLICT: 'DATABASE_TRANSACTION_CONFLICT',
  DATABASE_TRANSACTION_FAIL: 'DATABASE_TRANSACTION_FAIL',
  DATABASE_DUPLICATE_WRITE: 'DATABASE_DUPLICATE_WRITE',
  INVALID_ACTION: 'INVALID_ACTION',
} as const

export type CloudCodeName = (typeof CloudCode)[keyof typeof CloudCode]

/** Thrown anywhere below the HTTP layer; turned into an error reply by the API router. */
export class CloudError extends Error {
  constructor(
    readonly code: CloudCodeName,
    message: string,
  ) {
    super(message)
    this.name = 'CloudError'
  }
}

export const duplicateKeyError = (collection: string, index: string, key: string): CloudError =>
  new CloudError(
    CloudCode.DATABASE_DUPLICATE_WRITE,
    `E11000 duplicate key error collection: ${collection} index: ${index} dup key: ${key}`,
  )

export const collectionNotExist = (collection: string): CloudError =>
  new CloudError(CloudCode.DATABASE_COLLECTION_NOT_EXIST, `Db or Table not exist: ${collection}`)
