// Finds a Chromium for the browser tests, installing Debian's when none is there and we can.
// Playwright cannot download its own browsers here, so it runs Debian's via executablePath.
import { execSync } from 'node:child_process'
import { existsSync } from 'node:fs'

const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter(Boolean)
const found = candidates.find(p => existsSync(p))
if (found) {
  console.log(`Chromium for the browser tests: ${found}`)
  process.exit(0)
}
if (process.env.CHROMIUM_PATH)
  console.warn(`CHROMIUM_PATH=${process.env.CHROMIUM_PATH} does not exist; trying to install Debian's chromium instead`)

const asRoot = process.getuid?.() === 0 ? '' : 'sudo -n '
try {
  console.log('Chromium not found: installing Debian\'s chromium and a CJK font (fonts-wqy-microhei)…')
  execSync(`${asRoot}apt-get update -q && ${asRoot}apt-get install -y -q chromium fonts-wqy-microhei`, { stdio: 'inherit' })
}
catch {
  console.error('Could not install Chromium. Install it yourself (apt-get install -y chromium fonts-wqy-microhei) or set CHROMIUM_PATH to a Chromium binary.')
  process.exit(1)
}
if (!existsSync('/usr/bin/chromium')) {
  console.error('apt-get finished but /usr/bin/chromium is missing; set CHROMIUM_PATH.')
  process.exit(1)
}
