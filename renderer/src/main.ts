import { createApp } from 'vue'
import { createPinia } from 'pinia'
import 'element-plus/dist/index.css'
import App from './App.vue'
import { createAppRouter, loadOpeningScreen } from './router'
import { createAppI18n } from './i18n'
import './styles.css'

// Element Plus components are imported where they are used; its locale comes from
// ElConfigProvider in App.vue so it follows the language switch.
const app = createApp(App)
app.use(createPinia())
const router = createAppRouter()
app.use(router)
loadOpeningScreen(router)
app.use(createAppI18n())
app.mount('#app')
