/// <reference types="vite/client" />
// The bench's baseline for the renderer row: an empty Vue + Element Plus page (one button), built
// like the app, so "navigation → trend chart drawn" reads as a multiple of what any page costs.
import { createApp, h } from 'vue'
import { ElButton } from 'element-plus'
import 'element-plus/theme-chalk/base.css'
import 'element-plus/theme-chalk/el-button.css'

createApp({ render: () => h(ElButton, { 'data-testid': 'empty-ready' }, () => '空白页') }).mount('#app')
