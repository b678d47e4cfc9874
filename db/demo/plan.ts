/**
 * A customer plan: every row the generator writes for one customer, before it is written.
 * The planner (customers.ts) and the hand-made fixtures (fixtures.ts) both produce these; the
 * writer (writer.ts) is the only code that turns them into SQL.
 */
import { chinaMinuteOfDay } from '#rules/china-time.ts'
import type { OrderStatus } from '#rules/order-status.ts'
import { HOUR } from '#rules/time-units.ts'
import type { eventTypes, orderSources, touchpoints } from '../schema.ts'
import type { Random } from './random.ts'

export type OrderSource = typeof orderSources[number]
export type EventType = typeof eventTypes[number]
export type Touchpoint = typeof touchpoints[number]
export type IdentityKind = 'external_userid' | 'unionid' | 'openid' | 'phone' | 'member_id' | 'youzan_buyer' | 'tmall_buyer' | 'mall_buyer' | 'wdt_buyer' | 'xiaoe_user'
export type RelationStatus = 'active' | 'deleted_by_customer' | 'deleted_by_staff' | 'transferred'

export interface CustomerRow {
  id: number
  name: string
  /** 0 unknown, 1 male, 2 female. */
  gender: number
  province: string | null
  city: string | null
  birthYear: number | null
  birthday: string | null
  memberLevel: string | null
  points: number
  phone: string | null
  marketingAverse: boolean
  createdAt: number
  updatedAt: number
}

export interface IdentityRow { kind: IdentityKind, value: string, createdAt: number }

export interface RelationRow {
  staffId: number
  remark: string | null
  description: string | null
  firstAddedAt: number
  state: string | null
  addWay: number | null
  status: RelationStatus
  statusChangedAt: number | null
}

export interface OrderItemRow { productId: number, name: string, quantity: number, unitPriceCents: number }

export interface OrderRow {
  id: number
  source: OrderSource
  sourceOrderId: string
  status: OrderStatus
  totalCents: number
  discountCents: number
  paidCents: number
  couponName: string | null
  /** The customer coupon used (db/demo/coupons.ts fills it). */
  couponCode?: string | null
  orderedAt: number
  paidAt: number | null
  items: OrderItemRow[]
}

export interface EventRow {
  type: EventType
  touchpoint: Touchpoint
  occurredAt: number
  title: string | null
  url: string | null
  productId: number | null
  durationSeconds: number | null
  amountCents: number | null
  content: string | null
  staffId: number | null
}

export interface TagRow { tagId: number, staffId: number | null, createdAt: number }

export interface CustomerPlan {
  customer: CustomerRow
  identities: IdentityRow[]
  relations: RelationRow[]
  orders: OrderRow[]
  /** Any order; the writer sorts them by time before numbering the idempotency keys. */
  events: EventRow[]
  tags: TagRow[]
  /** Coupons held, through their lifecycle (db/demo/coupons.ts). */
  coupons?: Array<{ templateId: number, code: string, status: string, issuedAt: number, claimedAt: number | null, usedAt: number | null, expiresAt: number, orderId: number | null }>
}

/** WeCom's add_way codes that the demo uses. */
export const ADD_WAY = { scanQr: 1, searchPhone: 2, cardShare: 3, groupChat: 4, adminAssign: 202 } as const

/** Lifecycle the planner aims for; the journey engine derives stages itself from the rows. */
export type Lifecycle = 'new' | 'active' | 'first_purchase' | 'repeat' | 'high_value' | 'silent' | 'churned'

/** An event with only the fields that matter set; the rest null. */
export function event(type: EventType, touchpoint: Touchpoint, occurredAt: number, fields: Partial<Omit<EventRow, 'type' | 'touchpoint' | 'occurredAt'>> = {}): EventRow {
  return {
    type,
    touchpoint,
    occurredAt,
    title: fields.title ?? null,
    url: fields.url ?? null,
    productId: fields.productId ?? null,
    durationSeconds: fields.durationSeconds ?? null,
    amountCents: fields.amountCents ?? null,
    content: fields.content ?? null,
    staffId: fields.staffId ?? null,
  }
}

/**
 * People sleep: most times that fall between midnight and 7:00 China time move to the day
 * (or the evening before), staying inside [lo, hi]. Without this a third of the trail is at night.
 */
export function awake(rng: Random, t: number, lo: number, hi: number): number {
  const hour = Math.floor(chinaMinuteOfDay(t) / 60)
  if (hour >= 7 || !rng.chance(0.88))
    return t
  const later = t + rng.float(8, 14) * HOUR
  if (later <= hi)
    return later
  const earlier = t - rng.float(5, 7) * HOUR
  return earlier >= lo ? earlier : t
}
