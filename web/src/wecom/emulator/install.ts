import { createEmulatorBridge, type WeixinJSBridge } from './bridge'

/** The WeCom desktop version the emulator claims: ≥ 3.0.24, so the SDK goes agentConfig-only. */
const EMULATED_WECOM_VERSION = '4.1.22'

declare global {
  interface Window {
    WeixinJSBridge?: WeixinJSBridge
  }
}

let uninstall: (() => void) | null = null

/**
 * Makes this page look like the WeCom client to `@wecom/jssdk`: a `wxwork/…` user agent and a
 * `window.WeixinJSBridge`. Must run before the SDK module is evaluated, because the SDK reads
 * the user agent and the bridge once, at module load. Returns a function that undoes it (tests).
 */
export function installEmulator(): () => void {
  if (uninstall)
    return uninstall

  const originalUa = navigator.userAgent
  const emulatedUa = `${originalUa} wxwork/${EMULATED_WECOM_VERSION}`
  // An own property shadows Navigator.prototype's getter; deleting it restores the original.
  Object.defineProperty(navigator, 'userAgent', { configurable: true, get: () => emulatedUa })

  window.WeixinJSBridge = createEmulatorBridge()
  // For an SDK already waiting on the bridge (it should not be, but the real client fires this).
  document.dispatchEvent(new Event('WeixinJSBridgeReady'))

  uninstall = () => {
    Reflect.deleteProperty(navigator, 'userAgent')
    delete window.WeixinJSBridge
    uninstall = null
  }
  return uninstall
}
