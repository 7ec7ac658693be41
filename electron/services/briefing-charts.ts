// The briefing pack's charts: the dashboard's own ECharts options (shared/charts/street-options.ts)
// rendered to SVG strings in Node by ECharts' server-side SVG renderer, so the pack shows the same
// charts as the screen with no script. ECharts is loaded on the first pack, not at start-up, and
// only the charts and components the options use.
import type { StreetChartOption } from '../../shared/charts/street-options'

type Core = typeof import('echarts/core')

let core: Promise<Core> | null = null

function echartsCore(): Promise<Core> {
  core ??= (async () => {
    const [echarts, charts, components, renderers] = await Promise.all([import('echarts/core'), import('echarts/charts'), import('echarts/components'), import('echarts/renderers')])
    echarts.use([charts.LineChart, charts.BarChart, charts.PieChart, components.GridComponent, components.LegendComponent, components.TitleComponent, renderers.SVGRenderer])
    return echarts
  })()
  return core
}

/** The text of the charts in the pack's own font stack (Chinese must render without web fonts). */
export const CHART_FONT = '"Microsoft YaHei", "PingFang SC", "Hiragino Sans GB", "Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei", "SimHei", sans-serif'

/**
 * One option drawn complete (no animation) as an SVG string. What only works on a screen goes:
 * tooltips (there is no pointer on paper) and the scrolling legend (every name is shown).
 */
export async function renderChartSvg(option: StreetChartOption, width: number, height: number): Promise<string> {
  const echarts = await echartsCore()
  const { tooltip: _tooltip, aria: _aria, ...rest } = option
  const legend = rest.legend && !Array.isArray(rest.legend) ? { ...rest.legend, type: 'plain' as const } : rest.legend
  const textStyle = rest.textStyle && !Array.isArray(rest.textStyle) ? rest.textStyle : {}
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height })
  try {
    chart.setOption({ ...rest, ...(legend ? { legend } : {}), textStyle: { ...textStyle, fontFamily: CHART_FONT }, animation: false })
    return chart.renderToSVGString()
  } finally {
    chart.dispose()
  }
}
