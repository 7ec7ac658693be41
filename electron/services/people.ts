// people:* — the people directory of each community (会议人员). Phones are stored encrypted by the
// collection's codec and only ever leave the service masked (nor do they go into the audit log: a
// save is audited by the names of the fields it set); a person named by a meeting or a task cannot
// be removed (deactivate instead), so minutes and tasks never lose the names they list. removePlan
// says so before any confirmation; remove applies the same plan.
import { AppError } from '../../shared/contract/errors'
import { maskPhone } from '../../shared/domain/masking'
import type { Meeting, Person, PersonView } from '../../shared/domain/meeting'
import { toLocalIso } from '../../shared/domain/month'
import { personRemovePlan, type PersonRemovePlan } from '../../shared/domain/person-usage'
import type { Task } from '../../shared/domain/task'
import type { Collection, Database, Unsaved } from '../data'
import { auditWho, requireScope } from './actor'
import type { AuditLog } from './audit'
import { requireCommunity } from './demand'
import { MEETINGS_COLLECTION } from './meetings-collection'
import { makePersonId, PEOPLE_COLLECTION } from './people-collection'
import { checkRevision } from './revision'
import { TASKS_COLLECTION } from './tasks-collection'
import type { AreaService } from './types'

export interface PeopleDeps {
  db: Database
  audit: Pick<AuditLog, 'append'>
  now: () => Date
  newId: () => string
}

export function personView(p: Person): PersonView {
  const { phone, ...rest } = p
  return phone ? { ...rest, phone: maskPhone(phone) } : rest
}

const AUDITED_FIELDS = ['name', 'party', 'phone', 'title', 'unit', 'active'] as const

/** Names of the fields a save sets (new person) or changes (edit): the audit entry's, without values. */
function changedPersonFields(before: Person | null, next: Unsaved<Person>): string[] {
  return AUDITED_FIELDS.filter((k) => (before ? before[k] !== next[k] : next[k] !== undefined))
}

const personNotFound = () => new AppError('NOT_FOUND', '未找到该人员（可能已被删除），请刷新')

/** Every meeting of a community (all its year files). */
export async function meetingsOfCommunity(db: Database, communityId: string): Promise<Meeting[]> {
  const coll = db.collection<Meeting>(MEETINGS_COLLECTION)
  return coll.find((m) => m.communityId === communityId)
}

/** What removing the person takes, or why not: the meetings and tasks of their community naming them. */
async function removePlanOf(db: Database, p: Person): Promise<PersonRemovePlan> {
  const tasks = db.hasCollection(TASKS_COLLECTION) ? await db.collection<Task>(TASKS_COLLECTION).list(p.communityId) : []
  return personRemovePlan(personView(p), await meetingsOfCommunity(db, p.communityId), tasks)
}

export function createPeopleService(deps: PeopleDeps): AreaService<'people'> {
  const { db, audit, now, newId } = deps
  const people = (): Collection<Person> => db.collection<Person>(PEOPLE_COLLECTION)

  return {
    async list({ communityId, includeInactive }, ctx) {
      requireScope(ctx, communityId)
      requireCommunity(db, communityId)
      const list = (await people().list(communityId)).filter((p) => includeInactive || p.active)
      list.sort((a, b) => Number(b.active) - Number(a.active) || a.party.localeCompare(b.party) || a.name.localeCompare(b.name, 'zh-CN') || a.id.localeCompare(b.id))
      return list.map(personView)
    },

    async save(input, ctx) {
      requireScope(ctx, input.communityId)
      requireCommunity(db, input.communityId)
      const stamp = toLocalIso(now())
      let before: Person | null = null
      if (input.id !== undefined) {
        before = (await people().get(input.id)) ?? null
        if (!before) throw personNotFound()
        requireScope(ctx, before.communityId)
        if (before.communityId !== input.communityId) throw new AppError('VALIDATION', '人员不能换到另一个社区，请在那个社区新建', { communityId: '人员不能换到另一个社区，请在那个社区新建' })
        checkRevision(before, input.revision!, '人员')
      }
      const next: Unsaved<Person> = {
        ...(before ?? {}),
        id: before?.id ?? makePersonId(input.communityId, newId()),
        communityId: input.communityId,
        name: input.name,
        party: input.party,
        active: input.active,
        createdAt: before?.createdAt ?? stamp,
        updatedAt: stamp,
      }
      // Absent keeps the stored phone, null clears it; empty optional texts are not stored.
      if (input.phone === null) delete next.phone
      else if (input.phone !== undefined) next.phone = input.phone
      for (const k of ['title', 'unit'] as const) {
        const v = input[k]
        if (v === undefined) continue
        if (v === '') delete next[k]
        else next[k] = v
      }
      // Audited like other writes, before the write; the entry names changed fields, never the phone's value.
      await audit.append({
        ...auditWho(ctx),
        action: before ? 'people.update' : 'people.create',
        target: next.id,
        detail: { communityId: next.communityId, name: next.name, party: next.party, active: next.active, fields: changedPersonFields(before, next) },
      })
      const saved = await people().save(next, before ? { expectRevision: before.revision } : {})
      return personView(saved)
    },

    async removePlan({ id }, ctx) {
      const p = await people().get(id)
      if (!p) throw personNotFound()
      requireScope(ctx, p.communityId)
      return removePlanOf(db, p)
    },

    async remove({ id, revision }, ctx) {
      const p = await people().get(id)
      if (!p) throw personNotFound()
      requireScope(ctx, p.communityId)
      checkRevision(p, revision, '人员')
      const plan = await removePlanOf(db, p)
      if (plan.blocked) throw new AppError('CONFLICT', plan.blocked, { id: plan.blocked })
      // The name is not personal data of a resident; the phone never goes into the log.
      await audit.append({ ...auditWho(ctx), action: 'people.remove', target: id, detail: { communityId: p.communityId, name: p.name, party: p.party } })
      await people().delete(id, { expectRevision: p.revision })
      return { removed: id }
    },
  }
}
