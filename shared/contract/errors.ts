/** Every failed call returns this shape; the UI shows `message` (zh-CN) and, per field, `fields`. */
export type ErrorCode =
  | 'VALIDATION' // the payload breaks the schema or a domain rule; nothing was written
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'WRITE_FAILED' // the disk refused the write; the change was not saved
  | 'UNAUTHENTICATED' // nobody is signed in on this session, it is locked, or the sign-in failed
  | 'FORBIDDEN' // the caller is not the app's own page, or the operator's role may not do this
  | 'UNKNOWN_CHANNEL'
  | 'INTERNAL'
  | 'KEY_MISMATCH' // the data key does not open the personal data; nothing was opened or changed

export interface AppErrorShape {
  code: ErrorCode
  message: string
  /** field path (e.g. "reporterPhone", "patch.description") -> zh-CN message */
  fields?: Record<string, string>
}

export class AppError extends Error implements AppErrorShape {
  readonly code: ErrorCode
  readonly fields?: Record<string, string>
  constructor(code: ErrorCode, message: string, fields?: Record<string, string>) {
    super(message)
    this.name = 'AppError'
    this.code = code
    if (fields) this.fields = fields
  }
  toJSON(): AppErrorShape {
    return this.fields
      ? { code: this.code, message: this.message, fields: this.fields }
      : { code: this.code, message: this.message }
  }
}

export function isAppErrorShape(value: unknown): value is AppErrorShape {
  if (!value || typeof value !== 'object') return false
  const v = value as Record<string, unknown>
  return typeof v.code === 'string' && typeof v.message === 'string'
}

/** What crosses a transport: either the result or the typed error. */
export type Envelope<R> = { ok: true; result: R } | { ok: false; error: AppErrorShape }
