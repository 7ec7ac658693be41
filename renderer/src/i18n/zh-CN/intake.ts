// Duplicate suggestions in the intake form (登记诉求).
export default {
  intake: {
    similarTitle: '可能重复的诉求',
    similarHint: '同社区近期未办结、内容或小区、电话相近的诉求；不影响登记，可先查看再决定',
    similarFound: '发现 {n} 条可能重复的诉求，见表单下方',
    open: '查看',
    openLabel: '查看诉求 {text}',
    savedTitle: '刚登记的 {caseNo} 可能与以下诉求重复',
    savedHint: '可把它与其中一条合并到同一议题（两条都保留各自的反映人和来源，之后可以撤销），或到“确认议题”中研判',
    mergeInto: '合并到此',
    mergeIntoTopic: '并入议题“{title}”',
    mergeConfirm: '把刚登记的 {caseNo} 与“{text}”合并到同一议题？两条诉求都保留各自的反映人和来源，之后可以撤销。',
    mergeTitle: '合并重复诉求',
    merged: '已合并到议题“{title}”',
    toTriage: '去受理研判',
    dismiss: '不合并',
  },
}
