import type { DbHandle } from '../client.ts'
import { generateDemo, type SeedSummary } from './generate.ts'

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
