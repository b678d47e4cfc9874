import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { type DbHandle, openDatabase } from '#db/client.ts'
import { insertOrder } from '../test/fixtures.ts'
import { nov, seedSupervisorOrg } from '../test/supervisor-fixtures.ts'
import { getTeamCustomer } from './supervisor-drilldown.ts'

describe('a team customer\'s figures', () => {
  let h: DbHandle
  let org: ReturnType<typeof seedSupervisorOrg>
  beforeEach(() => {
    h = openDatabase(':memory:')
    org = seedSupervisorOrg(h)
  })
  afterEach(() => h.close())

  it('should count orders and spend by the one spend rule: paid, shipped or completed (issue 11)', () => {
    for (const [status, paidCents] of [['paid', 100], ['shipped', 200], ['completed', 400], ['pending', 800], ['refunded', 1600], ['cancelled', 3200]] as const)
      insertOrder(h.db, org.c2.id, { orderedAt: nov(10), status, paidCents })
    const customer = getTeamCustomer(h.db, { staffIdsJson: JSON.stringify([org.a1.id]) }, org.c2.id, [])
    expect(customer.figures).toMatchObject({ orders: 3, spentCents: 700 })
  })
})
