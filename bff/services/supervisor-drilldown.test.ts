import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { type DbHandle, openDatabase } from '#db/client.ts'
import { phoneReveals } from '#db/schema.ts'
import { insertOrder } from '../test/fixtures.ts'
import { nov, seedSupervisorOrg } from '../test/supervisor-fixtures.ts'
import { getStaffDetail, getTeamCustomer } from './supervisor-drilldown.ts'

let h: DbHandle
let org: ReturnType<typeof seedSupervisorOrg>
beforeEach(() => {
  h = openDatabase(':memory:')
  org = seedSupervisorOrg(h)
})
afterEach(() => h.close())

describe('a team customer\'s figures', () => {
  it('should count orders and spend by the one spend rule: paid, shipped or completed (issue 11)', () => {
    for (const [status, paidCents] of [['paid', 100], ['shipped', 200], ['completed', 400], ['pending', 800], ['refunded', 1600], ['cancelled', 3200]] as const)
      insertOrder(h.db, org.c2.id, { orderedAt: nov(10), status, paidCents })
    const customer = getTeamCustomer(h.db, { staffIdsJson: JSON.stringify([org.a1.id]) }, org.c2.id, [])
    expect(customer.figures).toMatchObject({ orders: 3, spentCents: 700 })
  })
})

describe('a member\'s phone reveals in the drill-down (issue 12, item 4)', () => {
  it('should count the member\'s reveals in the selected period, and only theirs', () => {
    const now = nov(20, 10)
    const reveal = (staffId: number, revealedAt: number) => h.db.insert(phoneReveals).values({ staffId, customerId: org.c1.id, revealedAt }).run()
    reveal(org.a1.id, nov(20, 9)) // today
    reveal(org.a1.id, nov(20, 0)) // today, 00:00 China time
    reveal(org.a1.id, nov(19, 23, 59)) // yesterday: in 7 days, not today
    reveal(org.a1.id, nov(14)) // the first of the 7 days
    reveal(org.a1.id, nov(13, 23, 59)) // before them, within 30 days
    reveal(org.a2.id, nov(20, 9)) // someone else
    const a1 = { id: org.a1.id, userId: 'a1', name: '东一', position: null, departmentId: org.east.id, departmentName: '华东' }
    expect(getStaffDetail(h.db, a1, 'today', 2, now).phoneReveals).toBe(2)
    expect(getStaffDetail(h.db, a1, '7d', 2, now).phoneReveals).toBe(4)
    expect(getStaffDetail(h.db, a1, '30d', 2, now).phoneReveals).toBe(5)
  })
})
