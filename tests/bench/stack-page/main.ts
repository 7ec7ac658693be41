/// <reference types="vite/client" />
// The bench's second reference for the renderer row: the least the street dashboard's first
// screen needs with the required stack — Vue, an Element Plus button, the figures of stats:street
// asked for at once, the ranking as a plain table (as RankingTable draws it) and the trend chart
// drawn by ECharts from the same option. No router, stores, i18n, shell or controls: what the app
// adds on top of this is its own overhead; what this costs over the empty page is the stack's.
import { createApp, defineComponent, h, nextTick, onMounted, ref, shallowRef } from 'vue'
import { ElButton } from 'element-plus'
import 'element-plus/theme-chalk/base.css'
import 'element-plus/theme-chalk/el-button.css'
import { init, use } from 'echarts/core'
import { BarChart, LineChart } from 'echarts/charts'
import { AriaComponent, GridComponent, LegendComponent, MarkPointComponent, TitleComponent, TooltipComponent } from 'echarts/components'
import { CanvasRenderer } from 'echarts/renderers'
import { buildStreetTrendOption, ZH_STREET_CHART_LABELS } from '../../../shared/charts/street-options'
import type { StreetStats } from '../../../shared/domain/street-stats'

use([AriaComponent, LineChart, BarChart, GridComponent, TooltipComponent, LegendComponent, TitleComponent, MarkPointComponent, CanvasRenderer])

// The dashboard store's first question (preset 本年累计, by month, ranked by 信访量).
const figures: Promise<StreetStats> = fetch('./api/stats%3Astreet', {
  method: 'POST',
  headers: {
    'content-type': 'application/json',
    'x-yishi-token': document.querySelector('meta[name="yishi-token"]')?.getAttribute('content') ?? '',
    'x-yishi-session': sessionStorage.getItem('yishi.session') ?? '',
  },
  body: JSON.stringify({ preset: 'yearToDate', granularity: 'month', rankBy: 'petitions', order: 'desc', sentences: 'yoyAndMom' }),
})
  .then((r) => r.json())
  .then((envelope: { ok: boolean; result: StreetStats }) => {
    if (!envelope.ok) throw new Error(JSON.stringify(envelope))
    return envelope.result
  })

const percent = (v: number | null) => (v === null ? '—' : `${v.toFixed(1)}%`)

const App = defineComponent({
  setup() {
    const stats = shallowRef<StreetStats | null>(null)
    const chart = ref<HTMLElement | null>(null)
    onMounted(async () => {
      stats.value = await figures
      await nextTick()
      const option = buildStreetTrendOption(stats.value, ZH_STREET_CHART_LABELS, { animation: false, fontScale: 1, measure: 'petitions', kind: 'bar', street: true, communityIds: [] })
      init(chart.value!).setOption(option)
    })
    return () =>
      h('main', [
        h(ElButton, () => '保存图片'),
        h('div', { ref: chart, 'data-testid': 'overview-trend', style: 'width: 1100px; height: 360px' }),
        h('table', { 'data-testid': 'ranking-table' }, [
          h('thead', h('tr', ['名次', '社区', '信访量', '诉求量', '办结率', '按期办结率', '满意率'].map((c) => h('th', c)))),
          h(
            'tbody',
            (stats.value?.ranking.rows ?? []).map((r) =>
              h('tr', { key: r.communityId }, [
                h('td', r.rank === null ? '—' : String(r.rank)),
                h('td', r.name),
                h('td', String(r.petitions)),
                h('td', String(r.demands)),
                h('td', percent(r.closeRate)),
                h('td', percent(r.onTimeRate)),
                h('td', percent(r.satisfactionRate)),
              ]),
            ),
          ),
        ]),
      ])
  },
})

createApp(App).mount('#app')
