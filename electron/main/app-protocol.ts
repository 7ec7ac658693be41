import { protocol } from 'electron'
import { readFile } from 'node:fs/promises'
import { SECURITY_HEADERS, contentType, resolveStaticPath } from '../api/static-files'
import { APP_HOST, APP_SCHEME } from './security'

/** Must run before app 'ready'. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ])
}

/** Serves the built renderer from app://yishi/ instead of file://, with the app's CSP. */
export function serveRenderer(rootDir: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url)
    const file = url.host === APP_HOST ? resolveStaticPath(rootDir, url.pathname) : null
    const data = file ? await readFile(file).catch(() => null) : null
    if (!file || !data) return new Response('未找到', { status: 404, headers: SECURITY_HEADERS })
    return new Response(new Uint8Array(data), {
      status: 200,
      headers: { 'content-type': contentType(file), ...SECURITY_HEADERS },
    })
  })
}
