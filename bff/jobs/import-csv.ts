/**
 * npm run import -- <file.csv> --source youzan [--format youzan|taobao|generic] [--db PATH]
 *
 * Imports a shop's order export: 有赞 订单导出, 淘宝/天猫 订单报表, or a generic CSV. Shows a
 * progress bar, prints a summary, writes rejected rows with their reasons next to the file
 * (<file>.rejected.csv), and recomputes the stages and tasks of every customer it touched.
 * Importing the same file again changes nothing. Safe while the BFF runs (WAL, short transactions).
 */
import { parseArgs } from 'node:util'
import cliProgress from 'cli-progress'
import { openDatabase } from '#db/client.ts'
import { loadConfig } from '../config.ts'
import { loadJourneyConfig } from '../engine/journey/index.ts'
import { recomputeCustomers } from '../services/journey-recompute.ts'
import { defaultFormat, FORMATS } from './csv/formats.ts'
import { ImportError, importOrdersCsv } from './csv/import-orders-csv.ts'

const USAGE = `Usage: npm run import -- <file.csv> --source SOURCE [--format FORMAT] [--db PATH]
  --source  youzan | tmall | taobao | own_mall | wdt | jst | weimob | xiaoe | zsxq
  --format  youzan (有赞订单导出) | taobao (淘宝/天猫订单报表) | generic (API field names)
            default: youzan for youzan, taobao for tmall/taobao, generic otherwise
  --db      database file (default: $DATABASE_PATH or data/sidebar.db)`

function fail(message: string): never {
  console.error(message)
  process.exit(1)
}

let parsed
try {
  parsed = parseArgs({ allowPositionals: true, options: { source: { type: 'string' }, format: { type: 'string' }, db: { type: 'string' }, help: { type: 'boolean', short: 'h' } } })
}
catch (err) {
  fail(`${(err as Error).message}\n\n${USAGE}`)
}
const { values, positionals } = parsed
if (values.help)
  fail(USAGE)
const file = positionals[0]
if (!file || !values.source)
  fail(USAGE)
const format = values.format ? FORMATS[values.format as keyof typeof FORMATS] : defaultFormat(values.source)
if (!format)
  fail(`--format must be youzan, taobao or generic\n\n${USAGE}`)

const handle = openDatabase(values.db ?? loadConfig().databasePath)
const bar = new cliProgress.SingleBar({ format: '导入订单 [{bar}] {percentage}% | {value}/{total} 单 | 用时 {duration}s', hideCursor: true }, cliProgress.Presets.shades_classic)
const started = performance.now()
try {
  let begun = false
  const summary = importOrdersCsv(handle.sqlite, {
    file,
    source: values.source,
    format,
    now: Date.now(),
    onProgress: (done, total) => {
      if (!begun) {
        bar.start(total, 0)
        begun = true
      }
      bar.update(done)
    },
  })
  bar.stop()
  const recompute = recomputeCustomers(handle.db, loadJourneyConfig(), summary.affectedCustomerIds, Date.now())
  console.log(`
${format.label}: ${summary.rows} 行，${summary.orders} 单（${((performance.now() - started) / 1000).toFixed(1)} s）
  新增或更新  ${summary.accepted}
  已存在      ${summary.duplicates}
  被拒绝      ${summary.rejected}${summary.rejectedFile ? `  → 原因见 ${summary.rejectedFile}` : ''}
  重算客户    ${recompute.customers}（阶段变化 ${recompute.stagesChanged}，新任务 ${recompute.tasksCreated}）`)
}
catch (err) {
  bar.stop()
  if (err instanceof ImportError)
    fail(err.message)
  throw err
}
finally {
  handle.close()
}
