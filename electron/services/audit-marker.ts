// `audit/keyed.json`: written once when the audit log is first opened with the data key (issue 8).
// Until then a log without an anchor is adopted (its plain-sha256 entries stay a valid prefix and
// it is anchored); once the marker exists, a missing anchor is reported as tampering.
import { mkdir, readFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { nodeFs, writeFileDurable } from '../data'
import { toLocalIso } from '../../shared/domain/month'
import { AUDIT_DIR, AUDIT_FILE, entryHash, type AuditRecord } from './audit'

export function auditMarkerFile(dataDir: string): string {
  return join(dataDir, AUDIT_DIR, 'keyed.json')
}

export async function readKeyedMarker(file: string): Promise<boolean> {
  try {
    await readFile(file)
    return true
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false
    throw err
  }
}

export async function writeKeyedMarker(file: string, at: Date): Promise<void> {
  await mkdir(dirname(file), { recursive: true })
  await writeFileDurable(nodeFs, file, JSON.stringify({ format: 'yishi-audit-keyed', version: 1, since: toLocalIso(at) }))
}

/**
 * Whether the log already holds an entry chained with the key: such a log was written after the
 * anchor existed, so it is never adopted again (deleting the marker does not reopen adoption).
 */
export async function hasKeyedEntries(dataDir: string, hmacKey: Buffer): Promise<boolean> {
  let text: string
  try {
    text = await readFile(join(dataDir, AUDIT_DIR, AUDIT_FILE), 'utf8')
  } catch {
    return false
  }
  for (const line of text.split('\n')) {
    if (!line) continue
    try {
      const entry = JSON.parse(line) as AuditRecord
      if (typeof entry?.hash === 'string' && entry.hash === entryHash(entry, hmacKey)) return true
    } catch {
      // unreadable lines are the verifier's business
    }
  }
  return false
}
