import { defineConfig } from '@playwright/test'
import { CLOCK_START, DEMO_BFF_PORT, DEMO_BFF_URL, E2E_CORP, E2E_INGEST, FAKE_WECOM_PORT, FAKE_WECOM_URL, WECOM_BFF_PORT, WECOM_BFF_URL } from './servers.ts'

const chromium = process.env.CHROMIUM_PATH || '/usr/bin/chromium'
const dataDir = 'e2e/.data'

/**
 * One BFF start command: a fresh database each run, filled with the demo brand, and a clock that
 * starts at CLOCK_START (the journey scheduler's first pass plans that morning's tasks). A BFF
 * with WeCom configured never seeds the demo brand itself, so its database is filled by the demo
 * CLI first: the fake WeCom's members are the demo brand's staff.
 */
function bff(port: number, name: string, env: Record<string, string>) {
  const db = `${dataDir}/${name}.db`
  const seed = env.WECOM_CORP_ID ? `tsx db/demo/cli.ts --db ${db} --now ${CLOCK_START} && ` : ''
  return {
    command: `rm -f ${db}* && ${seed}tsx bff/server.ts`,
    cwd: '..',
    url: `http://127.0.0.1:${port}/api/health`,
    timeout: 120_000,
    reuseExistingServer: false,
    stdout: 'ignore' as const,
    stderr: 'pipe' as const,
    // Every test's browser and API client comes from 127.0.0.1: the per-address limit on sign-in
    // and JS-SDK signatures is raised well above what a run needs (its unit tests cover it).
    env: { PORT: String(port), HOST: '127.0.0.1', DATABASE_PATH: db, LOG_LEVEL: 'warn', CLOCK_START, ANON_RATE_LIMIT_PER_MINUTE: '10000', ...env },
  }
}

export default defineConfig({
  testDir: '.',
  testMatch: '*.spec.ts',
  workers: 1,
  fullyParallel: false,
  retries: process.env.CI ? 1 : 0,
  timeout: 30_000,
  reporter: [['list']],
  outputDir: '.data/test-results',
  use: {
    browserName: 'chromium',
    viewport: { width: 375, height: 667 },
    hasTouch: true,
    isMobile: true,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: chromium,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-quic', '--no-first-run', '--disable-sync'],
    },
  },
  webServer: [
    {
      command: `tsx e2e/fixtures/fake-wecom-server.ts --port ${FAKE_WECOM_PORT} --corp-id ${E2E_CORP.corpId} --secret ${E2E_CORP.secret} --agent-id ${E2E_CORP.agentId}`,
      cwd: '..',
      url: `${FAKE_WECOM_URL}/__control/state`,
      timeout: 30_000,
      reuseExistingServer: false,
    },
    bff(WECOM_BFF_PORT, 'wecom', {
      WECOM_CORP_ID: E2E_CORP.corpId,
      WECOM_AGENT_ID: E2E_CORP.agentId,
      WECOM_SECRET: E2E_CORP.secret,
      WECOM_API_BASE: FAKE_WECOM_URL,
      WECOM_OAUTH_BASE: FAKE_WECOM_URL,
      SESSION_SECRET: 'e2e-session-secret-0123456789',
      INGEST_TOKEN: E2E_INGEST.token,
      WECOM_CALLBACK_TOKEN: E2E_INGEST.callbackToken,
      WECOM_CALLBACK_AES_KEY: E2E_INGEST.callbackAesKey,
    }),
    bff(DEMO_BFF_PORT, 'demo', {}),
  ],
})

export { DEMO_BFF_URL, WECOM_BFF_URL }
