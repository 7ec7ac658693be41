// The agenda being edited (AgendaEditor.vue): a draft of the stored agenda, whether it differs from
// what was loaded (dirty), adding candidates, removing, and moving items by button, Alt+↑ / Alt+↓
// or drag, each move announced for screen readers and the focus kept with the moved item.
import { computed, nextTick, ref, type Ref } from 'vue'
import { useI18n } from 'vue-i18n'
import type { AgendaCandidates, InputOf } from '../../../shared/contract'
import { agendaInOrder, carryOverTitle, type Meeting } from '../../../shared/domain/meeting'

export interface DraftItem {
  /** Stable key for the list (the stored id, or a new one's). */
  key: string
  id?: string
  kind: 'topic' | 'carryOver'
  topicId?: string
  carryOver?: { meetingId: string; itemId: string }
  title: string
  minutes: number
  presenterId: string
}
export type AgendaItemInput = InputOf<'meeting:setAgenda'>['items'][number]

/** A draft item as meeting:setAgenda takes it (a new item's title is the service's default). */
export const toInput = (d: DraftItem): AgendaItemInput => ({
  ...(d.id ? { id: d.id, title: d.title } : {}),
  kind: d.kind,
  ...(d.topicId ? { topicId: d.topicId } : {}),
  ...(d.carryOver ? { carryOver: { ...d.carryOver } } : {}),
  minutes: d.minutes,
  ...(d.presenterId ? { presenterId: d.presenterId } : {}),
})

export const draftOf = (m: Meeting): DraftItem[] =>
  agendaInOrder(m.agenda).map((a) => ({
    key: a.id,
    id: a.id,
    kind: a.kind,
    ...(a.topicId ? { topicId: a.topicId } : {}),
    ...(a.carryOver ? { carryOver: { ...a.carryOver } } : {}),
    title: a.title,
    minutes: a.minutes,
    presenterId: a.presenterId ?? '',
  }))

/** The stored agenda as it would be sent: equal strings = the same agenda. */
export const storedPayload = (m: Meeting) => JSON.stringify(draftOf(m).map(toInput))

export interface AgendaDraftOptions {
  /** No edits (no record permission, the meeting ended, the minutes approved): moves do nothing. */
  readonly: Ref<boolean>
  /** The element holding the agenda rows (to keep the focus with a moved item). */
  list: Ref<HTMLElement | null>
  /** After any edit (the form's field messages no longer apply). */
  onEdit: () => void
}

export function useAgendaDraft({ readonly, list, onEdit }: AgendaDraftOptions) {
  const { t } = useI18n()
  const draft = ref<DraftItem[]>([])
  /** The stored agenda the draft started from (as it would be sent). */
  const baseline = ref('')
  /** The last move or addition, in words (a polite live region). */
  const announce = ref('')
  let newSeq = 0

  const dirty = computed(() => JSON.stringify(draft.value.map(toInput)) !== baseline.value)
  const total = computed(() => draft.value.reduce((s, d) => s + (Number(d.minutes) || 0), 0))

  /** Starts the draft over from the stored agenda of `m`. */
  function fill(m: Meeting): void {
    draft.value = draftOf(m)
    baseline.value = storedPayload(m)
    onEdit()
  }

  const said = (title: string, n: number) => (announce.value = t('meeting.moved', { title, n }))

  function addTopic(c: AgendaCandidates['topics'][number]): void {
    draft.value.push({ key: `new-${++newSeq}`, kind: 'topic', topicId: c.topicId, title: c.title, minutes: 15, presenterId: '' })
    said(c.title, draft.value.length)
  }

  function addCarryOver(c: AgendaCandidates['carryOvers'][number]): void {
    // The title the service will store (shared/domain/meeting.ts), shown before the save.
    const title = carryOverTitle(c.title)
    draft.value.push({ key: `new-${++newSeq}`, kind: 'carryOver', carryOver: { meetingId: c.meetingId, itemId: c.itemId }, title, minutes: 5, presenterId: '' })
    said(title, draft.value.length)
  }

  function removeItem(i: number): void {
    draft.value.splice(i, 1)
    onEdit()
  }

  /** Moves item i by delta and keeps the focus with it (on `focusSel` inside its row, else the row). */
  function move(i: number, delta: -1 | 1, focusSel?: string): void {
    const j = i + delta
    if (readonly.value || j < 0 || j >= draft.value.length) return
    const [item] = draft.value.splice(i, 1)
    draft.value.splice(j, 0, item)
    onEdit()
    said(item.title, j + 1)
    void nextTick(() => {
      const row = list.value?.querySelector<HTMLElement>(`li[data-key="${item.key}"]`)
      const target = (focusSel && row?.querySelector<HTMLElement>(`${focusSel}:not([disabled])`)) || row
      target?.focus()
    })
  }

  function onRowKey(e: KeyboardEvent, i: number): void {
    if (!e.altKey || (e.key !== 'ArrowUp' && e.key !== 'ArrowDown')) return
    // The minutes field's own arrows (and a select's list) keep their meaning.
    if ((e.target as HTMLElement).closest('.el-input-number, .el-select')) return
    e.preventDefault()
    move(i, e.key === 'ArrowUp' ? -1 : 1)
  }

  /** After a drag (vue-draggable-plus has already reordered the draft). */
  function onDragEnd(e: { newIndex?: number }): void {
    const at = e.newIndex ?? -1
    const item = draft.value[at]
    if (item) said(item.title, at + 1)
    onEdit()
  }

  return { draft, baseline, announce, dirty, total, fill, addTopic, addCarryOver, removeItem, move, onRowKey, onDragEnd }
}
