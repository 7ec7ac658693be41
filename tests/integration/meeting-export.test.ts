// meeting:export on a real data folder: the 纪要 of the current or an earlier version and the
// 签到表 as .docx (parsed back), as the print view, and as PDF through an injected printer; the
// draft is marked, an approved version carries its hash; refusals are zh-CN and write nothing.
import { afterAll, describe, expect, it } from 'vitest'
import { contract } from '../../shared/contract'
import { createServices } from '../../electron/services'
import { NO_PRINTER } from '../../electron/services/meeting-export'
import { DRAFT_ISSUE } from '../../shared/domain/minutes-export'
import { readDocx } from '../helpers/docx-xml'
import { asChair, asSecretary, errorOf, openMeetingFixture, runningMeeting, type MeetingFixture } from './meeting-fixture'

const open: MeetingFixture[] = []
afterAll(async () => {
  for (const f of open) await f.db.close({ backup: false }).catch(() => undefined)
})
async function setup(): Promise<MeetingFixture> {
  const f = await openMeetingFixture()
  open.push(f)
  return f
}
const bytes = (b64: string) => new Uint8Array(Buffer.from(b64, 'base64'))
const text = (b64: string) => Buffer.from(b64, 'base64').toString('utf8')

describe('meeting:export', () => {
  it('exports the draft minutes as .docx and print view, marked as a draft, with every item', async () => {
    const f = await setup()
    let m = await runningMeeting(f)
    const [a, b] = m.agenda
    m = await f.services.meeting.saveItemMinutes({ id: m.id, itemId: a.id, itemRevision: 0, notes: '业委会提出划线方案', positions: { ownersCommittee: 'agree', propertyCompany: 'reserve' }, decision: '物业月底前完成划线' }, asSecretary)
    const docx = await f.services.meeting.export({ id: m.id, document: 'minutes', format: 'docx' }, asSecretary)
    expect(docx.fileName).toBe('五月社区联席会议-纪要-第1版草稿.docx')
    expect(docx.mime).toContain('wordprocessingml')
    const parts = readDocx(bytes(docx.base64))
    const paras = parts.paragraphs.map((p) => p.text)
    expect(paras[0]).toBe('七口堰社区联席会议纪要')
    expect(paras).toContain(DRAFT_ISSUE)
    expect(paras).toContain(`一、${a.title}`)
    expect(paras).toContain(`二、${b.title}`)
    expect(paras).toContain('物业月底前完成划线')
    expect(paras).toContain('（未形成议定事项）')
    expect(paras.join('\n')).toContain('业委会同意；物业服务企业保留')
    // called for 25 May, started in the app on 20 May (the fixture's clock): the minutes print the day it was held
    expect(paras).toContain('时间：2026年5月20日 10:00')
    expect(paras.join('\n')).toMatch(/2026年5月20日，刘支书主持召开五月社区联席会议，研究了“车位被长期占用”、“电梯经常停运”共2项议题。现将议定事项纪要如下：/)
    const html = await f.services.meeting.export({ id: m.id, document: 'minutes', format: 'html' }, asSecretary)
    expect(html.mime).toBe('text/html;charset=utf-8')
    expect(text(html.base64)).toContain('<h1 class="mark">七口堰社区联席会议纪要</h1>')
    expect(text(html.base64)).not.toContain('SHA-256')
  })

  it('an approved version prints its hash; an earlier version prints as it was approved', async () => {
    const f = await setup()
    let m = await runningMeeting(f)
    const [a] = m.agenda
    m = await f.services.meeting.saveItemMinutes({ id: m.id, itemId: a.id, itemRevision: 0, notes: '', positions: {}, decision: '决定一' }, asSecretary)
    m = await f.services.meeting.end({ id: m.id, revision: m.revision }, asChair)
    m = await f.services.meeting.approve({ id: m.id, revision: m.revision, confirmMissingDecisions: true }, asChair)
    const v1 = m.minutes.sha256!
    m = await f.services.meeting.correct({ id: m.id, revision: m.revision, reason: '完成时间记错' }, asSecretary)
    m = await f.services.meeting.saveItemMinutes({ id: m.id, itemId: a.id, itemRevision: 1, notes: '', positions: {}, decision: '决定一（6月底前）' }, asSecretary)
    m = await f.services.meeting.approve({ id: m.id, revision: m.revision, confirmMissingDecisions: true }, asChair)
    // tasks made from item 1 (a department's names its unit): the 纪要's 任务分工, by deadline
    await f.services.task.create(contract['task:create'].input.parse({ communityId: 'cA', title: '施划限时停车线', party: 'propertyCompany', owner: '赵经理', deadline: '2026-06-30', source: { meetingId: m.id, itemId: a.id } }), asSecretary)
    await f.services.task.create(contract['task:create'].input.parse({ communityId: 'cA', title: '拖移僵尸车', party: 'department', unit: '交警大队', owner: '李警官', deadline: '2026-06-10', source: { meetingId: m.id, itemId: a.id } }), asSecretary)
    const current = text((await f.services.meeting.export({ id: m.id, document: 'minutes', format: 'html' }, asSecretary)).base64)
    expect(current).toContain('任务分工')
    expect(current.indexOf('1.李警官（交警大队）负责：拖移僵尸车，2026年6月10日前完成。')).toBeGreaterThan(-1)
    expect(current.indexOf('1.李警官（交警大队）负责：拖移僵尸车')).toBeLessThan(current.indexOf('2.赵经理（物业服务企业）负责：施划限时停车线，2026年6月30日前完成。'))
    const docxParas = readDocx(bytes((await f.services.meeting.export({ id: m.id, document: 'minutes', format: 'docx' }, asSecretary)).base64)).paragraphs.map((p) => p.text)
    expect(docxParas).toContain('2.赵经理（物业服务企业）负责：施划限时停车线，2026年6月30日前完成。')
    expect(current).toContain(`第2版（更正第1版）；批准人：王书记；`)
    expect(current).toContain(`SHA-256：${m.minutes.sha256}`)
    expect(current).toContain('决定一（6月底前）')
    const first = await f.services.meeting.export({ id: m.id, document: 'minutes', format: 'html', version: 1 }, asSecretary)
    expect(first.fileName).toBe('五月社区联席会议-纪要-第1版.html')
    expect(text(first.base64)).toContain(`SHA-256：${v1}`)
    expect(text(first.base64)).not.toContain('6月底前')
    const none = await errorOf(f.services.meeting.export({ id: m.id, document: 'minutes', format: 'docx', version: 9 }, asSecretary))
    expect([none.code, none.message]).toEqual(['VALIDATION', '纪要没有第 9 版'])
    // approval and correction are in the audit log with the hashes
    const actions = f.audit.entries().filter((e) => e.target === m.id).map((e) => [e.action, (e.detail as { sha256?: string; previousSha256?: string }).sha256 ?? (e.detail as { previousSha256?: string }).previousSha256 ?? null])
    expect(actions).toEqual([
      ['meeting.start', null],
      ['minutes.approve', v1],
      ['minutes.correct', v1],
      ['minutes.approve', m.minutes.sha256],
    ])
  })

  it('exports the sign-in sheet of the roster as .docx and print view', async () => {
    const f = await setup()
    const m = await runningMeeting(f)
    const docx = await f.services.meeting.export({ id: m.id, document: 'signIn', format: 'docx' }, asSecretary)
    expect(docx.fileName).toBe('五月社区联席会议-签到表.docx')
    const parts = readDocx(bytes(docx.base64))
    const all = parts.paragraphs.map((p) => p.text)
    expect(all[0]).toBe('七口堰社区联席会议签到表')
    for (const name of ['刘支书', '张主任', '赵经理', '孙会长', '周大妈', '吴警官', '郑记录']) expect(all).toContain(name)
    expect(all).toContain('列席（社区民警）')
    const html = text((await f.services.meeting.export({ id: m.id, document: 'signIn', format: 'html' }, asSecretary)).base64)
    expect(html).toContain('<th scope="col">签名</th>')
  })

  it('PDF: printed by the injected printer (Electron), refused without one (preview)', async () => {
    const f = await setup()
    const m = await runningMeeting(f)
    const e = await errorOf(f.services.meeting.export({ id: m.id, document: 'minutes', format: 'pdf' }, asSecretary))
    expect([e.code, e.message]).toEqual(['VALIDATION', NO_PRINTER])
    const printed: string[] = []
    const services = createServices({
      db: f.db,
      audit: f.audit,
      now: f.now,
      printPdf: async (html) => {
        printed.push(html)
        return new TextEncoder().encode('%PDF-1.7 fake')
      },
    })
    const pdf = await services.meeting.export({ id: m.id, document: 'signIn', format: 'pdf' }, asSecretary)
    expect([pdf.fileName, pdf.mime, text(pdf.base64)]).toEqual(['五月社区联席会议-签到表.pdf', 'application/pdf', '%PDF-1.7 fake'])
    expect(printed[0]).toContain('七口堰社区联席会议签到表')
  })

  it('a meeting of another community is out of a scoped operator reach', async () => {
    const f = await setup()
    const m = await runningMeeting(f)
    const e = await errorOf(f.services.meeting.export({ id: m.id, document: 'minutes', format: 'docx' }, { transport: 'internal', operator: { id: 'op-x', name: '东门秘书', role: 'secretary', communityIds: ['cB'] } }))
    expect(e.code).toBe('FORBIDDEN')
  })
})
