/**
 * The real BFF as a child process (`node --import tsx bff/server.ts`), for tests that must kill it: durability
 * under `kill -9`. It listens on a free loopback port and stops with the test.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { createServer } from 'node:net'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('../..', import.meta.url))

export interface SpawnedBff {
  url: string
  child: ChildProcess
  /** SIGKILL: no close handlers, no graceful shutdown. */
  kill9: () => Promise<void>
  stop: () => Promise<void>
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      server.close(() => resolve(port))
    })
  })
}

export async function spawnBff(env: Record<string, string>): Promise<SpawnedBff> {
  const port = await freePort()
  // Node itself with tsx as a loader: the tsx CLI would put a second process in between, and a
  // SIGKILL to it would leave the server running.
  const child = spawn(process.execPath, ['--import', 'tsx', 'bff/server.ts'], {
    cwd: root,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', NO_DEMO_SEED: '1', JOURNEY_RECOMPUTE_MINUTES: '0', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  })
  let stderr = ''
  child.stderr!.on('data', (chunk: Buffer) => { stderr += chunk.toString() })
  const url = `http://127.0.0.1:${port}`
  const exited = new Promise<void>(resolve => child.once('exit', () => resolve()))
  const deadline = Date.now() + 60_000
  for (;;) {
    if (child.exitCode !== null)
      throw new Error(`the BFF exited with ${child.exitCode}: ${stderr}`)
    try {
      if ((await fetch(`${url}/api/health`)).ok)
        break
    }
    catch {
      // not listening yet
    }
    if (Date.now() > deadline)
      throw new Error(`the BFF did not come up within 60 s: ${stderr}`)
    await new Promise(resolve => setTimeout(resolve, 100))
  }
  return {
    url,
    child,
    kill9: async () => {
      child.kill('SIGKILL')
      await exited
    },
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM')
        await exited
      }
    },
  }
}
