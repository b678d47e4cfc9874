/**
 * A customer coupon's lifecycle as the data arrives: claimed (a coupon_claim event from the mall
 * or mini-program), used (a coupon_use event, or an order that names the coupon), expired (its
 * time ran out). A claim of a template that was sent from the sidebar completes that issued
 * coupon, so the claim — and the order that later uses it — stay attributed to the send.
 * Each function is one transaction and safe to repeat with the same input.
 */
import { randomBytes } from 'node:crypto'
import type Database from 'better-sqlite3'
import { and, asc, eq, gt, inArray, lte, sql } from 'drizzle-orm'
import type { Db } from '#db/client.ts'
import { type couponStatuses, couponTemplates, customerCoupons, orders } from '#db/schema.ts'
import { prepareAllSql, sqlRows, sqlRun } from '#db/sql/typed-sql.ts'
import { DAY } from '../engine/rules/time-units.ts'
import { ClientError } from './http-error.ts'
import { preparedPerDb } from './prepared.ts'
import { invalidateCatalog } from './reco-data.ts'

type CouponStatus = typeof couponStatuses[number]
/** What a change reports about a coupon, and what the claim path reads of one. */
interface CouponRow { id: number, customerId: number, templateId: number, code: string, status: CouponStatus, sendId: number | null }

export interface CouponChange {
  couponId: number
  code: string
  status: CouponStatus
  /** False when the event had already been applied. */
  changed: boolean
  /** The chat send it came from, when it was handed out from the sidebar. */
  sendId: number | null
}

const change = (row: Pick<CouponRow, 'id' | 'code' | 'status' | 'sendId'>, changed: boolean): CouponChange =>
  ({ couponId: row.id, code: row.code, status: row.status, changed, sendId: row.sendId })

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
    const template = claims(sqlite).templateByCode.get(input.templateCode)
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
  const template = input.templateCode
    ? claims(sqlite).templateByCode.get(input.templateCode)
    : input.title
      ? claims(sqlite).templateByName.get(input.title)
      : undefined
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
    issued = q.byCode.get(input.couponCode)
    if (issued && (issued.customerId !== input.customerId || issued.templateId !== template.id))
      return null
    if (issued && issued.status !== 'issued')
      return change(issued, false)
  }
  else {
    issued = q.oldestIssued.get(input.customerId, template.id, input.at)
  }
  const expiresAt = input.at + template.validDays * DAY
  if (issued) {
    q.claim.run(input.at, expiresAt, issued.id)
    return change({ ...issued, status: 'claimed' }, true)
  }
  const row = q.insertClaimed.get(input.customerId, template.id, input.couponCode ?? newCode(), input.at, input.at, expiresAt)!
  q.countIssued.run(template.id)
  return change(row, true)
}

const COUPON_COLUMNS = 'id, customer_id as customerId, template_id as templateId, code, status, send_id as sendId'

/** The claim path's statements: it runs for every coupon_claim event the ingest API takes. */
const CLAIM_SQL = {
  templateByCode: sqlRows<ClaimTemplate, [string]>('select id, name, valid_days as validDays from coupon_templates where code = ?'),
  templateByName: sqlRows<ClaimTemplate, [string]>('select id, name, valid_days as validDays from coupon_templates where name = ? order by id limit 1'),
  byCode: sqlRows<CouponRow, [string]>(`select ${COUPON_COLUMNS} from customer_coupons where code = ?`),
  oldestIssued: sqlRows<CouponRow, [number, number, number]>(`select ${COUPON_COLUMNS} from customer_coupons
    where customer_id = ? and template_id = ? and status = 'issued' and expires_at > ? order by issued_at, id limit 1`),
  claim: sqlRun<[number, number, number]>(`update customer_coupons set status = 'claimed', claimed_at = ?, expires_at = ? where id = ?`),
  insertClaimed: sqlRows<CouponRow, [number, number, string, number, number, number]>(`insert into customer_coupons (customer_id, template_id, code, status, issued_at, claimed_at, expires_at)
    values (?, ?, ?, 'claimed', ?, ?, ?) returning ${COUPON_COLUMNS}`),
  countIssued: sqlRun<[number]>('update coupon_templates set issued_count = issued_count + 1 where id = ?'),
}

const claims = preparedPerDb((sqlite: Database.Database) => prepareAllSql(sqlite, CLAIM_SQL))

/**
 * An order used a coupon: by its code when the order carries one, else the customer's oldest
 * usable coupon of the template named `couponName` (whose code is then written on the order).
 * Returns null when the customer holds no such coupon (bought with a coupon we never saw).
 */
export function recordOrderCoupon(db: Db, orderId: number): CouponChange | null {
  return db.transaction(tx => useOrderCoupon(tx, orderId), { behavior: 'immediate' })
}

/** The handle a drizzle transaction runs on. */
type Tx = Parameters<Parameters<Db['transaction']>[0]>[0]

const couponColumns = { id: customerCoupons.id, code: customerCoupons.code, status: customerCoupons.status, sendId: customerCoupons.sendId }

function useOrderCoupon(tx: Tx, orderId: number): CouponChange | null {
  const order = tx.select({ id: orders.id, customerId: orders.customerId, couponName: orders.couponName, couponCode: orders.couponCode, orderedAt: orders.orderedAt, status: orders.status })
    .from(orders).where(eq(orders.id, orderId)).get()
  if (!order)
    throw new ClientError(404, `订单不存在（${orderId}）`, 'order_not_found')
  let coupon: Pick<CouponRow, 'id' | 'code' | 'status' | 'sendId'> | undefined
  if (order.couponCode) {
    coupon = tx.select(couponColumns).from(customerCoupons)
      .where(and(eq(customerCoupons.code, order.couponCode), eq(customerCoupons.customerId, order.customerId))).get()
  }
  else if (order.couponName) {
    coupon = tx.select(couponColumns).from(customerCoupons).innerJoin(couponTemplates, eq(couponTemplates.id, customerCoupons.templateId))
      .where(and(eq(customerCoupons.customerId, order.customerId), eq(couponTemplates.name, order.couponName),
        inArray(customerCoupons.status, ['claimed', 'issued']), gt(customerCoupons.expiresAt, order.orderedAt)))
      .orderBy(asc(customerCoupons.expiresAt), asc(customerCoupons.id)).limit(1).get()
  }
  if (!coupon)
    return null
  if (coupon.status === 'used')
    return change(coupon, false)
  // Pending or cancelled orders hold the coupon without using it.
  if (order.status === 'pending' || order.status === 'cancelled')
    return change(coupon, false)
  tx.update(customerCoupons)
    .set({ status: 'used', usedAt: order.orderedAt, orderId: order.id, claimedAt: sql`coalesce(${customerCoupons.claimedAt}, ${order.orderedAt})` })
    .where(eq(customerCoupons.id, coupon.id)).run()
  if (!order.couponCode)
    tx.update(orders).set({ couponCode: coupon.code }).where(eq(orders.id, order.id)).run()
  return change({ ...coupon, status: 'used' }, true)
}

const expire = preparedPerDb((db: Db) => db.update(customerCoupons).set({ status: 'expired' })
  .where(and(inArray(customerCoupons.status, ['issued', 'claimed']), lte(customerCoupons.expiresAt, sql.placeholder('now')))).prepare())

/** Marks every held coupon past its expiry as expired; returns how many changed. */
export function expireCoupons(db: Db, now: number): number {
  return expire(db).run({ now }).changes
}
