import { readFile, readdir } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { Demand } from '../../shared/domain/entities'
import { makeDemandId, openDatabase, type DemandCodec } from '../../electron/data'
import { readSummary, tempDir } from './helpers'

// A toy codec: personal fields are reversed and base64'd under `p`, so the file never holds them.
const toy: DemandCodec = {
  encodeDemand(d) {
    const { reporterName, reporterPhone, ...rest } = d
    const p = Buffer.from(JSON.stringify({ reporterName, reporterPhone })).toString('base64')
    return { ...rest, p: [...p].reverse().join('') }
  },
  decodeDemand(stored) {
    const { p, ...rest } = stored as Record<string, unknown> & { p: string }
    if (typeof p !== 'string') throw new Error('not encoded')
    const personal = JSON.parse(Buffer.from([...p].reverse().join(''), 'base64').toString('utf8'))
    return { ...rest, ...personal } as Demand
  },
}

const demand = (n: number): Demand => ({
  id: makeDemandId('cA', '2026-05', `t${n}`),
  communityId: 'cA',
  channel: 'hotline',
  category: 'facilities',
  reporterName: '王芳',
  reporterPhone: '13812345678',
  receivedAt: '2026-05-10T09:00:00+08:00',
  description: '楼道灯不亮',
  status: 'called',
  createdAt: '2026-05-10T09:00:00+08:00',
  updatedAt: '2026-05-10T09:00:00+08:00',
  revision: 1,
})

const community = { id: 'cA', name: '东门社区', grids: [], compounds: [] }

describe('demand codec', () => {
  it('encodes every demand in partition files and backups, decodes on read, leaves the summary alone', async () => {
    const dir = await tempDir()
    const db = await openDatabase({ dataDir: dir, codec: toy })
    await db.addCommunities([community], [demand(1)])
    await db.saveDemand(demand(2))
    await db.close()

    const raw = await readFile(join(dir, 'demands', 'cA', '2026-05.json'), 'utf8')
    expect(raw).not.toContain('王芳')
    expect(raw).not.toContain('13812345678')
    const backup = (await readdir(join(dir, 'backups'))).sort().at(-1)!
    expect(await readFile(join(dir, 'backups', backup, 'demands', 'cA', '2026-05.json'), 'utf8')).not.toContain('王芳')
    expect((await readSummary(dir)).counts.cA['2026-05'].total).toBe(2)

    const again = await openDatabase({ dataDir: dir, codec: toy })
    expect((await again.getDemand(demand(2).id))?.reporterName).toBe('王芳')
    expect(await again.readPartition('cA', '2026-05')).toHaveLength(2)
    expect(again.notices()).toEqual([])
    await again.close()

    // Read without the codec the stored items fail the schema: treated as corrupt, never as empty-and-silent.
    const plain = await openDatabase({ dataDir: dir })
    expect(await plain.readPartition('cA', '2026-05')).toHaveLength(0)
    expect(plain.notices().map((n) => n.level)).toContain('error')
    await plain.close()
  })
})
