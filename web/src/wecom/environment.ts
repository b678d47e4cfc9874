/** True when a real (or test-harness) WeCom client hosts this page. Cheap; no SDK needed. */
export function isInsideWecom(): boolean {
  return /wxwork\//i.test(navigator.userAgent) || Boolean(window.WeixinJSBridge)
}
