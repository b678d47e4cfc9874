/**
 * Starts the WeCom work a chat-toolbar page will need, alongside signing in and the page chunk:
 * the SDK chunk, its agentConfig (signature round trip included) and the chat-context chunk.
 * Failures are left for the page's own call to report.
 */
export function warmUpWecom(): void {
  import('./loader')
    .then(({ loadWecom }) => loadWecom())
    .catch((err: unknown) => console.info('[wecom] warm-up skipped:', err instanceof Error ? err.message : err))
  import('./chat-context')
    .catch((err: unknown) => console.info('[wecom] chat-context preload failed', err))
}
