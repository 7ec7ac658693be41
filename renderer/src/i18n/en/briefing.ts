import type zh from '../zh-CN/briefing'

const en: typeof zh = {
  briefing: {
    saveHtml: 'Save briefing',
    savePdf: 'Briefing PDF',
    hint: 'The briefing pack is one web page (charts, tables, summary, open and overdue tasks) that opens without a network and holds no personal data; exports are audited.',
    working: 'Making the briefing pack…',
    saved: 'Briefing pack saved: {name}',
    failed: 'Could not make the briefing pack: {message}',
    noPrinter: '{message}. The pack is open in a new page: choose “Save as PDF” in its print dialog.',
    blocked: '{message}. The browser blocked the new page: save the web page pack and print it to PDF from the browser.',
  },
}

export default en
