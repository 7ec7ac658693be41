// One writer per data folder, checked with a real second process holding the lock.
// (Electron's requestSingleInstanceLock in electron/main/index.ts guards the packaged app; it
// cannot run here. This lock also covers the preview host and a second openDatabase.)
import { spawn, type ChildProcess } from 'node:child_process'
import { readFile, writeFile } from 'node:fs/promises'
import { hostname } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { AppError } from '../../shared/contract/errors'
import { openDatabase } from '../../electron/data'
import { LOCK_FILE } from '../../electron/data/lock'
import { removeFolder, tempFolder } from './support'

const HOLDER = fileURLToPath(new URL('./lock-holder.ts', import.meta.url))
const dirs: string[] = []
const children: ChildProcess[] = []
afterAll(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL')
  for (const d of dirs) await removeFolder(d)
})

function startHolder(dir: string): Promise<{ child: ChildProcess; pid: number; lines: string[] }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', HOLDER, dir], { stdio: ['pipe', 'pipe', 'pipe'] })
    children.push(child)
    const lines: string[] = []
    let buf = ''
    let err = ''
    child.stderr!.on('data', (b: Buffer) => (err += b.toString()))
    child.stdout!.on('data', (b: Buffer) => {
      buf += b.toString()
      const parts = buf.split('\n')
      buf = parts.pop()!
      for (const l of parts) {
        lines.push(l)
        if (l.startsWith('READY ')) resolve({ child, pid: Number(l.slice(6)), lines })
      }
    })
    child.on('exit', (code) => reject(new Error(`holder exited (${code}): ${err}`)))
  })
}

const exited = (c: ChildProcess) => new Promise<void>((r) => (c.exitCode !== null || c.signalCode ? r() : c.on('exit', () => r())))

describe('one writer per data folder', () => {
  it('refuses a second opener while another process holds the folder, and opens after it closes', async () => {
    const dir = await tempFolder('yishi-lock-')
    dirs.push(dir)
    const { child, pid, lines } = await startHolder(dir)
    const lock = JSON.parse(await readFile(join(dir, LOCK_FILE), 'utf8'))
    expect(lock).toMatchObject({ pid, hostname: hostname() })
    expect(typeof lock.startedAt).toBe('string')

    const err = await openDatabase({ dataDir: dir }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(AppError)
    expect(err).toMatchObject({ code: 'CONFLICT' })
    expect((err as AppError).message).toContain(`数据目录正被另一个议事台窗口使用（进程 ${pid}）`)
    console.log(`second opener while held: refused (${(err as AppError).code})`)

    child.stdin!.write('close\n')
    await exited(child)
    expect(lines).toContain('CLOSED')
    const db = await openDatabase({ dataDir: dir })
    expect(db.notices()).toEqual([])
    await db.close()
  })

  it('takes over the lock of a killed process, with a notice', async () => {
    const dir = await tempFolder('yishi-lock-')
    dirs.push(dir)
    const { child, pid } = await startHolder(dir)
    child.kill('SIGKILL')
    await exited(child) // reaped: the pid is no longer alive
    const db = await openDatabase({ dataDir: dir })
    const notices = db.notices()
    expect(notices).toHaveLength(1)
    expect(notices[0]).toMatchObject({ level: 'info' })
    expect(notices[0].message).toContain(`上次议事台未正常退出（进程 ${pid}）`)
    const lock = JSON.parse(await readFile(join(dir, LOCK_FILE), 'utf8'))
    expect(lock.pid).toBe(process.pid)
    // And a second opener in this very process is refused too.
    await expect(openDatabase({ dataDir: dir })).rejects.toMatchObject({ code: 'CONFLICT' })
    await db.close()
    await expect(readFile(join(dir, LOCK_FILE))).rejects.toMatchObject({ code: 'ENOENT' })
    console.log('stale lock of a SIGKILLed process: taken over with a notice')
  })

  it('treats a torn (half-written) lock file as stale, and a lock from another computer as held', async () => {
    const dir = await tempFolder('yishi-lock-')
    dirs.push(dir)
    await (await openDatabase({ dataDir: dir })).close()
    await writeFile(join(dir, LOCK_FILE), '{"pid":12')
    const db = await openDatabase({ dataDir: dir })
    expect(db.notices()[0].message).toContain('上次议事台未正常退出')
    await db.close()
    await writeFile(join(dir, LOCK_FILE), JSON.stringify({ pid: 4242, hostname: 'other-pc', startedAt: '' }))
    const err = await openDatabase({ dataDir: dir }).catch((e: unknown) => e)
    expect(err).toMatchObject({ code: 'CONFLICT' })
    expect((err as AppError).message).toContain('计算机 other-pc')
  })
})
