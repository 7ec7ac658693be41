import type zh from '../zh-CN/steps'

const en: typeof zh = {
  nav: {
    steps: 'Six steps',
    analysis: 'Analysis',
    system: 'System',
    step: 'Step {n}',
    collect: 'Collect',
    confirm: 'Confirm topics',
    meet: 'Joint meeting',
    plan: 'Plan',
    implement: 'Implement',
    evaluate: 'Evaluate',
    dashboard: 'Dashboard',
    communities: 'Communities',
    data: 'Data & backups',
    audit: 'Audit log',
  },
  placeholder: {
    title: 'Coming soon',
    confirm: 'Merge duplicate demands, reject or solve on the spot, pick topics and order the agenda.',
    meet: 'Hold the meeting: attendance per party, each topic discussed, positions and decisions recorded, minutes produced.',
    plan: 'Turn decisions into a plan: tasks with a responsible party, person and deadline.',
    implement: 'Track tasks: progress notes, due and overdue warnings, escalation to the street.',
    evaluate: 'Tell residents the result and record their rating (satisfied / mostly satisfied / not satisfied).',
    goCollect: 'Go to Collect',
  },
}

export default en
