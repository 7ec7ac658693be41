// A real data folder with every collection of the app, two communities and the
// people of 七口堰社区 (one per party and one 列席), for the meeting integration tests.
import { randomBytes } from 'node:crypto'
import { expect } from 'vitest'
import { AppError } from '../../shared/contract/errors'
import type { Community } from '../../shared/domain/entities'
import type { Meeting, PersonParty, PersonView } from '../../shared/domain/meeting'
import type { OperatorIdentity } from '../../shared/domain/permissions'
import { openDatabase, type Database, type FsOps } from '../../electron/data'
import { createPiiCipher } from '../../electron/data/pii-codec'
import { createServices, type CallContext, type Services } from '../../electron/services'
import { appCollections } from '../../electron/services/collections'
import { memoryAuditLogForTests } from '../helpers/audit-log'
import { clock, tempDir } from './helpers'

export const NOW = '2026-05-20T10:00:00+08:00'
export const COMMUNITIES: Community[] = [
  { id: 'cA', name: '七口堰社区', grids: [], compounds: [{ id: 'cA-p1', name: '丽景花园' }], revision: 1 },
  { id: 'cB', name: '东门社区', grids: [], compounds: [], revision: 1 },
]
export const secretary: OperatorIdentity = { id: 'op-s', name: '李秘书', role: 'secretary' }
export const chair: OperatorIdentity = { id: 'op-c', name: '王书记', role: 'chair' }
export const asSecretary: CallContext = { transport: 'internal', operator: secretary }
export const asChair: CallContext = { transport: 'internal', operator: chair }

export interface MeetingFixture {
  dir: string
  key: Buffer
  db: Database
  services: Services
  audit: ReturnType<typeof memoryAuditLogForTests>
  now: ReturnType<typeof clock>
  people: Record<PersonParty | 'recorder', PersonView>
}

/** Every collection the app registers (the same list openBackend uses). */
export const collectionsFor = (key: Buffer) => appCollections(createPiiCipher(key))

export async function openMeetingFixture(dir?: string, key: Buffer = randomBytes(32), fs?: FsOps): Promise<MeetingFixture> {
  const dataDir = dir ?? (await tempDir())
  const now = clock(NOW)
  const db = await openDatabase({ dataDir, now, fs, collections: collectionsFor(key) })
  if (!db.communities().length) await db.addCommunities(COMMUNITIES, [])
  const audit = memoryAuditLogForTests(now)
  let seq = 0
  const services = createServices({ db, audit, now, newId: () => `id${++seq}${Math.random().toString(36).slice(2, 6)}` })
  const people = {} as MeetingFixture['people']
  if (!dir) {
    const names: Array<[PersonParty | 'recorder', string, PersonParty]> = [
      ['compoundBranch', '刘支书', 'compoundBranch'],
      ['ownersCommittee', '张主任', 'ownersCommittee'],
      ['propertyCompany', '赵经理', 'propertyCompany'],
      ['socialOrganization', '孙会长', 'socialOrganization'],
      ['residentRep', '周大妈', 'residentRep'],
      ['communityPolice', '吴警官', 'communityPolice'],
      ['recorder', '郑记录', 'gridWorker'],
    ]
    for (const [key, name, party] of names) {
      people[key] = await services.people.save({ communityId: 'cA', name, party, phone: '13812345678', active: true }, asSecretary)
    }
  }
  return { dir: dataDir, key, db, services, audit, now, people }
}

export async function errorOf(p: Promise<unknown>): Promise<AppError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  )
  expect(e).toBeInstanceOf(AppError)
  return e as AppError
}

/** A confirmed topic of 七口堰社区 (a demand, a topic for it, confirmed). */
export async function confirmedTopic(f: MeetingFixture, title = '车位被长期占用'): Promise<string> {
  const d = await f.services.demand.create(
    { communityId: 'cA', channel: 'hotline', category: 'parking', reporterName: '王秀兰', reporterPhone: '13912345678', receivedAt: '2026-05-18T09:00:00+08:00', description: `${title}，请协调` },
    asSecretary,
  )
  const t = await f.services.topic.create({ communityId: 'cA', level: 'community', title, demandIds: [d.id] }, asSecretary)
  const c = await f.services.topic.confirm({ id: t.id, revision: t.revision }, asChair)
  return c.id
}

export async function newMeeting(f: MeetingFixture, over: Partial<Parameters<Services['meeting']['create']>[0]> = {}): Promise<Meeting> {
  return f.services.meeting.create(
    {
      communityId: 'cA',
      level: 'community',
      title: '五月社区联席会议',
      startsAt: '2026-05-25T14:30:00+08:00',
      place: '社区党群服务中心',
      chairId: f.people.compoundBranch.id,
      recorderId: f.people.recorder.id,
      ...over,
    },
    asSecretary,
  )
}

/** A meeting with a two-item agenda, everyone present, started, ready for minutes. */
export async function runningMeeting(f: MeetingFixture): Promise<Meeting> {
  const m = await newMeeting(f)
  const t1 = await confirmedTopic(f, '车位被长期占用')
  const t2 = await confirmedTopic(f, '电梯经常停运')
  let next = await f.services.meeting.setAgenda(
    { id: m.id, revision: m.revision, items: [{ kind: 'topic', topicId: t1, minutes: 15 }, { kind: 'topic', topicId: t2, minutes: 10 }] },
    asSecretary,
  )
  next = await f.services.meeting.signIn({ id: m.id, revision: next.revision, entries: next.roster.map((r) => ({ personId: r.personId, attendance: 'present' as const })) }, asSecretary)
  return f.services.meeting.start({ id: m.id, revision: next.revision }, asChair)
}
