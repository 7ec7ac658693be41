import { CHANNELS, type Envelope, type HandlerMap } from '../../../shared/contract'
import { dispatch } from './handlers'

/** The part of Electron's ipcMain we use; structural so tests pass a fake. */
export interface IpcMainLike {
  handle(channel: string, listener: (event: { senderFrame: FrameLike | null }, payload: unknown) => Promise<unknown>): void
}
export interface FrameLike {
  url: string
  parent?: FrameLike | null
}

/** Registers one handler per contract channel, each checking the sender before anything else. */
export function registerIpc(
  ipcMain: IpcMainLike,
  handlers: HandlerMap,
  isTrustedSender: (frame: FrameLike | null) => boolean,
): void {
  for (const channel of CHANNELS) {
    ipcMain.handle(channel, async (event, payload): Promise<Envelope<unknown>> => {
      if (!isTrustedSender(event.senderFrame)) {
        return { ok: false, error: { code: 'FORBIDDEN', message: '拒绝访问：请求不是来自议事台页面' } }
      }
      return dispatch(handlers, channel, payload)
    })
  }
}
