import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { eq } from 'drizzle-orm'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { type DbHandle, openDatabase } from '#db/client.ts'
import { couponTemplates } from '#db/schema.ts'
import { takeCouponStock } from './reco-sends.ts'

// Two handles on one file database stand for two BFF processes sharing it. Both have read the
// template while one coupon (or one coupon's budget) was left: the old count-then-write would have
// let both hand it out.
describe('coupon stock and budget across processes (issue 11)', () => {
  let dir: string
  let first: DbHandle
  let second: DbHandle

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'coupon-stock-'))
    first = openDatabase(join(dir, 'app.db'))
    second = openDatabase(join(dir, 'app.db'))
  })
  afterEach(() => {
    first.close()
    second.close()
    rmSync(dir, { recursive: true, force: true })
  })

  const template = (values: Partial<typeof couponTemplates.$inferInsert>) => first.db.insert(couponTemplates)
    .values({ code: `T-${Math.random()}`, name: '测试券', valueKind: 'amount_off', amountOffCents: 600, validDays: 7, claimUrl: 'https://example.com/c', ...values })
    .returning().get()
  const read = (id: number) => second.db.select().from(couponTemplates).where(eq(couponTemplates.id, id)).get()!

  it('should hand out the last coupon of the stock once', () => {
    const t = template({ stockTotal: 3, issuedCount: 2 })
    const seenByBoth = read(t.id)
    expect(seenByBoth.issuedCount < seenByBoth.stockTotal!).toBe(true)

    expect(takeCouponStock(first.db, t.id, 600)).toBeNull()
    expect(takeCouponStock(second.db, t.id, 600)).toBe('out_of_stock')
    expect(read(t.id)).toMatchObject({ issuedCount: 3, spentCents: 600 })
  })

  it('should not spend past the budget', () => {
    const t = template({ budgetCents: 1000 })
    expect(takeCouponStock(first.db, t.id, 600)).toBeNull()
    expect(takeCouponStock(second.db, t.id, 600)).toBe('over_budget')
    expect(takeCouponStock(second.db, t.id, 400)).toBeNull()
    expect(read(t.id)).toMatchObject({ issuedCount: 2, spentCents: 1000 })
  })

  it('should take freely from a template without stock or budget', () => {
    const t = template({})
    for (let i = 0; i < 5; i++) expect(takeCouponStock(i % 2 ? first.db : second.db, t.id, 600)).toBeNull()
    expect(read(t.id)).toMatchObject({ issuedCount: 5, spentCents: 3000 })
  })
})
