/**
 * npm run demo -- [--customers N] [--seed S] [--now ISO|ms] [--db PATH] [--fresh]
 *
 * Writes the demo brand into a database file. Without --fresh it only fills an empty database,
 * so a real one cannot be mixed with demo rows by accident.
 */
import { existsSync, rmSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { openDatabase } from '../client.ts'
import { DEMO_DEFAULTS, generateDemo, heldCounts } from './generate.ts'

const USAGE = `Usage: tsx db/demo/cli.ts [--customers N] [--seed S] [--now ISO-date|ms] [--db PATH] [--fresh]
  --customers  total customers, the 5 fixtures included (default ${DEMO_DEFAULTS.customers})
  --seed       random seed (default ${DEMO_DEFAULTS.seed}); same seed, count and now give the same data
  --now        the moment the data is generated at (default: the current time)
  --db         database file (default: $DATABASE_PATH or data/sidebar.db)
  --fresh      delete the database file first`

function fail(message: string): never {
  console.error(message)
  process.exit(1)
}

function integer(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined)
    return fallback
  const n = Number(raw.replace(/[_,]/g, ''))
  if (!Number.isSafeInteger(n) || n < 0)
    fail(`--${name} must be a whole number ≥ 0, got "${raw}"\n\n${USAGE}`)
  return n
}

function moment(raw: string | undefined): number {
  if (raw === undefined)
    return Date.now()
  const t = /^\d+$/.test(raw) ? Number(raw) : Date.parse(raw)
  if (!Number.isFinite(t))
    fail(`--now must be an ISO date or unix milliseconds, got "${raw}"`)
  return t
}

let args
try {
  args = parseArgs({
    options: {
      customers: { type: 'string' },
      seed: { type: 'string' },
      now: { type: 'string' },
      db: { type: 'string' },
      fresh: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  }).values
}
catch (err) {
  fail(`${(err as Error).message}\n\n${USAGE}`)
}
if (args.help) {
  console.log(USAGE)
  process.exit(0)
}

const customers = integer('customers', args.customers, DEMO_DEFAULTS.customers)
const seed = integer('seed', args.seed, DEMO_DEFAULTS.seed)
const now = moment(args.now)
const path = args.db ?? process.env.DATABASE_PATH ?? fileURLToPath(new URL('../../data/sidebar.db', import.meta.url))

if (args.fresh && path !== ':memory:') {
  for (const suffix of ['', '-wal', '-shm', '-journal']) {
    if (existsSync(path + suffix))
      rmSync(path + suffix)
  }
}

const handle = openDatabase(path)
const held = heldCounts(handle.sqlite)
if (held.customers > 0 || held.staff > 0) {
  handle.close()
  fail(`${path} already holds ${held.customers.toLocaleString('en')} customers and ${held.staff} staff.\nRe-run with --fresh to delete it and generate the demo from scratch.`)
}

console.log(`Generating ${customers.toLocaleString('en')} demo customers (seed ${seed}, now ${new Date(now).toISOString()}) into ${path} …`)
const started = performance.now()
let nextReport = 0.1
const summary = generateDemo(handle, {
  customers,
  seed,
  now,
  onProgress(done, total) {
    if (done / total >= nextReport && done < total) {
      console.log(`  ${Math.floor((done / total) * 100)}% · ${done.toLocaleString('en')} customers · ${((performance.now() - started) / 1000).toFixed(1)} s`)
      nextReport = Math.floor((done / total) * 10) / 10 + 0.1
    }
  },
})
handle.close()
const seconds = (performance.now() - started) / 1000
console.log(`Done in ${seconds.toFixed(1)} s: ${summary.customers.toLocaleString('en')} customers, ${summary.orders.toLocaleString('en')} orders, ${summary.events.toLocaleString('en')} events.`)
