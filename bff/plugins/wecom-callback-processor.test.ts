import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { openDatabase } from '#db/client.ts'
import { buildTestApp, TEST_NOW } from '../test/build-test-app.ts'
import { seedJourneyBrand } from '../test/journey-fixtures.ts'
import { contactEventXml, TEST_CALLBACK } from '../test/wecom-callback.ts'
import { storeCallback } from '../services/wecom-callback/store.ts'

const NOW_S = Math.floor(TEST_NOW / 1000)

describe('the callback sweep in two processes sharing one database', () => {
  it('should process every stored callback once, whichever process sweeps', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'callback-sweep-'))
    const path = join(dir, 'db.sqlite')
    const seeded = openDatabase(path)
    const brand = seedJourneyBrand(seeded.db)
    const changes = [
      { changeType: 'del_follow_user', userId: 'zhangli', externalUserId: 'wmNew01' },
      { changeType: 'del_external_contact', userId: 'zhangli', externalUserId: 'wmSilent01' },
      { changeType: 'del_follow_user', userId: 'wangfang', externalUserId: 'wmOther01' },
    ]
    for (const [i, c] of changes.entries())
      storeCallback(seeded.sqlite, contactEventXml(TEST_CALLBACK.corpId, { ...c, createTimeS: NOW_S - 100 + i }), TEST_NOW)

    const config = { wecomCallback: { token: TEST_CALLBACK.token, aesKey: TEST_CALLBACK.aesKey }, demoAllowIngest: true }
    const apps = await Promise.all([1, 2].map(() => buildTestApp(config, { handle: openDatabase(path) })))
    try {
      // Both sweep at start.
      await Promise.all(apps.map(a => a.app.ready()))
      await Promise.all(apps.map(a => a.app.wecomCallbacks.drain()))
      await Promise.all(apps.map(a => a.app.recomputeIdle()))
      expect(seeded.sqlite.prepare('select status, error from wecom_callbacks').all()).toEqual(changes.map(() => ({ status: 'processed', error: null })))
      expect(seeded.sqlite.prepare(`select customer_id as customerId, status from staff_customers where status <> 'active' and customer_id <> ? order by customer_id`).all(brand.gone.id)).toEqual([
        { customerId: brand.newcomer.id, status: 'deleted_by_customer' },
        { customerId: brand.silent.id, status: 'deleted_by_staff' },
        { customerId: brand.other.id, status: 'deleted_by_customer' },
      ])
      expect(seeded.sqlite.prepare('select count(*) from job_leases').pluck().get()).toBe(0)
    }
    finally {
      await Promise.all(apps.map(a => a.close()))
      seeded.close()
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
