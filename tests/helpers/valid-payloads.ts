// One valid payload per channel (contract-fuzz and the permission tests). A test asserts it covers
// CHANNELS, so a new channel fails until it is added here.
import type { Channel, InputOf } from '../../shared/contract'

export const SOME_ID = 'cA~202605~fuzz1'

/** One valid payload per channel. A test below asserts it covers CHANNELS, so a new channel fails until added. */
export const VALID: { [C in Channel]: InputOf<C> } = {
  'app:status': {},
  'app:dismissNotice': { id: 'n-1' },
  'settings:get': {},
  'settings:update': { locale: 'zh-CN', role: 'secretary' },
  'community:list': {},
  'community:create': {
    name: '新建社区',
    households: 3200,
    grids: [{ name: '第一网格' }, { name: '第二网格' }],
    compounds: [
      { name: '丽景花园', gridIndex: 0 },
      { name: '江城名都', gridName: '第二网格' },
    ],
  },
  'community:update': {
    id: 'cA',
    revision: 1,
    patch: { name: '东门社区', households: 3100, grids: [{ name: '第一网格' }], compounds: [{ id: 'cA-p1', name: '东门小区', gridIndex: 0 }] },
  },
  'demand:create': {
    communityId: 'cA',
    compoundId: 'cA-p1',
    channel: 'hotline',
    category: 'parking',
    reporterName: '王芳',
    reporterPhone: '13812345678',
    receivedAt: '2026-05-10T09:00:00+08:00',
    description: '楼下车位被长期占用',
  },
  'demand:update': { id: SOME_ID, revision: 1, patch: { description: '已修改', status: 'accepted' } },
  'demand:get': { id: SOME_ID },
  'demand:delete': { id: SOME_ID, revision: 1, reason: '重复登记' },
  'demand:list': { communityId: 'cA', month: '2026-05', status: 'called', page: 1, pageSize: 20 },
  'stats:petitionTrend': { communityId: 'cA', from: '2025-06', to: '2026-05', scope: 'all' },
  'sample:load': {},
  'sample:removePlan': {},
  'sample:remove': {},
  'backup:list': {},
  'backup:create': {},
  'backup:restore': { id: '20260520-100000' },
  'backup:getRetention': {},
  'backup:setRetention': { personalDataMonths: 36 },
  'backup:applyRetention': {},
  'demand:unmask': { id: SOME_ID },
  'audit:list': { page: 1, pageSize: 50 },
  'audit:verify': {},
  'session:status': {},
  'session:setup': { name: '王管理', secret: 'first-admin-secret' },
  'session:signIn': { name: '王管理', secret: 'first-admin-secret', remember: true },
  'session:unlock': { secret: 'first-admin-secret' },
  'session:lock': {},
  'session:signOut': {},
  'session:changePassword': { current: 'first-admin-secret', next: 'second-admin-secret' },
  'operator:list': {},
  'operator:create': { name: '新秘书', role: 'secretary', secret: 'new-secretary-secret', communityIds: ['cA'] },
  'operator:update': { id: 'op-fuzz', revision: 1, patch: { role: 'chair', communityIds: null, disabled: false, unlock: true } },
  'operator:delete': { id: 'op-fuzz', revision: 1 },
  'street:get': {},
  'street:update': { revision: 0, patch: { name: '马家店街道', timeZone: 'Asia/Shanghai', deadlineDays: { compound: 3, community: 7, street: 15 } } },
}
