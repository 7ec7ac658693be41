import { use } from 'echarts/core'
import { BarChart, LineChart } from 'echarts/charts'
import {
  GridComponent,
  LegendComponent,
  MarkPointComponent,
  TitleComponent,
  TooltipComponent,
} from 'echarts/components'
import { CanvasRenderer } from 'echarts/renderers'

// Only the modules the charts use; the full echarts build more than doubles the bundle.
use([LineChart, BarChart, GridComponent, TooltipComponent, LegendComponent, TitleComponent, MarkPointComponent, CanvasRenderer])
