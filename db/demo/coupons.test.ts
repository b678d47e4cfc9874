import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openDatabase, type DbHandle } from '../client.ts'
import { COUPON_TEMPLATES } from './coupons.ts'
import { generateDemo } from './generate.ts'
import { count, DAY, NOW } from './test-helpers.ts'

describe('demo coupons', () => {
  let handle: DbHandle
  beforeAll(() => {
    handle = openDatabase(':memory:')
    generateDemo(handle, { customers: 600, now: NOW })
  })
  afterAll(() => handle.close())
  const n = (sql: string, ...params: unknown[]) => count(handle.sqlite, sql, ...params)

  it('should give every template a unique code, a claim link, and tally what the histories issued and spent', () => {
    expect(n('select count(*) from coupon_templates')).toBe(COUPON_TEMPLATES.length)
    expect(n('select count(distinct code) from coupon_templates')).toBe(COUPON_TEMPLATES.length)
    expect(n(`select count(*) from coupon_templates where claim_url not like 'https://mall.example.com/coupon/claim?tpl=%'`)).toBe(0)
    const mismatched = handle.sqlite.prepare(`select t.code from coupon_templates t where t.issued_count <
      (select count(*) from customer_coupons c where c.template_id = t.id)`).pluck().all()
    expect(mismatched).toEqual([])
    expect(n(`select count(*) from coupon_templates where purpose = 'service'`)).toBeGreaterThan(0)
    expect(n(`select count(*) from coupon_templates where stock_total is not null and issued_count >= stock_total`)).toBe(1)
  })

  it('should fill product lines and supply cycles', () => {
    expect(n('select count(*) from products where brand is null')).toBe(0)
    expect(handle.sqlite.prepare(`select cycle_days from products where sku = 'YSJ-ADULT-30'`).pluck().get()).toBe(30)
    expect(handle.sqlite.prepare(`select cycle_days from products where category = '课程'`).pluck().all()).toEqual([null, null])
  })

  it('should link every order that used a coupon to a used customer coupon of the same template', () => {
    const bad = n(`select count(*) from orders o join customer_coupons c on c.code = o.coupon_code join coupon_templates t on t.id = c.template_id
      where c.status != 'used' or c.order_id != o.id or t.name != o.coupon_name or c.customer_id != o.customer_id`)
    expect(bad).toBe(0)
    expect(n(`select count(*) from orders where coupon_name is not null and coupon_code is null and status not in ('pending', 'cancelled')`)).toBe(0)
    expect(n(`select count(*) from customer_coupons where status = 'used'`)).toBeGreaterThan(100)
  })

  it('should keep the lifecycle consistent with the clock: expired past expiry, claimed before it', () => {
    expect(n(`select count(*) from customer_coupons where status = 'claimed' and expires_at <= ?`, NOW)).toBe(0)
    expect(n(`select count(*) from customer_coupons where status = 'expired' and expires_at > ?`, NOW)).toBe(0)
    expect(n(`select count(*) from customer_coupons where status = 'expired'`)).toBeGreaterThan(0)
    expect(n(`select count(*) from customer_coupons where status = 'claimed'`)).toBeGreaterThan(0)
    expect(n(`select count(*) from customer_coupons where claimed_at > expires_at or used_at > expires_at`)).toBe(0)
  })

  it('should let 林晓雯 hold 满599减120 expiring tomorrow morning, and 赵小米 her unused first-order coupon', () => {
    const held = (externalUserId: string) => handle.sqlite.prepare(`select t.name, c.status, c.expires_at as expiresAt from customer_coupons c
      join coupon_templates t on t.id = c.template_id join customer_identities i on i.customer_id = c.customer_id
      where i.kind = 'external_userid' and i.value = ? and c.status in ('claimed', 'issued') order by c.expires_at`).all(externalUserId) as { name: string, status: string, expiresAt: number }[]
    const lin = held('wmDemoHighValue01')
    expect(lin[0]).toMatchObject({ name: '满599减120', status: 'claimed' })
    expect(lin[0]!.expiresAt - NOW).toBeGreaterThan(0)
    expect(lin[0]!.expiresAt - NOW).toBeLessThanOrEqual(DAY)
    expect(held('wmDemoNew01').map(c => c.name)).toEqual(['新客燕窝立减30元券'])
  })
})
