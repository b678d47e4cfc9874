import { loadAppConfig } from '../api/config'
import { WecomError } from './errors'
import { prepareWecom, type WecomHost } from './prepare'

export type WecomSdk = typeof import('./sdk')

let loading: Promise<{ sdk: WecomSdk, host: WecomHost }> | null = null

/**
 * The registered SDK, loaded on first use: config → emulator (demo) → SDK module → register.
 * The order matters and is kept here, whoever asks first.
 * @throws WecomError 'not_in_wecom' in a plain browser (the SDK would hang there)
 */
export function loadWecom(): Promise<{ sdk: WecomSdk, host: WecomHost }> {
  loading ??= (async () => {
    const config = await loadAppConfig()
    const host = await prepareWecom(config)
    if (host === 'browser')
      throw new WecomError('not_in_wecom', '请在企业微信的聊天工具栏中打开此页面')
    const sdk = await import('./sdk')
    sdk.registerOnce(config)
    return { sdk, host }
  })().catch((err: unknown) => {
    loading = null
    throw err
  })
  return loading
}
