/**
 * npm run eval:reco -- [--customers N] [--seed N] [--holdout-days N] [--db PATH]
 *
 * Offline evaluation of the product recommendations on the demo brand, split in time (see
 * bff/services/reco-eval.ts): hit@3 of the next purchased category, ours against most-popular
 * baselines measured in the same run. Generates a fresh in-memory demo unless --db is given.
 */
import { parseArgs } from 'node:util'
import { openDatabase } from '#db/client.ts'
import { readDemoMeta } from '#db/demo/ensure.ts'
import { DEMO_DEFAULTS, generateDemo } from '#db/demo/generate.ts'
import { DAY } from '../engine/rules/time-units.ts'
import { evaluateReco } from '../services/reco-eval.ts'

/** The demo's fixed clock, so every run evaluates the same data. */
const DEMO_NOW = Date.parse('2026-11-20T10:00:00+08:00')

const USAGE = `Usage: npm run eval:reco -- [--customers N] [--seed N] [--holdout-days N] [--db PATH]
  --customers     demo customers to generate (default 4000)
  --seed          demo seed (default ${DEMO_DEFAULTS.seed})
  --holdout-days  predict purchases in the last N days from what came before (default 90)
  --db            evaluate an existing database instead (its demo clock, or now)`

let args
try {
  args = parseArgs({ options: {
    'customers': { type: 'string', default: '4000' },
    'seed': { type: 'string', default: String(DEMO_DEFAULTS.seed) },
    'holdout-days': { type: 'string', default: '90' },
    'db': { type: 'string' },
    'help': { type: 'boolean', short: 'h', default: false },
  } }).values
}
catch (err) {
  console.error(`${(err as Error).message}\n\n${USAGE}`)
  process.exit(1)
}
if (args.help) {
  console.log(USAGE)
  process.exit(0)
}
const customers = Number(args.customers)
const seed = Number(args.seed)
const holdout = Number(args['holdout-days'])
for (const [name, v] of [['--customers', customers], ['--seed', seed], ['--holdout-days', holdout]] as const) {
  if (!Number.isSafeInteger(v) || v < 1) {
    console.error(`${name} must be a whole number ≥ 1\n\n${USAGE}`)
    process.exit(1)
  }
}

const handle = openDatabase(args.db ?? ':memory:')
try {
  let now = DEMO_NOW
  if (args.db) {
    now = readDemoMeta(handle)?.now ?? Date.now()
  }
  else {
    const started = performance.now()
    generateDemo(handle, { customers, seed, now })
    console.log(`generated ${customers.toLocaleString('en-US')} demo customers (seed ${seed}) in ${((performance.now() - started) / 1000).toFixed(1)} s`)
  }
  const started = performance.now()
  const r = evaluateReco(handle.sqlite, now - holdout * DAY)
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`
  console.log(`cutoff ${new Date(r.cutoff).toISOString()} (${holdout} days held out); ${r.customers.toLocaleString('en-US')} customers bought before and after it`)
  console.log(`hit@3 of the next purchased category (${((performance.now() - started) / 1000).toFixed(1)} s):`)
  console.log(`  ours (this engine)                 ${pct(r.hitAt3.ours)}`)
  console.log(`  most-popular products (baseline)   ${pct(r.hitAt3.popularProducts)}   ${r.popularProducts.join('、')}`)
  console.log(`  most-popular categories (baseline) ${pct(r.hitAt3.popularCategories)}   ${r.popularCategories.join('、')}`)
  const lift = r.hitAt3.ours / Math.max(r.hitAt3.popularProducts, 1e-9)
  console.log(`  lift over most-popular products    ×${lift.toFixed(2)}`)
}
finally {
  handle.close()
}
