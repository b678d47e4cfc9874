import { eq } from 'drizzle-orm'
import type { DbHandle } from '../client.ts'
import { meta } from '../schema.ts'
import { DEMO_META_KEY, DEMO_VERSION, type DemoMeta, generateDemo, heldCounts, type SeedSummary } from './generate.ts'

export type { SeedSummary } from './generate.ts'

/**
 * First start only: fills a database without staff with the default demo brand (and records
 * what was generated in meta 'demo_seed'). Returns null when there is already data.
 */
export function ensureDemoData(handle: DbHandle, now = Date.now()): SeedSummary | null {
  if (heldCounts(handle.sqlite).staff > 0)
    return null
  return generateDemo(handle, { now })
}

/**
 * The demo generator's version that filled this database, when it is older than this code's:
 * the data lacks what later versions add (coupons, task history…). Never regenerated on its
 * own — the file may hold data someone sent in since — so the caller says how to refresh it.
 */
export function staleDemoVersion(handle: DbHandle): number | null {
  const recorded = readDemoMeta(handle)
  if (recorded === null)
    return null
  const version = recorded.version ?? 0
  return version < DEMO_VERSION ? version : null
}

/**
 * What the generator recorded in meta 'demo_seed' (the numbers it holds; an older generator
 * recorded fewer), or null when the database was not filled by it.
 */
export function readDemoMeta(handle: DbHandle): Partial<DemoMeta> | null {
  const raw = handle.db.select({ value: meta.value }).from(meta).where(eq(meta.key, DEMO_META_KEY)).get()?.value
  if (raw === undefined)
    return null
  const value: unknown = JSON.parse(raw)
  const recorded: Partial<DemoMeta> = {}
  if (typeof value === 'object' && value !== null) {
    for (const [key, field] of Object.entries(value)) {
      if (typeof field === 'number' && ['version', 'seed', 'now', 'customers', 'orders', 'events'].includes(key))
        recorded[key as keyof DemoMeta] = field
    }
  }
  return recorded
}
