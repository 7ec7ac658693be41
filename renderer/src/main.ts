import { createApp } from 'vue'
import { createPinia } from 'pinia'
import 'element-plus/dist/index.css'
import App from './App.vue'
import { createAppRouter } from './router'
import { createAppI18n } from './i18n'
import './styles.css'

// Element Plus components are imported where they are used; its locale comes from
// ElConfigProvider in App.vue so it follows the language switch.
const app = createApp(App)
app.use(createPinia())
app.use(createAppRouter())
app.use(createAppI18n())
app.mount('#app')
