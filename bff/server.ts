import closeWithGrace from 'close-with-grace'
import { openDatabase } from '../db/client.ts'
import { ensureDemoData, staleDemoVersion } from '../db/demo/ensure.ts'
import { buildApp } from './app.ts'
import { ConfigError, loadConfig } from './config.ts'

// The only file that listens: everything else is built by buildApp() and testable in-process.
let config
try {
  config = loadConfig()
}
catch (err) {
  if (err instanceof ConfigError) {
    console.error(err.message)
    process.exit(1)
  }
  throw err
}

// A clock that starts at CLOCK_START (if given) and runs at real speed from there.
const offset = config.clockStart === null ? 0 : config.clockStart - Date.now()
const now = () => Date.now() + offset

const handle = openDatabase(config.databasePath)
if (config.seedDemo) {
  const seeded = ensureDemoData(handle, now())
  if (seeded)
    console.log(`Filled ${config.databasePath} with the demo brand: ${seeded.customers} customers, ${seeded.orders} orders, ${seeded.events} events.`)
  const stale = seeded ? null : staleDemoVersion(handle)
  if (stale !== null)
    console.warn(`${config.databasePath} holds demo data from an older version (${stale}) without what newer ones add (coupons, task history). Delete the file and start again to regenerate it.`)
}

const app = await buildApp(config, { handle, now, logger: { level: config.logLevel } })

closeWithGrace({ delay: 5000 }, async ({ err }) => {
  if (err)
    app.log.error({ err }, 'closing because of an error')
  await app.close()
  handle.close()
})

await app.listen({ port: config.port, host: config.host })
const base = `http://localhost:${config.port}`
console.log(`
  WeCom sidebar is running (${config.wecom ? `WeCom corp ${config.wecom.corpId}` : 'demo mode: the WeCom client is emulated in the browser'})
    Sidebar      ${base}/sidebar      (chat toolbar page)
    Tasks        ${base}/tasks        (workbench: today's SOP tasks)
    Supervisor   ${base}/supervisor   (workbench: department leaders)
    Demo client  ${base}/demo         (pick who you are and which chat is open)
    Health       ${base}/api/health
`)
