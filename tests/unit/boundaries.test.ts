import { beforeAll, describe, expect, it } from 'vitest'
import { ESLint } from 'eslint'

// The layers of docs/architecture.md are an allow-table lint rule (eslint.config.js); prove that
// each rule bites on an import that breaks a layer, and lets the allowed ones through.
const eslint = new ESLint({ cwd: process.cwd() })

async function restrictedImports(filePath: string, from: string): Promise<number> {
  const code = `import * as probe from '${from}'\nexport { probe }\n`
  const [result] = await eslint.lintText(code, { filePath })
  return result.messages.filter((m) => m.ruleId === 'no-restricted-imports').length
}

const refused = (file: string, from: string) => [file, from, 1] as const
const allowed = (file: string, from: string) => [file, from, 0] as const

describe('layer allow-table', () => {
  // Loading the config and the TypeScript parser takes a few seconds once.
  beforeAll(() => restrictedImports('shared/domain/probe.ts', 'zod'), 60_000)

  it.each([
    // shared ← nothing: no Node, no Electron, neither side
    refused('shared/domain/probe.ts', '../../electron/services/types'),
    refused('shared/domain/probe.ts', '../../renderer/src/api'),
    refused('shared/domain/probe.ts', 'node:fs'),
    refused('shared/domain/probe.ts', 'electron'),
    allowed('shared/domain/probe.ts', 'zod'),
    // data ← shared
    refused('electron/data/probe.ts', '../services/audit'),
    refused('electron/data/probe.ts', '../api/backend'),
    refused('electron/data/probe.ts', 'electron'),
    allowed('electron/data/probe.ts', '../../shared/contract/errors'),
    allowed('electron/data/probe.ts', 'node:fs'),
    // services ← data, shared
    refused('electron/services/probe.ts', '../api/handlers'),
    refused('electron/services/probe.ts', '../main/settings'),
    refused('electron/services/probe.ts', 'electron'),
    allowed('electron/services/probe.ts', '../data'),
    // api ← services, data, shared
    refused('electron/api/probe.ts', '../main/security'),
    refused('electron/api/probe.ts', '../host/server'),
    refused('electron/api/probe.ts', 'electron'),
    allowed('electron/api/probe.ts', '../services'),
    allowed('electron/api/probe.ts', '../data'),
    // host ← api and below, never main, never Electron
    refused('electron/host/probe.ts', '../main/key-store'),
    refused('electron/host/probe.ts', '../../electron/main/security'),
    refused('electron/host/probe.ts', 'electron'),
    allowed('electron/host/probe.ts', '../api/backend'),
    // main ← api and below, never host; its Node-tested parts stay Electron-free
    refused('electron/main/probe.ts', '../host/static'),
    refused('electron/main/ipc/probe.ts', '../../host/server'),
    refused('electron/main/ipc/probe.ts', 'electron'),
    allowed('electron/main/probe.ts', 'electron'),
    allowed('electron/main/probe.ts', '../api/backend'),
    // preload ← electron and the zod-free channel list only
    refused('electron/preload/probe.ts', '../../shared/contract'),
    refused('electron/preload/probe.ts', 'zod'),
    allowed('electron/preload/probe.ts', '../../shared/contract/channels'),
    allowed('electron/preload/probe.ts', 'electron'),
    // renderer ← shared
    refused('renderer/src/probe.ts', '../../electron/data'),
    refused('renderer/src/probe.ts', '../../electron/api/events'),
    refused('renderer/src/probe.ts', 'electron'),
    refused('renderer/src/probe.ts', 'node:path'),
    allowed('renderer/src/probe.ts', '../../shared/contract'),
  ])('%s importing %s: %i finding(s)', async (file, from, expected) => {
    expect(await restrictedImports(file, from)).toBe(expected)
  })
})

describe('test-only switches stay in tests', () => {
  it('devAutoSignIn is never set by the app (electron/main) or the preview host (electron/host)', async () => {
    const { readdir, readFile } = await import('node:fs/promises')
    const { join } = await import('node:path')
    const offenders: string[] = []
    const walk = async (dir: string): Promise<void> => {
      for (const entry of await readdir(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name)
        if (entry.isDirectory()) await walk(path)
        else if (/\.(ts|js|mjs)$/.test(entry.name) && (await readFile(path, 'utf8')).includes('devAutoSignIn')) offenders.push(path)
      }
    }
    await walk('electron/main')
    await walk('electron/host')
    await walk('electron/preload')
    expect(offenders).toEqual([])
  })
})
