import { type Static, Type } from 'typebox'
import { Nullable, StringEnum } from './common.ts'

/** Exactly what the sidebar hands to ww.sendChatMessage: a link card, or a mini-program card. */
export const ChatMessage = Type.Object({
  msgtype: StringEnum(['news', 'miniprogram']),
  news: Nullable(Type.Object({
    title: Type.String({ maxLength: 200 }),
    desc: Type.String({ maxLength: 500 }),
    link: Type.String({ maxLength: 1000 }),
    imgUrl: Type.String({ maxLength: 1000 }),
  })),
  miniprogram: Nullable(Type.Object({
    appid: Type.String({ maxLength: 64 }),
    title: Type.String({ maxLength: 200 }),
    imgUrl: Type.String({ maxLength: 1000 }),
    page: Type.String({ maxLength: 1000 }),
  })),
})
export type ChatMessage = Static<typeof ChatMessage>

/** One ranking term: its points, and its words when it has any (the reason is made of these). */
const RecoTerm = Type.Object({ key: Type.String(), points: Type.Number(), text: Nullable(Type.String()) })

export const CouponStatus = StringEnum(['issued', 'claimed', 'used', 'expired'])
export type CouponStatus = Static<typeof CouponStatus>

export const HeldCoupon = Type.Object({
  id: Type.Integer(),
  templateId: Type.Integer(),
  name: Type.String(),
  /** "满599减120", "85折". */
  valueText: Type.String(),
  /** Where it applies: "全场通用", "燕窝可用". */
  scopeText: Type.String(),
  /** As of now: a claimed coupon past its expiry shows as expired. */
  status: CouponStatus,
  issuedAt: Type.String({ format: 'date-time' }),
  claimedAt: Nullable(Type.String({ format: 'date-time' })),
  usedAt: Nullable(Type.String({ format: 'date-time' })),
  expiresAt: Type.String({ format: 'date-time' }),
  /** Usable and lapsing within a day: the sidebar warns and offers a reminder. */
  expiringSoon: Type.Boolean(),
  /** The reminder to send for a usable coupon (null once used or expired). */
  reminder: Nullable(ChatMessage),
  /** The last reminder sent for it, by anyone. */
  remindedAt: Nullable(Type.String({ format: 'date-time' })),
})
export type HeldCoupon = Static<typeof HeldCoupon>

/** What every recommendation carries beside what it recommends. */
const Ranked = Type.Object({
  /** Why it suits this customer, in plain words ("常买益生菌 · 客单价 ¥200–300 档 · 沉默 45 天"). */
  reason: Type.String(),
  score: Type.Number(),
  terms: Type.Array(RecoTerm),
  message: ChatMessage,
  /** The last time anyone sent it to this customer (within 30 days). */
  lastSentAt: Nullable(Type.String({ format: 'date-time' })),
})

export const RecommendedCoupon = Type.Object({
  templateId: Type.Integer(),
  code: Type.String(),
  name: Type.String(),
  valueText: Type.String(),
  scopeText: Type.String(),
  validDays: Type.Integer(),
  purpose: StringEnum(['marketing', 'service']),
  ...Ranked.properties,
})
export type RecommendedCoupon = Static<typeof RecommendedCoupon>

export const RecommendedProduct = Type.Object({
  productId: Type.Integer(),
  sku: Type.String(),
  name: Type.String(),
  category: Type.String(),
  brand: Nullable(Type.String()),
  priceCents: Type.Integer(),
  imageUrl: Nullable(Type.String()),
  ...Ranked.properties,
})
export type RecommendedProduct = Static<typeof RecommendedProduct>

export const RecoResponse = Type.Object({
  customer: Type.Object({ externalUserId: Type.String(), name: Type.String(), marketingAverse: Type.Boolean() }),
  stage: Nullable(Type.Object({ key: Type.String(), name: Type.String() })),
  /** Coupons the customer holds: usable first (soonest expiry first), then used and expired. */
  held: Type.Array(HeldCoupon),
  /** Best first; ineligible templates never appear. */
  coupons: Type.Array(RecommendedCoupon),
  products: Type.Array(RecommendedProduct),
})
export type RecoResponse = Static<typeof RecoResponse>

export const SendKind = StringEnum(['coupon', 'coupon_reminder', 'product'])
export type SendKind = Static<typeof SendKind>

export const RecordSendBody = Type.Object({
  kind: SendKind,
  /** The coupon template (coupon), customer coupon (coupon_reminder) or product (product). */
  refId: Type.Integer({ minimum: 1 }),
  /** The message exactly as it went into the chat. */
  message: ChatMessage,
  /** The same key twice records once: a retried tap never double-records. */
  idempotencyKey: Type.String({ minLength: 8, maxLength: 100 }),
})
export type RecordSendBody = Static<typeof RecordSendBody>

export const SendRecord = Type.Object({
  id: Type.Integer(),
  kind: SendKind,
  refId: Type.Integer(),
  sentAt: Type.String({ format: 'date-time' }),
  /** For a coupon: the customer coupon issued with this send (null when it could not be issued). */
  couponCode: Nullable(Type.String()),
  /** Why a sent coupon was not issued (sold out meanwhile…), else null. */
  note: Nullable(Type.String()),
})
export type SendRecord = Static<typeof SendRecord>
