import type { HandlerMap } from '../../shared/contract'

/**
 * The services the handlers are built from. Each is plain Node (no 'electron' import) and is
 * constructed with its dependencies, so tests build them on a temp folder.
 */
export interface Services {
  app: {
    status: HandlerMap['app:status']
    dismissNotice: HandlerMap['app:dismissNotice']
  }
  settings: {
    get: HandlerMap['settings:get']
    update: HandlerMap['settings:update']
  }
  communities: {
    list: HandlerMap['community:list']
    create: HandlerMap['community:create']
    update: HandlerMap['community:update']
  }
  demands: {
    create: HandlerMap['demand:create']
    update: HandlerMap['demand:update']
    get: HandlerMap['demand:get']
    delete: HandlerMap['demand:delete']
    list: HandlerMap['demand:list']
  }
  stats: {
    petitionTrend: HandlerMap['stats:petitionTrend']
  }
  sample: {
    load: HandlerMap['sample:load']
    remove: HandlerMap['sample:remove']
  }
  /** Backups, restore and personal-data retention: services/backup.ts over the data layer. */
  backup: {
    list: HandlerMap['backup:list']
    create: HandlerMap['backup:create']
    restore: HandlerMap['backup:restore']
    getRetention: HandlerMap['backup:getRetention']
    setRetention: HandlerMap['backup:setRetention']
    applyRetention: HandlerMap['backup:applyRetention']
  }
  /** Personal data in full (audited) and the audit log: services/privacy.ts, services/audit.ts. */
  privacy: {
    unmask: HandlerMap['demand:unmask']
    auditList: HandlerMap['audit:list']
    auditVerify: HandlerMap['audit:verify']
  }
}
