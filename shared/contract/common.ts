// Shared pieces of every area: ids, paging, the empty input, the record revision, zod settings.
import { z } from 'zod'
import { isMonth } from '../domain/month'

// The renderer's CSP forbids eval; zod's JIT probes `new Function` once unless told not to.
// Set here, in the module every area imports first, so no schema is ever built before it.
z.config({ jitless: true })

/** Declares a result type without a runtime value (the contract is data + types). */
export { returns } from './define'

export const ID_MAX = 64
export const PAGE_SIZE_MAX = 200

/** A record id chosen in the UI (社区, 诉求, 提示 …), with the zh-CN label in its messages. */
export const id = (label: string) =>
  z.string({ error: `请选择${label}` }).min(1, { error: `请选择${label}` }).max(ID_MAX, { error: `${label}编号无效` })

/** A calendar month, YYYY-MM. */
export const month = (label: string) =>
  z.string({ error: `请填写${label}` }).refine(isMonth, { error: `${label}须为“年-月”格式，如 2026-05` })

export const page = z.number({ error: '页码无效' }).int({ error: '页码无效' }).min(1, { error: '页码无效' }).default(1)

export const pageSize = (defaultSize: number) =>
  z
    .number({ error: '每页条数无效' })
    .int({ error: '每页条数无效' })
    .min(1, { error: '每页条数无效' })
    .max(PAGE_SIZE_MAX, { error: `每页最多 ${PAGE_SIZE_MAX} 条` })
    .default(defaultSize)

/**
 * The revision of a stored record as the caller read it. Updates and deletes name it; a stale one
 * is refused with CONFLICT by the data layer instead of silently overwriting another edit.
 */
export const revision = z
  .number({ error: '缺少记录版本号，请刷新后重试' })
  .int({ error: '记录版本号无效，请刷新后重试' })
  .min(1, { error: '记录版本号无效，请刷新后重试' })

/** Channels that take no parameters. */
export const emptyInput = z.strictObject({}, { error: '此操作不需要参数' })

/** One page of a list. */
export interface Page<T> {
  items: T[]
  total: number
  page: number
  pageSize: number
}
