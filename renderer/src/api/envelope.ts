import type { Envelope } from '../../../shared/contract'
import { ApiError } from './api-error'

/** Returns the result of an envelope or throws its error as an ApiError. */
export function unwrap<R>(envelope: unknown): R {
  if (envelope && typeof envelope === 'object' && 'ok' in envelope) {
    const env = envelope as Envelope<R>
    if (env.ok === true) return env.result
    if (env.ok === false && env.error) throw ApiError.from(env.error)
  }
  // A reply that is not an envelope means the host or preload is out of step with the contract.
  throw new ApiError('INTERNAL', '本地服务返回了无法识别的结果')
}
