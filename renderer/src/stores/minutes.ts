import { acceptHMRUpdate, defineStore } from 'pinia'
import { ref } from 'vue'
import type { InputOf, MeetingVersions } from '../../../shared/contract'
import type { Meeting, Party, Position } from '../../../shared/domain/meeting'
import { isApiError, toApiError, useApi } from '../api'
import { downloadFile, printInPage } from '../files'
import { useMeetingStore } from './meeting'
import { refreshOn } from './refresh'

export type ChairAction = InputOf<'meeting:chair'>['action']

/**
 * One item's minutes typed but not saved (a failed save, a revision conflict, a save still on its
 * way, text typed before another window approved). Kept in the store so it outlives the editor:
 * ending the meeting warns about it, and the editor shows it again when it comes back.
 */
export interface ItemDraft {
  meetingId: string
  itemId: string
  title: string
  notes: string
  decision: string
  positions: Partial<Record<Party, Position>>
  /** the item revision the text was typed on */
  base: number
}


/**
 * 主持 and 纪要 (issue 10, items 4–6): chair actions, start and end, item minutes, approval,
 * corrections, versions and exports of the meeting open in the meeting store (which owns the
 * meeting itself and refreshes it on events). Every write keeps the returned meeting there.
 */
export const useMinutesStore = defineStore('minutes', () => {
  const meetings = useMeetingStore()
  const versions = ref<MeetingVersions | null>(null)
  const versionsFor = ref('')
  const busy = ref(false)
  const drafts = ref<Record<string, ItemDraft>>({})
  const running = new Set<Promise<unknown>>()

  const api = () => useApi()
  const keep = (m: Meeting, force = false) => meetings.keep(m, force)
  const requireCurrent = () => meetings.requireCurrent()

  const draftKey = (meetingId: string, itemId: string) => `${meetingId}/${itemId}`
  const draftOf = (meetingId: string, itemId: string): ItemDraft | undefined => drafts.value[draftKey(meetingId, itemId)]
  function keepDraft(d: ItemDraft): void {
    drafts.value[draftKey(d.meetingId, d.itemId)] = { ...d, positions: { ...d.positions } }
  }
  function dropDraft(meetingId: string, itemId: string): void {
    delete drafts.value[draftKey(meetingId, itemId)]
  }
  /** The items of a meeting whose minutes are not saved, in no particular order. */
  const unsavedOf = (meetingId: string): ItemDraft[] => Object.values(drafts.value).filter((d) => d.meetingId === meetingId)

  /** Counts a save until it ends, also one of an editor already gone (see `settled`). */
  function track<T>(p: Promise<T>): Promise<T> {
    running.add(p)
    const done = () => running.delete(p)
    p.then(done, done)
    return p
  }
  /** Waits until no item save is running (saves started meanwhile included). */
  async function settled(): Promise<void> {
    while (running.size) await Promise.allSettled([...running])
  }

  /**
   * A chair action on the meeting as last read. A stale read (the secretary saved minutes, which
   * changes the meeting) is read again and the action retried once if the chair is still where
   * it was; otherwise the other window's move stands.
   */
  async function chair(action: ChairAction, extra: { itemId?: string; personId?: string } = {}): Promise<Meeting> {
    let m = requireCurrent()
    for (let attempt = 0; ; attempt++) {
      try {
        return keep(await api()['meeting:chair']({ id: m.id, revision: m.revision, action, ...extra }))
      } catch (e) {
        if (!(isApiError(e) && e.code === 'CONFLICT') || attempt > 0) throw e
        const fresh = await api()['meeting:get']({ id: m.id })
        keep(fresh, true)
        if (fresh.chair.currentItemId !== m.chair.currentItemId) return fresh
        m = fresh
      }
    }
  }

  async function start(proceedDespiteMissing = false): Promise<Meeting> {
    const m = requireCurrent()
    return keep(await api()['meeting:start']({ id: m.id, revision: m.revision, ...(proceedDespiteMissing ? { proceedDespiteMissing } : {}) }))
  }

  async function end(): Promise<Meeting> {
    const m = requireCurrent()
    return keep(await api()['meeting:end']({ id: m.id, revision: m.revision }))
  }

  async function saveItem(input: { itemId: string; itemRevision: number; notes: string; decision: string; positions: Partial<Record<Party, Position>> }): Promise<Meeting> {
    const m = requireCurrent()
    return keep(await api()['meeting:saveItemMinutes']({ id: m.id, ...input }))
  }

  /** `issue`: the 期号 to print; empty: the corrected version's, or numbered in the year. */
  async function approve(confirmMissingDecisions: boolean, issue = ''): Promise<Meeting> {
    const m = requireCurrent()
    const next = keep(await api()['meeting:approve']({ id: m.id, revision: m.revision, ...(confirmMissingDecisions ? { confirmMissingDecisions } : {}), ...(issue ? { issue } : {}) }))
    await loadVersions()
    return next
  }

  async function correct(reason: string): Promise<Meeting> {
    const m = requireCurrent()
    const next = keep(await api()['meeting:correct']({ id: m.id, revision: m.revision, reason }))
    await loadVersions()
    return next
  }

  async function loadVersions(id: string = meetings.current?.id ?? ''): Promise<void> {
    if (!id) return
    versionsFor.value = id
    const v = await api()['meeting:versions']({ id })
    if (versionsFor.value === id) versions.value = v
  }

  /**
   * Exports the 纪要 or the 签到表: Word as a download; PDF through the app's printer (Electron),
   * else (the preview) the print view opened in a page and printed there. Returns the file name
   * or, for the print view, null.
   */
  async function exportDocument(document: 'minutes' | 'signIn', kind: 'docx' | 'print', version?: number): Promise<{ fileName: string; printed: boolean; blocked?: boolean }> {
    const m = requireCurrent()
    busy.value = true
    try {
      const base = { id: m.id, document, ...(version ? { version } : {}) }
      if (kind === 'docx') {
        const file = await api()['meeting:export']({ ...base, format: 'docx' })
        downloadFile(file)
        return { fileName: file.fileName, printed: false }
      }
      try {
        const file = await api()['meeting:export']({ ...base, format: 'pdf' })
        downloadFile(file)
        return { fileName: file.fileName, printed: false }
      } catch (e) {
        // No printer here (the preview): print the print view in a page of its own.
        if (!(isApiError(e) && e.code === 'VALIDATION' && e.fields && 'format' in e.fields)) throw e
      }
      const html = await api()['meeting:export']({ ...base, format: 'html' })
      const opened = printInPage(html)
      return { fileName: html.fileName, printed: opened, blocked: !opened }
    } finally {
      busy.value = false
    }
  }

  refreshOn(['meeting'], async (events) => {
    const id = versionsFor.value
    if (id && events.some((e) => e.ids.length === 0 || e.ids.includes(id))) await loadVersions(id).catch(() => undefined)
  })

  return {
    versions,
    busy,
    drafts,
    chair,
    start,
    end,
    saveItem,
    approve,
    correct,
    loadVersions,
    exportDocument,
    toApiError,
    draftOf,
    keepDraft,
    dropDraft,
    unsavedOf,
    track,
    settled,
  }
})

if (import.meta.hot) import.meta.hot.accept(acceptHMRUpdate(useMinutesStore, import.meta.hot))
