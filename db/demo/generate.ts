/**
 * The deterministic demo generator: the same { seed, customers, now } gives byte-identical rows.
 * Fixtures come first (ids 1–5), then generated customers, written in batched transactions.
 */
import type Database from 'better-sqlite3'
import type { DbHandle } from '../client.ts'
import { meta } from '../schema.ts'
import { prepareSql, sqlRows } from '../sql/typed-sql.ts'
import { deferIndexes, type DeferredIndexes, fastLoadSettings } from './bulk-load.ts'
import { DemoCoupons } from './coupons.ts'
import { planCustomer } from './customers.ts'
import { FIXTURE_PHONES, planFixtures } from './fixtures.ts'
import { deriveSeed, Random } from './random.ts'
import { writeTaskHistory } from './task-history.ts'
import { DemoWriter } from './writer.ts'

export interface SeedSummary { customers: number, orders: number, events: number }

export interface DemoOptions {
  /** Total customers including the five fixtures (never fewer than those). */
  customers?: number
  seed?: number
  /** The moment the data is generated "at": every time is relative to it. */
  now?: number
  /** Rows per transaction; by default runs from 20,000 customers commit every 50,000 rows, smaller ones once. */
  batchRows?: number
  /** Build indexes once at the end and skip fsync while loading (default on). */
  bulkLoad?: boolean
  onProgress?: (done: number, total: number) => void
}

export const DEMO_DEFAULTS = { customers: 3000, seed: 20261123 } as const
export const DEMO_META_KEY = 'demo_seed'
/** Bump when the generator's output changes for the same options. */
export const DEMO_VERSION = 3
const BATCHED_FROM = 20_000

/** What generateDemo() records in meta under 'demo_seed' once everything is written. */
export interface DemoMeta extends SeedSummary { version: number, seed: number, now: number }

export class DemoTargetNotEmptyError extends Error {}

const HELD = sqlRows<{ customers: number, staff: number }, []>('select (select count(*) from customers) as customers, (select count(*) from staff) as staff')

/** How many customers and staff the database holds. */
export function heldCounts(sqlite: Database.Database): { customers: number, staff: number } {
  // Subqueries without a from clause: always exactly one row.
  return prepareSql(sqlite, HELD).get()!
}

/**
 * Fills an empty database with the demo brand and records the run in meta 'demo_seed'.
 * Throws DemoTargetNotEmptyError when the database already holds staff or customers.
 */
export function generateDemo(handle: DbHandle, options: DemoOptions = {}): SeedSummary {
  const seed = options.seed ?? DEMO_DEFAULTS.seed
  const now = Math.round(options.now ?? Date.now())
  const { sqlite } = handle
  const held = heldCounts(sqlite)
  if (held.customers + held.staff > 0)
    throw new DemoTargetNotEmptyError('the database already holds staff or customers; the demo generator only fills an empty one')

  const writer = new DemoWriter(sqlite)
  const coupons = new DemoCoupons(sqlite, now)
  let orderId = 0
  const nextOrderId = () => ++orderId
  const fixtures = planFixtures({ now, rng: new Random(deriveSeed(seed, 0)), nextOrderId })
  const total = Math.max(Math.floor(options.customers ?? DEMO_DEFAULTS.customers), fixtures.length)
  const ctx = { now, nextOrderId, reservedPhones: FIXTURE_PHONES }

  // Small runs (the first start of the BFF) are one transaction: all or nothing, indexes included.
  const batchRows = options.batchRows ?? (total >= BATCHED_FROM ? 50_000 : Number.POSITIVE_INFINITY)
  const bulkLoad = options.bulkLoad ?? true
  const restoreSettings = bulkLoad ? fastLoadSettings(sqlite) : null
  let indexes: DeferredIndexes | null = null
  try {
    sqlite.exec('begin')
    indexes = bulkLoad ? deferIndexes(sqlite) : null
    writer.writeReference()
    coupons.writeReference()
    for (const plan of fixtures) writer.write(coupons.attach(plan))
    for (let id = fixtures.length + 1; id <= total; id++) {
      writer.write(coupons.attach(planCustomer(new Random(deriveSeed(seed, id)), id, ctx)))
      if (writer.pendingRows >= batchRows) {
        writer.commit()
        options.onProgress?.(id, total)
      }
    }
    writer.flush()
    coupons.finish()
    writeTaskHistory(sqlite, { seed, now })
    indexes?.rebuild()
    sqlite.exec('commit')
  }
  catch (err) {
    if (sqlite.inTransaction)
      sqlite.exec('rollback')
    // Batches already committed keep their rows; the schema must get its indexes back regardless.
    try {
      indexes?.rebuild()
    }
    catch (rebuildErr) {
      throw new AggregateError([err, rebuildErr], 'demo generation failed, and so did restoring the indexes')
    }
    throw err
  }
  finally {
    restoreSettings?.()
  }

  const summary: SeedSummary = { customers: writer.customers, orders: writer.orders, events: writer.events }
  const demoMeta: DemoMeta = { version: DEMO_VERSION, seed, now, ...summary }
  handle.db.insert(meta).values({ key: DEMO_META_KEY, value: JSON.stringify(demoMeta), updatedAt: now })
    .onConflictDoUpdate({ target: meta.key, set: { value: JSON.stringify(demoMeta), updatedAt: now } }).run()
  options.onProgress?.(total, total)
  return summary
}
