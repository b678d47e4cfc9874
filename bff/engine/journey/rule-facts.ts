/** The leaf rules: each looks at one kind of fact and says what it saw, in Chinese. */
import { describeEvent, EVENT_VERBS, eventSubject, matchesEventFilter } from './events.ts'
import type { CustomerFacts, FactEvent, RelationStatus } from './facts.ts'
import { addedAt, countedOrders, countsAsSpend, daysSince, findTags, lastActiveAt, lastOrderAt, messagesIn, orderCount, spendCents } from './facts.ts'
import { formatYuan } from './format.ts'
import type { CartRule, ComparisonOp, CouponRule, EventRule, FactRule, LeafRule, RuleContext, RuleResult } from './rules.ts'
import { DAY, HOUR } from './time.ts'

/** Carts older than this are forgotten unless a rule says otherwise. */
export const DEFAULT_CART_WINDOW_DAYS = 14

const RELATION_LABELS: Record<RelationStatus, string> = {
  active: '好友关系正常',
  deleted_by_customer: '客户已删除好友',
  deleted_by_staff: '员工已删除客户',
  transferred: '已转接给其他员工',
}

export function evaluateLeaf(rule: LeafRule, facts: CustomerFacts, now: number, ctx: RuleContext): RuleResult {
  if ('fact' in rule)
    return numericFact(rule, facts, now, ctx)
  if ('event' in rule)
    return eventCount(rule, facts, now, ctx)
  if ('cartUnpaidHours' in rule)
    return cartUnpaid(rule, facts, now)
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
    return coupon(rule, facts, now, ctx)
  if ('marketingAverse' in rule) {
    const averse = facts.customer.marketingAverse
    return { matched: averse === rule.marketingAverse, reasons: [averse ? '客户反感营销' : '未反感营销'] }
  }
  const stage = ctx.currentStage
  return { matched: stage !== undefined && rule.inStage.includes(stage), reasons: [`当前阶段：${ctx.currentStageName ?? stage ?? '未知'}`] }
}

export function compare(actual: number, op: ComparisonOp, expected: number): boolean {
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

function windowOf(w: { withinDays?: number, sinceTrigger?: boolean }, now: number, ctx: RuleContext): Window {
  if (w.sinceTrigger) {
    // Config validation keeps sinceTrigger out of stage rules; reaching here without one is a bug.
    if (ctx.triggerAt === undefined)
      throw new Error('a sinceTrigger rule was evaluated without a trigger')
    return { since: ctx.triggerAt, label: '此后' }
  }
  if (w.withinDays)
    return { since: now - w.withinDays * DAY, label: `近${w.withinDays}天` }
  return { since: -Infinity, label: '' }
}

function numericFact(rule: FactRule, facts: CustomerFacts, now: number, ctx: RuleContext): RuleResult {
  const { since, label } = windowOf(rule, now, ctx)
  const daysFrom = (at: number | null) => at === null ? null : daysSince(at, now)
  let value: number | null
  let reason: string
  switch (rule.fact) {
    case 'orderCount':
      value = orderCount(facts, since)
      reason = `${label ? `${label} ` : ''}${value} 单`
      break
    case 'spendCents':
      value = spendCents(facts, since)
      reason = `${label ? `${label}消费` : '累计'} ${formatYuan(value)}`
      break
    case 'messagesIn':
      value = messagesIn(facts, since)
      reason = `${label}发来 ${value} 条消息`
      break
    case 'daysSinceLastOrder':
      value = daysFrom(lastOrderAt(facts))
      reason = value === null ? '从未下单' : `距上次下单 ${value} 天`
      break
    case 'daysSinceAdded':
      value = daysFrom(addedAt(facts))
      reason = value === null ? '未添加好友' : `添加好友 ${value} 天`
      break
    case 'daysSinceActive':
      value = daysFrom(lastActiveAt(facts))
      reason = value === null ? '无互动记录' : value === 0 ? '今天有互动' : `${value} 天无互动`
      break
  }
  return { matched: value !== null && compare(value, rule.op, rule.value), reasons: [reason] }
}

function eventCount(rule: EventRule, facts: CustomerFacts, now: number, ctx: RuleContext): RuleResult {
  const spec = rule.event
  const { since, label } = windowOf(spec, now, ctx)
  const hits = facts.events.filter(e => e.at >= since && e.at <= now && matchesEventFilter(e, spec)).sort((a, b) => a.at - b.at)
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

function cartUnpaid(rule: CartRule, facts: CustomerFacts, now: number): RuleResult {
  const oldest = now - (rule.withinDays ?? DEFAULT_CART_WINDOW_DAYS) * DAY
  const unpaid = facts.events
    .filter(e => e.type === 'cart_add' && e.at >= oldest && e.at <= now - rule.cartUnpaidHours * HOUR)
    .filter(cart => !countedOrders(facts, cart.at).some(o => cart.productId === null || o.items.some(i => i.productId === cart.productId)))
    .sort((a, b) => a.at - b.at)
  const latest = unpaid[unpaid.length - 1]
  if (!latest)
    return { matched: false, reasons: [`无超过${rule.cartUnpaidHours}小时未付款的加购`] }
  const hours = Math.floor((now - latest.at) / HOUR)
  const age = hours >= 48 ? `${Math.floor(hours / 24)}天` : `${hours}小时`
  return { matched: true, reasons: [`${describeEvent(latest)}${age}未付款`] }
}

function coupon(rule: CouponRule, facts: CustomerFacts, now: number, ctx: RuleContext): RuleResult {
  const { since, label } = windowOf(rule, now, ctx)
  const inWindow = (at: number | null) => at !== null && at >= since && at <= now
  const claimed = rule.coupon === 'claimed'
  const seen = [
    ...facts.coupons.map(c => ({ at: claimed ? c.claimedAt : c.usedAt, name: c.name })),
    ...facts.events.filter(e => e.type === (claimed ? 'coupon_claim' : 'coupon_use')).map(e => ({ at: e.at, name: e.title ?? '优惠券' })),
    ...(claimed ? [] : facts.orders.filter(o => o.couponName && countsAsSpend(o.status)).map(o => ({ at: o.at, name: o.couponName! }))),
  ].filter(s => inWindow(s.at)).sort((a, b) => a.at! - b.at!)
  const verb = claimed ? '领券' : '用券'
  const name = seen[seen.length - 1]?.name
  return name === undefined
    ? { matched: false, reasons: [`${label}未${verb}`] }
    : { matched: true, reasons: [`${label}已${verb}「${name}」`] }
}
