/**
 * npm run recompute -- [--db PATH] [--chunk N] [--now ISO|ms]
 *
 * Recomputes every customer's journey stage and SOP tasks, the same pass the BFF runs on its
 * schedule, and prints how fast it went. Safe while the BFF runs (WAL; each chunk is one short
 * transaction) and safe to repeat (planning is idempotent).
 */
import { parseArgs } from 'node:util'
import { count } from 'drizzle-orm'
import { openDatabase } from '#db/client.ts'
import { customers } from '#db/schema.ts'
import { ConfigError, loadConfig } from '../config.ts'
import { ConfigError as JourneyConfigError, loadJourneyConfig } from '../engine/journey/index.ts'
import { recomputeAll } from '../services/journey-recompute.ts'
import { DEFAULT_CHUNK } from '../services/journey-facts.ts'

const USAGE = `Usage: npm run recompute -- [--db PATH] [--chunk N] [--now ISO-date|ms]
  --db     database file (default: $DATABASE_PATH or data/sidebar.db)
  --chunk  customers per transaction (default ${DEFAULT_CHUNK})
  --now    the moment to compute at (default: the current time)`

function fail(message: string): never {
  console.error(message)
  process.exit(1)
}

let args
try {
  args = parseArgs({ options: { db: { type: 'string' }, chunk: { type: 'string' }, now: { type: 'string' }, help: { type: 'boolean', short: 'h', default: false } } }).values
}
catch (err) {
  fail(`${(err as Error).message}\n\n${USAGE}`)
}
if (args.help) {
  console.log(USAGE)
  process.exit(0)
}

const chunk = args.chunk === undefined ? DEFAULT_CHUNK : Number(args.chunk)
if (!Number.isSafeInteger(chunk) || chunk < 1)
  fail(`--chunk must be a whole number ≥ 1, got "${args.chunk}"`)
const now = args.now === undefined ? Date.now() : /^\d+$/.test(args.now) ? Number(args.now) : Date.parse(args.now)
if (!Number.isFinite(now))
  fail(`--now must be an ISO date or unix milliseconds, got "${args.now}"`)

let databasePath: string
let journey
try {
  databasePath = args.db ?? loadConfig().databasePath
  journey = loadJourneyConfig()
}
catch (err) {
  if (err instanceof ConfigError || err instanceof JourneyConfigError)
    fail(err.message)
  throw err
}

const handle = openDatabase(databasePath)
const total = handle.db.select({ n: count() }).from(customers).get()?.n ?? 0
console.log(`Recomputing journey stages and SOP tasks for ${total.toLocaleString()} customers in ${databasePath} at ${new Date(now).toISOString()} …`)
let reported = 0
const result = await recomputeAll(handle.db, journey, now, {
  chunk,
  onChunk: (c) => {
    // Progress only for runs long enough to wonder about: every tenth of the way.
    if (total >= 20_000 && c.customers - reported >= total / 10) {
      reported = c.customers
      console.log(`  ${c.customers.toLocaleString()} / ${total.toLocaleString()}`)
    }
  },
})
handle.close()

const seconds = result.ms / 1000
const perSecond = seconds > 0 ? Math.round(result.customers / seconds) : result.customers
console.log(`Done in ${seconds.toFixed(2)} s: ${perSecond.toLocaleString()} customers/s.
  ${result.stagesChanged.toLocaleString()} stages set or changed, ${result.tasksCreated.toLocaleString()} tasks created, ${result.tasksExpired.toLocaleString()} expired, ${result.tasksReopened.toLocaleString()} back from snooze.`)
