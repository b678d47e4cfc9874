/**
 * Display formatting shared by every page: money, times, durations, phone numbers and the
 * Chinese labels of contract enums. Pure functions, no Vue: unit-tested in format.test.ts.
 */
import type { CustomerProfile, EventKind, OrderSource, OrderStatus, RelationStatus } from '#contract/customer.ts'
import { chinaDayNumber, chinaParts } from '#rules/china-time.ts'
import { DAY, HOUR, MINUTE } from '#rules/time-units.ts'

// ---------------------------------------------------------------------------------------------
// Money (the API speaks fen / cents)

const yuanFormatter = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })

/** 138000 → "¥1,380.00"; negative amounts keep the sign in front: "-¥30.00". */
export function formatMoney(cents: number): string {
  const sign = cents < 0 ? '-' : ''
  return `${sign}¥${yuanFormatter.format(Math.abs(cents) / 100)}`
}

/**
 * Money for tight spots (a figures row at 360 px): below ¥10,000 as formatMoney, from there on in
 * 万 with one decimal ("¥1.4万", "¥12万"), from 1亿 in 亿.
 */
export function formatMoneyCompact(cents: number): string {
  const yuan = Math.abs(cents) / 100
  if (yuan < 10_000)
    return formatMoney(cents)
  const sign = cents < 0 ? '-' : ''
  return `${sign}¥${compactNumber(yuan)}`
}

/** 12380 → "12,380": exact numbers (points) with thousands separators. */
export function formatNumber(n: number): string {
  return n.toLocaleString('en-US')
}

/** 12345 → "1.2万"; small numbers keep thousands separators: 2380 → "2,380". */
export function formatCount(n: number): string {
  if (Math.abs(n) < 10_000)
    return formatNumber(n)
  return (n < 0 ? '-' : '') + compactNumber(Math.abs(n))
}

function compactNumber(n: number): string {
  const [value, unit] = n >= 1e8 ? [n / 1e8, '亿'] : [n / 1e4, '万']
  // One decimal, but "12万" rather than "12.0万".
  const rounded = Math.round(value * 10) / 10
  return `${Number.isInteger(rounded) ? rounded.toFixed(0) : rounded.toFixed(1)}${unit}`
}

// ---------------------------------------------------------------------------------------------
// Time. Every time is shown in Asia/Shanghai whatever the device's zone: staff and the brand
// live there, and a first-add time must read the same on every screen (new-customer gifts
// depend on it). The calendar maths is the BFF's own (bff/engine/rules/china-time.ts).

type DateInput = string | number | Date

function toMs(input: DateInput): number {
  return input instanceof Date ? input.getTime() : typeof input === 'number' ? input : Date.parse(input)
}

/** The wall-clock parts of an instant in Shanghai (weekday 0 = Sunday). */
export function shanghaiParts(input: DateInput) {
  return chinaParts(toMs(input))
}

const pad = (n: number) => String(n).padStart(2, '0')

/** "2026-11-18 14:03:27" (Asia/Shanghai). Returns "" for an unparsable input. */
export function formatDateTime(input: DateInput): string {
  if (Number.isNaN(toMs(input)))
    return ''
  const p = shanghaiParts(input)
  return `${p.year}-${pad(p.month)}-${pad(p.day)} ${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}`
}

/** "2026-11-18" (Asia/Shanghai). */
export function formatDate(input: DateInput): string {
  if (Number.isNaN(toMs(input)))
    return ''
  const p = shanghaiParts(input)
  return `${p.year}-${pad(p.month)}-${pad(p.day)}`
}

/** "14:03" (Asia/Shanghai). */
export function formatClock(input: DateInput): string {
  if (Number.isNaN(toMs(input)))
    return ''
  const p = shanghaiParts(input)
  return `${pad(p.hour)}:${pad(p.minute)}`
}

/** A sortable key of the Shanghai calendar day, "2026-11-18": use it to group by day. */
export function shanghaiDayKey(input: DateInput): string {
  return formatDate(input)
}

/** Whole Shanghai calendar days from `input` to `now` (0 = same day, 1 = yesterday). */
export function calendarDaysAgo(input: DateInput, now: DateInput = Date.now()): number {
  return chinaDayNumber(toMs(now)) - chinaDayNumber(toMs(input))
}

/**
 * "刚刚" / "5分钟前" / "3小时前" / "昨天" / "3天前", and the date itself from 30 days on.
 * Times in the future (a device clock running behind) read as "刚刚".
 */
export function formatRelativeTime(input: DateInput, now: DateInput = Date.now()): string {
  const ms = toMs(input)
  if (Number.isNaN(ms))
    return ''
  const diff = toMs(now) - ms
  if (diff < MINUTE)
    return '刚刚'
  if (diff < HOUR)
    return `${Math.floor(diff / MINUTE)}分钟前`
  if (diff < DAY)
    return `${Math.floor(diff / HOUR)}小时前`
  const days = calendarDaysAgo(ms, now)
  if (days <= 1)
    return '昨天'
  if (days < 30)
    return `${days}天前`
  return formatDate(ms)
}

/**
 * A heading for a day in a timeline: "今天", "昨天", "11月18日 周二", and with the year when it
 * is not this year: "2025年11月18日".
 */
export function formatDayHeading(input: DateInput, now: DateInput = Date.now()): string {
  const days = calendarDaysAgo(input, now)
  if (days === 0)
    return '今天'
  if (days === 1)
    return '昨天'
  const p = shanghaiParts(input)
  if (p.year !== shanghaiParts(now).year)
    return `${p.year}年${p.month}月${p.day}日`
  return `${p.month}月${p.day}日 ${WEEKDAYS[p.weekday]}`
}

const WEEKDAYS = ['周日', '周一', '周二', '周三', '周四', '周五', '周六']

/** Birthday "MM-DD" → "11月25日"; anything else is returned unchanged. */
export function formatMonthDay(mmdd: string): string {
  const m = /^(\d{1,2})-(\d{1,2})$/.exec(mmdd)
  if (!m)
    return mmdd
  return `${Number(m[1])}月${Number(m[2])}日`
}

/** Whether a "MM-DD" birthday is today in Shanghai (the seed's 'birthday today' lead rule). */
export function isBirthdayToday(mmdd: string | null, now: DateInput = Date.now()): boolean {
  const m = mmdd ? /^(\d{1,2})-(\d{1,2})$/.exec(mmdd) : null
  if (!m)
    return false
  const p = shanghaiParts(now)
  return Number(m[1]) === p.month && Number(m[2]) === p.day
}

/** 750 → "12分30秒", 45 → "45秒", 720 → "12分钟", 3720 → "1小时2分". */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds))
  if (s < 60)
    return `${s}秒`
  if (s < 3600) {
    const rest = s % 60
    return rest ? `${Math.floor(s / 60)}分${rest}秒` : `${s / 60}分钟`
  }
  const h = Math.floor(s / 3600)
  const m = Math.floor((s % 3600) / 60)
  return m ? `${h}小时${m}分` : `${h}小时`
}

/** Days since something, for a figure: 0 → "今天", 12 → "12天", null → "暂无". */
export function formatDaysSince(days: number | null): string {
  if (days === null)
    return '暂无'
  if (days <= 0)
    return '今天'
  return `${days}天`
}

// ---------------------------------------------------------------------------------------------
// Phone numbers

/** Group a mainland mobile number 3-4-4 for reading: "138 0013 8000". Others pass through. */
export function formatPhone(phone: string): string {
  const digits = phone.replace(/\s+/g, '')
  const m = /^(\+?86)?(1\d{2})(\d{4})(\d{4})$/.exec(digits)
  if (!m)
    return phone
  return `${m[1] ? `${m[1]} ` : ''}${m[2]} ${m[3]} ${m[4]}`
}

/** A masked number as shown to staff: "138****1234" → "138 **** 1234". */
export function formatMaskedPhone(masked: string): string {
  const m = /^(\d{3})(\*+)(\d{4})$/.exec(masked.replace(/\s+/g, ''))
  return m ? `${m[1]} ${m[2]} ${m[3]}` : masked
}

// ---------------------------------------------------------------------------------------------
// Labels of contract enums

export const ORDER_SOURCE_LABELS: Record<OrderSource, string> = {
  youzan: '有赞',
  tmall: '天猫',
  taobao: '淘宝',
  mall: '自建商城',
  wdt: '旺店通',
  jst: '聚水潭',
  weimob: '微盟',
  xiaoe: '小鹅通',
  zsxq: '知识星球',
}

export const ORDER_STATUS_LABELS: Record<OrderStatus, string> = {
  pending: '待付款',
  paid: '已付款',
  shipped: '已发货',
  completed: '已完成',
  refunded: '已退款',
  cancelled: '已取消',
}

export const EVENT_KIND_LABELS: Record<EventKind, string> = {
  article_read: '阅读文章',
  link_click: '点击链接',
  product_view: '浏览商品',
  cart_add: '加入购物车',
  coupon_claim: '领取优惠券',
  coupon_use: '使用优惠券',
  group_question: '群内提问',
  message_in: '客户消息',
  message_out: '员工消息',
  miniprogram_visit: '访问小程序',
  customer_merged: '合并客户',
}

export const GENDER_LABELS: Record<CustomerProfile['gender'], string> = { male: '男', female: '女', unknown: '未知' }

/** Label of a follow_user relation status (the header badges only the non-active ones). */
export const RELATION_STATUS_LABELS: Record<RelationStatus, string> = {
  active: '正常',
  deleted_by_customer: '客户已删除好友',
  deleted_by_staff: '已删除客户',
  transferred: '已转接给同事',
}
