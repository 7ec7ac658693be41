// The data layer: a partitioned lowdb-style JSON store with durable writes.
// openDatabase() is the entry point; see database.ts for the Database interface.
export { openDatabase, identityCodec, type Database, type DemandCodec, type OpenDatabaseOptions } from './database'
export { DurableJsonFile, writeFileDurable, readJsonStrict, CorruptFileError } from './durable-file'
export { nodeFs, type FsOps, type FileStat } from './fs-ops'
export { makeDemandId, parseDemandId, partitionRel } from './paths'
export { COMMUNITY_ID_RE } from './file-schemas'
