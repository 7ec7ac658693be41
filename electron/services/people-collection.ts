// The `people` collection (issue 10): the people directory, one file per community,
// people/<communityId>.json, registered through openDatabase({ collections }) by openBackend. The
// phone is personal: encrypted field by field like residents' phones (AES-256-GCM bound to the
// field and the person's id, pii-codec.ts), so live files, temp files and backups never hold it.
import type { CollectionDescriptor, RecordCodec } from '../data'
import { wrapLegacyArray } from '../data'
import { COMMUNITY_ID_RE } from '../data/file-schemas'
import { isEncrypted, type PiiCipher } from '../data/pii-codec'
import { PERSON_PARTIES, type Person } from '../../shared/domain/meeting'

export const PEOPLE_COLLECTION = 'people'
export const PEOPLE_FOLDER = 'people'

/** `<communityId>~ps~<random>`: the community names the file. */
export function makePersonId(communityId: string, random: string): string {
  return `${communityId}~ps~${random}`
}

export function communityOfPersonId(id: string): string | null {
  const m = /^([A-Za-z0-9_-]{1,40})~ps~[A-Za-z0-9_-]{1,20}$/.exec(id)
  return m ? m[1] : null
}

const optionalString = (v: unknown) => v === undefined || typeof v === 'string'

function isPersonRecord(r: unknown): boolean {
  const p = r as Partial<Person> | null
  if (!p || typeof p !== 'object' || typeof p.id !== 'string') return false
  if (communityOfPersonId(p.id) !== p.communityId) return false
  if (typeof p.name !== 'string' || !(PERSON_PARTIES as readonly unknown[]).includes(p.party)) return false
  if (typeof p.active !== 'boolean' || typeof p.createdAt !== 'string' || typeof p.updatedAt !== 'string') return false
  return optionalString(p.phone) && optionalString(p.title) && optionalString(p.unit)
}

const phoneAad = (id: string) => `yishi:v1:personPhone:${id}`

function phoneCodec(cipher: PiiCipher): RecordCodec<Person> {
  return {
    encode(p) {
      return typeof p.phone === 'string' ? { ...p, phone: cipher.encrypt(p.phone, phoneAad(p.id)) } : p
    },
    decode(stored) {
      if (!stored || typeof stored !== 'object') throw new Error('person is not an object')
      const s = stored as Record<string, unknown>
      // A wrong key throws KEY_MISMATCH (an AppError): the file is not quarantined.
      if (isEncrypted(s.phone) && typeof s.id === 'string') return { ...s, phone: cipher.decrypt(s.phone, phoneAad(s.id)) } as unknown as Person
      return s as unknown as Person
    },
  }
}

/** The descriptor, with the codec of the data key (openBackend makes the cipher before the key is zeroed). */
export function createPeopleCollection(cipher: PiiCipher): CollectionDescriptor<Person> {
  return {
    name: PEOPLE_COLLECTION,
    label: '会议人员',
    layout: { folder: PEOPLE_FOLDER },
    partitionOf: (p) => p.communityId,
    partitionOfId: communityOfPersonId,
    isPartition: (p) => COMMUNITY_ID_RE.test(p),
    migrations: [wrapLegacyArray('items')],
    isRecord: isPersonRecord,
    codec: phoneCodec(cipher),
  }
}
