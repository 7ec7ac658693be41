// Issue 10 through the real backend (openBackend, dispatch, sessions): roles from the table
// (the secretary records, the chair runs and approves, the leader reads, only the administrator
// removes), `changed {area:'meeting'}` after chair operations (what the projector window follows),
// phones masked on the wire and encrypted on disk, approval in the audit log, and the people and
// meetings collections in backups and restores with no special code.
import { readFile, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import type { ChangedEvent, Envelope } from '../../shared/contract'
import type { Meeting, PersonView } from '../../shared/domain/meeting'
import type { TopicView } from '../../shared/contract'
import { openTeam, type Call, type Team } from '../helpers/sessions'

const dirs: string[] = []
const teams: Team[] = []
afterAll(async () => {
  for (const t of teams) await t.backend.close({ backup: false }).catch(() => undefined)
  for (const d of dirs) await rm(d, { recursive: true, force: true })
})

async function ok<T>(call: Call, channel: string, payload: unknown): Promise<T> {
  const env = (await call(channel, payload)) as Envelope<T>
  if (!env.ok) throw new Error(`${channel}: ${env.error.code} ${env.error.message}`)
  return env.result
}

describe('meetings through the backend', () => {
  it('runs a meeting end to end with the roles of the table, events, masking and audit', async () => {
    const t = await openTeam()
    teams.push(t)
    dirs.push(t.dataDir)
    const admin = await t.signedIn('admin')
    const { secretary, chair, leader } = t.as
    const community = await ok<{ id: string }>(admin, 'community:create', { name: '七口堰社区', grids: [], compounds: [] })
    const cid = community.id
    const parties = ['compoundBranch', 'ownersCommittee', 'propertyCompany', 'socialOrganization', 'residentRep'] as const
    const people: PersonView[] = []
    for (const [i, party] of parties.entries()) people.push(await ok<PersonView>(secretary, 'people:save', { communityId: cid, name: `代表${i + 1}`, party, phone: `1380000000${i}` }))
    expect(people[0].phone).toBe('138****0000')
    expect(await readFile(join(t.dataDir, `people/${cid}.json`), 'utf8')).not.toContain('13800000000')
    // The leader reads but records nothing.
    expect((await leader('people:list', { communityId: cid })).ok).toBe(true)
    const refused = await leader('people:save', { communityId: cid, name: '某人', party: 'residentRep' })
    expect(refused.ok ? null : refused.error.code).toBe('FORBIDDEN')

    const demand = await ok<{ id: string }>(secretary, 'demand:create', { communityId: cid, channel: 'hotline', category: 'parking', reporterName: '王芳', receivedAt: '2026-05-10T09:00:00+08:00', description: '车位被占' })
    const topic = await ok<TopicView>(secretary, 'topic:create', { communityId: cid, level: 'community', title: '车位被占', demandIds: [demand.id] })
    await ok(chair, 'topic:confirm', { id: topic.id, revision: topic.revision })
    let m = await ok<Meeting>(secretary, 'meeting:create', { communityId: cid, level: 'community', title: '五月联席会议', startsAt: '2026-05-25T14:30', place: '会议室', chairId: people[0].id, recorderId: people[4].id })
    expect(m.startsAt).toBe('2026-05-25T14:30:00+08:00')
    m = await ok<Meeting>(secretary, 'meeting:setAgenda', { id: m.id, revision: m.revision, items: [{ kind: 'topic', topicId: topic.id, minutes: 10 }] })
    m = await ok<Meeting>(secretary, 'meeting:signIn', { id: m.id, revision: m.revision, entries: people.map((p) => ({ personId: p.id, attendance: 'present' })) })
    // The secretary may not start the meeting (chair mode is the chair's).
    const notChair = await secretary('meeting:start', { id: m.id, revision: m.revision })
    expect(notChair.ok ? null : notChair.error.code).toBe('FORBIDDEN')
    m = await ok<Meeting>(chair, 'meeting:start', { id: m.id, revision: m.revision })

    const events: ChangedEvent[] = []
    const off = t.backend.onChanged((e) => events.push(e))
    m = await ok<Meeting>(chair, 'meeting:chair', { id: m.id, revision: m.revision, action: 'speakerAdd', personId: people[1].id })
    off()
    expect(events).toContainEqual({ area: 'meeting', ids: [m.id] })

    m = await ok<Meeting>(secretary, 'meeting:saveItemMinutes', { id: m.id, itemId: m.agenda[0].id, itemRevision: 0, notes: '讨论', positions: { ownersCommittee: 'agree' }, decision: '月底前划线' })
    m = await ok<Meeting>(chair, 'meeting:end', { id: m.id, revision: m.revision })
    const secretaryApproves = await secretary('meeting:approve', { id: m.id, revision: m.revision })
    expect(secretaryApproves.ok ? null : secretaryApproves.error.code).toBe('FORBIDDEN')
    m = await ok<Meeting>(chair, 'meeting:approve', { id: m.id, revision: m.revision })
    expect(m.minutes.approvedBy?.name).toBe('赵主持')
    const audit = await ok<{ items: Array<{ action: string; detail?: Record<string, unknown> }> }>(admin, 'audit:list', { page: 1, pageSize: 50 })
    expect(audit.items.find((e) => e.action === 'minutes.approve')?.detail).toMatchObject({ sha256: m.minutes.sha256 })
    expect(audit.items.filter((e) => e.action === 'people.create')).toHaveLength(5)
    expect(JSON.stringify(audit.items)).not.toContain('1380000000')
    // A correction reopens approved minutes: the approver's, not the secretary's.
    const secretaryCorrects = await secretary('meeting:correct', { id: m.id, revision: m.revision, reason: '议定事项的时间记错' })
    expect(secretaryCorrects.ok ? null : secretaryCorrects.error).toMatchObject({ code: 'FORBIDDEN', message: '当前身份（秘书）无权执行“审定会议纪要”' })
    expect((await ok<Meeting>(leader, 'meeting:get', { id: m.id })).minutes).toMatchObject({ version: 1, status: 'approved' })

    // Approved minutes are an official record: the meeting may not be removed, even by the administrator.
    const approvedRemoves = await admin('meeting:remove', { id: m.id, revision: m.revision, confirm: true })
    expect(approvedRemoves.ok ? null : approvedRemoves.error).toEqual({
      code: 'CONFLICT',
      message: '会议“五月联席会议”的纪要已审定（第 1 版），是正式记录，不能删除；如有错误，请在纪要页面创建更正版本。',
    })
    // A backup holds both collections; a restore brings back a meeting removed after it.
    const draft = await ok<Meeting>(secretary, 'meeting:create', { communityId: cid, level: 'community', title: '六月联席会议', startsAt: '2026-06-25T14:30', place: '会议室', chairId: people[0].id, recorderId: people[4].id })
    const backup = await ok<{ id: string }>(admin, 'backup:create', {})
    const secretaryRemoves = await secretary('meeting:remove', { id: draft.id, revision: draft.revision, confirm: true })
    expect(secretaryRemoves.ok ? null : secretaryRemoves.error.code).toBe('FORBIDDEN')
    const removed = await ok<{ removed: string[] }>(admin, 'meeting:remove', { id: draft.id, revision: draft.revision, confirm: true })
    expect(removed.removed[0]).toContain('六月联席会议')
    expect((await secretary('meeting:get', { id: draft.id })).ok).toBe(false)
    await ok(admin, 'backup:restore', { id: backup.id })
    expect((await ok<Meeting>(leader, 'meeting:get', { id: draft.id })).title).toBe('六月联席会议')
    const back = await ok<Meeting>(leader, 'meeting:get', { id: m.id })
    expect(back.minutes.sha256).toBe(m.minutes.sha256)
    expect((await ok<PersonView[]>(leader, 'people:list', { communityId: cid }))[0].phone).toMatch(/^138\*{4}000\d$/)
  })
})
