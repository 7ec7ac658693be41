// 联席会议: the meetings list, setup, roster, sign-in and agenda (issue 10).
export default {
  meeting: {
    detailTitle: '会议详情',
  },
}
