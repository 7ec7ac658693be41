import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import {
  onWillAttachWebview,
  onWillNavigate,
  permissionCheckHandler,
  permissionRequestHandler,
  windowOpenHandler,
} from '../../electron/main/security'

// The handlers Electron main installs (electron/main/index.ts), exercised with fake events:
// Electron itself cannot run in these tests.

function fakeEvent() {
  const event = { prevented: false, preventDefault: () => void (event.prevented = true) }
  return event
}

describe('navigation', () => {
  it('prevents navigation to a foreign URL', () => {
    for (const url of ['https://evil.example/', 'http://127.0.0.1:9999/', 'file:///etc/passwd', 'app://other/index.html', 'javascript:alert(1)', '']) {
      const event = fakeEvent()
      expect(onWillNavigate(event, url)).toBe(false)
      expect(event.prevented, url).toBe(true)
    }
  })

  it('allows same-app navigation such as a hash route', () => {
    for (const url of ['app://yishi/index.html#/collect', 'app://yishi/index.html', 'app://yishi/#/dashboard']) {
      const event = fakeEvent()
      expect(onWillNavigate(event, url)).toBe(true)
      expect(event.prevented, url).toBe(false)
    }
  })

  it('allows the dev server only when it is the given dev origin', () => {
    const event = fakeEvent()
    expect(onWillNavigate(event, 'http://localhost:5173/#/x', 'http://localhost:5173')).toBe(true)
    expect(event.prevented).toBe(false)
    const other = fakeEvent()
    expect(onWillNavigate(other, 'http://localhost:5173/#/x')).toBe(false)
    expect(other.prevented).toBe(true)
  })

  it('prevents <webview> attachment', () => {
    const event = fakeEvent()
    onWillAttachWebview(event)
    expect(event.prevented).toBe(true)
  })
})

describe('window.open and permissions', () => {
  it('denies window.open', () => {
    expect(windowOpenHandler()).toEqual({ action: 'deny' })
  })

  it('denies every permission request', () => {
    const permissions = ['media', 'geolocation', 'notifications', 'midi', 'clipboard-read', 'clipboard-sanitized-write', 'fullscreen', 'openExternal', 'pointerLock', 'display-capture', 'unknown']
    for (const permission of permissions) {
      const answers: boolean[] = []
      permissionRequestHandler({}, permission, (granted) => answers.push(granted))
      expect(answers, permission).toEqual([false])
    }
    expect(permissionCheckHandler()).toBe(false)
  })
})

describe('electron-builder fuses', () => {
  /** The `electronFuses:` block of electron-builder.yml, as key -> value (simple line parsing). */
  function fuses(): Record<string, string> {
    const lines = readFileSync(resolve(import.meta.dirname, '../../electron-builder.yml'), 'utf8').split(/\r?\n/)
    const start = lines.findIndex((l) => /^electronFuses:\s*$/.test(l))
    expect(start, 'electronFuses block').toBeGreaterThanOrEqual(0)
    const out: Record<string, string> = {}
    for (const line of lines.slice(start + 1)) {
      if (/^\S/.test(line)) break
      const m = /^\s+([A-Za-z]+):\s*([^#\s]+)\s*(#.*)?$/.exec(line)
      if (m) out[m[1]] = m[2]
    }
    return out
  }

  it('sets every hardening fuse', () => {
    expect(fuses()).toMatchObject({
      runAsNode: 'false',
      enableNodeOptionsEnvironmentVariable: 'false',
      enableNodeCliInspectArguments: 'false',
      enableEmbeddedAsarIntegrityValidation: 'true',
      onlyLoadAppFromAsar: 'true',
      enableCookieEncryption: 'true',
      grantFileProtocolExtraPrivileges: 'false',
    })
  })

  it('packs the app into an asar (the integrity fuses need it)', () => {
    const yml = readFileSync(resolve(import.meta.dirname, '../../electron-builder.yml'), 'utf8')
    expect(yml).toMatch(/^asar:\s*true\s*$/m)
  })
})
