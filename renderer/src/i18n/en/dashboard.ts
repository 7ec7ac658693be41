import type zh from '../zh-CN/dashboard'

const en: typeof zh = {
  dashboard: {
    title: 'Dashboard',
    community: 'Community',
    range: 'Period',
    rangeStart: 'From',
    rangeEnd: 'To',
    scope: 'Scope',
    scopeAll: 'All demands',
    scopePetition: 'Petitions',
    total: 'Total in period',
    yoy: 'Year on year',
    yoyHint: 'Against the same period last year',
    yoyHintFinished: 'Over {from} to {to} ({count}); this month is not over',
    notComparedYet: 'This month is not over yet: no comparison',
    runningNotCompared: 'Month not over: not compared',
    lastMom: 'Last month, month on month',
    lastMonthCount: 'Last month',
    previousMom: 'Last full month, month on month',
    previousMonthCount: 'Last full month',
    unit: 'items',
    chartTitle: '{community}: monthly {scope}, {from} to {to}',
    mom: 'Month on month',
    thisPeriod: 'This period',
    lastYear: 'Same months last year',
    month: 'Month',
    count: 'Count',
    savePng: 'Save image',
    saved: 'Image saved',
    noCommunity: 'No communities yet',
    loadFailed: 'Could not load statistics',
    chartLine: 'Line',
    chartBar: 'Bar',
  },
}

export default en
