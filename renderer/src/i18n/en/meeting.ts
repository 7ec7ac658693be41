import type zh from '../zh-CN/meeting'

const en: typeof zh = {
  meeting: {
    detailTitle: 'Meeting',
  },
}

export default en
