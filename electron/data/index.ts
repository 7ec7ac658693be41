// The data layer: a storage engine of partitioned JSON files with durable writes (temp file,
// fsync, rename, fsync folder; see durable-file.ts; lowdb's own adapters are not used) and the
// collections registered on it. openDatabase() is the entry point; database.ts has the Database
// facade, collection.ts the descriptor and the generic Collection API.
export {
  openDatabase,
  identityCodec,
  type ChangeEvent,
  type Database,
  type DemandCodec,
  type OpenDatabaseOptions,
  type RetentionPlan,
} from './database'
export type { Collection, CollectionDescriptor, RecordCodec, StoredRecord, Unsaved, WriteOptions } from './collection'
export { addRevisions, wrapLegacyArray, type MigrationStep } from './migrations'
export { DurableJsonFile, writeFileDurable, readJsonStrict, CorruptFileError } from './durable-file'
export { DIR_MODE, FILE_MODE, nodeFs, type FsOps, type FileStat } from './fs-ops'
export { makeDemandId, parseDemandId, partitionRel } from './paths'
export { COMMUNITY_ID_RE } from './file-schemas'
