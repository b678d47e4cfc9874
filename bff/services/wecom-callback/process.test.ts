import { describe, expect, it } from 'vitest'
import { TEST_NOW } from '../../test/build-test-app.ts'
import { seedJourneyBrand } from '../../test/journey-fixtures.ts'
import { sharedFileDatabase } from '../../test/shared-file-database.ts'
import { contactEventXml, TEST_CALLBACK } from '../../test/wecom-callback.ts'
import { applyCallback, markFailed } from './process.ts'
import { storeCallback } from './store.ts'

const NOW_S = Math.floor(TEST_NOW / 1000)

// Two handles on one file: two BFF processes that both read the row as still 'received'.
const shared = sharedFileDatabase('callback-')

describe('applyCallback across processes', () => {
  it('should apply a callback once when two processes both found it unprocessed', () => {
    const brand = seedJourneyBrand(shared.one.db)
    const xml = contactEventXml(TEST_CALLBACK.corpId, { changeType: 'del_follow_user', userId: 'zhangli', externalUserId: 'wmNew01', createTimeS: NOW_S - 100 })
    const stored = storeCallback(shared.one.sqlite, xml, TEST_NOW)
    const row = { id: stored.id, xml }

    const first = applyCallback(shared.one.sqlite, row, null, TEST_NOW)
    expect(first.customerId).toBe(brand.newcomer.id)
    expect(first.skipped).toBeUndefined()
    const second = applyCallback(shared.two.sqlite, row, null, TEST_NOW + 5)
    expect(second).toEqual({ customerId: null, note: 'already processed by another process', skipped: true })

    expect(shared.two.sqlite.prepare('select status, processed_at as processedAt from wecom_callbacks').all()).toEqual([{ status: 'processed', processedAt: TEST_NOW }])
    // Ended once: the second process did not close tasks or log anything again.
    expect(shared.two.sqlite.prepare('select status, status_changed_at as at from staff_customers where customer_id = ? and staff_id = ?').get(brand.newcomer.id, brand.zhangli.id))
      .toEqual({ status: 'deleted_by_customer', at: (NOW_S - 100) * 1000 })
  })

  it('should not mark failed a callback another process has processed', () => {
    seedJourneyBrand(shared.one.db)
    const xml = contactEventXml(TEST_CALLBACK.corpId, { changeType: 'del_follow_user', userId: 'zhangli', externalUserId: 'wmNew01', createTimeS: NOW_S - 100 })
    const { id } = storeCallback(shared.one.sqlite, xml, TEST_NOW)
    applyCallback(shared.one.sqlite, { id, xml }, null, TEST_NOW)
    markFailed(shared.two.sqlite, id, 'profile fetch failed', TEST_NOW + 5)
    expect(shared.one.sqlite.prepare('select status, error from wecom_callbacks').get()).toEqual({ status: 'processed', error: null })
  })

  it('should leave a callback unprocessed when applying it fails', () => {
    const xml = contactEventXml(TEST_CALLBACK.corpId, { changeType: 'del_follow_user', userId: 'nobody', externalUserId: 'wmNew01', createTimeS: NOW_S - 100 })
    const { id } = storeCallback(shared.one.sqlite, xml, TEST_NOW)
    expect(() => applyCallback(shared.one.sqlite, { id, xml }, null, TEST_NOW)).toThrow(/not a staff member/)
    expect(shared.one.sqlite.prepare('select status, processed_at as processedAt from wecom_callbacks').get()).toEqual({ status: 'received', processedAt: null })
    markFailed(shared.two.sqlite, id, 'not a staff member', TEST_NOW)
    expect(shared.one.sqlite.prepare('select status from wecom_callbacks').pluck().get()).toBe('failed')
  })
})
