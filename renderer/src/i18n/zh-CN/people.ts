// 会议人员: the people directory of a community (issue 10).
export default {
  people: {
    title: '会议人员',
  },
}
