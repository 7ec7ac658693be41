import { ROLE_NAMES } from '../../../../shared/domain/vocab'

export default {
  app: {
    name: '议事台',
    subtitle: '五方联动 · 六步议事法',
    street: '当前街道',
    sampleStreet: '马家店街道',
    defaultStreet: '本街道',
    sampleTag: '示例数据',
    removeSample: '移除示例数据',
    removeSampleConfirmTitle: '移除示例数据',
    removeSampleConfirm:
      '将删除示例街道的全部社区和模拟诉求，您自己登记的数据不受影响。此操作不能撤销，确定移除吗？',
    removeSampleOk: '确定移除',
    removed: '已移除示例数据：{communities} 个社区，{demands} 条诉求',
    language: '语言',
    role: '角色',
    loading: '正在加载…',
    cancel: '取消',
    statusFailed: '无法读取应用状态',
  },
  role: { ...ROLE_NAMES },
  notice: {
    title: '数据提示',
  },
  firstRun: {
    title: '欢迎使用议事台',
    intro: '这是第一次启动，还没有任何社区和诉求数据。您可以先加载示例街道熟悉功能，示例数据有明确标记，可随时一键移除。',
    loadSample: '加载示例街道（马家店街道，15 个社区，两年模拟诉求，可一键移除）',
    skip: '暂不加载，直接开始',
    loading: '正在生成示例数据，请稍候…',
    loaded: '已加载示例数据：{communities} 个社区，{demands} 条诉求',
  },
}
