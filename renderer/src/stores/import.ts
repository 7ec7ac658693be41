import { acceptHMRUpdate, defineStore } from 'pinia'
import { computed, ref } from 'vue'
import {
  IMPORT_CHUNK_BYTES,
  IMPORT_MAX_BYTES,
  type ImportKind,
  type ImportMapping,
  type ImportPreview,
  type ImportProgress,
  type ImportResult,
} from '../../../shared/contract'
import { toApiError, useApi } from '../api'
import { downloadFile, toBase64 } from '../files'

// 表格导入: one import at a time per window. The file goes to the backend in chunks (the loopback
// host takes 2 MiB per request), the backend parses and checks it and keeps it under an upload
// id; this store follows it through preview and commit by polling import:progress, so the page
// shows a real progress bar and stays responsive while thousands of rows are checked or written.

export type ImportStage = 'idle' | 'uploading' | 'checking' | 'preview' | 'writing' | 'done'

const POLL_MS = 200


export const useImportStore = defineStore('import', () => {
  const stage = ref<ImportStage>('idle')
  /** what the next file holds: demands or communities (kept across resets: the picker's choice) */
  const kind = ref<ImportKind>('demand')
  const fileName = ref('')
  const uploadId = ref('')
  const sent = ref(0)
  const size = ref(0)
  const progress = ref<ImportProgress | null>(null)
  const preview = ref<ImportPreview | null>(null)
  const result = ref<ImportResult | null>(null)
  const error = ref('')
  let polling: ReturnType<typeof setTimeout> | null = null

  /** 0–100 for the progress bar of the current stage. */
  const percent = computed(() => {
    if (stage.value === 'uploading') return size.value ? Math.round((sent.value / size.value) * 100) : 0
    const p = progress.value
    if (!p || !p.total) return 0
    return Math.min(100, Math.round((p.done / p.total) * 100))
  })

  function stopPolling(): void {
    if (polling !== null) clearTimeout(polling)
    polling = null
  }

  function poll(onTick?: (p: ImportProgress) => boolean): void {
    stopPolling()
    const tick = async () => {
      try {
        const p = await useApi()['import:progress']({ uploadId: uploadId.value })
        progress.value = p
        if (onTick && !onTick(p)) return
      } catch {
        // the call that started the work reports its own failure
      }
      polling = setTimeout(() => void tick(), POLL_MS)
    }
    polling = setTimeout(() => void tick(), POLL_MS)
  }

  function reset(): void {
    stopPolling()
    if (uploadId.value && stage.value !== 'writing') void useApi()['import:cancel']({ uploadId: uploadId.value }).catch(() => undefined)
    stage.value = 'idle'
    fileName.value = ''
    uploadId.value = ''
    sent.value = 0
    size.value = 0
    progress.value = null
    preview.value = null
    result.value = null
    error.value = ''
  }

  /** Sends the file and shows the first check. Size limits are checked before anything is sent. */
  async function choose(file: File, messages: { tooLarge: string; empty: string }): Promise<void> {
    reset()
    if (file.size > IMPORT_MAX_BYTES) {
      error.value = messages.tooLarge
      return
    }
    if (file.size === 0) {
      error.value = messages.empty
      return
    }
    fileName.value = file.name
    size.value = file.size
    stage.value = 'uploading'
    try {
      const api = useApi()
      const started = await api['import:start']({ kind: kind.value, fileName: file.name, size: file.size })
      uploadId.value = started.uploadId
      const step = Math.min(started.chunkBytes, IMPORT_CHUNK_BYTES)
      for (let offset = 0; offset < file.size; offset += step) {
        const bytes = new Uint8Array(await file.slice(offset, offset + step).arrayBuffer())
        await api['import:chunk']({ uploadId: started.uploadId, offset, data: toBase64(bytes) })
        sent.value = Math.min(file.size, offset + bytes.length)
      }
      await check()
    } catch (e) {
      stopPolling()
      stage.value = 'idle'
      error.value = toApiError(e).message
    }
  }

  /** Checks every row with this source and mapping (the first time: the remembered or suggested one). */
  async function check(sourceName?: string, mapping?: ImportMapping): Promise<void> {
    stage.value = 'checking'
    error.value = ''
    progress.value = null
    poll()
    try {
      const input: { uploadId: string; sourceName?: string; mapping?: ImportMapping } = { uploadId: uploadId.value }
      if (sourceName) input.sourceName = sourceName
      if (mapping) input.mapping = mapping
      preview.value = await useApi()['import:preview'](input)
      stage.value = 'preview'
    } catch (e) {
      error.value = toApiError(e).message
      stage.value = preview.value ? 'preview' : 'idle'
    } finally {
      stopPolling()
    }
  }

  /** Writes the valid rows (all or none) and follows the job to its end. */
  async function commit(sourceName: string, mapping: ImportMapping): Promise<void> {
    error.value = ''
    try {
      progress.value = await useApi()['import:commit']({ uploadId: uploadId.value, sourceName, mapping })
    } catch (e) {
      error.value = toApiError(e).message
      return
    }
    stage.value = 'writing'
    await new Promise<void>((resolve) => {
      poll((p) => {
        if (p.phase === 'done') {
          result.value = p.result ?? null
          stage.value = 'done'
          resolve()
          return false
        }
        if (p.phase === 'failed') {
          error.value = p.message ?? ''
          stage.value = 'preview'
          resolve()
          return false
        }
        return true
      })
    })
  }

  /** The bad-row report as a file download. */
  async function downloadReport(format: 'xlsx' | 'csv'): Promise<void> {
    try {
      downloadFile(await useApi()['import:report']({ uploadId: uploadId.value, format }))
    } catch (e) {
      error.value = toApiError(e).message
    }
  }

  return { stage, kind, fileName, uploadId, sent, size, progress, preview, result, error, percent, choose, check, commit, downloadReport, reset }
})

if (import.meta.hot) import.meta.hot.accept(acceptHMRUpdate(useImportStore, import.meta.hot))
