// Accessibility and 适老化 strings (skip link, help dialog, large-text mode, nav sections and
// landmarks, chart summaries). Kept apart from the per-area message files and merged in index.ts.

const zhCN = {
  a11y: {
    skipToMain: '跳到主要内容',
    mainNav: '主导航',
    filterCommunity: '按社区筛选',
    filterStatus: '按状态筛选',
    filterMonth: '按月份筛选',
    pageSize: '每页条数',
    trendTable: '逐月数字表（可用方向键滚动）',
    largeText: '大字模式',
    largeTextOn: '已开启大字模式',
    largeTextOff: '已关闭大字模式',
    help: '键盘快捷键',
    helpButton: '快捷键帮助（F1）',
    helpIntro: '所有操作都可以只用键盘完成：Tab 前进，Shift+Tab 后退，Enter 或空格执行，Esc 关闭对话框。',
    helpKey: '按键',
    helpAction: '作用',
    keys: {
      help: '打开本帮助（在输入框中打字时不响应 ?）',
      skip: '页面打开后的第一次 Tab：显示“跳到主要内容”，按 Enter 跳过导航',
      tab: '在链接、按钮和输入框之间移动',
      activate: '执行按钮或打开链接',
      arrows: '在下拉选项、单选按钮组和表格分页中移动',
      escape: '关闭对话框、抽屉或下拉菜单',
      largeText: '切换大字模式（适老化）',
      nav: '跳到导航中的第 1–6 步（Alt+1 … Alt+6）',
    },
    chartSummary:
      '{title}。{from} 至 {to} 共 {months} 个月，{current}合计 {total} {unit}；最多的月份 {maxMonth}（{maxCount} {unit}），最近一个月 {lastMonth}（{lastCount} {unit}）。逐月数字见旁边的表格。',
    chartEmpty: '{title}：所选范围内没有数据。',
  },
}

export type A11yMessages = typeof zhCN

const en: A11yMessages = {
  a11y: {
    skipToMain: 'Skip to main content',
    mainNav: 'Main navigation',
    filterCommunity: 'Filter by community',
    filterStatus: 'Filter by status',
    filterMonth: 'Filter by month',
    trendTable: 'Monthly figures (scroll with the arrow keys)',
    pageSize: 'Rows per page',
    largeText: 'Large text',
    largeTextOn: 'Large text is on',
    largeTextOff: 'Large text is off',
    help: 'Keyboard shortcuts',
    helpButton: 'Keyboard shortcuts (F1)',
    helpIntro: 'Everything works from the keyboard: Tab forward, Shift+Tab back, Enter or Space to act, Esc to close a dialog.',
    helpKey: 'Key',
    helpAction: 'Action',
    keys: {
      help: 'Open this help (? is ignored while typing in a field)',
      skip: 'First Tab on a page: shows “Skip to main content”; Enter skips the navigation',
      tab: 'Move between links, buttons and fields',
      activate: 'Press a button or follow a link',
      arrows: 'Move within dropdown options, radio groups and pagination',
      escape: 'Close a dialog, drawer or dropdown',
      largeText: 'Toggle large text mode',
      nav: 'Go to steps 1–6 in the navigation (Alt+1 … Alt+6)',
    },
    chartSummary:
      '{title}. {from} to {to}, {months} months, {current} total {total} {unit}; busiest month {maxMonth} ({maxCount} {unit}), latest month {lastMonth} ({lastCount} {unit}). The table beside the chart lists every month.',
    chartEmpty: '{title}: no data in the chosen range.',
  },
}

export const a11yMessages = { 'zh-CN': zhCN, en } as const

/** Adds the a11y messages to each locale's messages. */
export function withA11y<T extends Record<'zh-CN' | 'en', object>>(messages: T): { [K in keyof T]: T[K] & A11yMessages } {
  return {
    'zh-CN': { ...messages['zh-CN'], ...a11yMessages['zh-CN'] },
    en: { ...messages.en, ...a11yMessages.en },
  } as { [K in keyof T]: T[K] & A11yMessages }
}
