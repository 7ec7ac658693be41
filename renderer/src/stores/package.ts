import { acceptHMRUpdate, defineStore } from 'pinia'
import { ref } from 'vue'
import { PACKAGE_CHUNK_BYTES } from '../../../shared/contract/constants'
import type { InputOf, PackageFile, PackageStatus } from '../../../shared/contract'
import { PACKAGE_MAX_BYTES } from '../../../shared/domain/data-package'
import { toApiError, useApi } from '../api'
import { toBase64 } from '../files'

function randomId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(12))
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')
}

/** Opening or closing a package changes every area at once: start the page again on `path`. */
export function reloadOnto(path: string): void {
  window.location.hash = `#${path}`
  window.location.reload()
}

export type PackageOpenStage = 'idle' | 'uploading' | 'verifying'

/**
 * 数据包: whether a package is open (the banner), exporting one, and opening one (sent in chunks,
 * verified by the backend before anything is loaded). Opening or closing a package changes every
 * area at once: the page reloads, so every store starts again on the data now served.
 */
export const usePackageStore = defineStore('package', () => {
  const status = ref<PackageStatus>({ open: false })
  const stage = ref<PackageOpenStage>('idle')
  const sent = ref(0)
  const size = ref(0)
  const error = ref('')

  async function load(): Promise<void> {
    try {
      status.value = await useApi()['package:status']({})
    } catch {
      status.value = { open: false }
    }
  }

  const exportPackage = (input: InputOf<'package:export'>): Promise<PackageFile> => useApi()['package:export'](input)

  /** Sends the file and opens it; false with `error` set (the backend's reason) when refused. */
  async function openFile(file: File, messages: { tooLarge: string; empty: string }): Promise<boolean> {
    error.value = ''
    if (file.size > PACKAGE_MAX_BYTES) {
      error.value = messages.tooLarge
      return false
    }
    if (file.size === 0) {
      error.value = messages.empty
      return false
    }
    const api = useApi()
    const uploadId = randomId()
    size.value = file.size
    sent.value = 0
    stage.value = 'uploading'
    try {
      for (let offset = 0; offset < file.size; offset += PACKAGE_CHUNK_BYTES) {
        const bytes = new Uint8Array(await file.slice(offset, offset + PACKAGE_CHUNK_BYTES).arrayBuffer())
        await api['package:upload']({ uploadId, size: file.size, offset, data: toBase64(bytes) })
        sent.value = Math.min(file.size, offset + bytes.length)
      }
      stage.value = 'verifying'
      status.value = await api['package:open']({ uploadId })
      return true
    } catch (e) {
      error.value = toApiError(e).message
      return false
    } finally {
      stage.value = 'idle'
    }
  }

  async function close(): Promise<void> {
    status.value = await useApi()['package:close']({})
  }

  return { status, stage, sent, size, error, load, exportPackage, openFile, close }
})

if (import.meta.hot) import.meta.hot.accept(acceptHMRUpdate(usePackageStore, import.meta.hot))
