/**
 * A customer coupon's lifecycle as the data arrives: claimed (a coupon_claim event from the mall
 * or mini-program), used (a coupon_use event, or an order that names the coupon), expired (its
 * time ran out). A claim of a template that was sent from the sidebar completes that issued
 * coupon, so the claim — and the order that later uses it — stay attributed to the send.
 * Each function is one transaction and safe to repeat with the same input.
 */
import { randomBytes } from 'node:crypto'
import type Database from 'better-sqlite3'
import type { Db } from '../../db/client.ts'
import { DAY } from '../engine/rules/time-units.ts'
import { ClientError } from './http-error.ts'
import { preparedPerDb } from './prepared.ts'
import { invalidateCatalog } from './reco-data.ts'

interface CouponRow { id: number, customer_id: number, template_id: number, code: string, status: string, claimed_at: number | null, used_at: number | null, expires_at: number, order_id: number | null, send_id: number | null }

export interface CouponChange {
  couponId: number
  code: string
  status: 'issued' | 'claimed' | 'used' | 'expired'
  /** False when the event had already been applied. */
  changed: boolean
  /** The chat send it came from, when it was handed out from the sidebar. */
  sendId: number | null
}

const change = (row: CouponRow, changed: boolean): CouponChange =>
  ({ couponId: row.id, code: row.code, status: row.status as CouponChange['status'], changed, sendId: row.send_id })

function newCode(): string {
  return `CC${Date.now().toString(36).toUpperCase()}${randomBytes(3).toString('hex').toUpperCase()}`
}

/**
 * The customer claimed a coupon of `templateCode` at `at`. Completes the oldest coupon of that
 * template handed to them and not yet claimed (valid from the claim for the template's days);
 * else records a new claimed coupon. With `couponCode`, that very coupon is the one claimed.
 */
export function recordCouponClaim(db: Db, input: { customerId: number, templateCode: string, couponCode?: string, at: number }): CouponChange {
  const sqlite = db.$client
  const result = sqlite.transaction(() => {
    const template = claims(sqlite).templateByCode.get(input.templateCode) as ClaimTemplate | undefined
    if (!template)
      throw new ClientError(404, `优惠券模板不存在（${input.templateCode}）`, 'coupon_template_not_found')
    const claimed = applyCouponClaim(sqlite, template, input)
    if (!claimed)
      throw new ClientError(409, '这张券属于别的客户或别的模板', 'coupon_mismatch')
    return claimed
  }).immediate()
  if (result.changed)
    invalidateCatalog(db)
  return result
}

interface ClaimTemplate { id: number, name: string, validDays: number }

/**
 * A coupon_claim event from the brand's systems (POST /api/ingest/events), inside the ingest's
 * transaction: `props.templateCode`, else a template named as the event's title, is what was
 * claimed. Null when no template matches; `change` null when the coupon code is someone else's.
 * The event is kept in the trail either way.
 */
export function claimFromEvent(sqlite: Database.Database, input: { customerId: number, templateCode: string | null, title: string | null, couponCode: string | null, at: number }): { templateName: string, change: CouponChange | null } | null {
  const template = (input.templateCode
    ? claims(sqlite).templateByCode.get(input.templateCode)
    : input.title
      ? claims(sqlite).templateByName.get(input.title)
      : undefined) as ClaimTemplate | undefined
  if (!template)
    return null
  const change = applyCouponClaim(sqlite, template, { customerId: input.customerId, couponCode: input.couponCode ?? undefined, at: input.at })
  return { templateName: template.name, change }
}

/** The claim itself, in the caller's transaction; null when the coupon code belongs elsewhere. */
function applyCouponClaim(sqlite: Database.Database, template: ClaimTemplate, input: { customerId: number, couponCode?: string, at: number }): CouponChange | null {
  const q = claims(sqlite)
  let issued: CouponRow | undefined
  if (input.couponCode) {
    issued = q.byCode.get(input.couponCode) as CouponRow | undefined
    if (issued && (issued.customer_id !== input.customerId || issued.template_id !== template.id))
      return null
    if (issued && issued.status !== 'issued')
      return change(issued, false)
  }
  else {
    issued = q.oldestIssued.get(input.customerId, template.id, input.at) as CouponRow | undefined
  }
  const expiresAt = input.at + template.validDays * DAY
  if (issued) {
    q.claim.run(input.at, expiresAt, issued.id)
    return change({ ...issued, status: 'claimed' }, true)
  }
  const row = q.insertClaimed.get(input.customerId, template.id, input.couponCode ?? newCode(), input.at, input.at, expiresAt) as CouponRow
  q.countIssued.run(template.id)
  return change(row, true)
}

/** The claim path's statements: it runs for every coupon_claim event the ingest API takes. */
const claims = preparedPerDb((sqlite: Database.Database) => ({
  templateByCode: sqlite.prepare('select id, name, valid_days as validDays from coupon_templates where code = ?'),
  templateByName: sqlite.prepare('select id, name, valid_days as validDays from coupon_templates where name = ? order by id limit 1'),
  byCode: sqlite.prepare('select * from customer_coupons where code = ?'),
  oldestIssued: sqlite.prepare(`select * from customer_coupons where customer_id = ? and template_id = ? and status = 'issued' and expires_at > ?
    order by issued_at, id limit 1`),
  claim: sqlite.prepare(`update customer_coupons set status = 'claimed', claimed_at = ?, expires_at = ? where id = ?`),
  insertClaimed: sqlite.prepare(`insert into customer_coupons (customer_id, template_id, code, status, issued_at, claimed_at, expires_at)
    values (?, ?, ?, 'claimed', ?, ?, ?) returning *`),
  countIssued: sqlite.prepare('update coupon_templates set issued_count = issued_count + 1 where id = ?'),
}))

/**
 * An order used a coupon: by its code when the order carries one, else the customer's oldest
 * usable coupon of the template named `couponName` (whose code is then written on the order).
 * Returns null when the customer holds no such coupon (bought with a coupon we never saw).
 */
export function recordOrderCoupon(db: Db, orderId: number): CouponChange | null {
  const sqlite = db.$client
  return sqlite.transaction((): CouponChange | null => {
    const order = sqlite.prepare('select id, customer_id as customerId, coupon_name as couponName, coupon_code as couponCode, ordered_at as orderedAt, status from orders where id = ?')
      .get(orderId) as { id: number, customerId: number, couponName: string | null, couponCode: string | null, orderedAt: number, status: string } | undefined
    if (!order)
      throw new ClientError(404, `订单不存在（${orderId}）`, 'order_not_found')
    let coupon: CouponRow | undefined
    if (order.couponCode) {
      coupon = sqlite.prepare('select * from customer_coupons where code = ? and customer_id = ?').get(order.couponCode, order.customerId) as CouponRow | undefined
    }
    else if (order.couponName) {
      coupon = sqlite.prepare(`select cc.* from customer_coupons cc join coupon_templates t on t.id = cc.template_id
        where cc.customer_id = ? and t.name = ? and cc.status in ('claimed', 'issued') and cc.expires_at > ? order by cc.expires_at, cc.id limit 1`)
        .get(order.customerId, order.couponName, order.orderedAt) as CouponRow | undefined
    }
    if (!coupon)
      return null
    if (coupon.status === 'used')
      return change(coupon, false)
    // Pending or cancelled orders hold the coupon without using it.
    if (order.status === 'pending' || order.status === 'cancelled')
      return change(coupon, false)
    sqlite.prepare(`update customer_coupons set status = 'used', used_at = ?, order_id = ?, claimed_at = coalesce(claimed_at, ?) where id = ?`)
      .run(order.orderedAt, order.id, order.orderedAt, coupon.id)
    if (!order.couponCode)
      sqlite.prepare('update orders set coupon_code = ? where id = ?').run(coupon.code, order.id)
    return change({ ...coupon, status: 'used' }, true)
  }).immediate()
}

/** Marks every held coupon past its expiry as expired; returns how many changed. */
export function expireCoupons(db: Db, now: number): number {
  return db.$client.prepare(`update customer_coupons set status = 'expired' where status in ('issued', 'claimed') and expires_at <= ?`).run(now).changes
}
