/**
 * The chat messages a recommendation goes out as: a link card (news) with the claim or product
 * link, or — when the brand's mall mini-program is configured — a mini-program card. Built here
 * only, so what the sidebar shows, sends and records is one and the same message.
 * The words are for the customer: never the staff-facing reason.
 */
import type { ChatMessage } from '../contract/reco.ts'
import { couponValueText, type RecoCouponTemplate, type RecoProduct, yuan } from '../engine/reco/index.ts'
import { chinaParts } from '../engine/rules/china-time.ts'
import type { MallMiniprogram } from './reco-data.ts'

function withParams(url: string, params: Record<string, string>): string {
  const query = new URLSearchParams(params).toString()
  return `${url}${url.includes('?') ? '&' : '?'}${query}`
}

const news = (title: string, desc: string, link: string, imgUrl = ''): ChatMessage =>
  ({ msgtype: 'news', news: { title, desc, link, imgUrl }, miniprogram: null })
const miniprogram = (appid: string, title: string, page: string, imgUrl = ''): ChatMessage =>
  ({ msgtype: 'miniprogram', news: null, miniprogram: { appid, title, imgUrl, page } })

export function scopeText(t: Pick<RecoCouponTemplate, 'scopeKind' | 'scopeValue'>, products: readonly RecoProduct[]): string {
  if (t.scopeKind === 'category')
    return `${t.scopeValue}可用`
  if (t.scopeKind === 'sku')
    return `${products.find(p => p.sku === t.scopeValue)?.name ?? t.scopeValue}可用`
  return '全场通用'
}

/** The coupon's claim link, tagged with who sent it (the mall credits the claim to them). */
export function couponMessage(t: RecoCouponTemplate, claimUrl: string, staffUserId: string, products: readonly RecoProduct[], mp: MallMiniprogram | null): ChatMessage {
  const title = `送您一张「${t.name}」`
  const desc = `${couponValueText(t)} · ${scopeText(t, products)} · 领取后${t.validDays}天内有效`
  if (mp)
    return miniprogram(mp.appid, title, withParams(mp.couponPage, { tpl: t.code, s: staffUserId }))
  return news(title, desc, withParams(claimUrl, { s: staffUserId }))
}

export function productMessage(p: RecoProduct, staffUserId: string, mp: MallMiniprogram | null): ChatMessage {
  if (mp)
    return miniprogram(mp.appid, p.name, withParams(mp.productPage, { sku: p.sku, s: staffUserId }), p.imageUrl ?? '')
  const desc = [p.brand, yuan(p.priceCents)].filter(Boolean).join(' · ')
  return news(p.name, desc, withParams(p.url ?? '', { s: staffUserId }), p.imageUrl ?? '')
}

/**
 * "11月21日 06:30" in China time. Absolute, not "明天": the card must read the same whether it
 * was previewed before midnight and sent after, and the record compares it with the preview.
 */
export function expiryWords(expiresAt: number): string {
  const { month, day, hour, minute } = chinaParts(expiresAt)
  return `${month}月${day}日 ${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`
}

/**
 * A nudge about a coupon that is about to lapse: claimed ones link to the customer's coupons,
 * ones handed out but not yet claimed link to the claim page.
 */
export function reminderMessage(t: RecoCouponTemplate, coupon: { code: string, status: string, expiresAt: number }, claimUrl: string, mp: MallMiniprogram | null): ChatMessage {
  const claimed = coupon.status !== 'issued'
  const title = claimed ? `您的「${t.name}」将于${expiryWords(coupon.expiresAt)}到期` : `「${t.name}」还没领取，${expiryWords(coupon.expiresAt)}失效`
  if (mp)
    return miniprogram(mp.appid, title, withParams(claimed ? mp.myCouponsPage : mp.couponPage, claimed ? { code: coupon.code } : { tpl: t.code, code: coupon.code }))
  const desc = claimed ? `${couponValueText(t)}，到期前下单即可使用，别错过哦` : `${couponValueText(t)}，点开领取后即可使用`
  if (!claimed)
    return news(title, desc, withParams(claimUrl, { code: coupon.code }))
  let mine: string
  try {
    mine = withParams(`${new URL(claimUrl).origin}/coupon/mine`, { code: coupon.code })
  }
  catch {
    mine = withParams(claimUrl, { code: coupon.code })
  }
  return news(title, desc, mine)
}
