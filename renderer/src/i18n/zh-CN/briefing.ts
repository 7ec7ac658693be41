export default {
  briefing: {
    saveHtml: '保存简报',
    savePdf: '简报 PDF',
    hint: '简报为单个网页文件（图表、表格、摘要、在办和逾期任务），无需网络即可打开，不含居民个人信息；导出记入审计日志。',
    working: '正在生成简报…',
    saved: '已保存简报：{name}',
    failed: '生成简报失败：{message}',
    noPrinter: '此处不能直接生成 PDF：已在新页面打开简报，请在打印对话框中选择“另存为 PDF”。',
    blocked: '{message}（浏览器阻止了新窗口）',
  },
}
