import { z } from 'zod'
import { DEMAND_CATEGORIES, DEMAND_CHANNELS, DEMAND_STATUSES } from '../../shared/domain/vocab'
import type { Community, Demand } from '../../shared/domain/entities'

// Schemas of what is on disk (current schemaVersion). Loose objects keep fields this version
// does not know, so a round trip never drops data.

/** Community ids appear in folder names and demand ids: no separators, no '~'. */
export const COMMUNITY_ID_RE = /^[A-Za-z0-9_-]{1,40}$/

export const communitySchema = z.looseObject({
  id: z.string().regex(COMMUNITY_ID_RE),
  name: z.string().min(1),
  households: z.number().int().nonnegative().optional(),
  grids: z.array(z.looseObject({ id: z.string().min(1), name: z.string() })),
  compounds: z.array(z.looseObject({ id: z.string().min(1), name: z.string(), gridId: z.string().optional() })),
  sample: z.boolean().optional(),
})

export const demandSchema = z.looseObject({
  id: z.string().min(1),
  communityId: z.string().regex(COMMUNITY_ID_RE),
  compoundId: z.string().optional(),
  channel: z.enum(DEMAND_CHANNELS),
  category: z.enum(DEMAND_CATEGORIES),
  reporterName: z.string(),
  reporterPhone: z.string().optional(),
  receivedAt: z.string().refine((v) => !Number.isNaN(Date.parse(v))),
  description: z.string(),
  status: z.enum(DEMAND_STATUSES),
  createdAt: z.string(),
  updatedAt: z.string(),
  sample: z.boolean().optional(),
})

export const communitiesFileSchema = z.looseObject({
  schemaVersion: z.literal(1),
  communities: z.array(communitySchema),
})

export const partitionFileSchema = z.looseObject({
  schemaVersion: z.literal(1),
  items: z.array(demandSchema),
})

/** A partition as stored, before codec.decodeDemand: items are opaque until decoded. */
export const storedPartitionSchema = z.looseObject({
  schemaVersion: z.literal(1),
  items: z.array(z.unknown()),
})

export interface CommunitiesFile {
  schemaVersion: 1
  communities: Community[]
}

export interface PartitionFile {
  schemaVersion: 1
  items: Demand[]
}

export type FileKind = 'communities' | 'demands' | 'summary'

/** zod schemas of the record files; summary.json is checked by hand (summary-file.ts). */
export const fileSchemas: Record<Exclude<FileKind, 'summary'>, z.ZodType> = {
  communities: communitiesFileSchema,
  demands: partitionFileSchema,
}
