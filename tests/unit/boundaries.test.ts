import { describe, expect, it } from 'vitest'
import { ESLint } from 'eslint'

// The import boundaries of DESIGN.md are lint rules; prove the rules bite.
const eslint = new ESLint({ cwd: process.cwd() })

async function restrictedImports(filePath: string, code: string): Promise<number> {
  const [result] = await eslint.lintText(code, { filePath })
  return result.messages.filter((m) => m.ruleId === 'no-restricted-imports').length
}

describe('import boundaries', () => {
  it('keeps shared/ free of Node, Electron and both sides', async () => {
    expect(await restrictedImports('shared/domain/probe.ts', "import { a } from '../../electron/services/types'\nexport { a }\n")).toBe(1)
    expect(await restrictedImports('shared/domain/probe.ts', "import { a } from '../../renderer/src/api'\nexport { a }\n")).toBe(1)
    expect(await restrictedImports('shared/domain/probe.ts', "import fs from 'node:fs'\nexport { fs }\n")).toBe(1)
    expect(await restrictedImports('shared/domain/probe.ts', "import { app } from 'electron'\nexport { app }\n")).toBe(1)
    expect(await restrictedImports('shared/domain/probe.ts', "import { z } from 'zod'\nexport { z }\n")).toBe(0)
  })

  it('lets the renderer import only shared/ and its own files', async () => {
    expect(await restrictedImports('renderer/src/probe.ts', "import { a } from '../../electron/data'\nexport { a }\n")).toBe(1)
    expect(await restrictedImports('renderer/src/probe.ts', "import { ipcRenderer } from 'electron'\nexport { ipcRenderer }\n")).toBe(1)
    expect(await restrictedImports('renderer/src/probe.ts', "import path from 'node:path'\nexport { path }\n")).toBe(1)
    expect(await restrictedImports('renderer/src/probe.ts', "import { contract } from '../../shared/contract'\nexport { contract }\n")).toBe(0)
  })

  it('keeps services and data Electron-free', async () => {
    expect(await restrictedImports('electron/services/probe.ts', "import { app } from 'electron'\nexport { app }\n")).toBe(1)
    expect(await restrictedImports('electron/data/probe.ts', "import { safeStorage } from 'electron'\nexport { safeStorage }\n")).toBe(1)
    expect(await restrictedImports('electron/main/probe.ts', "import { app } from 'electron'\nexport { app }\n")).toBe(0)
  })
})
