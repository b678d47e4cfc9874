/**
 * The only module that imports `@wecom/jssdk`. Load it with `loadWecom()` (dynamic import):
 * the SDK reads the user agent at module load, so the demo emulator must be installed first,
 * and the SDK stays out of the initial bundle.
 */
import { register } from '@wecom/jssdk'
import type { AppConfig, SignatureResponse } from '#contract/auth.ts'
import { api } from '../api/client'

export { env, getContext, getCurExternalChat, getCurExternalContact, openEnterpriseChat, sendChatMessage } from '@wecom/jssdk'

/** Every JSAPI the web app calls; an API missing here fails with "no permission". */
const JS_API_LIST = ['getContext', 'getCurExternalContact', 'getCurExternalChat', 'sendChatMessage', 'openEnterpriseChat']

let registered = false

/**
 * register() starts agentConfig itself and drops the promise, so a failed config (bad signature,
 * BFF down) also surfaces as an unhandled rejection. The failure reaches the caller of the API
 * that awaited the config; this only keeps it out of the console's "Uncaught" errors.
 */
function isConfigFailure(reason: unknown): boolean {
  if (reason instanceof Error)
    return reason.message.startsWith('SDK Error:') || reason.name === 'ApiError'
  const errMsg = (reason as { errMsg?: unknown } | null)?.errMsg
  return typeof errMsg === 'string' && /^(agentConfig|config|preVerifyJSAPI):/.test(errMsg)
}

function quietConfigFailures(): void {
  window.addEventListener('unhandledrejection', (event) => {
    if (isConfigFailure(event.reason)) {
      event.preventDefault()
      console.warn('[wecom] config failed', event.reason)
    }
  })
}

/**
 * Registers the app identity (agentConfig) once per page load. The SDK hands the signature
 * function the URL to sign (`location.href` without `#…`); it goes to the BFF unchanged.
 */
export function registerOnce(config: Pick<AppConfig, 'corpId' | 'agentId'>): void {
  if (registered)
    return
  quietConfigFailures()
  register({
    corpId: config.corpId,
    agentId: config.agentId,
    jsApiList: JS_API_LIST,
    getAgentConfigSignature: url => api.get<SignatureResponse>('/api/wecom/agent-config-signature', { url }),
    // Only WeCom < 3.0.24 asks for this (it runs wx.config before agentConfig).
    getConfigSignature: url => api.get<SignatureResponse>('/api/wecom/config-signature', { url }),
  })
  registered = true
}
