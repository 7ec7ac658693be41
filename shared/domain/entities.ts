import type { DemandEvaluation, OutcomeKey } from './evaluation'
import type { DemandCategory, DemandChannel, DemandStatus } from './vocab'

export interface Grid {
  id: string
  name: string
}

export interface Compound {
  id: string
  name: string
  gridId?: string
}

export interface Community {
  id: string
  name: string
  households?: number
  grids: Grid[]
  compounds: Compound[]
  /** Part of the generated sample street; removable in one action. */
  sample?: boolean
  /** Set by the data layer: 1 when created, +1 on every write; updates name the one they read. */
  revision: number
}

export interface Demand {
  id: string
  communityId: string
  compoundId?: string
  channel: DemandChannel
  category: DemandCategory
  reporterName: string
  reporterPhone?: string
  /** 住址, e.g. 5栋2单元301; personal data like name and phone (encrypted at rest). */
  reporterAddress?: string
  /** ISO 8601 with offset; its month decides the partition the demand lives in. */
  receivedAt: string
  description: string
  status: DemandStatus
  createdAt: string
  updatedAt: string
  sample?: boolean
  /** Set by the data layer: 1 when created, +1 on every write; updates name the one they read. */
  revision: number
  /**
   * Readable case number, e.g. 七口堰-2026-0042 (shared/domain/case-number.ts): community name
   * without 社区, year received (street time zone), sequence per community and year. Never
   * changes, also when the record moves month. Absent only in files written before case numbers;
   * the services assign those on first read (electron/services/case-numbers.ts).
   */
  caseNo?: string
  /** 联户单元 (household-link unit, 30–40 households) the resident belongs to. */
  householdUnit?: string
  /** 联户长 (household leader) who passed the demand on, by name. Not a resident's personal data. */
  householdLeader?: string
  /** Spreadsheet import: fingerprint of the source row (the same file twice adds nothing). */
  importFingerprint?: string
  /** Spreadsheet import: where the row came from (e.g. the file or mapping name). */
  importSource?: string
  /** Corrections after recording, oldest first (never personal values, only field names). */
  history?: DemandChange[]
  /** Ids this record had before a month move (its id names its partition); newest last. */
  formerIds?: string[]
}

/** One correction of a demand: who, when, which fields (names only: no personal values). */
export interface DemandChange {
  at: string
  /** Display text of the operator, e.g. 李秘书（秘书）. */
  by: string
  fields: string[]
  /** Set when the received month changed: the record moved partitions (from → to, YYYY-MM). */
  moved?: { from: string; to: string }
}

/** The street office's own settings (`street:*`), one record in the data folder. */
export interface StreetSettings {
  /** The street office's name, shown in the app header; '' = the app's name. */
  name: string
  /** IANA zone months and days are computed in (default Asia/Shanghai). */
  timeZone: string
  /** Default deadlines per meeting level, in working days. */
  deadlineDays: { compound: number; community: number; street: number }
  updatedAt?: string
  /** Set by the data layer (0 = the defaults, never saved yet). */
  revision: number
}

/** What lists and the UI get by default: personal data masked (PIPL); `demand:unmask` reveals it. */
export interface DemandView extends Omit<Demand, 'reporterName' | 'reporterPhone' | 'reporterAddress'> {
  reporterName: string
  reporterPhone: string
  /** Masked, e.g. 5栋****; absent when none was given. */
  reporterAddress?: string
}

/** Per community and month: counts by category, channel and status. */
export interface MonthCounts {
  total: number
  byCategory: Partial<Record<DemandCategory, number>>
  byChannel: Partial<Record<DemandChannel, number>>
  byStatus: Partial<Record<DemandStatus, number>>
  /**
   * Closed demands with a closure record (evaluation.ts outcomeOf): ratings, 无法联系, how many
   * and the sum of their days from call to closure. Absent when all zero.
   */
  outcomes?: Partial<Record<OutcomeKey, number>>
}

/** What the app reports about its data at start and after faults, shown once to the user. */
export interface DataNotice {
  id: string
  level: 'info' | 'warning' | 'error'
  /** zh-CN text for the user, naming the file and what was done. */
  message: string
  file?: string
  at: string
}

/** Small UI settings; in the desktop app they live in electron-store, not in the data folder. */
export interface UiSettings {
  locale: import('./vocab').Locale
  role: import('./vocab').Role
}

// 受理研判 (issue 9, triage): the latest decision on a demand. Every change is also in the audit log.
export const TRIAGE_DECISIONS = ['accepted', 'rejected', 'solved', 'escalated'] as const
export type TriageDecision = (typeof TRIAGE_DECISIONS)[number]
/** The meeting level a demand (or topic) is handled at: 小区议事 / 社区联席会议 / 街道联席会议. */
export const TOPIC_LEVELS = ['compound', 'community', 'street'] as const
export type TopicLevel = (typeof TOPIC_LEVELS)[number]
export const URGENCIES = ['normal', 'urgent', 'critical'] as const
export type Urgency = (typeof URGENCIES)[number]

export interface DemandTriage {
  decision: TriageDecision
  /** Why it was rejected (required for 'rejected'). */
  reason?: string
  /** What was done on the spot (required for 'solved'). */
  action?: string
  level?: TopicLevel
  urgency: Urgency
  /** YYYY-MM-DD in the street's time zone. */
  deadline?: string
  /** Display name of who decided (e.g. 李秘书（秘书）) and when (ISO with offset). */
  by: string
  at: string
}

/** 反馈告知, 回访 and 办结 (shared/domain/evaluation.ts) are fields of the demand itself. */
export interface Demand extends DemandEvaluation {
  /** Set by triage:decide (受理研判). */
  triage?: DemandTriage
  /** The topic (议题) this demand is linked to; each merged demand keeps its own record. */
  topicId?: string
}
