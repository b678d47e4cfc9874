/**
 * How the behaviour trail reads: one line per event, its icon, the filter chips, and which events
 * reveal intent. Pure functions, unit-tested in trail.test.ts.
 */
import type { EventKind, TrailEvent } from '#contract/customer.ts'
import { formatDayHeading, formatDuration, formatMoney, shanghaiDayKey } from '@/common/format'

type Touchpoint = TrailEvent['touchpoint']

/** Seed 000: reading an article for more than 11 minutes reveals intent. */
const INTENT_READ_SECONDS = 11 * 60

export interface TrailFilter {
  key: string
  label: string
  /** Kinds sent as `kind=`; empty = every kind. */
  kinds: readonly EventKind[]
}

export const TRAIL_FILTERS: readonly TrailFilter[] = [
  { key: 'all', label: '全部', kinds: [] },
  { key: 'message', label: '消息', kinds: ['message_in', 'message_out'] },
  { key: 'article', label: '文章', kinds: ['article_read'] },
  { key: 'link', label: '链接', kinds: ['link_click'] },
  { key: 'view', label: '浏览', kinds: ['product_view'] },
  { key: 'cart', label: '加购', kinds: ['cart_add'] },
  { key: 'coupon', label: '优惠券', kinds: ['coupon_claim', 'coupon_use'] },
  { key: 'group', label: '群提问', kinds: ['group_question'] },
  { key: 'miniprogram', label: '小程序', kinds: ['miniprogram_visit'] },
]

/** Vant icon and accent colour per kind (colours are Vant palette values). */
export const EVENT_KIND_STYLE: Record<EventKind, { icon: string, color: string }> = {
  message_in: { icon: 'chat-o', color: '#1989fa' },
  message_out: { icon: 'comment-o', color: '#7b8da8' },
  article_read: { icon: 'newspaper-o', color: '#07c160' },
  link_click: { icon: 'link-o', color: '#00a5c8' },
  product_view: { icon: 'eye-o', color: '#7232dd' },
  cart_add: { icon: 'cart-o', color: '#ff7d00' },
  coupon_claim: { icon: 'coupon-o', color: '#ee0a24' },
  coupon_use: { icon: 'coupon-o', color: '#ee0a24' },
  group_question: { icon: 'friends-o', color: '#269a99' },
  miniprogram_visit: { icon: 'apps-o', color: '#07c160' },
  customer_merged: { icon: 'cluster-o', color: '#969799' },
}

export const TOUCHPOINT_LABELS: Record<Touchpoint, string> = {
  moments: '朋友圈',
  group: '群聊',
  single_chat: '单聊',
  miniprogram: '小程序',
  mall: '商城',
  official_account: '公众号',
  system: '系统',
}

/** Where an article was read, as the start of a sentence: "在朋友圈". */
const READ_PLACES: Record<Touchpoint, string> = {
  moments: '在朋友圈',
  group: '在群里',
  single_chat: '在聊天中',
  miniprogram: '在小程序',
  mall: '在商城',
  official_account: '在公众号',
  system: '',
}

export interface EventLine {
  /** The sentence, e.g. "在朋友圈阅读《燕窝怎么吃才有效？》". */
  text: string
  /** A figure shown after it: a duration ("12分30秒") or an amount ("¥398.00"). */
  suffix: string | null
  /** Where it happened, when the sentence does not already say it. */
  place: string | null
}

const quoted = (s: string | null, fallback: string) => (s ? `「${s}」` : fallback)
const orEmpty = (s: string | null) => s ?? ''

/** One line that says what the customer (or a staff member) did. */
export function describeEvent(e: TrailEvent): EventLine {
  const place = TOUCHPOINT_LABELS[e.touchpoint]
  const duration = e.durationSeconds ? formatDuration(e.durationSeconds) : null
  const amount = e.amountCents ? formatMoney(e.amountCents) : null
  switch (e.kind) {
    case 'article_read':
      return { text: `${READ_PLACES[e.touchpoint]}阅读${e.title ? `《${e.title}》` : '文章'}`, suffix: duration, place: null }
    case 'link_click':
      return { text: `点击链接${quoted(e.title ?? e.url, '')}`, suffix: null, place }
    case 'product_view':
      return { text: `浏览商品 ${orEmpty(e.productName ?? e.title)}`.trim(), suffix: duration, place }
    case 'cart_add':
      return { text: `加入购物车 ${orEmpty(e.productName ?? e.title)}`.trim(), suffix: amount, place }
    case 'coupon_claim':
      return { text: `领取优惠券 ${orEmpty(e.title)}`.trim(), suffix: amount, place }
    case 'coupon_use':
      return { text: `使用优惠券 ${orEmpty(e.title)}`.trim(), suffix: amount, place }
    case 'group_question':
      return { text: `在群${quoted(e.title, '里')}提问：${orEmpty(e.content)}`, suffix: null, place: null }
    case 'message_in':
      return { text: `发来消息：${orEmpty(e.content)}`, suffix: null, place: null }
    case 'message_out':
      return { text: `${e.staffName ?? '员工'} 发送：${orEmpty(e.content)}`, suffix: null, place: null }
    case 'miniprogram_visit':
      return { text: `访问小程序 ${orEmpty(e.title)}`.trim(), suffix: duration, place: null }
    case 'customer_merged':
      return { text: `合并客户资料：${orEmpty(e.title)}`, suffix: null, place: null }
  }
}

/**
 * The intent signal an event carries, if any (seed 000): a long article read, a cart add.
 * Returns a short label for a badge, or null.
 */
export function intentSignal(e: TrailEvent): string | null {
  if (e.kind === 'article_read' && (e.durationSeconds ?? 0) > INTENT_READ_SECONDS)
    return '深度阅读'
  if (e.kind === 'cart_add')
    return '加购意向'
  return null
}

export interface TrailDay {
  key: string
  heading: string
  events: TrailEvent[]
}

/** Group events (newest first, as the API sends them) by Shanghai calendar day. */
export function groupByDay(events: readonly TrailEvent[], now: number = Date.now()): TrailDay[] {
  const days: TrailDay[] = []
  for (const e of events) {
    const key = shanghaiDayKey(e.occurredAt)
    let day = days[days.length - 1]
    if (!day || day.key !== key) {
      day = { key, heading: formatDayHeading(e.occurredAt, now), events: [] }
      days.push(day)
    }
    day.events.push(e)
  }
  return days
}
