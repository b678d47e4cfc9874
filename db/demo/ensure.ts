import type { DbHandle } from '../client.ts'
import { DEMO_META_KEY, DEMO_VERSION, generateDemo, type SeedSummary } from './generate.ts'

export type { SeedSummary } from './generate.ts'

/**
 * First start only: fills a database without staff with the default demo brand (and records
 * what was generated in meta 'demo_seed'). Returns null when there is already data.
 */
export function ensureDemoData(handle: DbHandle, now = Date.now()): SeedSummary | null {
  const { n } = handle.sqlite.prepare('select count(*) as n from staff').get() as { n: number }
  if (n > 0)
    return null
  return generateDemo(handle, { now })
}

/**
 * The demo generator's version that filled this database, when it is older than this code's:
 * the data lacks what later versions add (coupons, task history…). Never regenerated on its
 * own — the file may hold data someone sent in since — so the caller says how to refresh it.
 */
export function staleDemoVersion(handle: DbHandle): number | null {
  const raw = handle.sqlite.prepare('select value from meta where key = ?').pluck().get(DEMO_META_KEY) as string | undefined
  if (raw === undefined)
    return null
  const version = Number((JSON.parse(raw) as { version?: unknown }).version ?? 0)
  return version < DEMO_VERSION ? version : null
}
