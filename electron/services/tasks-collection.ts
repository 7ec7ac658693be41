// The `tasks` collection (issue 11): one file per community, tasks/<communityId>.json, registered
// through appCollections like topics. Tasks hold no residents' personal data (texts refuse phone
// and ID-card numbers; demands are linked by id), so no codec.
import type { CollectionDescriptor, Database } from '../data'
import { wrapLegacyArray } from '../data'
import { COMMUNITY_ID_RE } from '../data/file-schemas'
import { TASK_PARTIES, TASK_STATUSES, taskProblems, type Task } from '../../shared/domain/task'

export const TASKS_COLLECTION = 'tasks'
export const TASKS_FOLDER = 'tasks'

/** A community's tasks; none when the services were opened without the tasks collection (data-only tools, the bench). */
export async function communityTasks(db: Database, communityId: string): Promise<Task[]> {
  return db.hasCollection(TASKS_COLLECTION) ? db.collection<Task>(TASKS_COLLECTION).list(communityId) : []
}

/** `<communityId>~tk~<random>`: the community names the file. */
export function makeTaskId(communityId: string, random: string): string {
  return `${communityId}~tk~${random}`
}

export function communityOfTaskId(id: string): string | null {
  const m = /^([A-Za-z0-9_-]{1,40})~tk~[A-Za-z0-9_-]{1,20}$/.exec(id)
  return m ? m[1] : null
}

const isStrings = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string')
const optionalString = (v: unknown) => v === undefined || typeof v === 'string'

function isTaskRecord(r: unknown): boolean {
  const t = r as Partial<Task> | null
  if (!t || typeof t !== 'object' || typeof t.id !== 'string' || communityOfTaskId(t.id) !== t.communityId) return false
  if (typeof t.title !== 'string' || typeof t.owner !== 'string' || typeof t.deadline !== 'string') return false
  if (!(TASK_PARTIES as readonly unknown[]).includes(t.party) || !(TASK_STATUSES as readonly unknown[]).includes(t.status)) return false
  if (!isStrings(t.topicIds) || !isStrings(t.demandIds) || !Array.isArray(t.progress)) return false
  if (typeof t.createdAt !== 'string' || typeof t.updatedAt !== 'string' || typeof t.createdBy !== 'string') return false
  if (!optionalString(t.unit) || !optionalString(t.ownerId) || !optionalString(t.doneAt)) return false
  if (t.source !== undefined && (typeof t.source?.meetingId !== 'string' || typeof t.source?.itemId !== 'string')) return false
  if (!t.progress.every((p) => p && typeof p.id === 'string' && typeof p.at === 'string' && typeof p.by === 'string' && typeof p.text === 'string')) return false
  return taskProblems(t as Task).length === 0
}

export const tasksCollection: CollectionDescriptor<Task> = {
  name: TASKS_COLLECTION,
  label: '任务',
  layout: { folder: TASKS_FOLDER },
  partitionOf: (t) => t.communityId,
  partitionOfId: communityOfTaskId,
  isPartition: (p) => COMMUNITY_ID_RE.test(p),
  migrations: [wrapLegacyArray('items')],
  isRecord: isTaskRecord,
  // No communityOf: removing a community (sample removal) must never take a user's tasks with it.
}
