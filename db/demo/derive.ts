/**
 * What follows from a customer's rows: identities learned from orders, tags made by rules,
 * spend, level. Shared by generated customers and fixtures so both obey the same rules.
 */
import { isCountedOrder } from '#rules/order-status.ts'
import { DAY, HOUR } from '#rules/time-units.ts'
import { CHANNELS, COUPONS, firstOrderBucket, memberLevelFor, type PreferenceCategory, PREFERENCE_CATEGORIES, PRODUCTS, tagId } from './catalog.ts'
import { LINKS } from './content.ts'
import { buyerKind, identityValue } from './ids.ts'
import { type EventRow, type IdentityRow, type OrderRow, type RelationRow, type TagRow } from './plan.ts'
import type { Random } from './random.ts'

export function countedOrders(orders: readonly OrderRow[]): OrderRow[] {
  return orders.filter(o => isCountedOrder(o.status))
}

export function spendOf(orders: readonly OrderRow[]): number {
  return countedOrders(orders).reduce((s, o) => s + o.paidCents, 0)
}

export function memberLevel(isMember: boolean, orders: readonly OrderRow[]): string | null {
  return isMember ? memberLevelFor(spendOf(orders)) : null
}

export interface IdentityInput {
  customerId: number
  externalUserId: string
  addedAt: number
  phone: string | null
  isMember: boolean
  hasUnionId: boolean
  hasOpenId: boolean
  orders: readonly OrderRow[]
  events: readonly EventRow[]
}

/** Every ID the customer is known by; buyer IDs come from the sources they ordered through. */
export function deriveIdentities(rng: Random, input: IdentityInput): IdentityRow[] {
  const { customerId, addedAt, orders } = input
  const firstOrderAt = orders.length ? Math.min(...orders.map(o => o.orderedAt)) : null
  const rows: IdentityRow[] = [{ kind: 'external_userid', value: input.externalUserId, createdAt: addedAt }]
  if (input.hasUnionId)
    rows.push({ kind: 'unionid', value: identityValue(rng, 'unionid', customerId), createdAt: addedAt })
  if (input.hasOpenId) {
    const mp = input.events.find(e => e.touchpoint === 'miniprogram')
    rows.push({ kind: 'openid', value: identityValue(rng, 'openid', customerId), createdAt: Math.min(addedAt, mp?.occurredAt ?? addedAt) })
  }
  if (input.phone)
    rows.push({ kind: 'phone', value: input.phone, createdAt: firstOrderAt ?? addedAt })
  if (input.isMember)
    rows.push({ kind: 'member_id', value: identityValue(rng, 'member_id', customerId), createdAt: firstOrderAt ?? addedAt })
  const seen = new Set<string>()
  for (const o of [...orders].sort((a, b) => a.orderedAt - b.orderedAt)) {
    const kind = buyerKind(o.source)
    if (kind && !seen.has(kind)) {
      seen.add(kind)
      rows.push({ kind, value: identityValue(rng, kind, customerId), createdAt: o.orderedAt })
    }
  }
  return rows
}

export interface TagInput {
  now: number
  relations: readonly RelationRow[]
  orders: readonly OrderRow[]
  events: readonly EventRow[]
  memberLevel: string | null
  inGroup: boolean
  marketingAverse: boolean
  /** Preference to fall back on when behaviour shows none yet (the channel's product). */
  fallbackPreference: PreferenceCategory | null
  /** Tags staff put on by hand (客户特征). */
  manual: readonly string[]
}

const CATEGORY_OF = new Map(PRODUCTS.map(p => [p.id, p.category]))
const AGENT_POLICY = LINKS[0]!.title
const PERCENT_COUPONS = new Set(COUPONS.filter(c => c.kind === 'percent').map(c => c.name))

/** Collects tags once each, never dated after `now`. */
class TagSet {
  private readonly rows = new Map<number, TagRow>()
  constructor(private readonly now: number) {}

  put(group: string, name: string, createdAt: number, staffId: number | null = null): void {
    const id = tagId(group, name)
    if (!this.rows.has(id))
      this.rows.set(id, { tagId: id, staffId, createdAt: Math.min(createdAt, this.now) })
  }

  list(): TagRow[] {
    return [...this.rows.values()]
  }
}

const NEGATIVE = /广告|别|不要|取消|烦/

/** Rule, channel and manual tags, consistent with the rows as they stand at `now`. Events must be in time order. */
export function deriveTags(input: TagInput): TagRow[] {
  const { now, relations, orders, events } = input
  const primary = relations[0]!
  let addedAt = Infinity
  let stillFriends = false
  for (const r of relations) {
    addedAt = Math.min(addedAt, r.firstAddedAt)
    stillFriends ||= r.status === 'active'
  }
  const tags = new TagSet(now)

  const channel = CHANNELS.find(c => c.state === primary.state)
  if (channel)
    tags.put('来源渠道', channel.sourceTag, primary.firstAddedAt)

  const counted = countedOrders(orders).sort((a, b) => a.orderedAt - b.orderedAt)
  const firstOrder = counted[0]
  const prefs = preferences(counted, events)
  for (const c of prefs) tags.put('商品偏好', c, firstOrder?.orderedAt ?? addedAt + HOUR)
  if (!prefs.length && input.fallbackPreference)
    tags.put('商品偏好', input.fallbackPreference, addedAt)

  if (firstOrder) {
    tags.put('首单价格', firstOrderBucket(firstOrder.paidCents), firstOrder.orderedAt)
    let withCoupon = 0
    let percent = 0
    for (const o of counted) {
      if (o.couponName) {
        withCoupon++
        if (PERCENT_COUPONS.has(o.couponName))
          percent++
      }
    }
    const taste = withCoupon * 3 < counted.length ? '不敏感' : percent * 2 > withCoupon ? '折扣敏感' : '满减敏感'
    tags.put('优惠偏好', taste, counted[counted.length - 1]!.orderedAt)
  }

  // One pass over the trail for the behaviour rules.
  let deepAt: number | null = null
  let agentAt: number | null = null
  let negativeAt: number | null = null
  let abandonedAt: number | null = null
  let questions = 0
  let thirdQuestionAt = 0
  let lastActive = addedAt
  for (const e of events) {
    const t = e.occurredAt
    if (e.type !== 'message_out' && t > lastActive)
      lastActive = t
    switch (e.type) {
      case 'article_read':
        if (deepAt === null && (e.durationSeconds ?? 0) > 660)
          deepAt = t
        break
      case 'link_click':
        if (agentAt === null && e.title === AGENT_POLICY)
          agentAt = t
        break
      case 'group_question':
        if (++questions === 3)
          thirdQuestionAt = t
        break
      case 'message_in':
        if (negativeAt === null && NEGATIVE.test(e.content ?? ''))
          negativeAt = t
        break
      case 'cart_add':
        // In the cart for over 12 hours within the last two weeks, and no order followed.
        if (abandonedAt === null && t > now - 14 * DAY && t < now - 12 * HOUR && !orders.some(o => o.orderedAt >= t && o.orderedAt <= t + 12 * HOUR))
          abandonedAt = t
        break
    }
  }
  for (const o of orders) lastActive = Math.max(lastActive, o.orderedAt)

  tags.put('入群状态', input.inGroup || questions > 0 ? '已入群' : '未入群', addedAt + DAY)
  if (input.memberLevel)
    tags.put('客户等级', input.memberLevel, firstOrder?.orderedAt ?? addedAt)
  if (counted.length >= 6 && spendOf(counted) > 100_000)
    tags.put('行为标签', '高价值客户', counted[5]!.orderedAt)
  if (deepAt !== null)
    tags.put('行为标签', '深度阅读', deepAt)
  if (agentAt !== null)
    tags.put('行为标签', '代理意向', agentAt)
  if (questions > 2)
    tags.put('行为标签', '高频咨询', thirdQuestionAt)
  if (abandonedAt !== null)
    tags.put('行为标签', '加购未支付', abandonedAt + 12 * HOUR)
  if (stillFriends && lastActive < now - 60 * DAY)
    tags.put('行为标签', '沉默客户', lastActive + 60 * DAY)
  if (input.marketingAverse)
    tags.put('行为标签', '拒绝营销', negativeAt ?? addedAt)
  for (const name of input.manual) tags.put('客户特征', name, addedAt + 3 * DAY, primary.staffId)
  return tags.list()
}

/** Top one or two categories by what was bought (×3) and looked at or put in the cart (×1). */
function preferences(orders: readonly OrderRow[], events: readonly EventRow[]): PreferenceCategory[] {
  const score = new Map<string, number>()
  for (const o of orders) for (const it of o.items) addScore(score, it.productId, 3 * it.quantity)
  for (const e of events) {
    if (e.type === 'product_view' || e.type === 'cart_add')
      addScore(score, e.productId, 1)
  }
  const ranked = PREFERENCE_CATEGORIES.map(c => [c, score.get(c) ?? 0] as const).filter(([, s]) => s >= 2).sort((a, b) => b[1] - a[1])
  const top = ranked[0]
  if (!top)
    return []
  const second = ranked[1]
  return second && second[1] * 2 >= top[1] && second[1] >= 3 ? [top[0], second[0]] : [top[0]]
}

function addScore(score: Map<string, number>, productId: number | null, w: number): void {
  const c = productId === null ? undefined : CATEGORY_OF.get(productId)
  if (c)
    score.set(c, (score.get(c) ?? 0) + w)
}
