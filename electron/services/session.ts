// session:* and operator:* — the contract's side of operators.ts. The session key comes from the
// transport (CallContext.sessionKey), never from the payload.
import type { SessionInfo } from '../../shared/contract/session'
import { AppError } from '../../shared/contract/errors'
import type { OperatorService, OperatorPatch } from './operators'
import type { AreaService, CallContext } from './types'

const keyOf = (ctx: CallContext | undefined): string => {
  if (typeof ctx?.sessionKey !== 'string' || !ctx.sessionKey) throw new AppError('UNAUTHENTICATED', '会话无效，请刷新页面后重新登录')
  return ctx.sessionKey
}

export function createSessionService(operators: OperatorService, idleLockMinutes: () => number): AreaService<'session'> {
  const info = async (key: string): Promise<SessionInfo> => {
    const status = await operators.status(key)
    const out: SessionInfo = {
      needsSetup: status.needsSetup,
      operator: status.session?.operator ?? null,
      locked: status.session?.locked ?? false,
      idleLockMinutes: idleLockMinutes(),
    }
    if (status.rememberedName) out.lastOperatorName = status.rememberedName
    return out
  }
  return {
    status: (_input, ctx) => info(keyOf(ctx)),
    async setup(input, ctx) {
      const key = keyOf(ctx)
      await operators.setupFirstAdmin(key, input)
      return info(key)
    },
    async signIn(input, ctx) {
      const key = keyOf(ctx)
      await operators.signIn(key, { name: input.name, secret: input.secret, ...(input.remember ? { remember: true } : {}) })
      return info(key)
    },
    async unlock(input, ctx) {
      const key = keyOf(ctx)
      await operators.unlock(key, input)
      return info(key)
    },
    async lock(_input, ctx) {
      const key = keyOf(ctx)
      await operators.lock(key)
      return info(key)
    },
    async signOut(_input, ctx) {
      const key = keyOf(ctx)
      await operators.signOut(key)
      return info(key)
    },
    changePassword: (input, ctx) => operators.changePassword(keyOf(ctx), input),
  }
}

export function createOperatorAreaService(operators: OperatorService): AreaService<'operator'> {
  return {
    list: (_input, ctx) => operators.list(keyOf(ctx)),
    create: (input, ctx) => operators.create(keyOf(ctx), input),
    update({ id, revision, patch }, ctx) {
      const { unlock, ...rest } = patch
      const mapped: OperatorPatch = { ...rest, ...(unlock ? { clearLockout: true } : {}) }
      return operators.update(keyOf(ctx), { id, expectRevision: revision, patch: mapped })
    },
    delete: ({ id, revision }, ctx) => operators.delete(keyOf(ctx), { id, expectRevision: revision }),
  }
}
