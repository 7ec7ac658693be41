import type { Ref } from 'vue'
import { useI18n } from 'vue-i18n'
import { useConfirm } from './use-confirm'

/**
 * A dialog's form: closing it (Esc, ×, 取消) over anything typed since it was filled asks before
 * the text goes. `mark()` when the form is filled; `v-bind="guard.dialog"` on the el-dialog (no close
 * on a click beside it, `close` before closing, appended to body); `close` as the cancel button's
 * handler. Call in setup. `style.customClass` goes to the question's box (e.g. the
 * high-contrast screens' `yishi-contrast`).
 */
export function useCloseGuard(current: () => unknown, open: Ref<boolean>, busy: () => boolean = () => false, style: { customClass?: string } = {}) {
  const { t } = useI18n()
  const ask = useConfirm()
  let filled = ''
  const mark = (): void => {
    filled = JSON.stringify(current())
  }
  async function close(done: () => void = () => (open.value = false)): Promise<void> {
    if (busy()) return
    if (JSON.stringify(current()) === filled || (await ask(t('app.closeUnsaved'), t('app.closeUnsavedTitle'), { confirm: t('app.closeDiscard'), danger: true, confirmClass: 'close-discard', ...style }))) done()
  }
  /** The el-dialog's attributes every guarded form dialog shares. */
  const dialog = { closeOnClickModal: false, beforeClose: close, appendToBody: true } as const
  return { mark, close, dialog }
}
