// Static files of the built renderer and the one CSP, shared by the app:// protocol (main) and
// the loopback host, so neither transport imports the other.
import { realpath } from 'node:fs/promises'
import { extname, resolve, sep } from 'node:path'

// One Content-Security-Policy for both the app:// protocol and the loopback host.
// Element Plus sets inline style attributes, so styles allow 'unsafe-inline'; scripts never do.
export const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ')

export const SECURITY_HEADERS: Record<string, string> = {
  'content-security-policy': CSP,
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
}

export function contentType(path: string): string {
  return TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream'
}

/**
 * Maps a URL path to a file under root, or null when it would escape root. "/" is index.html.
 */
export function resolveStaticPath(root: string, urlPath: string): string | null {
  let decoded: string
  try {
    decoded = decodeURIComponent(urlPath.split('?')[0].split('#')[0])
  } catch {
    return null
  }
  if (decoded.includes('\0')) return null
  const rel = decoded === '/' || decoded === '' ? 'index.html' : decoded.replace(/^\/+/, '')
  const base = resolve(root)
  const full = resolve(base, rel)
  if (full !== base && !full.startsWith(base + sep)) return null
  return full
}

/**
 * resolveStaticPath, then the real path (symlinks followed): null when the file does not exist or
 * its real path leaves the real static folder (a symlink pointing out of dist-web/).
 */
export async function resolveStaticFile(root: string, urlPath: string): Promise<string | null> {
  const file = resolveStaticPath(root, urlPath)
  if (!file) return null
  try {
    const [realRoot, realFile] = await Promise.all([realpath(root), realpath(file)])
    if (realFile !== realRoot && !realFile.startsWith(realRoot + sep)) return null
    return realFile
  } catch {
    return null
  }
}
