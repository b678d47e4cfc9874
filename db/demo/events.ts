/**
 * The behaviour trail of one generated customer apart from what surrounds orders: reading,
 * clicking, browsing, asking in the group, chatting with staff.
 */
import { HOUR, MINUTE, SECOND } from '#rules/time-units.ts'
import { COUPONS, type CouponDef, GOODS_BY_CATEGORY, type PreferenceCategory, PREFERENCE_CATEGORIES, type ProductDef } from './catalog.ts'
import { ARTICLES, GROUP_NAMES, GROUP_QUESTIONS, INBOUND_BY_CATEGORY, INBOUND_GENERIC, INBOUND_NEGATIVE, LINKS, MINIPROGRAM_PAGES, OUTBOUND, REPLIES, welcomeMessage } from './content.ts'
import { awake, event, type EventRow, type EventType, type Lifecycle, type RelationRow } from './plan.ts'
import type { Random } from './random.ts'

export interface TrailInput {
  lifecycle: Lifecycle
  addedAt: number
  /** Nothing the customer does happens after this (now, or when they went silent or left). */
  endAt: number
  preferred: PreferenceCategory
  /** The product of the channel they came through, if any. */
  seededProduct: ProductDef | null
  welcomeCoupon: CouponDef
  relations: RelationRow[]
  staffNames: ReadonlyMap<number, string>
  inGroup: boolean
  marketingAverse: boolean
}

const FREE_EVENTS: Record<Lifecycle, readonly [number, number]> = {
  new: [1, 4],
  active: [8, 18],
  first_purchase: [5, 11],
  repeat: [7, 16],
  high_value: [20, 36],
  silent: [2, 7],
  churned: [1, 5],
}

type FreeType = Exclude<EventType, 'coupon_use' | 'message_out'> | 'nudge'
const BASE_WEIGHTS: readonly (readonly [FreeType, number])[] = [
  ['article_read', 16], ['link_click', 6], ['product_view', 18], ['cart_add', 5], ['coupon_claim', 5],
  ['group_question', 6], ['message_in', 14], ['nudge', 9], ['miniprogram_visit', 12],
]
// Active customers are the ones who talk (activation = messages sent, seed 002).
const CHATTY_WEIGHTS = BASE_WEIGHTS.map(([t, w]) => [t, t === 'message_in' ? 30 : w] as const)

export function planTrail(rng: Random, input: TrailInput): EventRow[] {
  const { addedAt, endAt } = input
  const primary = input.relations[0]!
  const trail = new Trail(addedAt, endAt)

  // Every relation starts with a welcome message carrying the channel's new-customer coupon.
  for (const r of input.relations) {
    const name = input.staffNames.get(r.staffId) ?? ''
    trail.add(event('message_out', 'single_chat', r.firstAddedAt + rng.int(2, 40) * SECOND, { content: welcomeMessage(name, input.welcomeCoupon.name), staffId: r.staffId }))
  }

  if (input.lifecycle === 'new') {
    if (rng.chance(0.6))
      trail.add(event('coupon_claim', 'single_chat', addedAt + rng.float(MINUTE, 20 * HOUR), { title: input.welcomeCoupon.name, amountCents: input.welcomeCoupon.valueCents || null }))
    if (input.seededProduct && rng.chance(0.55))
      trail.add(event('product_view', 'miniprogram', addedAt + rng.float(2 * MINUTE, 30 * HOUR), { productId: input.seededProduct.id, title: input.seededProduct.name, durationSeconds: rng.int(10, 180) }))
  }

  const span = Math.max(endAt - addedAt, HOUR)
  const [lo, hi] = FREE_EVENTS[input.lifecycle]
  const weights = input.lifecycle === 'active' ? CHATTY_WEIGHTS : BASE_WEIGHTS
  const n = rng.int(lo, hi)
  let messagesIn = 0
  for (let i = 0; i < n; i++) {
    const t = recent(rng, addedAt + Math.min(HOUR, span / 10), addedAt + span)
    let type = rng.weighted(weights)
    if (type === 'group_question' && !input.inGroup)
      type = 'product_view'
    if (type === 'message_in')
      messagesIn++
    freeEvent(rng, input, type, t, trail)
  }
  // Activation needs a few messages from the customer.
  for (; input.lifecycle === 'active' && messagesIn < 3; messagesIn++)
    freeEvent(rng, input, 'message_in', recent(rng, addedAt, addedAt + span), trail)

  // Some group members keep asking about the same product: intent (seed 000, > 2 questions).
  if (input.inGroup && input.lifecycle !== 'new' && rng.chance(0.15)) {
    const k = rng.int(3, 5)
    for (let i = 0; i < k; i++) freeEvent(rng, input, 'group_question', recent(rng, addedAt, addedAt + span), trail)
  }

  if (input.marketingAverse) {
    const t = recent(rng, addedAt + span / 3, addedAt + span)
    trail.add(event('message_out', 'single_chat', t, { content: rng.pick(OUTBOUND), staffId: primary.staffId }))
    trail.add(event('message_in', 'single_chat', t + rng.float(MINUTE, 3 * HOUR), { content: rng.pick(INBOUND_NEGATIVE), staffId: primary.staffId }))
  }
  return trail.events
}

/** Events kept only when they fall inside the customer's time with us. */
class Trail {
  readonly events: EventRow[] = []
  constructor(private readonly from: number, private readonly to: number) {}

  add(e: EventRow): void {
    if (e.occurredAt <= this.to && e.occurredAt >= this.from)
      this.events.push(e)
  }
}

/** A time in [from, to], more likely recent: activity clusters towards the present. */
function recent(rng: Random, from: number, to: number): number {
  return awake(rng, from + (to - from) * Math.sqrt(rng.next()), from, to)
}

function staffAt(rng: Random, input: TrailInput, t: number): number {
  const serving = input.relations.filter(r => r.firstAddedAt <= t && (r.statusChangedAt === null || r.statusChangedAt > t))
  return (serving.length ? rng.pick(serving) : input.relations[0]!).staffId
}

function productFor(rng: Random, input: TrailInput): ProductDef {
  if (input.seededProduct && rng.chance(0.3))
    return input.seededProduct
  const category = rng.chance(0.65) ? input.preferred : rng.pick(PREFERENCE_CATEGORIES)
  return rng.pick(GOODS_BY_CATEGORY[category])
}

function freeEvent(rng: Random, input: TrailInput, type: FreeType, t: number, trail: Trail): void {
  switch (type) {
    case 'article_read': {
      const mine = ARTICLES.filter(a => a.category === input.preferred)
      const a = rng.chance(0.55) && mine.length ? rng.pick(mine) : rng.pick(ARTICLES)
      // About one read in nine passes 11 minutes: the deep-reading signal of seed 000.
      const seconds = rng.chance(0.11) ? rng.int(661, 1500) : rng.int(12, 420)
      trail.add(event('article_read', rng.chance(0.6) ? 'moments' : 'official_account', t, { title: a.title, url: a.url, durationSeconds: seconds }))
      return
    }
    case 'link_click': {
      const l = rng.chance(0.12) ? LINKS[0]! : rng.pick(LINKS)
      trail.add(event('link_click', 'moments', t, { title: l.title, url: l.url }))
      return
    }
    case 'product_view': {
      const p = productFor(rng, input)
      trail.add(event('product_view', rng.chance(0.5) ? 'mall' : 'miniprogram', t, { productId: p.id, title: p.name, url: p.url, durationSeconds: rng.int(5, 300) }))
      return
    }
    case 'cart_add': {
      const p = productFor(rng, input)
      const touch = rng.chance(0.5) ? 'mall' : 'miniprogram'
      trail.add(event('product_view', touch, t - rng.float(MINUTE, 20 * MINUTE), { productId: p.id, title: p.name, url: p.url, durationSeconds: rng.int(20, 300) }))
      trail.add(event('cart_add', touch, t, { productId: p.id, title: p.name, url: p.url, amountCents: p.priceCents }))
      return
    }
    case 'coupon_claim': {
      const c = rng.pick(COUPONS.filter(x => x.use === 'general' || x.use === 'recall'))
      trail.add(event('coupon_claim', rng.chance(0.7) ? 'miniprogram' : 'single_chat', t, { title: c.name, amountCents: c.valueCents || null }))
      return
    }
    case 'group_question': {
      const category = rng.chance(0.8) ? input.preferred : rng.pick(PREFERENCE_CATEGORIES)
      trail.add(event('group_question', 'group', t, { title: GROUP_NAMES[category], content: rng.pick(GROUP_QUESTIONS[category]) }))
      return
    }
    case 'message_in': {
      const staffId = staffAt(rng, input, t)
      const content = rng.chance(0.55) ? rng.pick(INBOUND_BY_CATEGORY[input.preferred]) : rng.pick(INBOUND_GENERIC)
      trail.add(event('message_in', 'single_chat', t, { content, staffId }))
      // Most messages get an answer within the hour or two; the rest are the unanswered ones.
      if (rng.chance(0.85))
        trail.add(event('message_out', 'single_chat', t + rng.float(30 * SECOND, 2 * HOUR), { content: rng.pick(REPLIES), staffId }))
      return
    }
    case 'nudge':
      trail.add(event('message_out', 'single_chat', t, { content: rng.pick(OUTBOUND), staffId: staffAt(rng, input, t) }))
      return
    case 'miniprogram_visit': {
      const page = rng.pick(MINIPROGRAM_PAGES)
      trail.add(event('miniprogram_visit', 'miniprogram', t, { title: page.title, url: page.url, durationSeconds: rng.int(6, 400) }))
    }
  }
}
