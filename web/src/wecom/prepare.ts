import type { AppConfig } from '#contract/auth.ts'
import { isInsideWecom } from './environment'

/**
 * Where the JS-SDK will run: inside WeCom (or a harness that emulates it, like the e2e tests),
 * on the demo emulator, or in a plain browser where every SDK call would hang.
 */
export type WecomHost = 'wecom' | 'emulator' | 'browser'

let prepared: Promise<WecomHost> | null = null

/**
 * Decides the host once per page load and, in demo mode outside WeCom, installs the emulator.
 * Everything that loads `./sdk` awaits this first: the SDK reads the user agent and
 * `window.WeixinJSBridge` when its module is evaluated.
 */
export function prepareWecom(config: Pick<AppConfig, 'mode'>): Promise<WecomHost> {
  prepared ??= (async (): Promise<WecomHost> => {
    if (isInsideWecom())
      return 'wecom'
    if (config.mode !== 'demo')
      return 'browser'
    const { installEmulator } = await import('./emulator/install')
    installEmulator()
    return 'emulator'
  })().catch((err: unknown) => {
    prepared = null
    throw err
  })
  return prepared
}
