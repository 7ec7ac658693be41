// A 10-item 纪要 and a sign-in sheet as a 七口堰社区 joint meeting would produce them: the tests,
// the bench row and scripts/render-docx.ts share them.
import type { Party } from '../../shared/domain/meeting'
import type { MinutesDoc, SignInSheet } from '../../shared/domain/minutes-doc'

const TOPICS = [
  ['关于3栋楼道堆放杂物的处理', '居民反映3栋各单元楼道长期堆放纸箱、旧家具，存在消防隐患。', '由物业服务企业于一周内清理楼道杂物，业委会配合张贴告示。'],
  ['关于地下车库积水问题', '连续降雨后地下车库B区积水深约20厘米，车辆无法进出。', '物业服务企业疏通排水沟并加装一台抽水泵，费用从公共收益中列支。'],
  ['关于小区新增电动自行车充电桩', '居民代表提出现有充电桩不足，夜间楼道飞线充电现象较多。', '在5栋东侧空地新增20个充电端口，社区协调供电部门报装。'],
  ['关于广场舞噪音扰民', '晚间广场舞音响音量过大，影响临近楼栋居民休息。', '约定每晚21:00前结束，音量不超过55分贝，社会组织负责劝导。'],
  ['关于1单元电梯频繁停运', '1单元电梯本月停运4次，老年居民上下楼困难。', '物业服务企业联系维保单位全面检修，检修期间安排人员协助老人上下楼。'],
  ['关于垃圾分类投放点调整', '现投放点紧邻住户窗口，夏季异味明显。', ''],
  ['关于公共绿地改建停车位', '部分居民希望将北侧绿地改为停车位，部分居民反对。', '暂不改建，由业委会开展全体业主意见征询后再议。'],
  ['关于小区门禁系统升级', '门禁卡复制现象多，外来人员随意进出。', '升级为人脸识别门禁，费用方案提交业主大会表决。'],
  ['关于楼顶防水维修资金使用', '7栋顶层住户反映屋顶渗水，需动用专项维修资金。', '按程序申请使用专项维修资金，社区协助公示。'],
  ['上次议定事项落实情况', '上次会议议定的6项事项中，已办结5项，1项正在推进。', '继续推进未办结事项，下次会议通报进展。'],
] as const

const OWNERS: Array<[string, Party]> = [
  ['刘建国', 'propertyCompany'],
  ['陈丽', 'ownersCommittee'],
  ['王志强', 'compoundBranch'],
  ['赵红梅', 'socialOrganization'],
]

export function sampleMinutes(): MinutesDoc {
  return {
    mark: '七口堰社区联席会议纪要',
    issue: '第3期',
    date: '2026-11-30',
    time: '14:30—16:45',
    place: '七口堰社区党群服务中心二楼议事厅',
    chair: '李春华',
    recorder: '周敏',
    attendees: [
      { party: 'compoundBranch', names: ['王志强', '孙丽萍'] },
      { party: 'ownersCommittee', names: ['陈丽', '吴国平'] },
      { party: 'propertyCompany', names: ['刘建国'] },
      { party: 'socialOrganization', names: ['赵红梅'] },
      { party: 'residentRep', names: ['黄大伟', '郑秀兰', '马晓东'] },
    ],
    leave: [{ party: 'ownersCommittee', names: ['何静'] }],
    observers: [
      { kind: 'communityPolice', names: ['杨警官'] },
      { kind: 'legalAdviser', names: ['林律师'] },
      { kind: 'streetStaff', names: ['高强'] },
    ],
    intro:
      '2026年11月30日，七口堰社区党委书记李春华主持召开社区五方联席会议，小区党支部、业委会、物业服务企业、社会组织和居民代表参加会议，专题研究居民反映集中的十个问题。现将议定事项纪要如下：',
    items: TOPICS.map(([title, discussion, decision], i) => ({
      title,
      discussion,
      positions: { compoundBranch: 'agree', ownersCommittee: i % 3 === 0 ? 'reserve' : 'agree', propertyCompany: 'agree', residentRep: i === 6 ? 'oppose' : 'agree' },
      decision,
      tasks: decision
        ? [{ what: decision, owner: OWNERS[i % OWNERS.length][0], party: OWNERS[i % OWNERS.length][1], due: `2026-12-${String(5 + i).padStart(2, '0')}` }]
        : [],
    })),
    version: { number: 2, corrects: 1, approvedBy: '李春华', approvedAt: '2026-12-01 09:30', sha256: 'a3f1'.repeat(16) },
  }
}

export function sampleSignInSheet(): SignInSheet {
  const m = sampleMinutes()
  const names: Array<{ name: string; partyLabel: string; role?: string }> = [
    { name: '王志强', partyLabel: '小区党支部', role: '书记' },
    { name: '孙丽萍', partyLabel: '小区党支部' },
    { name: '陈丽', partyLabel: '业委会', role: '主任' },
    { name: '吴国平', partyLabel: '业委会' },
    { name: '刘建国', partyLabel: '物业服务企业', role: '项目经理' },
    { name: '赵红梅', partyLabel: '社会组织' },
    { name: '黄大伟', partyLabel: '居民代表' },
    { name: '郑秀兰', partyLabel: '居民代表' },
    { name: '马晓东', partyLabel: '居民代表' },
    { name: '何静', partyLabel: '居民代表' },
    { name: '杨警官', partyLabel: '社区民警' },
    { name: '林律师', partyLabel: '法律顾问' },
    { name: '高强', partyLabel: '街道干部' },
    { name: '李春华', partyLabel: '社区党委', role: '主持人' },
    { name: '周敏', partyLabel: '社区', role: '记录人' },
  ]
  return { title: '七口堰社区联席会议签到表', date: m.date, time: '14:30', place: m.place, rows: names }
}
