// Named operators' roles and what each may do, per channel. The backend checks every call against
// CHANNEL_RULES with the operator of the calling transport session (never one named in a payload);
// the renderer may read the same tables to shape its views, but it is not the guard.
//
// `ROLES` in vocab.ts stays what it is: a view preference (which layout to show). These are the
// roles of signed-in operators, which the backend enforces.

export const OPERATOR_ROLES = ['admin', 'secretary', 'chair', 'leader'] as const
export type OperatorRole = (typeof OPERATOR_ROLES)[number]

export const OPERATOR_ROLE_NAMES: Record<OperatorRole, string> = {
  admin: '管理员',
  secretary: '秘书',
  chair: '主持人',
  leader: '领导',
}

export function isOperatorRole(value: unknown): value is OperatorRole {
  return typeof value === 'string' && (OPERATOR_ROLES as readonly string[]).includes(value)
}

/** Who is calling, as the session knows it. */
export interface OperatorIdentity {
  id: string
  name: string
  role: OperatorRole
  /** Communities this operator works in; absent or empty = all communities. */
  communityIds?: string[]
}

export const CAPABILITIES = [
  'view', // read demands (masked), communities
  'stats', // dashboards and trends
  'record', // create and edit demands (later: topics, minutes, tasks)
  'unmask', // see a resident's full name, phone and address
  'export', // export data that carries personal information
  'delete', // delete a demand (with a reason)
  'backup', // list and make backups, read the retention setting
  'restore', // restore a backup over the current data
  'retention', // change or apply the backup retention
  'manageCommunities', // create and edit communities
  'manageOperators', // create, edit, disable and delete operator accounts
  'approveMinutes', // approve a meeting's minutes
  'sampleData', // load or remove the sample street
  'auditRead', // read and verify the audit log
  'manageStreet', // the street office's settings: name, time zone, default deadlines
  'confirmTopics', // confirm topics for the next meeting and order them (the chair)
  'removeCommunities', // remove a grid, compound or community nothing refers to (admin only)
  'runMeetings', // start, run and end a joint meeting (chair mode)
  'removeMeetings', // remove a meeting with its minutes (admin only)
  'enterCounts', // enter, import and remove the historical monthly counts (admin and secretary)
] as const
export type Capability = (typeof CAPABILITIES)[number]

/** zh-CN names of the actions, for refusal messages: 当前身份（领导）无权执行“查看完整个人信息”. */
export const CAPABILITY_LABELS: Record<Capability, string> = {
  view: '查看诉求和社区',
  stats: '查看统计',
  record: '登记和编辑诉求',
  unmask: '查看完整个人信息',
  export: '导出含个人信息的数据',
  delete: '删除诉求',
  backup: '查看和创建备份',
  restore: '恢复备份',
  retention: '修改备份保留规则',
  manageCommunities: '管理社区',
  manageOperators: '管理操作员账户',
  approveMinutes: '审定会议纪要',
  sampleData: '加载或移除示例数据',
  auditRead: '查看审计日志',
  manageStreet: '修改街道设置',
  confirmTopics: '确认议题和排定顺序',
  removeCommunities: '删除社区、网格或小区',
  runMeetings: '主持召开会议',
  removeMeetings: '删除会议及其纪要',
  enterCounts: '录入历史统计数',
}

/** One table: role → what it may do. Admin may do everything. */
export const ROLE_CAPABILITIES: Record<OperatorRole, readonly Capability[]> = {
  admin: CAPABILITIES,
  secretary: ['view', 'stats', 'record', 'unmask', 'export', 'delete', 'backup', 'manageCommunities', 'auditRead', 'enterCounts'],
  chair: ['view', 'stats', 'record', 'unmask', 'approveMinutes', 'confirmTopics', 'runMeetings'],
  leader: ['view', 'stats', 'auditRead'],
}

/**
 * What a channel needs: a capability, 'signedIn' (any signed-in operator whose session is not
 * locked) or 'public' (no sign-in: what the sign-in screen itself needs).
 */
export type ChannelRule = Capability | 'signedIn' | 'public'

/**
 * Every channel of shared/contract plus the session:* and operator:* channels of issue 8. A channel
 * missing here is refused (deny by default); a unit test fails when the contract has a channel
 * that this table does not name.
 */
export const CHANNEL_RULES = {
  // app
  'app:status': 'public',
  'app:dismissNotice': 'signedIn',
  // settings (view preferences: layout, locale)
  'settings:get': 'public',
  'settings:update': 'signedIn',
  // communities
  'community:list': 'view',
  'community:create': 'manageCommunities',
  'community:update': 'manageCommunities',
  // demands
  'demand:create': 'record',
  'demand:update': 'record',
  'demand:get': 'view',
  'demand:list': 'view',
  // the ledger of the months chosen, personal fields masked, audited
  'demand:export': 'view',
  'demand:delete': 'delete',
  'demand:unmask': 'unmask',
  // statistics
  'stats:petitionTrend': 'stats',
  'stats:rates': 'stats',
  'stats:street': 'stats',
  // sample street
  'sample:load': 'sampleData',
  'sample:removePlan': 'sampleData',
  'sample:remove': 'sampleData',
  // backups
  'backup:list': 'backup',
  'backup:create': 'backup',
  'backup:restore': 'restore',
  'backup:getRetention': 'backup',
  'backup:setRetention': 'retention',
  'backup:applyRetention': 'retention',
  // audit
  'audit:list': 'auditRead',
  'audit:verify': 'auditRead',
  // sessions (issue 8): the sign-in screen needs these before anyone is signed in
  'session:status': 'public', // who is signed in on this session, whether setup is needed
  'session:setup': 'public', // first admin; the service refuses once any operator exists
  'session:signIn': 'public',
  'session:unlock': 'public', // the session itself must exist and be locked; the secret decides
  'session:lock': 'signedIn',
  'session:signOut': 'signedIn',
  'session:changePassword': 'signedIn',
  // operators (issue 8)
  'operator:list': 'manageOperators',
  'operator:create': 'manageOperators',
  'operator:update': 'manageOperators',
  'operator:delete': 'manageOperators',
  // street settings (issue 9): everyone signed in sees the name and zone, administrators change them
  'street:get': 'signedIn',
  'street:update': 'manageStreet',
  // triage and topics (issue 9): the secretary triages and merges, the chair confirms and orders
  'triage:decide': 'record',
  'triage:similar': 'record',
  'topic:list': 'view',
  'topic:create': 'record',
  'topic:merge': 'record',
  'topic:undoMerge': 'record',
  'topic:split': 'record',
  'topic:update': 'record',
  'topic:confirm': 'confirmTopics',
  'topic:reorder': 'confirmTopics',
  // spreadsheet import (issue 9): whoever records demands may import them
  'import:start': 'record',
  'import:chunk': 'record',
  'import:preview': 'record',
  'import:commit': 'record',
  'import:progress': 'record',
  'import:report': 'record',
  'import:cancel': 'record',
  // search (issue 9): masked-free hits, scoped to the operator's communities by the service
  'search:query': 'view',
  'search:status': 'view',
  // removing places (issue 9): admin only; the plan is read by whoever may remove
  'community:removePlan': 'removeCommunities',
  'community:removeGrid': 'removeCommunities',
  'community:removeCompound': 'removeCommunities',
  'community:remove': 'removeCommunities',
  // people directory and joint meetings (issue 10): the secretary keeps the roster, sign-in, agenda
  // and minutes; the chair starts, runs and ends the meeting and approves the minutes; leaders
  // read; only the administrator removes a meeting (with its minutes)
  'people:list': 'view',
  'people:save': 'record',
  'people:removePlan': 'record',
  'people:remove': 'record',
  'meeting:list': 'view',
  'meeting:get': 'view',
  'meeting:versions': 'view',
  // the 纪要 and the 签到表 as .docx, print view or PDF: whoever reads the minutes may print them
  'meeting:export': 'view',
  'meeting:agendaCandidates': 'view',
  'meeting:create': 'record',
  'meeting:update': 'record',
  'meeting:signIn': 'record',
  'meeting:setAgenda': 'record',
  'meeting:saveItemMinutes': 'record',
  // a correction reopens approved minutes as a new version: whoever may approve them
  'meeting:correct': 'approveMinutes',
  'meeting:start': 'runMeetings',
  'meeting:end': 'runMeetings',
  'meeting:chair': 'runMeetings',
  'meeting:approve': 'approveMinutes',
  'meeting:removePlan': 'removeMeetings',
  'meeting:remove': 'removeMeetings',
  // tasks (issue 11): leaders read the ledger and the overdue count; the secretary plans, notes
  // progress and escalates (the chair's meetings make the decisions, the secretary records them)
  'task:list': 'view',
  'task:get': 'view',
  'task:decisions': 'view',
  'task:overdue': 'view',
  'task:export': 'view',
  'task:create': 'record',
  'task:update': 'record',
  'task:progress': 'record',
  'task:escalate': 'record',
  // 效果评价 (issue 11): the secretary records feedback, follow-ups and closure; leaders read the
  // timeline (一事一档) and a topic's effect
  'feedback:get': 'view',
  'feedback:timeline': 'view',
  'feedback:topicEffect': 'view',
  'feedback:tell': 'record',
  'feedback:followUp': 'record',
  'feedback:close': 'record',
  'feedback:reopen': 'record',
  // historical counts (issue 12): the administrator and the secretary enter, import and remove the
  // office's monthly counts; leaders read them (and see them in the charts)
  'history:list': 'view',
  'history:save': 'enterCounts',
  'history:remove': 'enterCounts',
  'history:check': 'enterCounts',
  'history:import': 'enterCounts',
  // the briefing pack (issue 12): whoever reads the dashboard takes it away (no personal data; audited)
  'briefing:pack': 'stats',
  // 数据包 (issue 12): a copy of the street's data leaving the machine is an export (administrator,
  // secretary); unmasked only for one who may unmask (the service checks). Anyone signed in may
  // open a package on this machine (it never touches this machine's data). While a package is open,
  // status and close are answered for its built-in read-only session (electron/api/package-mode.ts).
  'package:export': 'export',
  'package:upload': 'signedIn',
  'package:open': 'signedIn',
  'package:status': 'signedIn',
  'package:close': 'signedIn',
} as const satisfies Record<string, ChannelRule>

export type RuledChannel = keyof typeof CHANNEL_RULES

export function ruleFor(channel: string): ChannelRule | undefined {
  return Object.prototype.hasOwnProperty.call(CHANNEL_RULES, channel)
    ? (CHANNEL_RULES as Record<string, ChannelRule>)[channel]
    : undefined
}

export function hasCapability(role: OperatorRole, capability: Capability): boolean {
  return ROLE_CAPABILITIES[role]?.includes(capability) ?? false
}

export type PermissionResult =
  | { ok: true }
  | { ok: false; code: 'UNAUTHENTICATED' | 'FORBIDDEN'; message: string }

/** The operator as the permission check sees it: only the role (and, if set, disabled) count. */
export type PermissionSubject = Pick<OperatorIdentity, 'role'> & { disabled?: boolean }

/**
 * May this operator (from the transport session; null = nobody signed in) call this channel?
 * `locked` is the session's state: a locked session may only call public channels (unlock).
 */
export function checkPermission(
  channel: string,
  operator: PermissionSubject | null,
  opts: { locked?: boolean } = {},
): PermissionResult {
  const rule = ruleFor(channel)
  if (rule === undefined) return { ok: false, code: 'FORBIDDEN', message: `未登记权限的操作：${channel}` }
  if (rule === 'public') return { ok: true }
  if (!operator || operator.disabled) return { ok: false, code: 'UNAUTHENTICATED', message: '请先登录' }
  if (!isOperatorRole(operator.role)) return { ok: false, code: 'FORBIDDEN', message: '当前身份无效，请重新登录' }
  if (opts.locked) return { ok: false, code: 'UNAUTHENTICATED', message: '已锁定，请输入密码解锁' }
  if (rule === 'signedIn' || hasCapability(operator.role, rule)) return { ok: true }
  return {
    ok: false,
    code: 'FORBIDDEN',
    message: `当前身份（${OPERATOR_ROLE_NAMES[operator.role]}）无权执行“${CAPABILITY_LABELS[rule]}”`,
  }
}

/** Whether an operator scoped to some communities may work on this one (no scope = all). */
export function canAccessCommunity(operator: Pick<OperatorIdentity, 'communityIds'>, communityId: string): boolean {
  const scope = operator.communityIds
  return !scope || scope.length === 0 || scope.includes(communityId)
}
