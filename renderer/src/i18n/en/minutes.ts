import type zh from '../zh-CN/minutes'

const en: typeof zh = {
  minutes: {
    title: 'Minutes',
    chairTitle: 'Chair mode',
    projectorTitle: 'Projector',
  },
}

export default en
