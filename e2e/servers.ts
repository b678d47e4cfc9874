/** Ports and identities of the servers the browser tests start (see playwright.config.ts). */
export const FAKE_WECOM_PORT = 47010
export const WECOM_BFF_PORT = 47020
export const DEMO_BFF_PORT = 47030

export const FAKE_WECOM_URL = `http://127.0.0.1:${FAKE_WECOM_PORT}`
export const WECOM_BFF_URL = `http://127.0.0.1:${WECOM_BFF_PORT}`
export const DEMO_BFF_URL = `http://127.0.0.1:${DEMO_BFF_PORT}`

export const E2E_CORP = { corpId: 'wwe2e0000000000001', agentId: '1000002', secret: 'e2e-agent-secret' }
