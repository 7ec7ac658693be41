// Controlled vocabularies from DOMAIN.md. Codes are stored; their zh-CN names are written once,
// below: the main side's messages and search index and the renderer's zh-CN locale read them.

export const DEMAND_CHANNELS = [
  'hotline', // 热线 "有事我帮您"
  'wechatGroup', // 网格微信群
  'redSteward', // 红管家走访
  'gridWorker', // 网格员
  'householdLeader', // 联户长
  'petition', // 信访
  'transfer12345', // 12345 转办
  'other',
] as const
export type DemandChannel = (typeof DEMAND_CHANNELS)[number]

export const DEMAND_CATEGORIES = [
  'environment', // 环境卫生
  'property', // 物业管理
  'parking', // 停车
  'facilities', // 设施维修
  'neighbour', // 邻里纠纷
  'safety', // 安全隐患
  'noise', // 噪音扰民
  'other',
] as const
export type DemandCategory = (typeof DEMAND_CATEGORIES)[number]

/**
 * A demand's place in the one-matter-closed-loop (一事办结八步工作法). The first step,
 * 联户结亲, happens before a demand exists, so a demand starts at 居民呼叫.
 */
export const DEMAND_STATUSES = [
  'called', // 居民呼叫
  'accepted', // 受理研判
  'handling', // 分类办理
  'coordinating', // 社区协同
  'escalated', // 街道兜底
  'notified', // 反馈告知
  'evaluated', // 监督评价 — closed
] as const
export type DemandStatus = (typeof DEMAND_STATUSES)[number]

/** A role is a view preset (DESIGN.md): chair runs the agenda, secretary records, leader reads. */
export const ROLES = ['secretary', 'chair', 'leader'] as const
export type Role = (typeof ROLES)[number]

export const LOCALES = ['zh-CN', 'en'] as const
export type Locale = (typeof LOCALES)[number]

/**
 * zh-CN names the main side puts in its messages (errors, audit actors) and its search index
 * (停车 or 12345 finds the category or channel). The renderer's zh-CN locale reads the same
 * tables, so a name is written once.
 */
export const DEMAND_CHANNEL_NAMES: Record<DemandChannel, string> = {
  hotline: '热线',
  wechatGroup: '微信群',
  redSteward: '红管家走访',
  gridWorker: '网格员',
  householdLeader: '联户长',
  petition: '信访',
  transfer12345: '12345 转办',
  other: '其他',
}

export const DEMAND_CATEGORY_NAMES: Record<DemandCategory, string> = {
  environment: '环境卫生',
  property: '物业管理',
  parking: '停车',
  facilities: '设施维修',
  neighbour: '邻里纠纷',
  safety: '安全隐患',
  noise: '噪音扰民',
  other: '其他',
}

export const DEMAND_STATUS_NAMES: Record<DemandStatus, string> = {
  called: '居民呼叫',
  accepted: '受理研判',
  handling: '分类办理',
  coordinating: '社区协同',
  escalated: '街道兜底',
  notified: '反馈告知',
  evaluated: '监督评价',
}

export const ROLE_NAMES: Record<Role, string> = { secretary: '秘书', chair: '主持人', leader: '领导' }
