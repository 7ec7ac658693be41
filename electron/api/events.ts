// `changed {area, ids}` after every change, whoever made it. The data layer's commit hook
// (db.onChange) is the primary source for its collections; the api layer adds what does not go
// through collections (settings, backups, audit entries, notices) and, until the data layer has
// the hook, the collections too, from the successful mutating calls.
import { CHANNEL_NAMES, type Area, type Channel, type ChangedEvent, type ParsedOf, type ResultOf } from '../../shared/contract'
import type { AuditLog } from '../services/audit'
import type { Handlers } from './handlers'

export type ChangedListener = (event: ChangedEvent) => void

export interface ChangeHub {
  emit(event: ChangedEvent): void
  /** Returns the function that unsubscribes. */
  onChanged(listener: ChangedListener): () => void
}

export function createChangeHub(log: (err: unknown) => void = (err) => console.error(err)): ChangeHub {
  const listeners = new Set<ChangedListener>()
  return {
    emit(event) {
      for (const listener of [...listeners]) {
        try {
          listener({ area: event.area, ids: [...event.ids] })
        } catch (err) {
          log(err)
        }
      }
    },
    onChanged(listener) {
      listeners.add(listener)
      return () => void listeners.delete(listener)
    },
  }
}

const AREAS = new Set<string>(CHANNEL_NAMES.map((c) => c.slice(0, c.indexOf(':'))))

/** The data layer's collection names → contract areas ('demands' → 'demand'). */
const COLLECTION_AREAS: Record<string, Area> = { demands: 'demand', communities: 'community', operators: 'operator' }

export function areaOfCollection(collection: string): Area | undefined {
  if (Object.hasOwn(COLLECTION_AREAS, collection)) return COLLECTION_AREAS[collection]
  // Later collections follow the same rule: 'topics' → 'topic', 'meetings' → 'meeting'.
  const singular = collection.endsWith('s') ? collection.slice(0, -1) : collection
  return AREAS.has(singular) ? (singular as Area) : undefined
}

/** Areas whose records live in data-layer collections (reported by db.onChange once it exists). */
export const COLLECTION_BACKED: ReadonlySet<Area> = new Set(Object.values(COLLECTION_AREAS))

type Effect<C extends Channel> = (input: ParsedOf<C>, result: ResultOf<C>) => ChangedEvent[]
const all = (...areas: Area[]): ChangedEvent[] => areas.map((area) => ({ area, ids: [] }))

/** What each mutating channel changes. Reads (list/get/status/verify) change nothing. */
export const CHANNEL_EFFECTS: { [C in Channel]?: Effect<C> } = {
  'app:dismissNotice': (input, result) => (result.dismissed ? [{ area: 'app', ids: [input.id] }] : []),
  'settings:update': () => all('settings'),
  'community:create': (_i, result) => [{ area: 'community', ids: [result.id] }],
  'community:update': (_i, result) => [{ area: 'community', ids: [result.id] }],
  'demand:create': (_i, result) => [{ area: 'demand', ids: [result.id] }],
  'demand:update': (_i, result) => [{ area: 'demand', ids: [result.id] }],
  'demand:delete': (input) => [{ area: 'demand', ids: [input.id] }],
  'sample:load': () => all('community', 'demand'),
  'sample:remove': () => all('community', 'demand', 'backup'),
  'backup:create': (_i, result) => [{ area: 'backup', ids: [result.id] }],
  'backup:restore': () => all('backup', 'community', 'demand'),
  'backup:setRetention': () => all('backup'),
  'backup:applyRetention': () => all('backup', 'demand'),
  // The meeting's own change comes from the data layer; the backup taken before it is new too.
  'meeting:remove': () => all('backup'),
}

/**
 * Wraps the handlers so a successful mutating call emits its changes. When the data layer
 * reports its collections itself (`dataReports`), events for those areas are left to it, so no
 * change is announced twice.
 */
export function withChangeEvents(handlers: Handlers, emit: (e: ChangedEvent) => void, dataReports: ReadonlySet<Area>): Handlers {
  const out = { ...handlers } as unknown as Record<string, (input: unknown, ctx?: unknown) => Promise<unknown>>
  for (const [channel, effect] of Object.entries(CHANNEL_EFFECTS) as Array<[Channel, Effect<Channel>]>) {
    const inner = handlers[channel] as (input: unknown, ctx?: unknown) => Promise<unknown>
    out[channel] = async (input, ctx) => {
      const result = await inner(input, ctx)
      for (const event of effect(input as never, result as never)) {
        if (!dataReports.has(event.area)) emit(event)
      }
      return result
    }
  }
  return out as Handlers
}

/** The audit log, announcing each appended entry (area 'audit', id = its sequence number). */
export function withAuditEvents(audit: AuditLog, emit: (e: ChangedEvent) => void): AuditLog {
  return {
    ...audit,
    async append(input) {
      const entry = await audit.append(input)
      emit({ area: 'audit', ids: [String(entry.seq)] })
      return entry
    },
  }
}

/** What the data layer offers once its commits are observable (guarded: older layers lack it). */
export interface ChangeSource {
  onChange?: (listener: (e: { collection: string; ids: string[] }) => void) => () => void
}

/** Subscribes to the data layer's commit hook; returns the collection areas it covers, and an unsubscribe. */
export function subscribeDataChanges(db: unknown, emit: (e: ChangedEvent) => void): { covers: ReadonlySet<Area>; stop: () => void } {
  const source = db as ChangeSource
  if (typeof source.onChange !== 'function') return { covers: new Set(), stop: () => {} }
  const stop = source.onChange.call(db, (e) => {
    const area = areaOfCollection(e.collection)
    if (area) emit({ area, ids: Array.isArray(e.ids) ? e.ids.map(String) : [] })
  })
  return { covers: COLLECTION_BACKED, stop: typeof stop === 'function' ? stop : () => {} }
}
