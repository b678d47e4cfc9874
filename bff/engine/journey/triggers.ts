/**
 * When a SOP fires: each trigger yields occurrences, each with a stable key (it goes into task
 * keys, so the same occurrence never plans the same step twice) and the time it happened.
 */
import { chinaDate, chinaDayKey, chinaDayStart, chinaMidnight } from '../rules/china-time.ts'
import { DAY } from '../rules/time-units.ts'
import { describeEvent, matchesEventFilter } from './events.ts'
import type { CustomerFacts, FactCoupon, FactEvent, FactsIndex, ProductRef } from './facts.ts'
import { findTags, indexFacts } from './facts.ts'
import { formatMonthDay } from './format.ts'
import type { Trigger } from './sop-schema.ts'
import { parseDuration } from './time.ts'

export interface Occurrence {
  /** Stable across runs: part of every task key planned for it. */
  key: string
  at: number
  /** What happened, for the task's reason: "添加好友", "加购「即食燕窝」". */
  label: string
  /** Tasks of this occurrence expire by then at the latest (a coupon's expiry). */
  endsAt?: number
  product?: ProductRef | null
  coupons?: FactCoupon[]
}

export interface StageVisit { stageKey: string, enteredAt: number }

export interface TriggerContext {
  facts: CustomerFacts
  now: number
  currentStage: string
  stageEnteredAt: number
  /** Earlier visits, for stage-triggered SOPs that keep going after the stage is left. */
  stageHistory?: StageVisit[]
  stageNames?: Record<string, string>
  leftStage: boolean
  /** An index of `facts` the caller already built (else one is built here). */
  index?: FactsIndex
}

/** The trigger's occurrences up to `now`, oldest first. */
export function occurrencesOf(trigger: Trigger, ctx: TriggerContext): Occurrence[] {
  const all = allOccurrences(trigger, ctx, ctx.index ?? indexFacts(ctx.facts))
  // Most triggers yield none or one for a customer: no copy, no sort.
  if (all.length <= 1)
    return all.length && all[0]!.at <= ctx.now ? all : []
  return all.filter(o => o.at <= ctx.now).sort((a, b) => a.at - b.at)
}

/** Every occurrence of the trigger, in no particular order, future ones included. */
function allOccurrences(trigger: Trigger, ctx: TriggerContext, ix: FactsIndex): Occurrence[] {
  const { facts, now } = ctx
  switch (trigger.type) {
    case 'friend_added': {
      const at = ix.addedAt()
      return at === null ? [] : [{ key: `added@${at}`, at, label: '添加好友', product: facts.seededProduct }]
    }
    case 'stage_entered':
      return stageOccurrences(trigger.stage, trigger.every, trigger.for, ctx)
    case 'tag_added':
      return findTags(facts, trigger.tag).map(t => ({ key: `tag.${t.group}/${t.name}@${t.addedAt}`, at: t.addedAt, label: `打上标签「${t.group}:${t.name}」` }))
    case 'event': {
      const cooldown = trigger.cooldown ? parseDuration(trigger.cooldown) : 0
      return foldWithin(ix.eventsOf(trigger.event.type).filter(e => matchesEventFilter(e, trigger.event)), cooldown).map(e => ({
        key: `event.${e.type}@${e.at}`,
        at: e.at,
        label: describeEvent(e),
        product: productOf(e),
      }))
    }
    case 'birthday':
      return birthdayOccurrences(facts.customer.birthday, now)
    case 'coupon_expiring':
      return couponExpiryOccurrences(facts.coupons, trigger.daysBefore, now)
    case 'days_since_last_order': {
      const last = ix.lastOrderAt()
      if (last === null)
        return []
      const at = chinaDayStart(last) + trigger.days * DAY
      return [{ key: `last-order@${last}+${trigger.days}d`, at, label: `距上次下单 ${trigger.days} 天` }]
    }
  }
}

function stageOccurrences(stage: string, every: string | undefined, span: string | undefined, ctx: TriggerContext): Occurrence[] {
  const history = ctx.leftStage ? undefined : ctx.stageHistory
  // Usually the customer is not, and was not, in the stage.
  if (ctx.currentStage !== stage && !history?.some(v => v.stageKey === stage))
    return []
  const visits = [{ stageKey: ctx.currentStage, enteredAt: ctx.stageEnteredAt }, ...(history ?? [])]
  const entries = [...new Set(visits.filter(v => v.stageKey === stage).map(v => v.enteredAt))]
  const name = ctx.stageNames?.[stage] ?? stage
  const period = every ? parseDuration(every) : null
  const limit = span ? parseDuration(span) : Infinity
  return entries.flatMap((enteredAt) => {
    if (period === null)
      return [{ key: `stage.${stage}@${enteredAt}`, at: enteredAt, label: `进入「${name}」阶段` }]
    const rounds: Occurrence[] = []
    for (let k = 0; enteredAt + k * period <= ctx.now && k * period < limit; k++)
      rounds.push({ key: `stage.${stage}@${enteredAt}#${k}`, at: enteredAt + k * period, label: k ? `「${name}」阶段第 ${k + 1} 轮` : `进入「${name}」阶段` })
    return rounds
  })
}

/** Keeps an event only if no kept event happened within `window` before it. */
function foldWithin(events: FactEvent[], window: number): FactEvent[] {
  if (events.length <= 1)
    return events
  const kept: FactEvent[] = []
  for (const e of [...events].sort((a, b) => a.at - b.at)) {
    const previous = kept[kept.length - 1]
    if (!previous || e.at - previous.at >= window)
      kept.push(e)
  }
  return kept
}

function productOf(e: FactEvent): ProductRef | null {
  if (e.productId === null)
    return null
  return { productId: e.productId, name: e.productName ?? e.title ?? '', category: e.productCategory ?? null, url: e.productUrl ?? null }
}

function birthdayOccurrences(birthday: string | null, now: number): Occurrence[] {
  const match = birthday ? /^(\d\d)-(\d\d)$/.exec(birthday) : null
  if (!match)
    return []
  const month = Number(match[1])
  const day = Number(match[2])
  const year = chinaYear(now)
  // The latest birthday that has begun: this year's, else last year's (tasks expire long before a year).
  for (const y of [year, year - 1]) {
    const leapDay = month === 2 && day === 29 && !isLeapYear(y)
    const at = chinaMidnight({ year: y, month, day: leapDay ? 28 : day })
    if (at <= now)
      return [{ key: `birthday@${y}`, at, label: `生日（${month}月${day}日）` }]
  }
  return []
}

// A run asks for the year of the same `now` for every customer.
let lastYear = { now: Number.NaN, year: 0 }

function chinaYear(now: number): number {
  if (lastYear.now !== now)
    lastYear = { now, year: chinaDate(now).year }
  return lastYear.year
}

function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0
}

/** One occurrence per expiry day, so two coupons expiring together make one reminder. */
function couponExpiryOccurrences(coupons: FactCoupon[], daysBefore: number, now: number): Occurrence[] {
  if (!coupons.length)
    return []
  const held = coupons.filter(c => c.claimedAt !== null && c.usedAt === null && c.expiresAt > now)
  const byDay = new Map<string, FactCoupon[]>()
  for (const c of held)
    byDay.set(chinaDayKey(c.expiresAt), [...(byDay.get(chinaDayKey(c.expiresAt)) ?? []), c])
  const when = daysBefore === 0 ? '今天' : daysBefore === 1 ? '明天' : `${daysBefore}天后`
  return [...byDay].map(([day, group]) => {
    const endsAt = Math.min(...group.map(c => c.expiresAt))
    const what = group.length === 1 ? `优惠券「${group[0]!.name}」` : `${group.length}张优惠券`
    return {
      key: `coupon-expiry@${day}`,
      at: chinaDayStart(endsAt) - daysBefore * DAY,
      label: `${what}${when}到期（${formatMonthDay(endsAt)}）`,
      endsAt,
      coupons: group,
    }
  })
}
