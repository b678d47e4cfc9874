import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Fastify from 'fastify'
import { afterEach, describe, expect, it } from 'vitest'
import { type DbHandle, openDatabase } from '#db/client.ts'
import { DEFAULT_CONFIG_FILES } from '../engine/journey/index.ts'
import { MINUTE } from '../engine/rules/time-units.ts'
import { releaseLease, tryAcquireLease } from '../services/job-lease.ts'
import { buildTestApp, TEST_NOW } from '../test/build-test-app.ts'
import { seedJourneyBrand } from '../test/journey-fixtures.ts'
import dbPlugin from './db.ts'
import journeyScheduler, { type JourneySchedulerOptions } from './journey-scheduler.ts'

let handle: DbHandle
let app: ReturnType<typeof Fastify> | undefined
afterEach(async () => {
  await app?.close()
  app = undefined
  handle?.close()
})

async function start(opts: Partial<JourneySchedulerOptions>) {
  handle = openDatabase(':memory:')
  seedJourneyBrand(handle.db)
  app = Fastify()
  await app.register(dbPlugin, { handle })
  await app.register(journeyScheduler, { now: () => TEST_NOW, intervalMinutes: 10, firstPassDelayMs: 0, ...opts })
  await app.ready()
  return app
}

const stagedCustomers = () => (handle.sqlite.prepare('select count(*) as n from customer_stages').get() as { n: number }).n

async function until(check: () => boolean, ms = 3000) {
  const deadline = Date.now() + ms
  while (!check()) {
    if (Date.now() > deadline)
      throw new Error('timed out')
    await new Promise(resolve => setTimeout(resolve, 10))
  }
}

describe('journey scheduler', () => {
  it('should run the first full recompute right after start, without being awaited by ready', async () => {
    await start({})
    expect(stagedCustomers()).toBe(0)
    await until(() => stagedCustomers() === 6)
    expect((handle.sqlite.prepare('select count(*) as n from tasks').get() as { n: number }).n).toBe(5)
    // The pass's lease is released once it is done.
    await until(() => handle.sqlite.prepare('select count(*) from job_leases').pluck().get() === 0)
  })

  it('should skip its pass while another process sharing the database holds the journey-pass lease', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'journey-lease-'))
    const other = openDatabase(join(dir, 'db.sqlite'))
    try {
      handle = openDatabase(join(dir, 'db.sqlite'))
      seedJourneyBrand(handle.db)
      expect(tryAcquireLease(other.db, 'journey-pass', 'other-process', MINUTE, Date.now())).toBe(true)
      app = Fastify()
      await app.register(dbPlugin, { handle })
      await app.register(journeyScheduler, { now: () => TEST_NOW, intervalMinutes: 10, firstPassDelayMs: 0 })
      await app.ready()
      await new Promise(resolve => setTimeout(resolve, 300))
      expect(stagedCustomers()).toBe(0)
      expect(other.sqlite.prepare('select holder from job_leases').pluck().get()).toBe('other-process')
      releaseLease(other.db, 'journey-pass', 'other-process')
    }
    finally {
      other.close()
      await app?.close()
      app = undefined
      handle.close()
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('should expire held coupons past their time on each pass', async () => {
    handle = openDatabase(':memory:')
    const brand = seedJourneyBrand(handle.db)
    const template = handle.sqlite.prepare(`insert into coupon_templates (code, name, value_kind, amount_off_cents, valid_days, claim_url)
      values ('ALL-199-30', '满199减30', 'amount_off', 3000, 7, 'https://mall.example.com/c') returning id`).pluck().get()
    const hold = handle.sqlite.prepare(`insert into customer_coupons (customer_id, template_id, code, status, issued_at, claimed_at, expires_at) values (?, ?, ?, 'claimed', 0, 0, ?)`)
    hold.run(brand.loyal.id, template, 'LAPSED', TEST_NOW - 1)
    hold.run(brand.loyal.id, template, 'VALID', TEST_NOW + 1)
    app = Fastify()
    await app.register(dbPlugin, { handle })
    await app.register(journeyScheduler, { now: () => TEST_NOW, intervalMinutes: 10, firstPassDelayMs: 0 })
    await app.ready()
    const status = (code: string) => handle.sqlite.prepare('select status from customer_coupons where code = ?').pluck().get(code)
    await until(() => status('LAPSED') === 'expired')
    expect(status('VALID')).toBe('claimed')
  })

  it('should schedule nothing when the interval is 0, and still expose the config', async () => {
    const started = await start({ intervalMinutes: 0 })
    await new Promise(resolve => setTimeout(resolve, 50))
    expect(stagedCustomers()).toBe(0)
    expect(started.journey.journey.key).toBe('default')
  })

  it('should recompute one customer on demand through app.recomputeCustomer', async () => {
    const started = await start({ intervalMinutes: 0 })
    expect(started.recomputeCustomer(1)).toMatchObject({ customers: 1, stagesChanged: 1, tasksCreated: 1 })
  })

  it('should refuse to start with a message naming the bad field when the SOP library is invalid', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'journey-'))
    try {
      const sops = JSON.parse(readFileSync(DEFAULT_CONFIG_FILES.sops, 'utf8'))
      sops.sops[0].steps[1].delay = 'soon'
      const files = { journey: DEFAULT_CONFIG_FILES.journey, sops: join(dir, 'broken.sops.json') }
      writeFileSync(files.sops, JSON.stringify(sops))
      await expect(start({ files })).rejects.toThrow(/sops\[0\]\.steps\[1\]\.delay/)
    }
    finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})

describe('the built app', () => {
  it('should register the scheduler off in tests and serve the default journey', async () => {
    const built = await buildTestApp()
    expect(built.app.journey.library.sops.length).toBeGreaterThan(5)
    await built.close()
  })
})
