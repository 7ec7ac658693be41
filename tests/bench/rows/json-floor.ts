import { join } from 'node:path'
import { partitionRel } from '../../../electron/data'
import { figure, type BenchRow } from '../harness'

// The JSON floor: what JSON itself costs for the same records, with no database around it.
export const jsonFloorRow: BenchRow = {
  id: 'json-floor',
  title: 'JSON floor (read + parse, stringify + write)',
  async run(ctx) {
    const ds = ctx.dataset
    const partition = join(ds.yishiDir, ...partitionRel(ctx.dash.community, ctx.dash.months24.to).split('/'))
    type S = number[]
    const r = await ctx.worker<{ whole: Record<'readParse' | 'stringify' | 'write' | 'writeFsync', S>; partition: Record<'readParse' | 'stringifyDurable', S> }>(
      'jsonFloor',
      { file: ds.lowdbFile, partition, reps: ctx.reps.floor },
    )
    return [
      figure('floor.whole.read', 'all demands (one file): read + JSON.parse', 'json', r.whole.readParse, 'ms', 'info'),
      figure('floor.whole.stringify', 'all demands: JSON.stringify', 'json', r.whole.stringify, 'ms', 'info'),
      figure('floor.whole.write', 'all demands: write (no fsync)', 'json', r.whole.write, 'ms', 'info'),
      figure('floor.whole.durable', 'all demands: durable write (temp, fsync, rename, fsync dir)', 'json', r.whole.writeFsync, 'ms', 'info'),
      figure('floor.part.read', 'one month partition: read + JSON.parse', 'json', r.partition.readParse, 'ms', 'info'),
      figure('floor.part.durable', 'one month partition: stringify + durable write', 'json', r.partition.stringifyDurable, 'ms', 'info'),
    ]
  },
}
