// `npm run preview:web`: the real renderer and the real backend in any browser, on loopback.
// Usage: tsx electron/host/cli.ts [--data-dir DIR] [--port N] [--static DIR]
import { resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { openBackend } from '../api/backend'
import { devKeyFile, loadOrCreateDataKey, plainWrapper } from '../api/key-store'
import { fileAnchorStore } from '../services/audit'
import { jsonFileSettingsStore } from '../services/settings'
import { startHost } from './server'

const { values } = parseArgs({
  options: {
    'data-dir': { type: 'string', default: '.yishi-data' },
    port: { type: 'string', default: '5870' },
    static: { type: 'string', default: 'dist-web' },
  },
})

const dataDir = resolve(values['data-dir'])
// The preview host has no OS keyring: its data key sits in the clear beside the data folder.
const keyFile = devKeyFile(dataDir)
// Refuses (CONFLICT) while another app window or host holds the folder's lock (yishi.lock).
const backend = await openBackend({
  dataDir,
  key: async () => {
    const loaded = await loadOrCreateDataKey(keyFile, plainWrapper)
    console.warn(`警告 / WARNING: 预览用数据密钥未受保护 (key NOT protected): ${keyFile}`)
    return loaded
  },
  settings: jsonFileSettingsStore(`${dataDir}.settings.json`),
  // The audit chain's head beside the (unprotected) dev key file, outside the data folder.
  auditAnchor: (hmacKey) => fileAnchorStore(`${dataDir}.audit-head.json`, hmacKey),
}).catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err)
  process.exit(1)
})
const host = await startHost({
  handlers: backend.handlers,
  events: backend,
  staticDir: resolve(values.static),
  port: Number(values.port),
  log: (err) => console.error(err),
  onSessionEnd: (key) => backend.operators.forget(key),
})

console.log(`议事台 preview: ${host.url}  (data: ${dataDir})`)
console.log('Ctrl+C 退出 / to stop')

let closing = false
async function shutdown() {
  if (closing) return
  closing = true
  await host.close()
  await backend.close()
  process.exit(0)
}
process.on('SIGINT', shutdown)
process.on('SIGTERM', shutdown)
