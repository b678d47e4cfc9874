import { createHash } from 'node:crypto'
import type Database from 'better-sqlite3'

/** The moment every demo test generates "at" (the same as the BFF tests' TEST_NOW). */
export const NOW = Date.parse('2026-11-20T10:00:00+08:00')
export { DAY } from '#rules/time-units.ts'

const TABLES = ['departments', 'staff', 'products', 'channels', 'tag_groups', 'tags', 'customers', 'customer_identities', 'staff_customers', 'orders', 'order_items', 'events', 'customer_tags', 'coupon_templates', 'customer_coupons', 'meta']

/** sha256 over every row of every demo table, in primary-key order. */
export function hashDatabase(sqlite: Database.Database): string {
  const h = createHash('sha256')
  for (const table of TABLES) {
    h.update(`#${table}\n`)
    for (const row of sqlite.prepare(`select * from ${table} order by rowid`).raw().iterate()) h.update(`${JSON.stringify(row)}\n`)
  }
  return h.digest('hex')
}

export function count(sqlite: Database.Database, sql: string, ...params: unknown[]): number {
  const row = sqlite.prepare(sql).raw().get(...params) as unknown[] | undefined
  return Number(row?.[0] ?? 0)
}
