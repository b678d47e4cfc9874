/** Ports and identities of the servers the browser tests start (see playwright.config.ts). */
// E2E_PORT_BASE moves all three, so two checkouts can run their browser tests side by side.
const PORT_BASE = Number(process.env.E2E_PORT_BASE || 47000)
export const FAKE_WECOM_PORT = PORT_BASE + 10
export const WECOM_BFF_PORT = PORT_BASE + 20
export const DEMO_BFF_PORT = PORT_BASE + 30

export const FAKE_WECOM_URL = `http://127.0.0.1:${FAKE_WECOM_PORT}`
export const WECOM_BFF_URL = `http://127.0.0.1:${WECOM_BFF_PORT}`
export const DEMO_BFF_URL = `http://127.0.0.1:${DEMO_BFF_PORT}`

export const E2E_CORP = { corpId: 'wwe2e0000000000001', agentId: '1000002', secret: 'e2e-agent-secret' }

/** Data in (ingest.spec.ts): the WeCom-mode BFF's ingest token and callback keys (43-char AES key). */
export const E2E_INGEST = { token: 'e2e-ingest-token-0123456789', callbackToken: 'e2eCallbackToken', callbackAesKey: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG' }

/**
 * Where both BFFs' clocks start (env CLOCK_START): a Friday morning in China, outside the quiet
 * hours (21:00–09:00) that move SOP tasks, so every run sees the same tasks whatever the time
 * of day. The demo data is generated relative to it; from there the clocks run at real speed.
 */
export const CLOCK_START = '2026-11-20T10:30:00+08:00'
const CLOCK_START_MS = Date.parse(CLOCK_START)

// Set once, by the runner process that loads the config before it starts the servers; the
// workers it forks inherit the variable, so every process agrees on when the run began.
process.env.E2E_RUN_STARTED_AT ??= String(Date.now())
const RUN_STARTED_AT = Number(process.env.E2E_RUN_STARTED_AT)

/**
 * About the BFFs' current time: CLOCK_START plus the time since the run began. It is a few
 * seconds ahead of theirs (they start after the run does), never behind: a task the BFF made
 * due "now" already reads as due in the browser. Give it to `page.clock.install` so the
 * browser's relative times (第N天, 已到期, 已逾期) agree with the BFF.
 */
export function bffNow(): number {
  return CLOCK_START_MS + (Date.now() - RUN_STARTED_AT)
}
