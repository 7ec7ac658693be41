import { AppError } from '../../shared/contract/errors'
import type { Demand } from '../../shared/domain/entities'
import { toLocalIso } from '../../shared/domain/month'
import type { DemandMove } from './builtin'
import { staleRevision, type CollectionDescriptor, type Unsaved, type WriteOptions } from './collection'
import { fsReason, writeFailed, type Engine } from './engine'
import { parseDemandId } from './paths'
import { JOURNAL_ENTRY_DONE, type CollectionStore } from './store'

// A demand whose received month (or community) changes moves to another partition under a new
// id. Two partition writes cannot be one atomic step, so the move is journalled in
// demand-moves.json (collection `demandMoves`): `pending` before anything moves, `done` after.
// A crash in between is finished (or undone) at the next open, before anything reads demands.
// A `done` entry stays as an alias: the old id still finds the record (getDemand).

/** Alias hops followed at most (a demand corrected several times). */
const MAX_HOPS = 8

export class DemandMoves {
  constructor(
    private readonly engine: Engine,
    private readonly demands: CollectionStore<Demand>,
    private readonly moves: CollectionStore<DemandMove>,
  ) {}

  /** The demand with this id, or the one it was moved to (a few hops at most). */
  async resolve(id: string): Promise<Demand | undefined> {
    const found = await this.demands.get(id)
    if (found) return found
    let at = id
    for (let hop = 0; hop < MAX_HOPS; hop++) {
      const move = this.moves.cached('')?.find((m) => m.id === at && m.state === 'done')
      if (!move) return undefined
      at = move.to
      const moved = await this.demands.get(at)
      if (moved) return moved
    }
    return undefined
  }

  move(fromId: string, next: Unsaved<Demand>, options: WriteOptions = {}): Promise<Demand> {
    const { demands, moves } = this
    return this.engine.enqueue(async () => {
      const from = demands.d.partitionOfId!(fromId)
      const to = demands.d.partitionOf(next as Demand)
      const at = parseDemandId(next.id)
      if (from === null || !at || at.communityId !== next.communityId || from === to) throw new Error(`not a move: ${fromId} -> ${next.id}`)
      const source = await demands.partition(from)
      const current = source.find((d) => d.id === fromId)
      if (options.expectRevision !== undefined && current?.revision !== options.expectRevision) {
        throw staleRevision(demands.d as unknown as CollectionDescriptor, current)
      }
      if (!current) throw new AppError('NOT_FOUND', '未找到该诉求')
      const target = await demands.partition(to)
      if (target.some((d) => d.id === next.id)) throw new AppError('CONFLICT', '诉求编号重复，未保存')
      const stored = { ...structuredClone(next), revision: current.revision + 1 } as Demand
      // The record itself names the ids it had (the service lists them; a caller that did not
      // gets them here), so the aliases can be rebuilt if the journal is lost (rebuildAliases).
      if (stored.formerIds?.at(-1) !== fromId) stored.formerIds = [...(stored.formerIds ?? current.formerIds ?? []), fromId]
      if (!demands.d.isRecord(stored)) throw new AppError('VALIDATION', '诉求数据不完整，未保存')
      const stamp = toLocalIso(this.engine.now())
      // 1. the intent, durably, before anything moves (a crash after it is finished at the next open)
      await moves.saveNow({ id: fromId, to: next.id, state: 'pending', at: stamp })
      const targetAfter = [...target, stored]
      try {
        // 2. the commit point: the record in its new partition
        await demands.write(to, targetAfter, target, null)
      } catch (err) {
        await this.drop(fromId).catch(() => undefined)
        throw err
      }
      try {
        // 3. the old copy goes
        await demands.write(
          from,
          source.filter((d) => d.id !== fromId),
          source,
          null,
        )
      } catch (err) {
        // Not reported as saved: take the new copy back (else the next open finishes the move).
        try {
          await demands.write(to, [...target], targetAfter, null)
          await this.drop(fromId).catch(() => undefined)
        } catch {
          // the pending journal entry makes the next open finish the move
        }
        throw writeFailed(err)
      }
      // 4. done; if this write fails the next open marks it (the move itself is complete)
      await moves.saveNow({ id: fromId, to: next.id, state: 'done', at: stamp }).catch(() => undefined)
      this.engine.emit('demands', [fromId, next.id])
      return structuredClone(stored)
    })
  }

  /** Journal entries left `pending` by a crash: finished if the new copy exists, else dropped. */
  async finishPending(): Promise<void> {
    const { demands, moves } = this
    for (const move of (moves.cached('') ?? []).filter((m) => m.state === 'pending')) {
      try {
        const landed = await demands.get(move.to)
        if (!landed) {
          await this.drop(move.id)
          continue
        }
        const from = demands.d.partitionOfId!(move.id)
        if (from !== null) {
          const items = await demands.partition(from)
          if (items.some((d) => d.id === move.id)) {
            await demands.write(
              from,
              items.filter((d) => d.id !== move.id),
              items,
              [move.id],
            )
          }
        }
        await moves.saveNow({ ...move, state: 'done' })
        this.engine.notify('info', `上次退出前有一条诉求正在更正受理月份，已完成该操作（${move.to}）。`)
      } catch (err) {
        this.engine.notify('warning', `一条诉求的受理月份更正未能完成（${fsReason(err)}），将在下次启动时重试。`)
      }
    }
  }

  /**
   * After demand-moves.json was restored from an older backup (or started empty), the aliases
   * made since are rebuilt from the records themselves: a moved demand lists its earlier ids in
   * `formerIds`, oldest first, so each id leads to the next and the last to the current one. Reads
   * every demand partition once, which is why it runs only after such a repair. Returns how many
   * aliases were added.
   */
  async rebuildAliases(): Promise<number> {
    const { demands, moves } = this
    const items = moves.cached('') ?? (await moves.partition(''))
    const known = new Set(items.map((m) => m.id))
    const stamp = toLocalIso(this.engine.now())
    const added: DemandMove[] = []
    for (const p of await demands.partitions()) {
      for (const d of await demands.partition(p)) {
        const chain = [...(d.formerIds ?? []), d.id]
        for (let i = 0; i < chain.length - 1; i++) {
          if (known.has(chain[i])) continue
          known.add(chain[i])
          added.push({ id: chain[i], to: chain[i + 1], state: 'done', at: stamp, revision: 1 })
        }
      }
    }
    if (added.length) await moves.write('', [...items, ...added], items, null)
    return added.length
  }

  /** Removes a journal entry (inside the queue: the store's delete() would wait for it). */
  private async drop(id: string): Promise<void> {
    await this.moves.removeNow(id, JOURNAL_ENTRY_DONE)
  }
}
