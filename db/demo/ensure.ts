import type { DbHandle } from '../client.ts'

export interface SeedSummary { customers: number, orders: number, events: number }

// Placeholder until the demo generator lands.
export function ensureDemoData(_handle: DbHandle): SeedSummary | null {
  return null
}
