import type zh from '../zh-CN/people'

const en: typeof zh = {
  people: {
    title: 'Meeting people',
  },
}

export default en
