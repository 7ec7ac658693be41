import type zh from '../zh-CN/briefing'

const en: typeof zh = {
  briefing: {
    saveHtml: 'Save briefing',
    savePdf: 'Briefing PDF',
    hint: 'The briefing pack is one web page (charts, tables, summary, open and overdue tasks) that opens without a network and holds no personal data; exports are audited.',
    working: 'Making the briefing pack…',
    saved: 'Briefing pack saved: {name}',
    failed: 'Could not make the briefing pack: {message}',
    noPrinter: 'No PDF printer here: the pack is open in a new page; choose “Save as PDF” in its print dialog.',
    blocked: 'No PDF printer here and the browser blocked the new page: save the briefing as a web page, open it and print it to PDF.',
  },
}

export default en
