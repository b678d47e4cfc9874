/**
 * The supervisor's summary under load, for `npm run bench` (called from sidebar-bench.ts on the
 * same server and dataset): GET /api/supervisor/summary for the department with the most tasks,
 * signed in as its leader, over 7 and 30 days, next to the trivial route in alternating rounds.
 * The dataset gets the demo's 30-day task history first if it was built without one.
 */
import autocannon from 'autocannon'
import Database from 'better-sqlite3'
import { DEMO_DEFAULTS } from '#db/demo/generate.ts'
import { writeTaskHistory } from '#db/demo/task-history.ts'
import { prepareSql } from '#db/sql/typed-sql.ts'
import { HAS_TASK_HISTORY, LARGEST_DEPARTMENT } from './bench-sql.ts'

interface SupervisorBenchOptions { port: number, dbPath: string, duration: number, rounds: number, connections: number }

/** Adds the task history to a dataset made before the generator wrote one. */
function ensureTaskHistory(dbPath: string): void {
  const db = new Database(dbPath)
  try {
    db.pragma('busy_timeout = 10000')
    const has = prepareSql(db, HAS_TASK_HISTORY).get()
    if (has)
      return
    console.log('  adding 30 days of task history to the dataset…')
    db.transaction(() => writeTaskHistory(db, { seed: DEMO_DEFAULTS.seed, now: Date.now() }))()
    db.exec('ANALYZE')
  }
  finally {
    db.close()
  }
}

/** The led department whose members have the most tasks, its leader, and the figures that make it large. */
function largestDepartment(dbPath: string) {
  const db = new Database(dbPath, { readonly: true })
  try {
    const dept = prepareSql(db, LARGEST_DEPARTMENT).get()
    if (!dept)
      throw new Error(`${dbPath} has no department with a leader`)
    return dept
  }
  finally {
    db.close()
  }
}

export async function benchSupervisor({ port, dbPath, duration, rounds, connections }: SupervisorBenchOptions) {
  console.log('\nSupervisor summary (issue 5)')
  ensureTaskHistory(dbPath)
  const dept = largestDepartment(dbPath)
  console.log(`  largest department: ${dept.name} — ${dept.staff} staff, ${dept.customers.toLocaleString()} customers, ${dept.tasks.toLocaleString()} tasks; as its leader ${dept.leader}`)
  const res = await fetch(`http://127.0.0.1:${port}/api/auth/demo`, { method: 'POST', headers: { 'content-type': 'application/json', 'origin': `http://127.0.0.1:${port}` }, body: JSON.stringify({ userId: dept.leader }) })
  if (!res.ok)
    throw new Error(`demo sign-in for ${dept.leader} failed: ${res.status} ${await res.text()}`)
  const cookie = res.headers.get('set-cookie')!.split(';')[0]!

  const run = (title: string, path: string, conns: number, headers: Record<string, string> = {}) => new Promise<autocannon.Result>((resolve, reject) => {
    autocannon({ url: `http://127.0.0.1:${port}${path}`, connections: conns, duration, headers }, (err, r) => (err ? reject(err) : resolve(r)))
  }).then((r) => {
    const bad = r.non2xx + r.errors
    console.log(`  ${title.padEnd(46)} ${r.requests.average.toFixed(0).padStart(7)} req/s   p50 ${r.latency.p50} ms   p99 ${r.latency.p99} ms${bad ? `   (${bad} non-2xx/errors!)` : ''}`)
    return r
  })

  // One supervisor opening the page (the latency they wait), and the sidebar's load level (what
  // the server sustains when many open it at once; latency there is mostly queueing).
  const levels = [...new Set([1, connections])]
  const cases = levels.flatMap(conns => (['7d', '30d'] as const).map(period => ({
    key: `${period} × ${conns}`,
    conns,
    path: `/api/supervisor/summary?period=${period}&departmentId=${dept.departmentId}`,
  })))
  await run('warm-up', cases[0]!.path, connections, { cookie })
  const results = new Map<string, autocannon.Result[]>([['trivial', []], ...cases.map(c => [c.key, []] as [string, autocannon.Result[]])])
  for (let round = 1; round <= rounds; round++) {
    results.get('trivial')!.push(await run(`GET /__bench/trivial (baseline, ${connections} conn.) #${round}`, '/__bench/trivial', connections))
    for (const c of cases)
      results.get(c.key)!.push(await run(`GET /api/supervisor/summary ${c.key} conn. #${round}`, c.path, c.conns, { cookie }))
  }
  const best = (list: autocannon.Result[]) => list.reduce((a, b) => (b.requests.average > a.requests.average ? b : a))
  const trivial = best(results.get('trivial')!)
  console.log('')
  for (const c of cases) {
    const r = best(results.get(c.key)!)
    console.log(`  supervisor summary ${c.key.padEnd(8)} conn.: p50 ${r.latency.p50} ms, p99 ${r.latency.p99} ms${c.conns === 1 ? '   (target < 50 ms)' : ''}; ${r.requests.average.toFixed(0)} req/s = ${(r.requests.average / trivial.requests.average * 100).toFixed(1)}% of the trivial route`)
  }
}
