import { defineComponent, h } from 'vue'

// happy-dom has no canvas: a stand-in for vue-echarts' VChart that keeps the option for inspection.
// Use with `vi.mock('vue-echarts', () => import('./helpers/vchart-stub'))`.
export default defineComponent({
  name: 'VChart',
  props: { option: { type: Object, required: true }, autoresize: Boolean },
  setup(props, { attrs, expose }) {
    expose({ getDataURL: () => 'data:image/png;base64,AAAA' })
    return () => h('div', { ...attrs, 'data-series': JSON.stringify((props.option as { series: unknown }).series) })
  },
})
