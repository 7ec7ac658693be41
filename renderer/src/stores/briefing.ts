import { acceptHMRUpdate, defineStore } from 'pinia'
import { ref } from 'vue'
import type { InputOf } from '../../../shared/contract'
import { isApiError, useApi } from '../api'
import { downloadFile, printInPage } from '../files'

/** What the pack shows: the dashboard's selection and how its trend is drawn (briefing:pack without the format). */
export type BriefingRequest = Omit<InputOf<'briefing:pack'>, 'format'>

export interface BriefingSaved {
  fileName: string
  /** No printer here (the preview): the zh-CN refusal; the pack was opened in a page to print instead. */
  noPrinter?: string
  /** …and the browser refused that page. */
  blocked?: boolean
}

/**
 * The briefing pack (issue 12, item 5): the backend makes the file (briefing:pack), the browser
 * saves it as a download. PDF where the app has a printer (Electron); elsewhere the backend
 * refuses it and the pack opens in a page of its own to print there, as the minutes' PDF does.
 */
export const useBriefingStore = defineStore('briefing', () => {
  /** The format being made, or null. */
  const busy = ref<'html' | 'pdf' | null>(null)

  async function save(request: BriefingRequest, format: 'html' | 'pdf'): Promise<BriefingSaved> {
    busy.value = format
    try {
      if (format === 'html') {
        const file = await useApi()['briefing:pack']({ ...request, format })
        downloadFile(file)
        return { fileName: file.fileName }
      }
      let refusal: string
      try {
        const file = await useApi()['briefing:pack']({ ...request, format: 'pdf' })
        downloadFile(file)
        return { fileName: file.fileName }
      } catch (e) {
        if (!(isApiError(e) && e.code === 'VALIDATION' && e.fields && 'format' in e.fields)) throw e
        refusal = e.message
      }
      const html = await useApi()['briefing:pack']({ ...request, format: 'html' })
      const opened = printInPage(html)
      return { fileName: html.fileName, noPrinter: refusal, blocked: !opened }
    } finally {
      busy.value = null
    }
  }

  return { busy, save }
})

if (import.meta.hot) import.meta.hot.accept(acceptHMRUpdate(useBriefingStore, import.meta.hot))
