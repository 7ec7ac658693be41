// Wire names without zod: what the sandboxed preload and the transports need and nothing more.
// The preload bundles this file only (not the schemas). tests/unit/contract-schemas.test.ts and a
// type check in index.ts keep CHANNEL_NAMES equal to the contract's keys.

export const CHANNEL_NAMES = [
  'app:status',
  'app:dismissNotice',
  'settings:get',
  'settings:update',
  'community:list',
  'community:create',
  'community:update',
  'demand:create',
  'demand:update',
  'demand:get',
  'demand:delete',
  'demand:list',
  'demand:unmask',
  'demand:export',
  'stats:petitionTrend',
  'stats:rates',
  'stats:street',
  'sample:load',
  'sample:removePlan',
  'sample:remove',
  'backup:list',
  'backup:create',
  'backup:restore',
  'backup:getRetention',
  'backup:setRetention',
  'backup:applyRetention',
  'audit:list',
  'audit:verify',
  'session:status',
  'session:setup',
  'session:signIn',
  'session:unlock',
  'session:lock',
  'session:signOut',
  'session:changePassword',
  'operator:list',
  'operator:create',
  'operator:update',
  'operator:delete',
  'street:get',
  'street:update',
  'triage:decide',
  'triage:similar',
  'topic:list',
  'topic:create',
  'topic:merge',
  'topic:undoMerge',
  'topic:split',
  'topic:update',
  'topic:confirm',
  'topic:reorder',
  'import:start',
  'import:chunk',
  'import:preview',
  'import:commit',
  'import:progress',
  'import:report',
  'import:cancel',
  'search:query',
  'search:status',
  'community:removePlan',
  'community:removeGrid',
  'community:removeCompound',
  'community:remove',
  'people:list',
  'people:save',
  'people:removePlan',
  'people:remove',
  'meeting:list',
  'meeting:get',
  'meeting:create',
  'meeting:update',
  'meeting:removePlan',
  'meeting:remove',
  'meeting:signIn',
  'meeting:start',
  'meeting:end',
  'meeting:setAgenda',
  'meeting:agendaCandidates',
  'meeting:chair',
  'meeting:saveItemMinutes',
  'meeting:approve',
  'meeting:correct',
  'meeting:versions',
  'meeting:export',
  'task:list',
  'task:get',
  'task:decisions',
  'task:create',
  'task:update',
  'task:progress',
  'task:escalate',
  'task:overdue',
  'task:export',
  'feedback:get',
  'feedback:tell',
  'feedback:followUp',
  'feedback:close',
  'feedback:reopen',
  'feedback:timeline',
  'feedback:topicEffect',
  'history:list',
  'history:save',
  'history:remove',
  'history:check',
  'history:import',
  'briefing:pack',
  'package:export',
  'package:upload',
  'package:open',
  'package:status',
  'package:close',
] as const

export type ChannelName = (typeof CHANNEL_NAMES)[number]

/** The push event sent after every change: IPC channel name and SSE `event:` name. */
export const CHANGED_EVENT = 'yishi:changed'
/** The SSE event name on the loopback host (`event: changed`). */
export const CHANGED_SSE_EVENT = 'changed'

/** Loopback host: the per-run token travels in this header (and, for /api/events only, ?token=). */
export const TOKEN_HEADER = 'x-yishi-token'
/**
 * Loopback host: the transport session travels in this header on every /api/ call. The renderer
 * makes one random value per tab (SESSION_ID_PATTERN) and keeps it in sessionStorage; the host
 * refuses a call without a well-formed one. Signing in binds an operator to it.
 */
export const SESSION_HEADER = 'x-yishi-session'
/** 22–128 characters of base64url (e.g. 32 random bytes, base64url = 43 characters). */
export const SESSION_ID_PATTERN = /^[A-Za-z0-9_-]{22,128}$/
/** Loopback host: the <meta name> the host writes the token into in index.html. */
export const TOKEN_META = 'yishi-token'
/** Loopback host: Server-Sent Events endpoint (GET, token as query parameter). */
export const EVENTS_PATH = '/api/events'
