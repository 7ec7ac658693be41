import { use } from 'echarts/core'
import { BarChart, LineChart, PieChart } from 'echarts/charts'
import {
  AriaComponent,
  GridComponent,
  LegendComponent,
  MarkPointComponent,
  TitleComponent,
  TooltipComponent,
} from 'echarts/components'
import { CanvasRenderer } from 'echarts/renderers'

// Only the modules the charts use; the full echarts build more than doubles the bundle.
// AriaComponent puts the option's text summary on the chart container as its aria-label.
use([AriaComponent, LineChart, BarChart, PieChart, GridComponent, TooltipComponent, LegendComponent, TitleComponent, MarkPointComponent, CanvasRenderer])
