import { randomBytes, createHash } from 'node:crypto'
import { readdir, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { AppError } from '../../shared/contract/errors'
import type { Community, Demand } from '../../shared/domain/entities'
import { makeDemandId, openDatabase } from '../../electron/data'
import { createPiiCipher, createPiiCodec, KEY_CHECK_FILE, verifyDataKey } from '../../electron/data/pii-codec'
import { createServices } from '../../electron/services'
import { openAuditLog } from '../../electron/services/audit'
import { memorySettingsStore } from '../../electron/services/settings'
import { generateSampleDemands, SAMPLE_COMMUNITIES } from '../../electron/services/sample-street'
import { loadOrCreateDataKey, plainWrapper, type KeyWrapper } from '../../electron/api/key-store'
import { safeStorageWrapper } from '../../electron/main/key-store'
import { clock, tempDir } from './helpers'
import { memoryAuditLogForTests } from '../helpers/audit-log'
import { revisionOf } from '../helpers/audit-log'

const NOW = '2026-05-20T10:00:00+08:00'
const community: Community = { id: 'cA', name: '七口堰社区', grids: [], compounds: [{ id: 'cA-c1', name: '丽景花园' }], revision: 1 }

const demand = (over: Partial<Demand> = {}): Demand => ({
  id: makeDemandId('cA', '2026-05', 'x1'),
  communityId: 'cA',
  channel: 'hotline',
  category: 'facilities',
  reporterName: '王秀兰',
  reporterPhone: '13912345678',
  reporterAddress: '5栋2单元301',
  receivedAt: '2026-05-10T09:00:00+08:00',
  description: '楼道灯不亮',
  status: 'called',
  createdAt: '2026-05-10T09:00:00+08:00',
  updatedAt: '2026-05-10T09:00:00+08:00',
  revision: 1,
  ...over,
})

/** Every file under dir (recursively), as [path, bytes]. */
async function allFiles(dir: string): Promise<Array<[string, Buffer]>> {
  const out: Array<[string, Buffer]> = []
  for (const name of await readdir(dir)) {
    const p = join(dir, name)
    if ((await stat(p)).isDirectory()) out.push(...(await allFiles(p)))
    else out.push([p, await readFile(p)])
  }
  return out
}

async function fingerprint(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {}
  for (const [p, b] of await allFiles(dir)) out[p] = createHash('sha256').update(b).digest('hex')
  return out
}

async function expectKeyMismatch(p: Promise<unknown>) {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  )
  expect(err).toBeInstanceOf(AppError)
  expect((err as AppError).code).toBe('KEY_MISMATCH')
  expect((err as AppError).message).toMatch(/密钥/)
}

describe('personal data codec (AES-256-GCM)', () => {
  it('encrypts name, phone and address into enc:v1 strings and decrypts them with the same key', () => {
    const key = randomBytes(32)
    const codec = createPiiCodec(key)
    const stored = codec.encodeDemand(demand()) as Record<string, string>
    for (const field of ['reporterName', 'reporterPhone', 'reporterAddress']) {
      expect(stored[field]).toMatch(/^enc:v1:[A-Za-z0-9_-]{16}:[A-Za-z0-9_-]{22}:[A-Za-z0-9_-]+$/)
    }
    expect(JSON.stringify(stored)).not.toMatch(/王秀兰|13912345678|5栋2单元/)
    // a fresh IV per value: the same plain text never gives the same cipher text
    expect((codec.encodeDemand(demand()) as Record<string, string>).reporterPhone).not.toBe(stored.reporterPhone)
    expect(codec.decodeDemand(stored)).toEqual(demand())
    // other fields stay readable for the data layer (ids, months, counts)
    expect(stored.description).toBe('楼道灯不亮')
  })

  it('fails with a typed KEY_MISMATCH error (not a crash) under a wrong key', () => {
    const stored = createPiiCodec(randomBytes(32)).encodeDemand(demand())
    let err: unknown
    try {
      createPiiCodec(randomBytes(32)).decodeDemand(stored)
    } catch (e) {
      err = e
    }
    expect(err).toBeInstanceOf(AppError)
    expect((err as AppError).code).toBe('KEY_MISMATCH')
  })

  it('binds each value to its field and demand id (a value moved elsewhere does not decrypt)', () => {
    const key = randomBytes(32)
    const codec = createPiiCodec(key)
    const stored = codec.encodeDemand(demand()) as Record<string, string>
    expect(() => codec.decodeDemand({ ...stored, reporterName: stored.reporterPhone })).toThrow(AppError)
    const other = codec.encodeDemand(demand({ id: makeDemandId('cA', '2026-05', 'x2') })) as Record<string, string>
    expect(() => codec.decodeDemand({ ...stored, reporterPhone: other.reporterPhone })).toThrow(AppError)
    // a tampered tag or cipher text
    const cipher = createPiiCipher(key)
    const v = cipher.encrypt('13912345678', 'a')
    const flipped = v.slice(0, -2) + (v.at(-2) === 'A' ? 'B' : 'A') + v.at(-1)
    expect(() => cipher.decrypt(flipped, 'a')).toThrow(AppError)
  })

  it('reads plain values written before encryption and encrypts them on the next write', () => {
    const codec = createPiiCodec(randomBytes(32))
    expect(codec.decodeDemand(demand())).toEqual(demand())
  })
})

describe('personal data at rest after a realistic session', () => {
  it('leaves no phone, name or address in clear in the data folder, temp files or backups', async () => {
    const dataDir = await tempDir()
    const key = randomBytes(32)
    const now = clock(NOW)
    await verifyDataKey(dataDir, key)
    const db = await openDatabase({ dataDir, now, codec: createPiiCodec(key) })
    const audit = await openAuditLog({ dataDir, now })
    let n = 0
    const services = createServices({ db, now, audit, newId: () => `s${++n}`, settings: memorySettingsStore() })

    // sample street (bulk path), then demands created and updated through the services
    await services.sample.load({})
    const sampleCommunities = SAMPLE_COMMUNITIES.map((c) => ({ ...c, sample: true }))
    const samplePhones = generateSampleDemands(sampleCommunities, now())
      .map((d) => d.reporterPhone)
      .filter((p): p is string => !!p)
    expect(samplePhones.length).toBeGreaterThan(100)
    const communityId = (await services.community.list({}))[0].id
    const created = await services.demand.create({
      communityId,
      channel: 'hotline',
      category: 'facilities',
      reporterName: '欧阳秀兰',
      reporterPhone: '13712349876',
      reporterAddress: '12栋3单元502',
      receivedAt: '2026-05-12T09:30:00+08:00',
      description: '电梯经常停运',
    })
    expect(created.reporterPhone).toBe('137****9876')
    expect(created.reporterAddress).toBe('**栋*单元***')
    expect(created.reporterName).toBe('欧***')
    await services.demand.update({ id: created.id, revision: revisionOf(created), patch: { reporterPhone: '15887654321', reporterAddress: '7栋1单元101' } })
    const second = await services.demand.create({
      communityId,
      channel: 'gridWorker',
      category: 'facilities',
      reporterName: '李建国',
      reporterPhone: '18611112222',
      receivedAt: '2026-05-13T09:30:00+08:00',
      description: '垃圾清运不及时',
    })
    const unmasked = await services.demand.unmask({ id: created.id })
    expect(unmasked).toEqual({ id: created.id, reporterName: '欧阳秀兰', reporterPhone: '15887654321', reporterAddress: '7栋1单元101' })
    await db.close() // takes a backup
    expect((await readdir(join(dataDir, 'backups'))).length).toBeGreaterThan(0)

    const files = await allFiles(dataDir)
    expect(files.some(([p]) => p.includes(`${join('backups', '')}`))).toBe(true)
    const secrets = ['13712349876', '15887654321', '18611112222', '欧阳秀兰', '李建国', '12栋3单元502', '7栋1单元101']
    const phones = new Set([...samplePhones, '13712349876', '15887654321', '18611112222'])
    const found: string[] = []
    for (const [path, bytes] of files) {
      const text = bytes.toString('utf8')
      for (const s of secrets) if (text.includes(s)) found.push(`${path}: ${s}`)
      // every phone of the session, wherever it appears, and any 11-digit mobile number standing alone
      for (const m of text.matchAll(/1[3-9]\d{9}/g)) if (phones.has(m[0])) found.push(`${path}: ${m[0]}`)
      const alone = /(?<![\d.])1[3-9]\d{9}(?![\d.])/.exec(text)
      if (alone) found.push(`${path}: ${alone[0]}`)
    }
    // temp files the OS temp dir may hold from this process's writes (none are expected)
    for (const name of await readdir(tmpdir())) {
      if (!/^yishi-(?!it-|e2e-)/.test(name) || !name.endsWith('.tmp')) continue
      const text = await readFile(join(tmpdir(), name), 'utf8').catch(() => '')
      for (const s of [...secrets, ...phones]) if (text.includes(s)) found.push(`${name}: ${s}`)
    }
    expect(found).toEqual([])

    // the right key reads it all back
    const again = await openDatabase({ dataDir, now, codec: createPiiCodec(key) })
    expect((await again.getDemand(second.id))?.reporterPhone).toBe('18611112222')
    expect((await again.getDemand(created.id))?.reporterAddress).toBe('7栋1单元101')
    await again.close()
  })
})

describe('a wrong key at start', () => {
  async function folderWithData() {
    const dataDir = await tempDir()
    const key = randomBytes(32)
    await verifyDataKey(dataDir, key)
    const db = await openDatabase({ dataDir, now: clock(NOW), codec: createPiiCodec(key) })
    await db.addCommunities([community], [])
    await db.saveDemand(demand())
    await db.close()
    return { dataDir, key }
  }

  it('is refused with a zh-CN KEY_MISMATCH before anything is opened, and no file changes', async () => {
    const { dataDir, key } = await folderWithData()
    const before = await fingerprint(dataDir)
    await expectKeyMismatch(verifyDataKey(dataDir, randomBytes(32)))
    expect(await fingerprint(dataDir)).toEqual(before)
    await expect(verifyDataKey(dataDir, key)).resolves.toBeUndefined()
  })

  it('is still detected when keycheck.json is gone, from the encrypted partitions', async () => {
    const { dataDir } = await folderWithData()
    await rm(join(dataDir, KEY_CHECK_FILE))
    const before = await fingerprint(dataDir)
    await expectKeyMismatch(verifyDataKey(dataDir, randomBytes(32)))
    expect(await fingerprint(dataDir)).toEqual(before)
  })

  it('never quarantines or rewrites a partition when the data layer is given a wrong codec', async () => {
    const { dataDir } = await folderWithData()
    const db = await openDatabase({ dataDir, now: clock(NOW), codec: createPiiCodec(randomBytes(32)) })
    await expectKeyMismatch(db.getDemand(demand().id))
    const names = (await allFiles(dataDir)).map(([p]) => p)
    expect(names.filter((p) => p.includes('.corrupt-'))).toEqual([])
    expect(JSON.parse(await readFile(join(dataDir, 'demands/cA/2026-05.json'), 'utf8')).items[0].reporterPhone).toMatch(/^enc:v1:/)
  })
})

describe('key store', () => {
  /** Stands in for safeStorage with OS protection: XOR with a fixed pad, tagged. */
  const fakeOs: KeyWrapper = {
    protection: () => 'os',
    wrap: (plain) => Buffer.concat([Buffer.from('OS:'), Buffer.from(plain).map((b) => b ^ 0x5a)]),
    unwrap: (wrapped) => {
      if (wrapped.subarray(0, 3).toString() !== 'OS:') throw new Error('cannot decrypt')
      return Buffer.from(wrapped.subarray(3).map((b) => b ^ 0x5a)).toString()
    },
  }

  it('makes a 32-byte key on first run, stores it wrapped, and unwraps the same key later', async () => {
    const file = join(await tempDir(), 'keyring.bin')
    const first = await loadOrCreateDataKey(file, fakeOs)
    expect(first).toMatchObject({ protection: 'os', created: true })
    expect(first.key.length).toBe(32)
    expect(await readFile(file, 'utf8')).not.toContain(first.key.toString('base64'))
    const second = await loadOrCreateDataKey(file, fakeOs)
    expect(second.created).toBe(false)
    expect(second.key.equals(first.key)).toBe(true)
  })

  it('refuses (never replaces) a key file it cannot unwrap or read', async () => {
    const file = join(await tempDir(), 'keyring.bin')
    await loadOrCreateDataKey(file, fakeOs)
    const text = await readFile(file, 'utf8')
    const broken: KeyWrapper = { ...fakeOs, unwrap: () => { throw new Error('keychain changed') } }
    await expectKeyMismatch(loadOrCreateDataKey(file, broken))
    expect(await readFile(file, 'utf8')).toBe(text)
    await writeFile(file, 'garbage')
    await expectKeyMismatch(loadOrCreateDataKey(file, fakeOs))
    expect(await readFile(file, 'utf8')).toBe('garbage')
  })

  it('labels an unprotected key file and reports it as such', async () => {
    const file = join(await tempDir(), 'dev.devkey.json')
    const loaded = await loadOrCreateDataKey(file, plainWrapper)
    expect(loaded.protection).toBe('none')
    expect(await readFile(file, 'utf8')).toMatch(/NOT PROTECTED/)
  })

  it('reads the protection safeStorage really gives (basic_text on Linux without a keyring)', () => {
    const storage = (available: boolean, backend: string) => ({
      isEncryptionAvailable: () => available,
      getSelectedStorageBackend: () => backend,
      encryptString: (s: string) => Buffer.from(`E${s}`),
      decryptString: (b: Buffer) => b.toString().slice(1),
    })
    expect(safeStorageWrapper(storage(true, 'gnome_libsecret'), 'linux').protection()).toBe('os')
    expect(safeStorageWrapper(storage(true, 'basic_text'), 'linux').protection()).toBe('basic_text')
    expect(safeStorageWrapper(storage(false, 'unknown'), 'linux').protection()).toBe('none')
    expect(safeStorageWrapper(storage(true, 'unknown'), 'win32').protection()).toBe('os')
  })

  it('shows the key protection in app:status', async () => {
    const db = await openDatabase({ dataDir: await tempDir(), now: clock(NOW) })
    const basic = createServices({ audit: memoryAuditLogForTests(), db, keyProtection: 'basic_text' })
    expect((await basic.app.status({})).security).toMatchObject({ keyProtection: 'basic_text', audit: { ok: true } })
    await db.close()
  })
})
