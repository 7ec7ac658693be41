export default {
  nav: {
    steps: '六步议事',
    analysis: '统计分析',
    system: '系统管理',
    step: '第{n}步',
    collect: '收集意见',
    confirm: '确认议题',
    meet: '联席会议',
    plan: '制定方案',
    implement: '推进落实',
    evaluate: '效果评价',
    overview: '街道看板',
    dashboard: '数据看板',
    communities: '社区管理',
    data: '数据与备份',
    audit: '审计日志',
  },
}
