import { createPinia } from 'pinia'
import { createApp } from 'vue'
import App from './App.vue'
import { loadAppConfig } from './api/config'
import './common/base.css'
import { router } from './router'
import { useSessionStore } from './stores/session'
import { prepareWecom } from './wecom/prepare'
import { warmUpWecom } from './wecom/warm-up'

const app = createApp(App)
app.use(createPinia())
app.use(router)

// In demo mode outside WeCom the emulator must be in place before anything loads the SDK;
// start now so it is ready by the time a page asks (the WeCom loader awaits the same promise).
loadAppConfig()
  .then(prepareWecom)
  .catch((err: unknown) => console.warn('[boot] WeCom environment not prepared yet', err))

// Sign-in and the WeCom handshake run alongside the page chunk download; the page then
// awaits session.ensureSignedIn() and resolveChatContext(), which reuse what started here.
const session = useSessionStore()
router.beforeEach((to) => {
  if (to.meta.requiresAuth) {
    void session.ensureSignedIn()
    if (to.meta.wecom)
      warmUpWecom()
  }
})

app.mount('#app')
