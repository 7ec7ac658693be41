// Child of kill.test.ts: opens the data folder, then performs random create/update/delete through
// the services until it is SIGKILLed. Protocol on stdout, one line each, written synchronously:
//   READY
//   BEGIN <json {op, id, patch?}>      before the service call
//   ACK <json {op, id, demand|null}>    after the service call resolved (demand as stored)
import { writeSync } from 'node:fs'
import { AppError } from '../../shared/contract/errors'
import { openDatabase } from '../../electron/data'
import { createServices } from '../../electron/services'
import { followTopic, nextStatuses } from '../../shared/domain/demand-workflow'
import { DEMAND_CATEGORIES, DEMAND_CHANNELS } from '../../shared/domain/vocab'
import { notesCollection, type Note } from '../integration/test-collection'
import { COMMUNITIES, KILL_TEST_KEY, rng } from './support'
import { createPiiCipher } from '../../electron/data/pii-codec'
import { appCollections } from '../../electron/services/collections'
import { makeMeetingId } from '../../electron/services/meetings-collection'
import type { Meeting, Person } from '../../shared/domain/meeting'
import type { Topic } from '../../shared/domain/topic-model'
import type { Task } from '../../shared/domain/task'
import type { HistorySheet } from '../../shared/domain/historical-counts'
import { currentRound, latestRating } from '../../shared/domain/evaluation'
import { makeTaskId } from '../../electron/services/tasks-collection'
import { mappingIdOf, type StoredImportMapping } from '../../electron/services/import-mappings'
import { memoryAuditLogForTests } from '../helpers/audit-log'
import { demandRevision, revisionOf } from '../helpers/audit-log'

const [dataDir, seedArg] = process.argv.slice(2)
const random = rng(Number(seedArg))
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]
const line = (s: string) => writeSync(1, `${s}\n`)

let idSeq = 0
const db = await openDatabase({ dataDir, collections: [notesCollection, ...appCollections(createPiiCipher(KILL_TEST_KEY))] })
const notes = db.collection<Note>('notes')
if (!db.communities().length) await db.addCommunities(COMMUNITIES, [])
const services = createServices({ audit: memoryAuditLogForTests(), db, newId: () => `k${seedArg}x${++idSeq}` })

// Known ids: everything in the folder now.
const ids: string[] = []
for (const c of db.communities()) {
  for (const month of Object.keys(db.countsOf(c.id))) {
    for (const d of await db.readPartition(c.id, month)) ids.push(d.id)
  }
}
line('READY')

/**
 * Meetings (issue 10), one small step per turn in 东门社区: a person, a meeting, a topic confirmed
 * for it, the agenda, then autosaves of the first item's minutes (one durable write each, acked).
 */
async function meetingStep(): Promise<void> {
  const c = COMMUNITIES[0].id
  const people = db.collection<Person>('people')
  const meetings = db.collection<Meeting>('meetings')
  const folks = await people.list(c)
  if (!folks.length) {
    const id = `${c}~ps~k${seedArg}x${idSeq + 1}`
    line(`BEGIN ${JSON.stringify({ op: 'person', id })}`)
    await services.people.save({ communityId: c, name: '张主任', party: 'ownersCommittee', phone: '13812345678', active: true })
    line(`ACK ${JSON.stringify({ op: 'person', id, demand: await people.get(id) })}`)
    return
  }
  const m = (await meetings.find((x) => x.communityId === c && x.minutes.status === 'draft'))[0]
  if (!m) {
    const id = makeMeetingId(c, '2026', `k${seedArg}x${idSeq + 1}`)
    line(`BEGIN ${JSON.stringify({ op: 'meeting', id })}`)
    await services.meeting.create({ communityId: c, level: 'community', title: '联席会议', startsAt: '2026-05-25T14:30:00+08:00', place: '会议室', chairId: folks[0].id, recorderId: folks[0].id })
    line(`ACK ${JSON.stringify({ op: 'meeting', id, demand: await meetings.get(id) })}`)
    return
  }
  if (!m.agenda.length) {
    const topics = await db.collection<Topic>('topics').list(c)
    const confirmed = topics.find((x) => x.status === 'confirmed')
    if (!confirmed) {
      const p = topics.find((x) => x.status === 'proposed')
      if (!p) return
      // Its demands move on with it (社区协同): written first, each in flight with the topic.
      const moving: string[] = []
      for (const id of p.demandIds) {
        const d = await db.getDemand(id)
        if (d && followTopic(d.status, 'coordinating')) moving.push(id)
      }
      line(`BEGIN ${JSON.stringify({ op: 'topic', id: p.id, patch: { status: 'confirmed' }, also: moving.map((id) => ({ id, patch: { status: 'coordinating' } })) })}`)
      await services.topic.confirm({ id: p.id, revision: p.revision })
      line(`ACK ${JSON.stringify({ op: 'topic', id: p.id, demand: await db.collection('topics').get(p.id) })}`)
      for (const id of moving) line(`ACK ${JSON.stringify({ op: 'update', id, demand: await db.getDemand(id) })}`)
      return
    }
    line(`BEGIN ${JSON.stringify({ op: 'minutes', id: m.id })}`)
    await services.meeting.setAgenda({ id: m.id, revision: m.revision, items: [{ kind: 'topic', topicId: confirmed.id, minutes: 10 }] })
    line(`ACK ${JSON.stringify({ op: 'minutes', id: m.id, demand: await meetings.get(m.id) })}`)
    return
  }
  // An autosave of the first item's notes: the text grows by one sentence per save.
  const item = m.agenda[0]
  const current = m.minutes.items.find((x) => x.itemId === item.id)
  const notes = `${current?.notes ?? ''}第${(current?.revision ?? 0) + 1}句。`.slice(-2000)
  line(`BEGIN ${JSON.stringify({ op: 'minutes', id: m.id })}`)
  await services.meeting.saveItemMinutes({ id: m.id, itemId: item.id, itemRevision: current?.revision ?? 0, notes, positions: { ownersCommittee: 'agree' }, decision: '' })
  line(`ACK ${JSON.stringify({ op: 'minutes', id: m.id, demand: await meetings.get(m.id) })}`)
}

/** Tasks (issue 11) in 东门社区: one made, then progress notes on the open ones (one write each). */
async function taskStep(): Promise<void> {
  const c = COMMUNITIES[0].id
  const tasks = db.collection<Task>('tasks')
  const open = (await tasks.list(c)).filter((x) => x.status === 'notStarted' || x.status === 'inProgress')
  if (!open.length || random() < 0.2) {
    const id = makeTaskId(c, `k${seedArg}x${idSeq + 1}`)
    line(`BEGIN ${JSON.stringify({ op: 'task', id })}`)
    await services.task.create({ communityId: c, title: '清理楼道杂物', party: 'propertyCompany', owner: '王经理', deadline: '2026-06-30', topicIds: [], demandIds: [] })
    line(`ACK ${JSON.stringify({ op: 'task', id, demand: await tasks.get(id) })}`)
    return
  }
  const t = pick(open)
  line(`BEGIN ${JSON.stringify({ op: 'task', id: t.id })}`)
  await services.task.progress({ id: t.id, revision: t.revision, text: `第${t.progress.length + 1}次进展`, status: random() < 0.2 ? 'done' : 'inProgress' })
  line(`ACK ${JSON.stringify({ op: 'task', id: t.id, demand: await tasks.get(t.id) })}`)
}

/**
 * Historical counts (issue 12) in 东门社区: a batch of two months entered or changed (one durable
 * write of the community's sheet), or one month removed (a backup, then the write). Named
 * `hc:<communityId>` in the protocol.
 */
async function historyStep(): Promise<void> {
  const c = COMMUNITIES[0].id
  const sheets = db.collection<HistorySheet>('history')
  const months = (await sheets.get(c))?.months ?? []
  line(`BEGIN ${JSON.stringify({ op: 'history', id: `hc:${c}` })}`)
  if (months.length > 2 && random() < 0.15) {
    const m = pick(months)
    await services.history.remove({ communityId: c, months: [{ month: m.month, revision: m.revision }] })
  } else {
    const first = 1 + Math.floor(random() * 11)
    const batch = [first, first + 1].map((n) => {
      const month = `2019-${String(n).padStart(2, '0')}`
      const demands = Math.floor(random() * 50)
      const stored = months.find((m) => m.month === month)
      return { month, demands, petitions: Math.floor(random() * (demands + 1)), ...(stored ? { revision: stored.revision } : {}) }
    })
    await services.history.save({ communityId: c, months: batch })
  }
  line(`ACK ${JSON.stringify({ op: 'history', id: `hc:${c}`, demand: (await sheets.get(c)) ?? null })}`)
}

/**
 * 效果评价 (issue 11) on one demand, one durable write per turn: told, then rated, then closed;
 * a closed one is sometimes reopened (a new round).
 */
async function feedbackStep(): Promise<void> {
  if (!ids.length) return
  // A few demands (the folder's first), so each goes through the whole loop within a few kills.
  const id = pick(ids.slice(0, 4))
  const d = (await db.getDemand(id))!
  const rev = revisionOf(d)
  if (d.status === 'evaluated') {
    if (random() < 0.5) return
    line(`BEGIN ${JSON.stringify({ op: 'update', id, patch: { status: 'handling' } })}`)
    await services.feedback.reopen({ demandId: id, revision: rev, reason: '居民反映问题复发' })
  } else if (!currentRound(d).feedback.length) {
    line(`BEGIN ${JSON.stringify({ op: 'update', id, patch: { status: 'notified' } })}`)
    await services.feedback.tell({ demandId: id, revision: rev, at: '2026-03-25T10:00:00+08:00', way: 'phone', teller: '周敏', text: '已告知办理结果' })
  } else if (!latestRating(d)) {
    line(`BEGIN ${JSON.stringify({ op: 'update', id })}`)
    await services.feedback.followUp({ demandId: id, revision: rev, at: '2026-03-26T10:00:00+08:00', way: 'visit', reached: true, rating: pick(['satisfied', 'basicallySatisfied', 'dissatisfied'] as const) })
  } else {
    line(`BEGIN ${JSON.stringify({ op: 'update', id, patch: { status: 'evaluated' } })}`)
    await services.feedback.close({ demandId: id, revision: rev, outcome: 'rated' })
  }
  line(`ACK ${JSON.stringify({ op: 'update', id, demand: await db.getDemand(id) })}`)
}

/**
 * An import (issue 9) through the bulk path: new demands in two communities × three months, six
 * partition files, all or none (bulk-writes.json is the journal). One protocol line for the batch.
 */
async function bulkStep(): Promise<void> {
  const inputs = COMMUNITIES.slice(0, 2).flatMap((c) =>
    months.flatMap((month) =>
      [0, 1].map((i) => ({
        communityId: c.id,
        channel: pick(DEMAND_CHANNELS),
        category: pick(DEMAND_CATEGORIES),
        reporterName: '赵敏',
        reporterPhone: `139${String(Math.floor(random() * 1e8)).padStart(8, '0')}`,
        receivedAt: `${month}-0${1 + i}T08:${10 + i}:00+08:00`,
        description: `批量导入 ${month} 第${i + 1}条：小区路灯不亮`,
        fingerprint: `fp-k${seedArg}-${idSeq}-${c.id}-${month}-${i}`,
        source: '12345导出',
      })),
    ),
  )
  const batch = inputs.map((x, i) => `${x.communityId}~${x.receivedAt.slice(0, 7).replace('-', '')}~k${seedArg}x${idSeq + 1 + i}`)
  line(`BEGIN ${JSON.stringify({ op: 'bulk', id: batch[0], ids: batch })}`)
  const made = await services.demand.createDemands(inputs)
  ids.push(...made.map((d) => d.id))
  line(`ACK ${JSON.stringify({ op: 'bulk', id: batch[0], demands: await Promise.all(made.map((d) => db.getDemand(d.id))) })}`)
}

const months = ['2026-01', '2026-02', '2026-03']
for (;;) {
  const r = random()
  const t = random()
  if (t < 0.08 && ids.length) {
    // Triage (issue 9): a new demand accepted; or a topic made for an open demand in none. A topic
    // writes the topic file, then the demand's link: both ids are in flight together.
    const id = pick(ids)
    const current = (await db.getDemand(id))!
    if (current.status === 'called' && random() < 0.5) {
      line(`BEGIN ${JSON.stringify({ op: 'update', id, patch: { status: 'accepted' } })}`)
      await services.triage.decide({ id, revision: revisionOf(current), decision: 'accepted', level: 'compound', urgency: 'normal' })
      line(`ACK ${JSON.stringify({ op: 'update', id, demand: await db.getDemand(id) })}`)
    } else if (!current.topicId && current.status !== 'evaluated') {
      const topicId = `${current.communityId}~tp~k${seedArg}x${idSeq + 1}`
      line(`BEGIN ${JSON.stringify({ op: 'topic', id: topicId, also: [{ id, patch: { topicId } }] })}`)
      const made = await services.topic
        .create({ communityId: current.communityId, level: 'compound', title: `议题 ${id}`.slice(0, 40), demandIds: [id] })
        // Refused (VALIDATION): a topic left by an interrupted call already holds it; nothing written.
        .catch((e: unknown) => (e instanceof AppError && e.code === 'VALIDATION' ? null : Promise.reject(e)))
      if (made) {
        line(`ACK ${JSON.stringify({ op: 'topic', id: made.id, demand: await db.collection('topics').get(made.id) })}`)
        line(`ACK ${JSON.stringify({ op: 'update', id, demand: await db.getDemand(id) })}`)
      }
    }
  } else if (t < 0.2) {
    await meetingStep()
  } else if (t < 0.26) {
    await taskStep()
  } else if (t < 0.32) {
    await feedbackStep()
  } else if (t < 0.36) {
    await historyStep()
  } else if (t < 0.39) {
    await bulkStep()
  } else if (random() < 0.03) {
    // A data package export (issue 12): reads every partition and writes nothing to the folder (the
    // audit entry goes to the log); a kill in the middle must leave every record as acked.
    await services.package.export({ communityIds: [], masked: random() < 0.5 })
  } else if (random() < 0.05) {
    // A remembered import mapping (issue 9): created or replaced, one of a few sources.
    const coll = db.collection<StoredImportMapping>('importMappings')
    const sourceName = `来源${Math.floor(random() * 4)}`
    const id = mappingIdOf(sourceName)
    const current = await coll.get(id)
    line(`BEGIN ${JSON.stringify({ op: 'mapping', id })}`)
    const record = { id, sourceName, signature: '社区|内容', columns: { community: '社区', description: `内容${++idSeq}` }, defaults: {}, updatedAt: '2026-03-01T09:00:00+08:00' }
    await coll.save(current ? { ...record, revision: current.revision } : record, current ? { expectRevision: current.revision } : {})
    line(`ACK ${JSON.stringify({ op: 'mapping', id, demand: await coll.get(id) })}`)
  } else if (random() < 0.15) {
    // The test-only collection (registered at open, no other change): a note, created or edited.
    const year = pick(['2025', '2026'])
    const id = `n-${year}-k${seedArg}x${++idSeq}`
    line(`BEGIN ${JSON.stringify({ op: 'note', id })}`)
    await notes.save({ id, year, text: `笔记 ${id}`, updatedAt: '2026-03-01T09:00:00+08:00' })
    line(`ACK ${JSON.stringify({ op: 'note', id, demand: await notes.get(id) })}`)
  } else if (r < 0.5 || ids.length < 3) {
    const communityId = pick(COMMUNITIES).id
    const month = pick(months)
    const id = `${communityId}~${month.replace('-', '')}~k${seedArg}x${idSeq + 1}`
    line(`BEGIN ${JSON.stringify({ op: 'create', id })}`)
    await services.demand.create({
      communityId,
      channel: pick(DEMAND_CHANNELS),
      category: pick(DEMAND_CATEGORIES),
      reporterName: pick(['王芳', '李强', '张秀英']),
      reporterPhone: `138${String(Math.floor(random() * 1e8)).padStart(8, '0')}`,
      receivedAt: `${month}-1${Math.floor(random() * 9)}T09:30:00+08:00`,
      description: `诉求 ${id}：${'楼道灯不亮，'.repeat(1 + Math.floor(random() * 20))}`,
    })
    ids.push(id)
    line(`ACK ${JSON.stringify({ op: 'create', id, demand: await db.getDemand(id) })}`)
  } else if (r < 0.6) {
    // A month correction: the demand moves partition (new id, same case number). The old id keeps
    // finding it, so the parent checks it under the id it knows.
    const id = pick(ids)
    const current = (await db.getDemand(id))!
    const month = pick(months.filter((m) => !current.id.includes(`~${m.replace('-', '')}~`)))
    const patch = { receivedAt: `${month}-2${Math.floor(random() * 8)}T10:15:00+08:00` }
    // A demand in a topic: the topic is rewritten to name the new id (either list may be found after a kill).
    const also = current.topicId ? [{ id: current.topicId, patch: {} }] : undefined
    line(`BEGIN ${JSON.stringify({ op: 'update', id, patch, ...(also ? { also } : {}) })}`)
    const moved = await services.demand.update({ id, revision: revisionOf(current), patch })
    line(`ACK ${JSON.stringify({ op: 'update', id, demand: await db.getDemand(id) })}`)
    // Later operations use the id the app shows now, as the UI would after its list refreshed.
    ids[ids.indexOf(id)] = moved.id
    if (current.topicId) line(`ACK ${JSON.stringify({ op: 'topic', id: current.topicId, demand: await db.collection('topics').get(current.topicId) })}`)
  } else if (r < 0.85) {
    const id = pick(ids)
    const current = (await db.getDemand(id))!
    const next = nextStatuses(current.status)
    const patch =
      random() < 0.5 && next.length
        ? { status: pick(next) }
        : { description: `更新 ${Math.floor(random() * 1e6)}`, category: pick(DEMAND_CATEGORIES) }
    line(`BEGIN ${JSON.stringify({ op: 'update', id, patch })}`)
    await services.demand.update({ id, revision: revisionOf(current), patch })
    line(`ACK ${JSON.stringify({ op: 'update', id, demand: await db.getDemand(id) })}`)
  } else {
    const id = pick(ids)
    line(`BEGIN ${JSON.stringify({ op: 'delete', id })}`)
    await services.demand.delete({ id, revision: await demandRevision(db, id), reason: '重复登记' })
    ids.splice(ids.indexOf(id), 1)
    line(`ACK ${JSON.stringify({ op: 'delete', id, demand: null })}`)
  }
}
