import { AppError, isAppErrorShape, type AppErrorShape, type ErrorCode } from '../../../shared/contract/errors'

/** What every failed call throws in the renderer: the server's typed error, unchanged. */
export class ApiError extends AppError {
  constructor(code: ErrorCode, message: string, fields?: Record<string, string>) {
    super(code, message, fields)
    this.name = 'ApiError'
  }

  static from(shape: AppErrorShape): ApiError {
    return new ApiError(shape.code, shape.message, shape.fields)
  }
}

export function isApiError(value: unknown): value is ApiError {
  return value instanceof ApiError
}

/** Turns anything a transport might see into an ApiError, keeping typed errors as they are. */
export function toApiError(value: unknown, fallbackMessage = '操作失败，请重试'): ApiError {
  if (value instanceof ApiError) return value
  if (isAppErrorShape(value)) return ApiError.from(value)
  return new ApiError('INTERNAL', fallbackMessage)
}
