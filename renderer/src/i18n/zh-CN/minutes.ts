// Chair mode, the projector page, the minutes editor, approval, corrections and export (issue 10).
export default {
  minutes: {
    title: '会议纪要',
    chairTitle: '主持会议',
    projectorTitle: '投屏',
  },
}
