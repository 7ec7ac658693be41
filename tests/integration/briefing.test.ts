// briefing:pack on the sample street with every collection of the app: one self-contained HTML
// file with the charts as inline SVG (drawn by ECharts in Node), the sentences, the tables and the
// open and overdue tasks; nothing that loads from outside; PDF through an injected printer, and
// refused (zh-CN, naming the field) where there is none; the export is audited.
import { randomBytes } from 'node:crypto'
import { writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { contract, type InputOf } from '../../shared/contract'
import type { OperatorIdentity } from '../../shared/domain/permissions'
import { openDatabase } from '../../electron/data'
import { createServices, type CallContext } from '../../electron/services'
import { NO_PRINTER_BRIEFING } from '../../electron/services/briefing'
import type { PdfPrinter } from '../../electron/services/meeting-export'
import { memoryAuditLogForTests } from '../helpers/audit-log'
import { collectionsFor, errorOf } from './meeting-fixture'
import { clock, tempDir } from './helpers'

const leader: OperatorIdentity = { id: 'op-l', name: '王领导', role: 'leader' }
const secretary: OperatorIdentity = { id: 'op-s', name: '李秘书', role: 'secretary' }
const asLeader: CallContext = { transport: 'internal', operator: leader }
const asSecretary: CallContext = { transport: 'internal', operator: secretary }

async function sampleStreet(printPdf?: PdfPrinter) {
  const now = clock('2026-05-20T10:00:00+08:00')
  const db = await openDatabase({ dataDir: await tempDir(), now, collections: collectionsFor(randomBytes(32)) })
  const audit = memoryAuditLogForTests(now)
  let n = 0
  const services = createServices({ audit, db, now, newId: () => `id${++n}`, ...(printPdf ? { printPdf } : {}) })
  await services.sample.load({})
  const pilot = db.communities().find((c) => c.name === '七口堰社区')!
  return { db, services, audit, now, pilot }
}

const text = (b64: string) => Buffer.from(b64, 'base64').toString('utf8')
const pack = (input: InputOf<'briefing:pack'>) => contract['briefing:pack'].input.parse(input)
const task = (input: InputOf<'task:create'>) => contract['task:create'].input.parse(input)

describe('briefing:pack', () => {
  it('makes one self-contained HTML file: SVG charts, sentences, tables, open and overdue tasks', async () => {
    const { services, audit, pilot } = await sampleStreet()
    await services.task.create(task({ communityId: pilot.id, title: '<b>清理</b>楼道杂物 & 张贴告示', party: 'propertyCompany', owner: '赵经理', deadline: '2026-05-10' }), asSecretary)
    await services.task.create(task({ communityId: pilot.id, title: '增设充电桩', party: 'department', unit: '区住建局', owner: '钱科长', deadline: '2026-06-30' }), asSecretary)

    const file = await services.briefing.pack(pack({ selection: { preset: 'last12Months', granularity: 'quarter', rankBy: 'petitionsChange', order: 'asc' }, format: 'html' }), asLeader)
    expect(file.fileName).toBe('简报-马家店街道-2025年6月—2026年5月.html')
    expect(file.mime).toBe('text/html;charset=utf-8')
    const html = text(file.base64)
    await writeFile(join(tmpdir(), 'yishi-briefing-sample.html'), html)

    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`)
    expect(html).not.toMatch(/https?:\/\//)
    expect(html).not.toMatch(/<script|<link|<img|<iframe|@import|url\(/i)
    // Two trends, the ranking and two shares, each an inline SVG with its text alternative.
    expect(html.match(/<figure class="chart" role="img" aria-label="[^"]+"><svg /g)).toHaveLength(5)
    expect(html).toContain('七口堰社区')
    expect(html).toContain('统计区间：2025年6月—2026年5月（截至5月20日）')
    expect(html).toContain('王领导（领导）')
    expect(html).toContain('2026年5月20日 10:00')
    // May is not over: 同比 compares June 2025–April 2026 (the pilot 28 vs 62), and the pack says so.
    expect(html).toContain('同比、环比按2025年6月—2026年4月计（不含未结束的本月）；同比基期：2024年6月—2025年4月')
    expect(html).toMatch(/<p>2025年6月—2026年5月（截至5月20日），全街道信访量\d+件；其中2025年6月—2026年4月\d+件，同比(下降|上升)\d+件，(降|增)幅\d+\.\d%。<\/p>/)
    expect(html).toContain(
      '<li>2025年6月—2026年5月（截至5月20日），七口堰社区信访量30件；其中2025年6月—2026年4月28件，同比下降34件，降幅54.8%。2025年6月—2026年5月（截至5月20日），七口堰社区诉求量',
    )
    // The ranking by 同比增减, smallest first: the pilot's fall of 34 leads.
    expect(html).toMatch(/<tbody><tr><td class="num">1<\/td><td>七口堰社区<\/td><td class="num">−?-?34 件/)
    expect(html).toContain('30件') // not a NaN or Infinity anywhere
    expect(html).not.toMatch(/NaN|Infinity|undefined|null/)
    // Tasks: user text escaped, the overdue one first with its days.
    expect(html).toContain('截至2026-05-20，在办任务2项，其中逾期1项。')
    expect(html).toContain('&lt;b&gt;清理&lt;/b&gt;楼道杂物 &amp; 张贴告示')
    expect(html).not.toContain('<b>清理')
    expect(html.indexOf('清理')).toBeLessThan(html.indexOf('增设充电桩'))
    expect(html).toContain('<td class="overdue">已逾期10天</td>')
    expect(html).toContain('区住建局')
    // No personal data: the sample's reporters and phones are nowhere.
    expect(html).not.toMatch(/1[3-9]\d{9}|1[3-9]\d\*{4}\d{4}/)

    const [entry] = (await audit.list({ page: 1, pageSize: 1 })).items
    expect(entry).toMatchObject({ action: 'briefing.export', actor: expect.stringContaining('王领导'), target: '2025年6月—2026年5月', detail: { format: 'html', communities: 15, tasks: 2 } })
  })

  it('draws the chosen communities side by side and one measure; the tables cover the selection', async () => {
    const { services, db, pilot } = await sampleStreet()
    const other = db.communities().find((c) => c.id !== pilot.id)!
    const file = await services.briefing.pack(
      pack({ selection: { from: '2026-01', to: '2026-03', communityIds: [pilot.id, other.id] }, format: 'html', measure: 'petitions', kind: 'line', street: false, sideBySide: [pilot.id, other.id] }),
      asLeader,
    )
    const html = text(file.base64)
    expect(file.fileName).toBe('简报-马家店街道-2026年第一季度.html')
    // A street named in its settings is named so (escaped); the file name keeps only safe characters.
    await services.street.update({ revision: 0, patch: { name: '东湖<路>街道' } })
    const named = await services.briefing.pack(pack({ selection: { from: '2026-01', to: '2026-03' }, format: 'html' }), asLeader)
    expect(named.fileName).toBe('简报-东湖_路_街道-2026年第一季度.html')
    expect(text(named.base64)).toContain('<h1>东湖&lt;路&gt;街道诉求与议事简报</h1>')
    expect(html.match(/<figure class="chart"/g)).toHaveLength(4)
    expect(html).toContain('2026年第一季度 信访量')
    // The trend's two communities, each with its table of months; not the street's (not drawn).
    expect(html).toContain(`data-testid="briefing-buckets-${pilot.id}"`)
    expect(html).toContain(`data-testid="briefing-buckets-${other.id}"`)
    expect(html).not.toContain('data-testid="briefing-buckets"')
    const counts = html.slice(html.indexOf('data-testid="briefing-counts"'), html.indexOf('data-testid="briefing-rates"'))
    expect(counts.match(/<tbody>.*<\/tbody>/s)![0].match(/<tr>/g)).toHaveLength(2)
    expect(html).not.toContain('统计区间含未结束的月份')
  })

  it('prints the same HTML to PDF where there is a printer; refuses PDF without one and writes no audit entry', async () => {
    const printed: string[] = []
    const withPrinter = await sampleStreet(async (html) => {
      printed.push(html)
      return new TextEncoder().encode('%PDF-1.7 fake')
    })
    const pdf = await withPrinter.services.briefing.pack(pack({ selection: { preset: 'yearToDate' }, format: 'pdf' }), asLeader)
    expect(pdf).toMatchObject({ fileName: '简报-马家店街道-2026年1—5月.pdf', mime: 'application/pdf' })
    expect(text(pdf.base64)).toBe('%PDF-1.7 fake')
    expect(printed[0]).toContain('<svg ')

    const { services, audit } = await sampleStreet()
    const before = (await audit.list({ page: 1, pageSize: 1 })).total
    const err = await errorOf(services.briefing.pack(pack({ selection: { preset: 'yearToDate' }, format: 'pdf' }), asLeader))
    expect(err.code).toBe('VALIDATION')
    expect(err.message).toBe(NO_PRINTER_BRIEFING)
    expect(err.fields).toEqual({ format: NO_PRINTER_BRIEFING })
    expect((await audit.list({ page: 1, pageSize: 1 })).total).toBe(before)
  })

  it('refuses a community outside the operator’s scope and an unknown one', async () => {
    const { services, db, pilot } = await sampleStreet()
    const other = db.communities().find((c) => c.id !== pilot.id)!
    const scoped: CallContext = { transport: 'internal', operator: { ...leader, communityIds: [pilot.id] } }
    expect((await errorOf(services.briefing.pack(pack({ selection: { preset: 'thisMonth' }, format: 'html', sideBySide: [other.id] }), scoped))).code).toBe('FORBIDDEN')
    expect((await errorOf(services.briefing.pack(pack({ selection: { preset: 'thisMonth' }, format: 'html', sideBySide: ['nope'] }), asLeader))).code).toBe('VALIDATION')
    // A scoped leader's pack covers their communities only.
    const html = text((await services.briefing.pack(pack({ selection: { preset: 'thisMonth' }, format: 'html' }), scoped)).base64)
    expect(html).toContain('所辖1个社区')
    expect(html).not.toContain(other.name)
  })
})
