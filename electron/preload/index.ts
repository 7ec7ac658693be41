// Exposes one function per contract channel on window.yishi and one event subscription on
// window.yishiEvents, nothing else: no raw ipcRenderer, no event objects, no Node. Imports only
// the zod-free channel list (the sandboxed preload stays small).
import { contextBridge, ipcRenderer } from 'electron'
import { CHANGED_EVENT, CHANNEL_NAMES } from '../../shared/contract/channels'

const api: Record<string, (payload: unknown) => Promise<unknown>> = {}
for (const channel of CHANNEL_NAMES) {
  api[channel] = (payload: unknown) => ipcRenderer.invoke(channel, payload)
}

contextBridge.exposeInMainWorld('yishi', Object.freeze(api))

contextBridge.exposeInMainWorld(
  'yishiEvents',
  Object.freeze({
    /** Calls `listener({area, ids})` after every change in the backend; returns the unsubscribe. */
    onChanged(listener: (event: unknown) => void): () => void {
      if (typeof listener !== 'function') throw new TypeError('listener must be a function')
      const forward = (_event: unknown, payload: unknown) => listener(payload)
      ipcRenderer.on(CHANGED_EVENT, forward)
      return () => void ipcRenderer.removeListener(CHANGED_EVENT, forward)
    },
  }),
)
