// The check of a demand import, one row at a time as the file is read (import-parse.ts RowSource):
// each row is checked and normalised as it comes (import-rows.ts RowChecker, into one reused
// CheckedRow) and only what the import needs is kept — a few numbers per valid row (ValidRows)
// and an issue per finding — never a table of every row's cells, nor an object per row to map
// and check in later passes. Then repeats within the file (by content) and rows imported before
// (by fingerprint, in the partitions the rows would go to). The preview and the commit both run
// it; a row needed again (a repeat's first row, a fingerprint, the commit's writes) is read again.
import { REQUIRED_IMPORT_FIELDS, type CellValue, type ImportField } from '../../shared/domain/import-mapping'
import type { ImportCounts, ImportIssue, ImportMapping } from '../../shared/contract'
import type { Community, Demand } from '../../shared/domain/entities'
import { monthOfInstant } from '../../shared/domain/month'
import type { BulkDemandInput } from './demand'
import type { RowSource, RowVisitor } from './import-parse'
import { contentHash, fingerprintOf, sameContent } from './import-fingerprint'
import { CheckedRow, communityIndex, demandInputOf, EMPTY_ROW_CONTEXT, RowChecker } from './import-rows'
import { keepShape } from './kept-shapes'

export interface DemandCheck {
  sourceName: string
  mapping: ImportMapping
  missing: ImportField[]
  counts: ImportCounts
  issues: ImportIssue[]
  /** the data rows to write now, in file order, by their index in the source */
  toWrite: number[]
  /** a data row, checked again (the check keeps no row; the same answer as in the check) */
  rowAt(index: number): CheckedRow
}

export interface DemandCheckDeps {
  communities: readonly Community[]
  readPartition(communityId: string, month: string): Promise<readonly Demand[]>
  /** may the operator work in this community (scope) */
  inScope(communityId: string): boolean
  now: Date
  /** the street's time zone (read only when the mapping is complete) */
  timeZone?: () => Promise<string | undefined>
  /** the longest stretch (ms) of checking before other calls are answered */
  sliceMs: number
  /** the check is at row `done` of `total` (at the start, then after each stretch) */
  progress(done: number, total: number): void
}

export const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve))

/** Rows read between looks at the clock. */
const CLOCK_ROWS = 256

/**
 * A pass's pause: a turn of the event loop once `sliceMs` have gone by since the last one (by
 * time, not rows: a row takes a few µs, and each turn may run whatever waits, GC work included).
 */
function slicer(sliceMs: number, onTurn?: (done: number) => void): (done: number) => Promise<void> | undefined {
  let last = performance.now()
  return (done) => {
    if (performance.now() - last < sliceMs) return undefined
    onTurn?.(done)
    return yieldToLoop().then(() => {
      last = performance.now()
    })
  }
}

/** Required fields the mapping leaves without a column (channel and category may have one value for the file). */
export function missingDemandFields(mapping: ImportMapping): ImportField[] {
  return REQUIRED_IMPORT_FIELDS.filter(
    (f) => mapping.columns[f] === undefined && !(f === 'channel' && mapping.defaults.channel) && !(f === 'category' && mapping.defaults.category),
  )
}

/**
 * The valid rows of a check, as numbers only: each row's index in the source, its content hash
 * (contentHash, as a small integer), instant and community. A repeat within the file has the same
 * hash as an earlier row, and the same content (sameContent, on the earlier row read again). The
 * rows are found by hash in a flat open-addressing table (index + 1; 0: free): a Map entry or a
 * kept object per row cost as much as checking the row.
 */
class ValidRows {
  readonly index: number[] = []
  readonly ms: number[] = []
  readonly community: string[] = []
  private readonly keys: number[] = []
  private slots = new Int32Array(1024)

  constructor(private readonly rows: RowsAgain) {}

  /** The earlier row with the same content as `r` (the row at `index`); none: `r` is new, and kept. */
  firstOf(r: CheckedRow, index: number): CheckedRow | undefined {
    const key = contentHash(r, r.ms, r.codes) & 0x3fffffff
    const mask = this.slots.length - 1
    let at = key & mask
    for (let slot = this.slots[at]; slot !== 0; slot = this.slots[(at = (at + 1) & mask)]) {
      if (this.keys[slot - 1] !== key) continue
      const earlier = this.rows.at(this.index[slot - 1])
      if (sameContent(earlier, r)) return earlier
    }
    this.index.push(index)
    this.ms.push(r.ms)
    this.community.push(r.communityId)
    this.keys.push(key)
    this.slots[at] = this.index.length
    if (this.index.length * 2 > this.slots.length) this.grow()
    return undefined
  }

  private grow(): void {
    const slots = new Int32Array(this.slots.length * 2)
    const mask = slots.length - 1
    for (let i = 0; i < this.keys.length; i++) {
      let at = this.keys[i] & mask
      while (slots[at] !== 0) at = (at + 1) & mask
      slots[at] = i + 1
    }
    this.slots = slots
  }
}

/** A data row read again and checked again, with the same checker: the same answer, its findings dropped. */
class RowsAgain {
  constructor(
    private readonly source: RowSource,
    private readonly checker: RowChecker,
  ) {}

  at(index: number): CheckedRow {
    const { row, cells } = this.source.rowAt(index)
    const r = this.checker.check(row, cells, [])
    if (!r) throw new Error(`import: row ${row} no longer checks`)
    return r
  }
}

/** The check's pass over the rows: each row checked into one reused CheckedRow, counted, and kept as numbers (ValidRows). */
class CheckPass implements RowVisitor {
  private readonly scratch = new CheckedRow()

  constructor(
    private readonly checker: RowChecker,
    private readonly valid: ValidRows,
    private readonly counts: ImportCounts,
    private readonly issues: ImportIssue[],
  ) {}

  visit(row: number, cells: readonly CellValue[], index: number): void {
    const { issues, counts } = this
    const before = issues.length
    const r = this.checker.check(row, cells, issues, this.scratch)
    for (let i = before; i < issues.length; i++) if (issues[i].level === 'warning') counts.flagged++
    if (!r) {
      counts.invalid++
      return
    }
    const first = this.valid.firstOf(r, index)
    if (first) {
      counts.duplicates++
      issues.push({ row, column: '', level: 'warning', message: `与第 ${first.row} 行内容相同，只导入一次` })
    }
  }
}

// one of each, for their layouts (kept-shapes.ts)
{
  const checker = new RowChecker(EMPTY_ROW_CONTEXT)
  const again = keepShape(new RowsAgain(undefined as unknown as RowSource, checker))
  const valid = keepShape(new ValidRows(again))
  keepShape(new CheckPass(checker, valid, { rows: 0, valid: 0, invalid: 0, duplicates: 0, alreadyImported: 0, flagged: 0 }, []))
}

export async function checkDemandRows(source: RowSource, sourceName: string, mapping: ImportMapping, deps: DemandCheckDeps): Promise<DemandCheck> {
  const missing = missingDemandFields(mapping)
  const counts: ImportCounts = { rows: source.rowCount, valid: 0, invalid: 0, duplicates: 0, alreadyImported: 0, flagged: 0 }
  const issues: ImportIssue[] = []
  const toWrite: number[] = []
  const tz = missing.length ? undefined : ((await deps.timeZone?.()) ?? undefined)
  const checker = new RowChecker({
    timeZone: tz,
    mapping,
    headers: source.headers,
    communities: communityIndex(deps.communities),
    inScope: deps.inScope,
    now: deps.now,
    sourceName,
  })
  const again = new RowsAgain(source, checker)
  const rowAt = (index: number) => again.at(index)
  const result: DemandCheck = { sourceName, mapping, missing, counts, issues, toWrite, rowAt }
  if (missing.length) return result

  const total = source.rowCount
  deps.progress(0, total)
  const valid = new ValidRows(again)
  await source.eachRow(
    new CheckPass(checker, valid, counts, issues),
    CLOCK_ROWS,
    slicer(deps.sliceMs, (done) => deps.progress(done, total)),
    Object.values(mapping.columns),
  )

  // Rows imported before: a demand with the same fingerprint has the same community and
  // received time, so it is in the partition the row would go to. Read each such partition once.
  const seen = new Map<string, Map<string, Set<string>>>()
  for (let i = 0; i < valid.index.length; i++) {
    const communityId = valid.community[i]
    const month = monthOfInstant(valid.ms[i], tz)
    let months = seen.get(communityId)
    if (!months) seen.set(communityId, (months = new Map()))
    let set = months.get(month)
    if (!set) {
      set = new Set()
      for (const d of await deps.readPartition(communityId, month)) {
        const fp = d.importFingerprint
        if (fp) set.add(fp)
      }
      months.set(month, set)
    }
    // a partition with no imported demand needs no fingerprint (nor the row read again)
    const index = valid.index[i]
    if (set.size) {
      const r = again.at(index)
      if (set.has(fingerprintOf(r, sourceName))) {
        counts.alreadyImported++
        issues.push({ row: r.row, column: '', level: 'warning', message: `此行已于之前从“${sourceName}”导入，不再重复导入` })
        continue
      }
    }
    toWrite.push(index)
  }
  counts.valid = toWrite.length
  issues.sort((a, b) => a.row - b.row || (a.level === b.level ? 0 : a.level === 'error' ? -1 : 1))
  return result
}

/** What the demand service's bulk path writes for a check: every row to write, read again and fingerprinted. */
export function demandsToWrite(c: DemandCheck): BulkDemandInput[] {
  return c.toWrite.map((index) => {
    const r = c.rowAt(index)
    return { ...demandInputOf(r), fingerprint: fingerprintOf(r, c.sourceName), source: c.sourceName }
  })
}

/**
 * The cells of the given rows, read again from the file: the report shows every finding with its
 * row, and the check keeps no row's cells.
 */
export async function cellsOfRows(source: RowSource, rows: Iterable<number>, sliceMs: number): Promise<Map<number, readonly CellValue[]>> {
  const wanted = new Set(rows)
  const out = new Map<number, readonly CellValue[]>()
  if (!wanted.size) return out
  await source.eachRow(
    {
      visit(row, cells) {
        if (wanted.has(row)) out.set(row, cells)
      },
    },
    CLOCK_ROWS,
    slicer(sliceMs),
  )
  return out
}
