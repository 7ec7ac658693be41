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
    overview: 'Street overview',
    dashboard: 'Dashboard',
    communities: 'Communities',
    package: 'Data package',
    data: 'Data & backups',
    audit: 'Audit log',
  },
}

export default en
