import { vi } from 'vitest'
import type {
  AppStatus,
  AuditEntry,
  AuditPage,
  AuditVerifyResult,
  Client,
  DemandPage,
  InputOf,
  PetitionTrend,
  UnmaskedDemand,
} from '../../../shared/contract'
import type { BackupInfo, RetentionSetting } from '../../../shared/contract'
import type { Community, DemandView, UiSettings } from '../../../shared/domain/entities'
import { maskAddress, maskName, maskPhone } from '../../../shared/domain/masking'
import { monthOf, monthlyTrend } from '../../../shared/domain'

// An in-memory stand-in for the main side: same channels, same result shapes, spies on each.

export const COMMUNITIES: Community[] = [
  {
    id: 'c-dongmen',
    name: '东门社区',
    grids: [],
    compounds: [{ id: 'p-east-1', name: '东门小区' }],
  },
  {
    id: 'c-qikouyan',
    name: '七口堰社区',
    grids: [],
    compounds: [
      { id: 'p-qky-1', name: '滨江花园' },
      { id: 'p-qky-2', name: '七口堰小区' },
    ],
  },
]

export function demandView(n: number, over: Partial<DemandView> = {}): DemandView {
  const phone = `138${String(10000000 + n).slice(-8)}`
  return {
    id: `d-${n}`,
    communityId: 'c-qikouyan',
    channel: 'hotline',
    category: 'parking',
    reporterName: maskName('王小明'),
    reporterPhone: maskPhone(phone),
    receivedAt: '2026-10-05T09:30:00+08:00',
    description: `第 ${n} 条诉求：楼下车位被长期占用`,
    status: 'called',
    createdAt: '2026-10-05T09:31:00+08:00',
    updatedAt: '2026-10-05T09:31:00+08:00',
    ...over,
  }
}

export interface FakeOptions {
  status?: Partial<AppStatus>
  communities?: Community[]
  demands?: DemandView[]
  settings?: Partial<UiSettings>
  backups?: BackupInfo[]
}

export function createFakeClient(options: FakeOptions = {}) {
  const state = {
    status: {
      dataDir: '/tmp/yishi',
      firstRun: false,
      sampleLoaded: false,
      notices: [],
      security: { keyProtection: 'os', audit: { ok: true, entries: 0 } },
      ...options.status,
    } as AppStatus,
    /** Full personal data of created demands, for demand:unmask. */
    personal: new Map<string, { reporterName: string; reporterPhone?: string; reporterAddress?: string }>(),
    audit: [] as AuditEntry[],
    communities: [...(options.communities ?? COMMUNITIES)],
    demands: [...(options.demands ?? [])],
    nextId: 1000,
    settings: { locale: 'zh-CN', role: 'secretary', ...options.settings } as UiSettings,
    backups: [...(options.backups ?? [])] as BackupInfo[],
    retention: { personalDataMonths: null } as RetentionSetting,
  }

  const client = {
    'app:status': vi.fn(async () => structuredClone(state.status)),
    'app:dismissNotice': vi.fn(async ({ id }: InputOf<'app:dismissNotice'>) => {
      state.status.notices = state.status.notices.filter((n) => n.id !== id)
      return { dismissed: true }
    }),
    'settings:get': vi.fn(async () => ({ ...state.settings })),
    'settings:update': vi.fn(async (patch: InputOf<'settings:update'>) => {
      state.settings = { ...state.settings, ...patch }
      return { ...state.settings }
    }),
    'community:list': vi.fn(async () => structuredClone(state.communities)),
    'community:create': vi.fn(async (input: InputOf<'community:create'>): Promise<Community> => {
      if (state.communities.some((c) => c.name === input.name)) {
        throw { code: 'VALIDATION', message: '社区名称已存在', fields: { name: '社区名称已存在' } }
      }
      const id = `c-new-${state.nextId++}`
      const grids = (input.grids ?? []).map((g, i) => ({ id: `${id}-g${i}`, name: g.name }))
      const created: Community = {
        id,
        name: input.name,
        ...(input.households !== undefined ? { households: input.households } : {}),
        grids,
        compounds: (input.compounds ?? []).map((c, i) => ({
          id: `${id}-p${i}`,
          name: c.name,
          ...(c.gridIndex !== undefined && grids[c.gridIndex] ? { gridId: grids[c.gridIndex].id } : {}),
        })),
      }
      state.communities.push(created)
      return structuredClone(created)
    }),
    'community:update': vi.fn(async ({ id, patch }: InputOf<'community:update'>): Promise<Community> => {
      const at = state.communities.findIndex((c) => c.id === id)
      if (at < 0) throw { code: 'NOT_FOUND', message: '未找到该社区' }
      const next: Community = structuredClone(state.communities[at])
      if (patch.name !== undefined) next.name = patch.name
      if (patch.households === null) delete next.households
      else if (patch.households !== undefined) next.households = patch.households
      if (patch.grids) next.grids = patch.grids.map((g, i) => ({ id: g.id ?? `${id}-g-new${i}`, name: g.name }))
      if (patch.compounds) {
        next.compounds = patch.compounds.map((c, i) => ({
          id: c.id ?? `${id}-p-new${i}`,
          name: c.name,
          ...(c.gridIndex !== undefined && next.grids[c.gridIndex] ? { gridId: next.grids[c.gridIndex].id } : {}),
        }))
      }
      state.communities[at] = next
      return structuredClone(next)
    }),
    'demand:create': vi.fn(async (input: InputOf<'demand:create'>) => {
      const now = new Date().toISOString()
      const created: DemandView = {
        ...input,
        id: `d-${state.nextId++}`,
        reporterName: maskName(input.reporterName),
        reporterPhone: maskPhone(input.reporterPhone),
        ...(input.reporterAddress ? { reporterAddress: maskAddress(input.reporterAddress) } : {}),
        status: 'called',
        createdAt: now,
        updatedAt: now,
      }
      state.demands.unshift(created)
      state.personal.set(created.id, {
        reporterName: input.reporterName,
        ...(input.reporterPhone ? { reporterPhone: input.reporterPhone } : {}),
        ...(input.reporterAddress ? { reporterAddress: input.reporterAddress } : {}),
      })
      state.status.firstRun = false
      return structuredClone(created)
    }),
    'demand:update': vi.fn(async ({ id, patch }: InputOf<'demand:update'>) => {
      const d = state.demands.find((x) => x.id === id)
      if (!d) throw Object.assign(new Error('诉求不存在'), { code: 'NOT_FOUND', message: '诉求不存在' })
      if (patch.status) d.status = patch.status
      return structuredClone(d)
    }),
    'demand:delete': vi.fn(async ({ id }: InputOf<'demand:delete'>) => {
      const before = state.demands.length
      state.demands = state.demands.filter((d) => d.id !== id)
      if (state.demands.length === before) throw { code: 'NOT_FOUND', message: '未找到该诉求' }
      return { id, deleted: true as const }
    }),
    'demand:get': vi.fn(async ({ id }: InputOf<'demand:get'>) => structuredClone(state.demands.find((d) => d.id === id)!)),
    'demand:list': vi.fn(async (input: InputOf<'demand:list'>): Promise<DemandPage> => {
      const page = input.page ?? 1
      const pageSize = input.pageSize ?? 20
      const matching = state.demands.filter(
        (d) =>
          (!input.communityId || d.communityId === input.communityId) &&
          (!input.month || monthOf(d.receivedAt) === input.month) &&
          (!input.status || d.status === input.status),
      )
      return {
        items: structuredClone(matching.slice((page - 1) * pageSize, page * pageSize)),
        total: matching.length,
        page,
        pageSize,
      }
    }),
    'stats:petitionTrend': vi.fn(async (input: InputOf<'stats:petitionTrend'>): Promise<PetitionTrend> => {
      const series = monthlyTrend({}, input.from, input.to, input.scope ?? 'all')
      return { ...series, communityId: input.communityId, scope: input.scope ?? 'all', months: {} }
    }),
    'sample:load': vi.fn(async () => {
      state.status.firstRun = false
      state.status.sampleLoaded = true
      state.communities.push({ id: 'c-sample', name: '示例社区', grids: [], compounds: [], sample: true })
      return { communities: 15, demands: 8000 }
    }),
    'sample:remove': vi.fn(async () => {
      state.status.sampleLoaded = false
      state.communities = state.communities.filter((c) => !c.sample)
      return { communities: 15, demands: 8000 }
    }),
    'backup:list': vi.fn(async () => ({
      dataDir: state.status.dataDir,
      backupsDir: `${state.status.dataDir}/backups`,
      backups: structuredClone(state.backups),
    })),
    'backup:create': vi.fn(async () => {
      const b: BackupInfo = { id: `20261126-1${String(state.backups.length).padStart(5, '0')}`, createdAt: '2026-11-26T10:00:00+08:00', reason: 'manual', size: 2048, communities: state.communities.length, demands: state.demands.length }
      state.backups.unshift(b)
      return structuredClone(b)
    }),
    'backup:restore': vi.fn(async ({ id }: InputOf<'backup:restore'>) => {
      const b = state.backups.find((x) => x.id === id)
      if (!b) throw { code: 'NOT_FOUND', message: '未找到该备份' }
      return { restored: structuredClone(b), safetyBackup: '20261126-235959', communities: b.communities, demands: b.demands }
    }),
    'backup:getRetention': vi.fn(async () => ({ ...state.retention })),
    'backup:setRetention': vi.fn(async (input: InputOf<'backup:setRetention'>) => {
      state.retention = { personalDataMonths: input.personalDataMonths }
      return { ...state.retention }
    }),
    'demand:unmask': vi.fn(async ({ id }: InputOf<'demand:unmask'>): Promise<UnmaskedDemand> => {
      if (state.settings.role === 'leader') throw { code: 'FORBIDDEN', message: '当前角色（领导）只能查看脱敏后的个人信息' }
      const full = state.personal.get(id)
      if (!full) throw { code: 'NOT_FOUND', message: '未找到该诉求' }
      const seq = state.audit.length + 1
      state.audit.push({ seq, at: '2026-11-26T10:00:00+08:00', actor: '秘书', action: 'demand.unmask', target: id, detail: {}, prevHash: '0'.repeat(64), hash: String(seq).padStart(64, '0') })
      return { id, ...full }
    }),
    'audit:list': vi.fn(async (input: InputOf<'audit:list'>): Promise<AuditPage> => {
      const page = input.page ?? 1
      const pageSize = input.pageSize ?? 50
      const all = [...state.audit].reverse()
      return { items: structuredClone(all.slice((page - 1) * pageSize, page * pageSize)), total: all.length, page, pageSize }
    }),
    'audit:verify': vi.fn(async (): Promise<AuditVerifyResult> => ({ ok: true, entries: state.audit.length })),
    'backup:applyRetention': vi.fn(async () => ({ months: state.retention.personalDataMonths, erased: 3, backupsDeleted: 1, backupsRewritten: 2 })),
  } satisfies Client

  return { client, state }
}

export type FakeClient = ReturnType<typeof createFakeClient>['client']
