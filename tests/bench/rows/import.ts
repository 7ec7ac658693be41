import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import ExcelJS from 'exceljs'
import Papa from 'papaparse'
import { openDatabase } from '../../../electron/data'
import { createServices } from '../../../electron/services'
import { importMappingsCollection } from '../../../electron/services/import-mappings'
import { SAMPLE_COMMUNITIES } from '../../../electron/services/sample-street'
import { IMPORT_CHUNK_BYTES } from '../../../shared/contract'
import { memoryAuditLogForTests } from '../../helpers/audit-log'
import { encodeGbk } from '../../helpers/gbk'
import { mulberry32 as rng } from '../../../electron/services/sample-street'
import { collectGarbage, figure, type BenchRow, type Figure } from '../harness'

// Spreadsheet import of 10,000 rows (issue 9): ours = the service path from the uploaded bytes to
// the checked preview (chunks decoded, encoding detected, parsed, every row mapped and checked
// with the demand:create schema, fingerprinted, earlier imports looked up in the partitions);
// the floor = the bare parse of the same bytes by the same library (exceljs load; gb18030 decode
// + papaparse). Target ≤ 2× the floor. The durable write of the rows is a separate, info figure.

export const IMPORT_ROWS = 10_000

const HEADER = ['序号', '受理时间', '所属社区', '小区', '来源渠道', '问题分类', '市民姓名', '来电号码', '住址', '工单内容']
const CHANNELS = ['12345', '热线', '微信群', '网格员', '信访']
const CATEGORIES = ['环境卫生', '物业管理', '停车', '设施维修', '邻里纠纷', '噪音扰民']
const NAMES = ['王芳', '李强', '张秀英', '刘洋', '陈静', '杨磊', '赵敏', '黄伟']
const TEXTS = ['楼道灯不亮，夜间出行不便', '小区垃圾清运不及时，气味很大', '地下车库积水，车辆无法进出', '楼上装修噪音扰民，周末一早就开始', '电梯经常停运，老人上下楼困难']

/** Deterministic rows as a 12345 export has them: dates as text, phones with spaces, a few bad rows. */
export function importRows(n = IMPORT_ROWS, seed = 9): Array<Array<string | number>> {
  const random = rng(seed)
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)]
  const rows: Array<Array<string | number>> = [HEADER]
  for (let i = 1; i <= n; i++) {
    const c = pick(SAMPLE_COMMUNITIES)
    const compound = c.compounds.length && random() < 0.7 ? pick(c.compounds).name : ''
    const day = 1 + Math.floor(random() * 28)
    const month = 1 + Math.floor(random() * 12)
    const phone = random() < 0.85 ? `138 ${String(Math.floor(random() * 1e4)).padStart(4, '0')} ${String(Math.floor(random() * 1e4)).padStart(4, '0')}` : ''
    rows.push([
      i,
      random() < 0.5 ? `2025/${month}/${day} ${8 + Math.floor(random() * 10)}:${String(Math.floor(random() * 60)).padStart(2, '0')}` : `2025年${month}月${day}日`,
      random() < 0.01 ? '不存在社区' : c.name,
      compound,
      pick(CHANNELS),
      pick(CATEGORIES),
      pick(NAMES),
      phone,
      `${1 + Math.floor(random() * 30)}栋${1 + Math.floor(random() * 4)}单元${100 + Math.floor(random() * 1500)}`,
      `${pick(TEXTS)}（工单 ${i}）`,
    ])
  }
  return rows
}

export async function importFiles(): Promise<{ xlsx: Uint8Array; csv: Uint8Array }> {
  const rows = importRows()
  const wb = new ExcelJS.Workbook()
  const ws = wb.addWorksheet('工单')
  for (const r of rows) ws.addRow(r)
  const xlsx = new Uint8Array(await wb.xlsx.writeBuffer())
  const csv = encodeGbk(Papa.unparse(rows, { newline: '\r\n' }))
  return { xlsx, csv }
}

function chunks(bytes: Uint8Array): string[] {
  const out: string[] = []
  for (let o = 0; o < bytes.length; o += IMPORT_CHUNK_BYTES) out.push(Buffer.from(bytes.subarray(o, o + IMPORT_CHUNK_BYTES)).toString('base64'))
  return out
}

export const importRow: BenchRow = {
  id: 'import',
  title: 'spreadsheet import of 10,000 rows (.xlsx, GBK .csv) vs the bare parse',
  sizes: [10_000],
  async run(ctx) {
    const reps = ctx.quick ? 3 : 11
    const dir = await mkdtemp(join(tmpdir(), 'yishi-bench-import-'))
    try {
      const db = await openDatabase({ dataDir: dir, collections: [importMappingsCollection as never] })
      const services = createServices({ db, audit: memoryAuditLogForTests() })
      for (const c of SAMPLE_COMMUNITIES) {
        await services.community.create({ name: c.name, grids: [], compounds: c.compounds.map((p) => ({ name: p.name })) })
      }
      const files = await importFiles()
      ctx.log(`import: ${IMPORT_ROWS} rows, xlsx ${(files.xlsx.length / 1e6).toFixed(2)} MB, GBK csv ${(files.csv.length / 1e6).toFixed(2)} MB`)

      const ours = async (name: string, bytes: Uint8Array) => {
        const parts = chunks(bytes)
        await collectGarbage()
        const t0 = performance.now()
        const { uploadId } = await services.import.start({ kind: 'demand', fileName: name, size: bytes.length })
        let offset = 0
        for (const data of parts) {
          const r = await services.import.chunk({ uploadId, offset, data })
          offset = r.received
        }
        const preview = await services.import.preview({ uploadId })
        const ms = performance.now() - t0
        await services.import.cancel({ uploadId })
        if (preview.counts.rows !== IMPORT_ROWS || preview.missing.length) throw new Error(`import bench: unexpected preview ${JSON.stringify(preview.counts)} missing ${preview.missing}`)
        return { ms, preview }
      }
      const floors = {
        xlsx: async (bytes: Uint8Array) => {
          await collectGarbage()
          const t0 = performance.now()
          const wb = new ExcelJS.Workbook()
          await wb.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer)
          return performance.now() - t0
        },
        csv: async (bytes: Uint8Array) => {
          await collectGarbage()
          const t0 = performance.now()
          Papa.parse(new TextDecoder('gb18030').decode(bytes), { skipEmptyLines: false })
          return performance.now() - t0
        },
      }
      const samples = { xlsx: { ours: [] as number[], floor: [] as number[] }, csv: { ours: [] as number[], floor: [] as number[] } }
      // one warm-up of each, then alternate so both see the same machine load
      // Warm-ups, alike for both systems: ours runs much more code, which the first runs compile.
      for (let i = 0; i < 3; i++) {
        await ours('w.xlsx', files.xlsx)
        await floors.xlsx(files.xlsx)
        await ours('w.csv', files.csv)
        await floors.csv(files.csv)
      }
      let valid = 0
      for (let i = 0; i < reps; i++) {
        for (const kind of ['xlsx', 'csv'] as const) {
          const r = await ours(`12345-bench.${kind}`, files[kind])
          valid = r.preview.counts.valid
          samples[kind].ours.push(r.ms)
          samples[kind].floor.push(await floors[kind](files[kind]))
        }
      }
      // Writing: all valid rows of the csv, durably (once; the data folder is fresh).
      const { uploadId } = await services.import.start({ kind: 'demand', fileName: 'write.csv', size: files.csv.length })
      let offset = 0
      for (const data of chunks(files.csv)) offset = (await services.import.chunk({ uploadId, offset, data })).received
      const p = await services.import.preview({ uploadId })
      const t0 = performance.now()
      await services.import.commit({ uploadId, sourceName: p.sourceName, mapping: p.mapping })
      for (;;) {
        const progress = await services.import.progress({ uploadId })
        if (progress.phase === 'done' || progress.phase === 'failed') break
        await new Promise((r) => setTimeout(r, 20))
      }
      const writeMs = performance.now() - t0
      await db.close({ backup: false })
      const out: Figure[] = [
        figure('import.xlsx', `import 10k rows .xlsx → checked preview (${valid} valid)`, 'ours', samples.xlsx.ours),
        figure('import.xlsx', 'import 10k rows .xlsx', 'floor', samples.xlsx.floor, 'ms', 'exceljs load'),
        figure('import.csv', 'import 10k rows GBK .csv → checked preview', 'ours', samples.csv.ours),
        figure('import.csv', 'import 10k rows GBK .csv', 'floor', samples.csv.floor, 'ms', 'gb18030 decode + papaparse'),
        figure('import.write', `import: durable write of ${valid} checked rows (one save per row)`, 'ours', [writeMs], 'ms', 'info'),
      ]
      return out
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  },
}
