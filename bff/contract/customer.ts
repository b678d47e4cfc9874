import { type Static, Type } from 'typebox'
import { ORDER_STATUSES } from '../engine/rules/order-status.ts'
import { Nullable, Page, StringEnum } from './common.ts'
import { CustomerStage } from './journey.ts'
import { TaskItem } from './tasks.ts'

export const OrderSource = StringEnum(['youzan', 'tmall', 'taobao', 'mall', 'wdt', 'jst', 'weimob', 'xiaoe', 'zsxq'])
export type OrderSource = Static<typeof OrderSource>

export const OrderStatus = StringEnum(ORDER_STATUSES)
export type OrderStatus = Static<typeof OrderStatus>

export const EventKind = StringEnum(['article_read', 'link_click', 'product_view', 'cart_add', 'coupon_claim', 'coupon_use', 'group_question', 'message_in', 'message_out', 'miniprogram_visit', 'customer_merged'])
export type EventKind = Static<typeof EventKind>

const Touchpoint = StringEnum(['moments', 'group', 'single_chat', 'miniprogram', 'mall', 'official_account', 'system'])

export const Tag = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  group: Type.String(),
  source: StringEnum(['manual', 'rule', 'wecom']),
})
export type Tag = Static<typeof Tag>

export const CoServingStaff = Type.Object({
  userId: Type.String(),
  name: Type.String(),
  firstAddedAt: Type.String({ format: 'date-time' }),
  status: Type.String(),
})
export type CoServingStaff = Static<typeof CoServingStaff>

export const RelationStatus = StringEnum(['active', 'deleted_by_customer', 'deleted_by_staff', 'transferred'])
export type RelationStatus = Static<typeof RelationStatus>

export const CustomerProfile = Type.Object({
  externalUserId: Type.String(),
  name: Type.String(),
  /** This staff member's remark for the customer (follow_user.remark). */
  remark: Nullable(Type.String()),
  avatar: Nullable(Type.String()),
  gender: StringEnum(['male', 'female', 'unknown']),
  province: Nullable(Type.String()),
  city: Nullable(Type.String()),
  /** e.g. "30-39岁"; null when the birth year is unknown. */
  ageBand: Nullable(Type.String()),
  /** MM-DD */
  birthday: Nullable(Type.String()),
  memberLevel: Nullable(Type.String()),
  points: Type.Integer(),
  /** Always masked (138****1234); reveal through the phone-reveal endpoint. */
  phoneMasked: Nullable(Type.String()),
  marketingAverse: Type.Boolean(),
  channel: Nullable(Type.Object({ state: Type.String(), name: Type.String() })),
  /** Exact first-add time by this staff member. */
  firstAddedAt: Type.String({ format: 'date-time' }),
  relationStatus: RelationStatus,
  coServingStaff: Type.Array(CoServingStaff),
})
export type CustomerProfile = Static<typeof CustomerProfile>

const KeyFigures = Type.Object({
  orderCount: Type.Integer(),
  totalSpentCents: Type.Integer(),
  avgOrderCents: Type.Integer(),
  lastOrderAt: Nullable(Type.String({ format: 'date-time' })),
  daysSinceLastOrder: Nullable(Type.Integer()),
  messagesFromCustomer: Type.Integer(),
})

const OrderItem = Type.Object({
  name: Type.String(),
  quantity: Type.Integer(),
  unitPriceCents: Type.Integer(),
  category: Nullable(Type.String()),
})

export const Order = Type.Object({
  id: Type.Integer(),
  source: OrderSource,
  sourceOrderId: Type.String(),
  status: OrderStatus,
  totalCents: Type.Integer(),
  discountCents: Type.Integer(),
  paidCents: Type.Integer(),
  couponName: Nullable(Type.String()),
  orderedAt: Type.String({ format: 'date-time' }),
  items: Type.Array(OrderItem),
})
export type Order = Static<typeof Order>

export const TrailEvent = Type.Object({
  id: Type.Integer(),
  kind: EventKind,
  touchpoint: Touchpoint,
  occurredAt: Type.String({ format: 'date-time' }),
  title: Nullable(Type.String()),
  url: Nullable(Type.String()),
  productName: Nullable(Type.String()),
  durationSeconds: Nullable(Type.Integer()),
  amountCents: Nullable(Type.Integer()),
  content: Nullable(Type.String()),
  /** The staff member involved (for messages they sent): the whole service trail is shared. */
  staffName: Nullable(Type.String()),
})
export type TrailEvent = Static<typeof TrailEvent>

export const OrderPage = Page(Order)
export type OrderPage = Static<typeof OrderPage>
export const EventPage = Page(TrailEvent)
export type EventPage = Static<typeof EventPage>

export const EventPageQuery = Type.Object({
  cursor: Type.Optional(Type.String({ maxLength: 200 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 50 })),
  /** Comma-separated kinds to keep, e.g. "cart_add,coupon_claim". */
  kind: Type.Optional(Type.String({ maxLength: 300, pattern: '^[a-z_]+(,[a-z_]+)*$' })),
})
export type EventPageQuery = Static<typeof EventPageQuery>

/**
 * Everything the sidebar's first screen needs, in one round trip. Orders and the trail live
 * on other tabs and come from their paged endpoints when opened: the sidebar is opened
 * hundreds of times a day, mostly to glance at the header and the tasks.
 */
export const SidebarResponse = Type.Object({
  customer: CustomerProfile,
  tags: Type.Array(Tag),
  figures: KeyFigures,
  /** The journey stage and why; null until the first recompute has reached the customer. */
  stage: Nullable(CustomerStage),
  /** This staff member's tasks for the customer due by the end of today (China time), then those done today. */
  tasks: Type.Array(TaskItem),
})
export type SidebarResponse = Static<typeof SidebarResponse>

export const CustomerListItem = Type.Object({
  externalUserId: Type.String(),
  name: Type.String(),
  remark: Nullable(Type.String()),
  avatar: Nullable(Type.String()),
  phoneMasked: Nullable(Type.String()),
  firstAddedAt: Type.String({ format: 'date-time' }),
  relationStatus: RelationStatus,
})
export type CustomerListItem = Static<typeof CustomerListItem>

export const CustomerListQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 50 })),
  cursor: Type.Optional(Type.String({ maxLength: 200 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 50 })),
})
export type CustomerListQuery = Static<typeof CustomerListQuery>

export const CustomerListPage = Page(CustomerListItem)
export type CustomerListPage = Static<typeof CustomerListPage>

export const PhoneRevealResponse = Type.Object({ phone: Type.String() })
export type PhoneRevealResponse = Static<typeof PhoneRevealResponse>
