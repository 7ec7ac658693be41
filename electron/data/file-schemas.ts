import { z } from 'zod'
import { DEMAND_CATEGORIES, DEMAND_CHANNELS, DEMAND_STATUSES } from '../../shared/domain/vocab'
import type { Community, Demand } from '../../shared/domain/entities'

// Schemas of what is on disk (current schemaVersion). Loose objects keep fields this version
// does not know, so a round trip never drops data. The zod schemas are compiled on first use
// only (a partition read, a backup check); communities.json is read at every open and is
// checked by hand (isCommunity), so no zod compilation sits on the open path.

/** Community ids appear in folder names and demand ids: no separators, no '~'. */
export const COMMUNITY_ID_RE = /^[A-Za-z0-9_-]{1,40}$/

const revision = z.number().int().min(1)

export const communitySchema = z.looseObject({
  id: z.string().regex(COMMUNITY_ID_RE),
  name: z.string().min(1),
  households: z.number().int().nonnegative().optional(),
  grids: z.array(z.looseObject({ id: z.string().min(1), name: z.string() })),
  compounds: z.array(z.looseObject({ id: z.string().min(1), name: z.string(), gridId: z.string().optional() })),
  sample: z.boolean().optional(),
  revision: revision.optional(),
})

/** A demand as the services build it (revision optional: the data layer sets it). */
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
  revision: revision.optional(),
})

/** A demand as stored (schemaVersion 2): revision required. */
export const storedDemandSchema = demandSchema.extend({ revision })

export const communitiesFileSchema = z.looseObject({
  schemaVersion: z.literal(2),
  communities: z.array(communitySchema.extend({ revision })),
})

export const partitionFileSchema = z.looseObject({
  schemaVersion: z.literal(2),
  items: z.array(storedDemandSchema),
})

export interface CommunitiesFile {
  schemaVersion: 2
  communities: Community[]
}

export interface PartitionFile {
  schemaVersion: 2
  items: Demand[]
}

const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v)
const isRevision = (v: unknown) => typeof v === 'number' && Number.isInteger(v) && v >= 1

/** communitySchema by hand (same rules), so reading communities.json compiles no zod schema. */
export function isCommunity(v: unknown, requireRevision = false): v is Community {
  if (!isObject(v) || typeof v.id !== 'string' || !COMMUNITY_ID_RE.test(v.id)) return false
  if (typeof v.name !== 'string' || v.name.length < 1) return false
  if (v.households !== undefined && !(typeof v.households === 'number' && Number.isInteger(v.households) && v.households >= 0)) {
    return false
  }
  if (v.sample !== undefined && typeof v.sample !== 'boolean') return false
  if (requireRevision ? !isRevision(v.revision) : v.revision !== undefined && !isRevision(v.revision)) return false
  if (!Array.isArray(v.grids) || !v.grids.every((g) => isObject(g) && typeof g.id === 'string' && g.id.length > 0 && typeof g.name === 'string')) {
    return false
  }
  return (
    Array.isArray(v.compounds) &&
    v.compounds.every(
      (c) =>
        isObject(c) &&
        typeof c.id === 'string' &&
        c.id.length > 0 &&
        typeof c.name === 'string' &&
        (c.gridId === undefined || typeof c.gridId === 'string'),
    )
  )
}
