import { readdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { Low } from 'lowdb'
import { describe, expect, it } from 'vitest'
import { CorruptFileError, DurableJsonFile, readJsonStrict, writeFileDurable } from '../../electron/data'
import { spyFs, tempDir } from './helpers'

describe('durable file adapter', () => {
  it('writes through a unique temp file, fsyncs file and folder, renames, leaves no temp behind', async () => {
    const dir = await tempDir()
    const fs = spyFs()
    const target = join(dir, 'data.json')
    const adapter = new DurableJsonFile<{ n: number }>(target, fs)
    await adapter.write({ n: 1 })
    await adapter.write({ n: 2 })

    expect(JSON.parse(await readFile(target, 'utf8'))).toEqual({ n: 2 })
    expect(await readdir(dir)).toEqual(['data.json'])

    const temps = fs.calls.filter((c) => c.op === 'open' && c.path.endsWith('.tmp')).map((c) => c.path)
    expect(temps).toHaveLength(2)
    expect(new Set(temps).size).toBe(2)
    for (const t of temps) expect(t).toMatch(new RegExp(`/\\.data\\.json\\.${process.pid}\\.[0-9a-f]+\\.tmp$`))
    // Per write: fsync the temp file, rename onto the target, then fsync the folder.
    const seq = fs.calls.filter((c) => ['fsync', 'rename'].includes(c.op)).map((c) => `${c.op}:${c.path === dir ? 'dir' : c.path === target ? 'target' : 'tmp'}`)
    expect(seq).toEqual(['fsync:tmp', 'rename:target', 'fsync:dir', 'fsync:tmp', 'rename:target', 'fsync:dir'])
  })

  it.each(['writeFile', 'fsync', 'rename'] as const)(
    'keeps the old file and removes the temp file when %s fails',
    async (op) => {
      const dir = await tempDir()
      const fs = spyFs()
      const target = join(dir, 'data.json')
      await writeFileDurable(fs, target, '{"old":true}')
      fs.failNext(op, op === 'rename' ? /data\.json$/ : /\.tmp$/, 'ENOSPC')
      await expect(writeFileDurable(fs, target, '{"new":true}')).rejects.toMatchObject({ code: 'ENOSPC' })
      expect(await readFile(target, 'utf8')).toBe('{"old":true}')
      expect(await readdir(dir)).toEqual(['data.json'])
    },
  )

  it('works as a lowdb adapter', async () => {
    const dir = await tempDir()
    const db = new Low(new DurableJsonFile<{ items: string[] }>(join(dir, 'low.json')), { items: [] })
    await db.read()
    expect(db.data).toEqual({ items: [] })
    db.data.items.push('a')
    await db.write()
    const again = new Low(new DurableJsonFile<{ items: string[] }>(join(dir, 'low.json')), { items: [] })
    await again.read()
    expect(again.data).toEqual({ items: ['a'] })
  })

  it('reads strictly: missing is null, damaged content is CorruptFileError', async () => {
    const dir = await tempDir()
    const fs = spyFs()
    expect(await readJsonStrict(fs, join(dir, 'none.json'))).toBeNull()
    const cases: Array<[string, Uint8Array | string, string]> = [
      ['empty', '', '文件为空'],
      ['nul', Buffer.from([0x7b, 0, 0, 0x7d]), '空字节'],
      ['truncated', '{"schemaVersion":1,"items":[{"id":', 'JSON 格式错误'],
      ['utf8', Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]), 'UTF-8'],
    ]
    for (const [name, bytes, reason] of cases) {
      const p = join(dir, `${name}.json`)
      await writeFile(p, bytes)
      const err = await readJsonStrict(fs, p).catch((e: unknown) => e)
      expect(err).toBeInstanceOf(CorruptFileError)
      expect((err as CorruptFileError).reason).toContain(reason)
    }
  })
})
