/**
 * The leaf rules: each looks at one kind of fact and says what it saw, in Chinese.
 *
 * Two readings of every leaf: `explainLeaf` gives the verdict and the facts behind it, `leafHolds`
 * only the verdict (no sorting, no sentences) for the many rules whose reasons nobody reads — a
 * stage that does not win, a branch not taken. Both decide from the same figures, so they agree.
 */
import { isCountedOrder } from '../rules/order-status.ts'
import { DAY, HOUR } from '../rules/time-units.ts'
import { describeEvent, EVENT_VERBS, eventSubject, matchesEventFilter } from './events.ts'
import type { FactEvent, FactsIndex, RelationStatus } from './facts.ts'
import { daysSince, findTags, hasTagRef } from './facts.ts'
import { formatYuan } from './format.ts'
import type { CartRule, ComparisonOp, CouponRule, EventRule, FactRule, LeafRule, RuleContext, RuleResult } from './rules.ts'

/** Carts older than this are forgotten unless a rule says otherwise. */
const DEFAULT_CART_WINDOW_DAYS = 14

const RELATION_LABELS: Record<RelationStatus, string> = {
  active: '好友关系正常',
  deleted_by_customer: '客户已删除好友',
  deleted_by_staff: '员工已删除客户',
  transferred: '已转接给其他员工',
}

export function explainLeaf(rule: LeafRule, ix: FactsIndex, now: number, ctx: RuleContext): RuleResult {
  const { facts } = ix
  if ('fact' in rule)
    return numericFact(rule, ix, now, ctx)
  if ('event' in rule)
    return eventCount(rule, ix, now, ctx)
  if ('cartUnpaidHours' in rule)
    return cartUnpaid(rule, ix, now)
  if ('tag' in rule) {
    const matched = findTags(facts, rule.tag).length > 0
    return { matched, reasons: [matched ? `标签「${rule.tag}」` : `无标签「${rule.tag}」`] }
  }
  if ('relationStatus' in rule) {
    const statuses = [...new Set(facts.relationships.map(r => r.status))]
    const reason = statuses.length ? `好友状态：${statuses.map(s => RELATION_LABELS[s]).join('、')}` : '未添加好友'
    return { matched: statuses.includes(rule.relationStatus), reasons: [reason] }
  }
  if ('coupon' in rule)
    return coupon(rule, ix, now, ctx)
  if ('marketingAverse' in rule) {
    const averse = facts.customer.marketingAverse
    return { matched: averse === rule.marketingAverse, reasons: [averse ? '客户反感营销' : '未反感营销'] }
  }
  const stage = ctx.currentStage
  return { matched: stage !== undefined && rule.inStage.includes(stage), reasons: [`当前阶段：${ctx.currentStageName ?? stage ?? '未知'}`] }
}

/** explainLeaf(…).matched, without the reasons. */
export function leafHolds(rule: LeafRule, ix: FactsIndex, now: number, ctx: RuleContext): boolean {
  const { facts } = ix
  if ('fact' in rule) {
    const value = factValue(rule, ix, now, ctx)
    return value !== null && compare(value, rule.op, rule.value)
  }
  if ('event' in rule)
    return eventCountHolds(rule, ix, now, ctx)
  if ('cartUnpaidHours' in rule)
    return unpaidCarts(rule, ix, now, false).length > 0
  if ('tag' in rule)
    return hasTagRef(facts.tags, rule.tag)
  if ('relationStatus' in rule)
    return facts.relationships.some(r => r.status === rule.relationStatus)
  if ('coupon' in rule)
    return coupon(rule, ix, now, ctx).matched
  if ('marketingAverse' in rule)
    return facts.customer.marketingAverse === rule.marketingAverse
  const stage = ctx.currentStage
  return stage !== undefined && rule.inStage.includes(stage)
}

function compare(actual: number, op: ComparisonOp, expected: number): boolean {
  switch (op) {
    case '>': return actual > expected
    case '>=': return actual >= expected
    case '<': return actual < expected
    case '<=': return actual <= expected
    case '==': return actual === expected
    case '!=': return actual !== expected
  }
}

interface Window { since: number, label: string }

const ALL_TIME: Window = { since: -Infinity, label: '' }

function windowOf(w: { withinDays?: number, sinceTrigger?: boolean }, now: number, ctx: RuleContext): Window {
  return { since: windowStart(w, now, ctx), label: w.sinceTrigger ? '此后' : w.withinDays ? `近${w.withinDays}天` : ALL_TIME.label }
}

function windowStart(w: { withinDays?: number, sinceTrigger?: boolean }, now: number, ctx: RuleContext): number {
  if (w.sinceTrigger) {
    // Config validation keeps sinceTrigger out of stage rules; reaching here without one is a bug.
    if (ctx.triggerAt === undefined)
      throw new Error('a sinceTrigger rule was evaluated without a trigger')
    return ctx.triggerAt
  }
  if (w.withinDays)
    return now - w.withinDays * DAY
  return ALL_TIME.since
}

function daysFrom(at: number | null, now: number): number | null {
  return at === null ? null : daysSince(at, now)
}

function factValue(rule: FactRule, ix: FactsIndex, now: number, ctx: RuleContext): number | null {
  switch (rule.fact) {
    case 'orderCount':
      return ix.orderCount(windowStart(rule, now, ctx))
    case 'spendCents':
      return ix.spendCents(windowStart(rule, now, ctx))
    case 'messagesIn':
      return ix.messagesIn(windowStart(rule, now, ctx))
    case 'daysSinceLastOrder':
      windowStart(rule, now, ctx)
      return daysFrom(ix.lastOrderAt(), now)
    case 'daysSinceAdded':
      windowStart(rule, now, ctx)
      return daysFrom(ix.addedAt(), now)
    case 'daysSinceActive':
      windowStart(rule, now, ctx)
      return daysFrom(ix.lastActiveAt(), now)
  }
}

function numericFact(rule: FactRule, ix: FactsIndex, now: number, ctx: RuleContext): RuleResult {
  const { label } = windowOf(rule, now, ctx)
  const value = factValue(rule, ix, now, ctx)
  let reason: string
  switch (rule.fact) {
    case 'orderCount':
      reason = `${label ? `${label} ` : ''}${value} 单`
      break
    case 'spendCents':
      reason = `${label ? `${label}消费` : '累计'} ${formatYuan(value!)}`
      break
    case 'messagesIn':
      reason = `${label}发来 ${value} 条消息`
      break
    case 'daysSinceLastOrder':
      reason = value === null ? '从未下单' : `距上次下单 ${value} 天`
      break
    case 'daysSinceAdded':
      reason = value === null ? '未添加好友' : `添加好友 ${value} 天`
      break
    case 'daysSinceActive':
      reason = value === null ? '无互动记录' : value === 0 ? '今天有互动' : `${value} 天无互动`
      break
  }
  return { matched: value !== null && compare(value, rule.op, rule.value), reasons: [reason] }
}

/** The events the rule counts, in the facts' order. */
function eventHits(spec: EventRule['event'], ix: FactsIndex, now: number, since: number): FactEvent[] {
  const hits: FactEvent[] = []
  for (const e of ix.eventsOf(spec.type)) {
    if (e.at >= since && e.at <= now && matchesEventFilter(e, spec))
      hits.push(e)
  }
  return hits
}

function eventCount(rule: EventRule, ix: FactsIndex, now: number, ctx: RuleContext): RuleResult {
  const spec = rule.event
  const { since, label } = windowOf(spec, now, ctx)
  const hits = eventHits(spec, ix, now, since).sort((a, b) => a.at - b.at)
  const counted = spec.per === 'subject' ? largestGroup(hits) : hits
  const count = spec.count ?? { op: '>=' as const, value: 1 }
  const matched = compare(counted.length, count.op, count.value)
  const latest = counted[counted.length - 1]
  if (!latest)
    return { matched, reasons: [`${label}无${EVENT_VERBS[spec.type]}记录`] }
  // One qualifying event says more by itself ("阅读《…》14分钟"); several are counted.
  if (!spec.count || counted.length === 1)
    return { matched, reasons: [`${label}${describeEvent(latest)}`] }
  const subject = spec.per === 'subject' ? eventSubject(latest) : ''
  return { matched, reasons: [`${label}${EVENT_VERBS[spec.type]} ${counted.length} 次${subject ? `（${subject}）` : ''}`] }
}

/** eventCount's verdict: the same count (the largest group's size, per subject), unsorted. */
function eventCountHolds(rule: EventRule, ix: FactsIndex, now: number, ctx: RuleContext): boolean {
  const spec = rule.event
  const since = windowStart(spec, now, ctx)
  let n = 0
  if (spec.per === 'subject') {
    const sizes = new Map<string, number>()
    for (const e of eventHits(spec, ix, now, since)) {
      const size = (sizes.get(eventSubject(e)) ?? 0) + 1
      sizes.set(eventSubject(e), size)
      n = Math.max(n, size)
    }
  }
  else {
    for (const e of ix.eventsOf(spec.type)) {
      if (e.at >= since && e.at <= now && matchesEventFilter(e, spec))
        n++
    }
  }
  const count = spec.count ?? DEFAULT_COUNT
  return compare(n, count.op, count.value)
}

const DEFAULT_COUNT = { op: '>=', value: 1 } as const

/** The biggest group of events about one subject; ties go to the most recent subject. */
function largestGroup(events: FactEvent[]): FactEvent[] {
  const groups = new Map<string, FactEvent[]>()
  for (const e of events)
    groups.set(eventSubject(e), [...(groups.get(eventSubject(e)) ?? []), e])
  let best: FactEvent[] = []
  for (const group of groups.values()) {
    if (group.length > best.length || (group.length === best.length && group[group.length - 1]!.at > (best[best.length - 1]?.at ?? -Infinity)))
      best = group
  }
  return best
}

/** Cart adds in the window, old enough, with no counted order for their product since; sorted by time when asked. */
function unpaidCarts(rule: CartRule, ix: FactsIndex, now: number, sorted: boolean): FactEvent[] {
  const oldest = now - (rule.withinDays ?? DEFAULT_CART_WINDOW_DAYS) * DAY
  const newest = now - rule.cartUnpaidHours * HOUR
  const unpaid: FactEvent[] = []
  for (const cart of ix.eventsOf('cart_add')) {
    if (cart.at >= oldest && cart.at <= newest
      && !ix.counted().some(o => o.at >= cart.at && (cart.productId === null || o.items.some(i => i.productId === cart.productId))))
      unpaid.push(cart)
  }
  return sorted ? unpaid.sort((a, b) => a.at - b.at) : unpaid
}

function cartUnpaid(rule: CartRule, ix: FactsIndex, now: number): RuleResult {
  const unpaid = unpaidCarts(rule, ix, now, true)
  const latest = unpaid[unpaid.length - 1]
  if (!latest)
    return { matched: false, reasons: [`无超过${rule.cartUnpaidHours}小时未付款的加购`] }
  const hours = Math.floor((now - latest.at) / HOUR)
  const age = hours >= 48 ? `${Math.floor(hours / 24)}天` : `${hours}小时`
  return { matched: true, reasons: [`${describeEvent(latest)}${age}未付款`] }
}

function coupon(rule: CouponRule, ix: FactsIndex, now: number, ctx: RuleContext): RuleResult {
  const { facts } = ix
  const { since, label } = windowOf(rule, now, ctx)
  const claimed = rule.coupon === 'claimed'
  const seen = [
    ...facts.coupons.map(c => ({ at: claimed ? c.claimedAt : c.usedAt, name: c.name })),
    ...ix.eventsOf(claimed ? 'coupon_claim' : 'coupon_use').map(e => ({ at: e.at, name: e.title ?? '优惠券' })),
    ...(claimed ? [] : facts.orders.filter(o => o.couponName && isCountedOrder(o.status)).map(o => ({ at: o.at, name: o.couponName! }))),
  ].filter(s => s.at !== null && s.at >= since && s.at <= now).sort((a, b) => a.at! - b.at!)
  const verb = claimed ? '领券' : '用券'
  const name = seen[seen.length - 1]?.name
  return name === undefined
    ? { matched: false, reasons: [`${label}未${verb}`] }
    : { matched: true, reasons: [`${label}已${verb}「${name}」`] }
}
