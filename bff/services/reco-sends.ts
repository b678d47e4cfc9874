/**
 * Recording what staff sent from the 推荐 tab, after ww.sendChatMessage succeeded: who sent
 * what to whom and when (chat_sends), and for a coupon the customer coupon it hands out (status
 * issued, linked to the send) so a later claim and order are attributed to it. One transaction;
 * the idempotency key makes a retried tap record once. Stock and budget are taken by one
 * conditional update, so two processes sending the last coupon at once cannot both issue it.
 */
import { randomBytes } from 'node:crypto'
import { isDeepStrictEqual } from 'node:util'
import { and, eq, sql } from 'drizzle-orm'
import type { Db } from '#db/client.ts'
import { chatSends, customerCoupons } from '#db/schema.ts'
import { prepareAllSql, sqlRows, sqlRun, sqlTuples } from '#db/sql/typed-sql.ts'
import type { ChatMessage, RecordSendBody, SendRecord } from '../contract/reco.ts'
import { buildProfile, couponCost, couponEligibility, effectiveStatus, type IneligibleReason } from '../engine/reco/index.ts'
import { DAY } from '../engine/rules/time-units.ts'
import { ClientError } from './http-error.ts'
import { preparedPerDb } from './prepared.ts'
import { invalidateCatalog, loadCatalog, loadMiniprogram, loadRecoCustomer, selectHeldCoupons } from './reco-data.ts'
import { couponMessage, productMessage, reminderMessage } from './reco-messages.ts'
import type { RecoStaff } from './reco.ts'

const NOT_ISSUED: Record<IneligibleReason, string> = {
  inactive: '这张券已停用',
  not_available: '这张券不在发放时间内',
  out_of_stock: '这张券已经发完了',
  over_budget: '这张券的预算已用完',
  marketing_averse: '客户不接受营销，只能发服务类券',
  audience_stage: '客户不在这张券的发放人群内',
  audience_tag: '客户不在这张券的发放人群内',
  audience_aov: '客户的客单价不在这张券的发放范围内',
  audience_birthday: '生日券只在客户生日前后发放',
  new_customers_only: '这是新客首单券，客户已经下过单',
  already_held: '客户已有一张未使用的同款券',
}

interface SendRow { id: number, staffId: number, customerId: number, kind: string, refId: number | null, sentAt: number }

const SQL = {
  insertSend: sqlRows<{ id: number, sentAt: number }, { staffId: number, customerId: number, kind: string, refId: number, payload: string, now: number, key: string }>(`insert into chat_sends (staff_id, customer_id, kind, ref_id, payload, sent_at, idempotency_key)
    values (@staffId, @customerId, @kind, @refId, @payload, @now, @key) returning id, sent_at as sentAt`),
  /**
   * Takes one coupon of a template's stock and its cost from its budget, only while both last:
   * no row comes back when either has run out. One statement, so the check and the take cannot be
   * split by another writer (a count read then a write could hand out one more than the stock).
   */
  takeStock: sqlTuples<[issuedCount: number], { templateId: number, cost: number }>(`update coupon_templates
    set issued_count = issued_count + 1, spent_cents = spent_cents + @cost
    where id = @templateId
      and (stock_total is null or issued_count < stock_total)
      and (budget_cents is null or spent_cents + @cost <= budget_cents)
    returning issued_count`),
  // Which of the two ran out, read only after a take was refused.
  outOfStock: sqlTuples<[outOfStock: number], [templateId: number]>(`select stock_total is not null and issued_count >= stock_total from coupon_templates where id = ?`),
  issue: sqlRun<{ customerId: number, templateId: number, code: string, now: number, expiresAt: number, sendId: number }>(`insert into customer_coupons (customer_id, template_id, code, status, issued_at, expires_at, send_id)
    values (@customerId, @templateId, @code, 'issued', @now, @expiresAt, @sendId)`),
}

const statements = preparedPerDb((db: Db) => ({
  ...prepareAllSql(db.$client, SQL),
  earlier: db.select({ id: chatSends.id, staffId: chatSends.staffId, customerId: chatSends.customerId, kind: chatSends.kind, refId: chatSends.refId, sentAt: chatSends.sentAt })
    .from(chatSends).where(eq(chatSends.idempotencyKey, sql.placeholder('key'))).prepare(),
  issuedCode: db.select({ code: customerCoupons.code }).from(customerCoupons).where(eq(customerCoupons.sendId, sql.placeholder('sendId'))).prepare(),
  heldCoupon: selectHeldCoupons(db).where(and(eq(customerCoupons.id, sql.placeholder('id')), eq(customerCoupons.customerId, sql.placeholder('customerId')))).prepare(),
}))

/**
 * Takes one coupon of the template from its stock and `cost` from its budget, on the connection
 * (and so inside the transaction) `db` runs on. Null when taken, else which limit was reached.
 */
export function takeCouponStock(db: Db, templateId: number, cost: number): 'out_of_stock' | 'over_budget' | null {
  const q = statements(db)
  if (q.takeStock.get({ templateId, cost }))
    return null
  return q.outOfStock.get(templateId)?.[0] ? 'out_of_stock' : 'over_budget'
}

function couponCodeFor(sendId: number): string {
  return `CS${sendId.toString(36).toUpperCase().padStart(6, '0')}${randomBytes(3).toString('hex').toUpperCase()}`
}

/** The message the recommendation would go out as now, or a 404 naming what is missing. */
function expectedMessage(db: Db, staff: RecoStaff, customerId: number, body: RecordSendBody, now: number) {
  const { products, templates, claimUrls } = loadCatalog(db, { fresh: true })
  const mp = loadMiniprogram(db)
  if (body.kind === 'product') {
    const p = products.find(x => x.id === body.refId)
    if (!p)
      throw new ClientError(404, `商品不存在（${body.refId}）`, 'product_not_found')
    return { message: productMessage(p, staff.userId, mp) }
  }
  if (body.kind === 'coupon') {
    const t = templates.find(x => x.id === body.refId)
    if (!t)
      throw new ClientError(404, `优惠券不存在（${body.refId}）`, 'coupon_template_not_found')
    return { message: couponMessage(t, claimUrls.get(t.id) ?? '', staff.userId, products, mp), template: t, products, templates }
  }
  const row = statements(db).heldCoupon.get({ id: body.refId, customerId })
  if (!row)
    throw new ClientError(404, '客户没有这张券', 'customer_coupon_not_found')
  const status = effectiveStatus(row, now)
  if (status === 'used' || status === 'expired')
    throw new ClientError(409, status === 'used' ? '这张券已经用掉了，不用再提醒' : '这张券已经过期了', `coupon_${status}`)
  const t = templates.find(x => x.id === row.templateId)!
  return { message: reminderMessage(t, { code: row.code, status, expiresAt: row.expiresAt }, claimUrls.get(t.id) ?? '', mp) }
}

/** Every path here has checked the row's kind and refId against the body's. */
function toRecord(row: Pick<SendRow, 'id' | 'sentAt'>, body: RecordSendBody, couponCode: string | null, note: string | null): SendRecord {
  return { id: row.id, kind: body.kind, refId: body.refId, sentAt: new Date(row.sentAt).toISOString(), couponCode, note }
}

export function recordSend(db: Db, staff: RecoStaff, customerId: number, body: RecordSendBody, now: number): SendRecord {
  const q = statements(db)
  // Everything below runs on db's one connection, so inside this transaction.
  const run = db.$client.transaction((): SendRecord => {
    const earlier = q.earlier.get({ key: body.idempotencyKey })
    if (earlier) {
      if (earlier.staffId !== staff.id || earlier.customerId !== customerId || earlier.kind !== body.kind || earlier.refId !== body.refId)
        throw new ClientError(409, 'idempotencyKey 已用于另一次发送，请换一个新的', 'idempotency_key_reused')
      const issued = q.issuedCode.get({ sendId: earlier.id })
      return toRecord(earlier, body, issued?.code ?? null, null)
    }
    const expected = expectedMessage(db, staff, customerId, body, now)
    if (!isDeepStrictEqual(normalise(body.message), expected.message))
      throw new ClientError(400, '发送的内容与推荐不一致，请刷新推荐后重试', 'message_mismatch')
    const row = q.insertSend.get({ staffId: staff.id, customerId, kind: body.kind, refId: body.refId, payload: JSON.stringify(body.message), now, key: body.idempotencyKey })!
    if (body.kind !== 'coupon' || !('template' in expected) || !expected.template)
      return toRecord(row, body, null, null)

    // Hand the coupon out, unless it can no longer be had (sold out since the tab loaded…).
    const t = expected.template
    const customer = loadRecoCustomer(db, customerId, now)
    const profile = buildProfile(customer, expected.products, now)
    const why = couponEligibility(t, customer, profile, now) ?? takeCouponStock(db, t.id, couponCost(t, profile.aovCents))
    if (why)
      return toRecord(row, body, null, NOT_ISSUED[why])
    const code = couponCodeFor(row.id)
    q.issue.run({ customerId, templateId: t.id, code, now, expiresAt: now + t.validDays * DAY, sendId: row.id })
    return toRecord(row, body, code, null)
  })
  try {
    return run.immediate()
  }
  finally {
    invalidateCatalog(db)
  }
}

/** The body as the schema let it in, in the key order the server builds messages with. */
function normalise(m: ChatMessage): ChatMessage {
  return {
    msgtype: m.msgtype,
    news: m.news ? { title: m.news.title, desc: m.news.desc, link: m.news.link, imgUrl: m.news.imgUrl } : null,
    miniprogram: m.miniprogram ? { appid: m.miniprogram.appid, title: m.miniprogram.title, imgUrl: m.miniprogram.imgUrl, page: m.miniprogram.page } : null,
  }
}
