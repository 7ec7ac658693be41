// Exposes one function per contract channel and nothing else: no raw ipcRenderer, no Node.
import { contextBridge, ipcRenderer } from 'electron'
import { CHANNELS } from '../../shared/contract'

const api: Record<string, (payload: unknown) => Promise<unknown>> = {}
for (const channel of CHANNELS) {
  api[channel] = (payload: unknown) => ipcRenderer.invoke(channel, payload)
}

contextBridge.exposeInMainWorld('yishi', Object.freeze(api))
