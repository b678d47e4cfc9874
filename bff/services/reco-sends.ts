/**
 * Recording what staff sent from the 推荐 tab, after ww.sendChatMessage succeeded: who sent
 * what to whom and when (chat_sends), and for a coupon the customer coupon it hands out (status
 * issued, linked to the send) so a later claim and order are attributed to it. One transaction;
 * the idempotency key makes a retried tap record once.
 */
import { randomBytes } from 'node:crypto'
import { isDeepStrictEqual } from 'node:util'
import type { Db } from '../../db/client.ts'
import type { ChatMessage, RecordSendBody, SendRecord } from '../contract/reco.ts'
import { buildProfile, couponCost, couponEligibility, DAY, effectiveStatus, type IneligibleReason } from '../engine/reco/index.ts'
import { ClientError } from './http-error.ts'
import { invalidateCatalog, loadCatalog, loadMiniprogram, loadRecoCustomer } from './reco-data.ts'
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

interface SendRow { id: number, staff_id: number, customer_id: number, kind: SendRecord['kind'], ref_id: number, sent_at: number, payload: string }

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
  const row = db.$client.prepare('select id, template_id as templateId, code, status, issued_at as issuedAt, claimed_at as claimedAt, used_at as usedAt, expires_at as expiresAt from customer_coupons where id = ? and customer_id = ?')
    .get(body.refId, customerId) as { id: number, templateId: number, code: string, status: 'issued' | 'claimed' | 'used' | 'expired', issuedAt: number, claimedAt: number | null, usedAt: number | null, expiresAt: number } | undefined
  if (!row)
    throw new ClientError(404, '客户没有这张券', 'customer_coupon_not_found')
  const status = effectiveStatus(row, now)
  if (status === 'used' || status === 'expired')
    throw new ClientError(409, status === 'used' ? '这张券已经用掉了，不用再提醒' : '这张券已经过期了', `coupon_${status}`)
  const t = templates.find(x => x.id === row.templateId)!
  return { message: reminderMessage(t, { code: row.code, status, expiresAt: row.expiresAt }, claimUrls.get(t.id) ?? '', mp) }
}

function toRecord(row: SendRow, couponCode: string | null, note: string | null): SendRecord {
  return { id: row.id, kind: row.kind, refId: row.ref_id, sentAt: new Date(row.sent_at).toISOString(), couponCode, note }
}

export function recordSend(db: Db, staff: RecoStaff, customerId: number, body: RecordSendBody, now: number): SendRecord {
  const sqlite = db.$client
  const run = sqlite.transaction((): SendRecord => {
    const earlier = sqlite.prepare('select * from chat_sends where idempotency_key = ?').get(body.idempotencyKey) as SendRow | undefined
    if (earlier) {
      if (earlier.staff_id !== staff.id || earlier.customer_id !== customerId || earlier.kind !== body.kind || earlier.ref_id !== body.refId)
        throw new ClientError(409, 'idempotencyKey 已用于另一次发送，请换一个新的', 'idempotency_key_reused')
      const issued = sqlite.prepare('select code from customer_coupons where send_id = ?').pluck().get(earlier.id) as string | undefined
      return toRecord(earlier, issued ?? null, null)
    }
    const expected = expectedMessage(db, staff, customerId, body, now)
    if (!isDeepStrictEqual(normalise(body.message), expected.message))
      throw new ClientError(400, '发送的内容与推荐不一致，请刷新推荐后重试', 'message_mismatch')
    const row = sqlite.prepare(`insert into chat_sends (staff_id, customer_id, kind, ref_id, payload, sent_at, idempotency_key)
      values (?, ?, ?, ?, ?, ?, ?) returning *`).get(staff.id, customerId, body.kind, body.refId, JSON.stringify(body.message), now, body.idempotencyKey) as SendRow
    if (body.kind !== 'coupon' || !('template' in expected) || !expected.template)
      return toRecord(row, null, null)

    // Hand the coupon out, unless it can no longer be had (sold out since the tab loaded…).
    const t = expected.template
    const customer = loadRecoCustomer(db, customerId, now)
    const profile = buildProfile(customer, expected.products, now)
    const why = couponEligibility(t, customer, profile, now)
    if (why)
      return toRecord(row, null, NOT_ISSUED[why])
    const code = couponCodeFor(row.id)
    sqlite.prepare(`insert into customer_coupons (customer_id, template_id, code, status, issued_at, expires_at, send_id)
      values (?, ?, ?, 'issued', ?, ?, ?)`).run(customerId, t.id, code, now, now + t.validDays * DAY, row.id)
    sqlite.prepare('update coupon_templates set issued_count = issued_count + 1, spent_cents = spent_cents + ? where id = ?')
      .run(couponCost(t, profile.aovCents), t.id)
    return toRecord(row, code, null)
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
