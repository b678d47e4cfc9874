/**
 * Everything journey rules and SOPs can see about one customer, and small pure helpers over it.
 * Services build a CustomerFacts from the database; the engine never reads anything else.
 */
import type { eventTypes } from '#db/schema.ts'
import { chinaDaysBetween } from '../rules/china-time.ts'
import { isCountedOrder, type OrderStatus } from '../rules/order-status.ts'
import type { Goal } from './sop-schema.ts'

export type { OrderStatus }
export type EventType = typeof eventTypes[number]
export const RELATION_STATUSES = ['active', 'deleted_by_customer', 'deleted_by_staff', 'transferred'] as const
export type RelationStatus = typeof RELATION_STATUSES[number]

interface CustomerAttributes {
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

interface FactOrderItem { productId: number | null, name: string, category: string | null }

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
  /** Pending or snoozed: the SOP's exit conditions can still withdraw it. */
  open: boolean
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
  /**
   * Set when `events` holds only some event types: a full recompute loads just the types its
   * journey and SOPs read (eventTypesRead), and the one thing the engine needs of all events
   * besides. Absent: `events` is everything.
   */
  partialEvents?: PartialEvents
}

interface PartialEvents {
  /** The event types `events` holds in full. */
  types: ReadonlySet<EventType>
  /** The latest event that counts as activity (any but message_out), loaded or not; null for none. */
  lastActiveAt: number | null
}

/**
 * What the engine asks of one customer's facts again and again (counted orders, events of one
 * type, the last time of this or that), worked out once and kept for the length of one engine
 * call: assignStage, explainPlan or evaluate build one and pass it down. It is never stored on
 * or with the facts, which callers may change between calls.
 *
 * Lists keep the facts' order (filters do), so every answer is the one the plain helpers below
 * give on the same facts.
 */
export class FactsIndex {
  readonly facts: CustomerFacts
  #counted: FactOrder[] | undefined
  #byType: Map<EventType, FactEvent[]> | undefined
  // undefined: not worked out yet.
  #addedAt: number | null | undefined
  #lastOrderAt: number | null | undefined
  #lastActiveAt: number | null | undefined
  #lastMessageInAt: number | null | undefined

  constructor(facts: CustomerFacts) {
    this.facts = facts
  }

  /** Orders that count as spend, in the facts' order. Shared: do not change it. */
  counted(): readonly FactOrder[] {
    return this.#counted ??= this.facts.orders.filter(o => isCountedOrder(o.status))
  }

  /** The customer's events of one type, in the facts' order. Shared: do not change it. */
  eventsOf(type: EventType): readonly FactEvent[] {
    const partial = this.facts.partialEvents
    // Loud rather than wrong: a type left out would read as "never happened".
    if (partial && !partial.types.has(type))
      throw new Error(`${type} events were not loaded for customer ${this.facts.customer.id} (the facts reader must load every event type the journey reads)`)
    if (!this.#byType) {
      this.#byType = new Map()
      for (const e of this.facts.events) {
        const list = this.#byType.get(e.type)
        if (list)
          list.push(e)
        else
          this.#byType.set(e.type, [e])
      }
    }
    return this.#byType.get(type) ?? NONE
  }

  orderCount(since = -Infinity): number {
    let n = 0
    for (const o of this.counted()) {
      if (o.at >= since)
        n++
    }
    return n
  }

  spendCents(since = -Infinity): number {
    let sum = 0
    for (const o of this.counted()) {
      if (o.at >= since)
        sum += o.paidCents
    }
    return sum
  }

  messagesIn(since = -Infinity): number {
    let n = 0
    for (const e of this.eventsOf('message_in')) {
      if (e.at >= since)
        n++
    }
    return n
  }

  addedAt(): number | null {
    if (this.#addedAt === undefined) {
      const rs = this.facts.relationships
      let min = Infinity
      for (const r of rs)
        min = Math.min(min, r.firstAddedAt)
      this.#addedAt = rs.length ? min : null
    }
    return this.#addedAt
  }

  lastOrderAt(): number | null {
    if (this.#lastOrderAt === undefined)
      this.#lastOrderAt = latest(this.counted())
    return this.#lastOrderAt
  }

  lastMessageInAt(): number | null {
    if (this.#lastMessageInAt === undefined)
      this.#lastMessageInAt = latest(this.eventsOf('message_in'))
    return this.#lastMessageInAt
  }

  /** The last thing the customer did: anything but staff messages, any order, or the add itself. */
  lastActiveAt(): number | null {
    if (this.#lastActiveAt === undefined) {
      let max = -Infinity
      let any = false
      for (const e of this.facts.events) {
        if (e.type !== 'message_out' && e.type !== 'customer_merged') {
          max = Math.max(max, e.at)
          any = true
        }
      }
      const omitted = this.facts.partialEvents?.lastActiveAt ?? null
      if (omitted !== null) {
        max = Math.max(max, omitted)
        any = true
      }
      for (const o of this.facts.orders) {
        max = Math.max(max, o.at)
        any = true
      }
      const added = this.addedAt()
      if (added !== null) {
        max = Math.max(max, added)
        any = true
      }
      this.#lastActiveAt = any ? max : null
    }
    return this.#lastActiveAt
  }
}

const NONE: readonly FactEvent[] = Object.freeze([])

/** The latest `at`, or null for none (Math.max semantics, as maxOrNull). */
function latest(items: readonly { at: number }[]): number | null {
  let max = -Infinity
  for (const item of items)
    max = Math.max(max, item.at)
  return items.length ? max : null
}

/** An index of `facts` for one call. */
export function indexFacts(facts: CustomerFacts): FactsIndex {
  return new FactsIndex(facts)
}

/** Orders that count (see isCountedOrder), optionally only those at or after `since`. */
export function countedOrders(facts: CustomerFacts, since = -Infinity): FactOrder[] {
  return facts.orders.filter(o => isCountedOrder(o.status) && o.at >= since)
}

export function lastOrderAt(facts: CustomerFacts): number | null {
  return indexFacts(facts).lastOrderAt()
}

/** The customer's first add to any staff member: when they became ours. */
export function addedAt(facts: CustomerFacts): number | null {
  return indexFacts(facts).addedAt()
}

/** China calendar days since `at`. */
export function daysSince(at: number, now: number): number {
  return chinaDaysBetween(at, now)
}

/** A tag reference is "group:name" or a bare name that matches in any group. */
export function findTags(facts: CustomerFacts, ref: string): FactTag[] {
  const colon = ref.indexOf(':')
  if (colon < 0)
    return facts.tags.filter(t => t.name === ref)
  const group = ref.slice(0, colon)
  const name = ref.slice(colon + 1)
  return facts.tags.filter(t => t.group === group && t.name === name)
}

/** Whether any tag matches `ref` (findTags, without building the list). */
export function hasTagRef(tags: readonly FactTag[], ref: string): boolean {
  const colon = ref.indexOf(':')
  if (colon < 0)
    return tags.some(t => t.name === ref)
  const group = ref.slice(0, colon)
  const name = ref.slice(colon + 1)
  return tags.some(t => t.group === group && t.name === name)
}

/** What the customer likes: 商品偏好 tags first, else the seeded product's category. */
export function preferredCategory(facts: CustomerFacts): string | null {
  return facts.tags.find(t => t.group === '商品偏好')?.name ?? facts.seededProduct?.category ?? null
}
