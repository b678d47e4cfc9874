/**
 * The 推荐 tab's endpoint under load, next to the trivial route and the sidebar's first screen
 * measured in the same run (called from sidebar-bench.ts with its server and sessions).
 */
import autocannon from 'autocannon'

interface Request { path: string, headers: Record<string, string> }

export interface RecoBenchInput {
  port: number
  connections: number
  duration: number
  rounds: number
  /** The sidebar's requests (random served customers with their staff's cookies). */
  requests: Request[]
  trivial: autocannon.Result
  sidebar: autocannon.Result
}

export async function benchRecommendations(input: RecoBenchInput): Promise<void> {
  const requests = input.requests.map(r => ({ ...r, path: r.path.replace(/^\/api\/sidebar\/(.+)$/, '/api/customers/$1/recommendations') }))
  let i = 0
  const results: autocannon.Result[] = []
  for (let round = 1; round <= input.rounds; round++) {
    const r = await new Promise<autocannon.Result>((resolve, reject) => {
      autocannon({
        url: `http://127.0.0.1:${input.port}`,
        connections: input.connections,
        duration: input.duration,
        requests: [{ setupRequest: req => ({ ...req, ...requests[i++ % requests.length] }) }],
      }, (err, result) => err ? reject(err) : resolve(result))
    })
    const bad = r.non2xx + r.errors
    console.log(`  ${`GET …/recommendations #${round}`.padEnd(34)} ${r.requests.average.toFixed(0).padStart(7)} req/s   p50 ${r.latency.p50} ms   p99 ${r.latency.p99} ms${bad ? `   (${bad} non-2xx/errors!)` : ''}`)
    results.push(r)
  }
  const best = results.reduce((a, b) => (b.requests.average > a.requests.average ? b : a))
  const pct = (a: autocannon.Result, b: autocannon.Result) => `${(a.requests.average / b.requests.average * 100).toFixed(1)}%`
  console.log(`  recommendations / trivial throughput: ${pct(best, input.trivial)}; / sidebar first screen: ${pct(best, input.sidebar)}; p99 ${best.latency.p99} ms`)
}
