import { eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { couponTemplates } from '#db/schema.ts'
import { sharedFileDatabase } from '../test/shared-file-database.ts'
import { takeCouponStock } from './reco-sends.ts'

// Two handles on one file database stand for two BFF processes sharing it. Both have read the
// template while one coupon (or one coupon's budget) was left: the old count-then-write would have
// let both hand it out.
describe('coupon stock and budget across processes (issue 11)', () => {
  const shared = sharedFileDatabase('coupon-stock-')

  const template = (values: Partial<typeof couponTemplates.$inferInsert>) => shared.one.db.insert(couponTemplates)
    .values({ code: `T-${Math.random()}`, name: '测试券', valueKind: 'amount_off', amountOffCents: 600, validDays: 7, claimUrl: 'https://example.com/c', ...values })
    .returning().get()
  const read = (id: number) => shared.two.db.select().from(couponTemplates).where(eq(couponTemplates.id, id)).get()!

  it('should hand out the last coupon of the stock once', () => {
    const t = template({ stockTotal: 3, issuedCount: 2 })
    const seenByBoth = read(t.id)
    expect(seenByBoth.issuedCount < seenByBoth.stockTotal!).toBe(true)

    expect(takeCouponStock(shared.one.db, t.id, 600)).toBeNull()
    expect(takeCouponStock(shared.two.db, t.id, 600)).toBe('out_of_stock')
    expect(read(t.id)).toMatchObject({ issuedCount: 3, spentCents: 600 })
  })

  it('should not spend past the budget', () => {
    const t = template({ budgetCents: 1000 })
    expect(takeCouponStock(shared.one.db, t.id, 600)).toBeNull()
    expect(takeCouponStock(shared.two.db, t.id, 600)).toBe('over_budget')
    expect(takeCouponStock(shared.two.db, t.id, 400)).toBeNull()
    expect(read(t.id)).toMatchObject({ issuedCount: 2, spentCents: 1000 })
  })

  it('should take freely from a template without stock or budget', () => {
    const t = template({})
    for (let i = 0; i < 5; i++) expect(takeCouponStock(i % 2 ? shared.one.db : shared.two.db, t.id, 600)).toBeNull()
    expect(read(t.id)).toMatchObject({ issuedCount: 5, spentCents: 3000 })
  })
})
