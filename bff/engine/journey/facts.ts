/**
 * Everything journey rules and SOPs can see about one customer, and small pure helpers over it.
 * Services build a CustomerFacts from the database; the engine never reads anything else.
 */
import type { eventTypes, orderStatuses } from '../../../db/schema.ts'
import type { Goal } from './sop-schema.ts'
import { chinaDaysBetween } from './time.ts'

export type EventType = typeof eventTypes[number]
export type OrderStatus = typeof orderStatuses[number]
export const RELATION_STATUSES = ['active', 'deleted_by_customer', 'deleted_by_staff', 'transferred'] as const
export type RelationStatus = typeof RELATION_STATUSES[number]

export interface CustomerAttributes {
  id: number
  name: string
  /** 0 unknown, 1 male, 2 female (WeCom's encoding). */
  gender: number
  /** MM-DD; the year is often unknown. */
  birthday: string | null
  memberLevel: string | null
  /** Reacted badly to marketing: marketing steps are never planned for them. */
  marketingAverse: boolean
}

/** One staff ↔ customer relationship (follow_user). */
export interface FactRelation {
  staffId: number
  staffName?: string | null
  firstAddedAt: number
  status: RelationStatus
  /** The 渠道活码 `state` the customer added through. */
  state: string | null
  /** When this staff member last wrote to the customer; decides who owns the tasks. */
  lastMessageOutAt?: number | null
}

export interface ProductRef {
  productId: number
  name: string
  category?: string | null
  url?: string | null
}

export interface FactOrderItem { productId: number | null, name: string, category: string | null }

export interface FactOrder {
  at: number
  status: OrderStatus
  paidCents: number
  couponName: string | null
  items: FactOrderItem[]
}

export interface FactEvent {
  type: EventType
  at: number
  productId: number | null
  productName: string | null
  productCategory?: string | null
  productUrl?: string | null
  /** Article, link, group or coupon name: what the event was about. */
  title: string | null
  durationSeconds: number | null
  content: string | null
}

export interface FactTag { group: string, name: string, addedAt: number }

export interface FactCoupon {
  key: string
  name: string
  productId: number | null
  claimedAt: number | null
  usedAt: number | null
  expiresAt: number
}

/** A task planned earlier: idempotency and the contact budget read these. */
export interface FactTask {
  taskKey: string
  sopKey: string
  stepKey: string
  goal: Goal
  marketing: boolean
  createdAt: number
  dueAt: number
  expiresAt: number
  doneAt: number | null
}

export interface CustomerFacts {
  customer: CustomerAttributes
  relationships: FactRelation[]
  /** The product of the channel the customer added through (seed 003's welcome coupon is for it). */
  seededProduct: ProductRef | null
  orders: FactOrder[]
  events: FactEvent[]
  tags: FactTag[]
  coupons: FactCoupon[]
  tasks: FactTask[]
}

/** Paid money that refunds and cancellations did not undo; pending orders are not spend yet. */
export function countsAsSpend(status: OrderStatus): boolean {
  return status === 'paid' || status === 'shipped' || status === 'completed'
}

/** Orders that count (see countsAsSpend), optionally only those at or after `since`. */
export function countedOrders(facts: CustomerFacts, since = -Infinity): FactOrder[] {
  return facts.orders.filter(o => countsAsSpend(o.status) && o.at >= since)
}

export function orderCount(facts: CustomerFacts, since = -Infinity): number {
  return countedOrders(facts, since).length
}

export function spendCents(facts: CustomerFacts, since = -Infinity): number {
  return countedOrders(facts, since).reduce((sum, o) => sum + o.paidCents, 0)
}

export function lastOrderAt(facts: CustomerFacts): number | null {
  return maxOrNull(countedOrders(facts).map(o => o.at))
}

/** The customer's first add to any staff member: when they became ours. */
export function addedAt(facts: CustomerFacts): number | null {
  const times = facts.relationships.map(r => r.firstAddedAt)
  return times.length ? Math.min(...times) : null
}

export function messagesIn(facts: CustomerFacts, since = -Infinity): number {
  return facts.events.filter(e => e.type === 'message_in' && e.at >= since).length
}

export function lastMessageInAt(facts: CustomerFacts): number | null {
  return maxOrNull(facts.events.filter(e => e.type === 'message_in').map(e => e.at))
}

/** The last thing the customer did: anything but staff messages, any order, or the add itself. */
export function lastActiveAt(facts: CustomerFacts): number | null {
  const times = [
    ...facts.events.filter(e => e.type !== 'message_out').map(e => e.at),
    ...facts.orders.map(o => o.at),
  ]
  const added = addedAt(facts)
  if (added !== null)
    times.push(added)
  return maxOrNull(times)
}

/** China calendar days since `at`. */
export function daysSince(at: number, now: number): number {
  return chinaDaysBetween(at, now)
}

/** A tag reference is "group:name" or a bare name that matches in any group. */
export function hasTag(facts: CustomerFacts, ref: string): boolean {
  return findTags(facts, ref).length > 0
}

export function findTags(facts: CustomerFacts, ref: string): FactTag[] {
  const colon = ref.indexOf(':')
  if (colon < 0)
    return facts.tags.filter(t => t.name === ref)
  const group = ref.slice(0, colon)
  const name = ref.slice(colon + 1)
  return facts.tags.filter(t => t.group === group && t.name === name)
}

/** What the customer likes: 商品偏好 tags first, else the seeded product's category. */
export function preferredCategory(facts: CustomerFacts): string | null {
  return facts.tags.find(t => t.group === '商品偏好')?.name ?? facts.seededProduct?.category ?? null
}

function maxOrNull(values: number[]): number | null {
  return values.length ? Math.max(...values) : null
}
