// The server under load for `npm run bench`: the real app in demo mode over the large
// dataset, plus a trivial route on the same instance as the baseline.
import { openDatabase } from '#db/client.ts'
import { buildApp } from '../app.ts'
import { loadConfig } from '../config.ts'

const config = { ...loadConfig(), webDist: null }
const handle = openDatabase(config.databasePath)
const app = await buildApp(config, { handle })
app.get('/__bench/trivial', async () => ({ status: 'ok' }))
app.get('/__bench/recompute-idle', async () => {
  await app.recomputeIdle()
  return { status: 'idle' }
})
await app.listen({ port: 0, host: '127.0.0.1' })
const address = app.server.address()
process.send?.({ port: typeof address === 'object' && address ? address.port : 0 })
// Dies with the benchmark that forked it, even if that one is killed hard.
process.on('disconnect', () => process.exit(0))
