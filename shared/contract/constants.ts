// Contract values the renderer's first screen needs, without zod: the entry chunk imports these
// (and channels.ts), so the schemas load only with the forms that check input (use-contract-form).
// The area files re-export them; import from the area file everywhere else.
import type { StreetSettings } from '../domain/entities'

/** street: the settings of a street that has saved none. */
export const DEFAULT_STREET_SETTINGS: Omit<StreetSettings, 'revision'> = {
  name: '示例街道',
  timeZone: 'Asia/Shanghai',
  deadlineDays: { compound: 3, community: 7, street: 15 },
}

/** package: bytes per chunk: 1 MiB, i.e. ~1.4 MB of base64, under the host's 2 MiB body limit. */
export const PACKAGE_CHUNK_BYTES = 1024 * 1024

/** import: the columns of a community list. */
export const COMMUNITY_IMPORT_FIELDS = ['community', 'grid', 'compound', 'households'] as const
export type CommunityImportField = (typeof COMMUNITY_IMPORT_FIELDS)[number]
export const COMMUNITY_IMPORT_FIELD_NAMES: Record<CommunityImportField, string> = { community: '社区', grid: '网格', compound: '小区', households: '户数' }
