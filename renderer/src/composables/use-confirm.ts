import { ElMessageBox, type ElMessageBoxOptions } from 'element-plus'
import { useI18n } from 'vue-i18n'

export interface ConfirmOptions {
  /** the confirm button's text (the action: 恢复, 删除, 退出登录 …) */
  confirm: string
  /** 'warning' (default) for a change, 'info' for an offer */
  type?: 'warning' | 'info'
  /** a destructive action: red confirm button, and closing the box (Esc, ×) is a cancel too */
  danger?: boolean
  /** the confirm button's class, by which tests find it */
  confirmClass?: string
  /** the box's own class (yishi-contrast: the contrast-checked colours) */
  customClass?: string
}

/**
 * ElMessageBox.confirm with the app's buttons (取消 on the left, the action on the right) as a
 * boolean: true when confirmed, false when cancelled or closed. Call in setup.
 */
export function useConfirm() {
  const { t } = useI18n()
  return async function confirm(message: string, title: string, o: ConfirmOptions): Promise<boolean> {
    const options: ElMessageBoxOptions = {
      type: o.type ?? 'warning',
      confirmButtonText: o.confirm,
      cancelButtonText: t('app.cancel'),
    }
    const classes = [o.danger ? 'el-button--danger' : '', o.confirmClass ?? ''].filter(Boolean).join(' ')
    if (classes) options.confirmButtonClass = classes
    if (o.danger) options.distinguishCancelAndClose = true
    if (o.customClass) options.customClass = o.customClass
    try {
      await ElMessageBox.confirm(message, title, options)
      return true
    } catch {
      return false
    }
  }
}
