import { openDatabase } from '#db/client.ts'
import { buildApp, type AppDeps } from '../app.ts'
import type { AppConfig } from '../config.ts'
import { type JourneyConfig, loadJourneyConfig } from '../engine/journey/index.ts'

export const TEST_NOW = Date.parse('2026-11-20T10:00:00+08:00')

function testConfig(overrides: Partial<AppConfig> = {}): AppConfig {
  return {
    port: 0,
    host: '127.0.0.1',
    databasePath: ':memory:',
    wecom: null,
    sessionSecret: 'test-session-secret-0123456789',
    seedDemo: false,
    logLevel: 'silent',
    webDist: null,
    // The scheduler stays off in tests: they recompute explicitly, at a clock they control.
    journeyRecomputeMinutes: 0,
    clockStart: null,
    supervisor: { admins: [], serviceReplyHours: 2 },
    ...overrides,
  }
}

// Validating the journey files costs ~100 ms; apps built in one test file share the result.
let defaultJourney: JourneyConfig | undefined

/** A fully built app over a fresh in-memory database with all migrations applied. */
export async function buildTestApp(overrides: Partial<AppConfig> = {}, deps: Partial<AppDeps> = {}) {
  const handle = deps.handle ?? openDatabase(':memory:')
  const journey = deps.journey ?? (defaultJourney ??= loadJourneyConfig())
  const app = await buildApp(testConfig(overrides), { now: () => TEST_NOW, ...deps, handle, journey })
  const close = async () => {
    await app.close()
    handle.close()
  }
  return { app, handle, close }
}
