/** Fills a step's content for one customer: the values of the script variables, then the texts. */
import type { CustomerFacts, ProductRef } from './facts.ts'
import { countedOrders, daysSince, lastOrderAt, preferredCategory } from './facts.ts'
import { formatMonthDay } from './format.ts'
import { honorific, renderScript, type ScriptValues } from './script.ts'
import type { Content } from './sop-schema.ts'
import type { Occurrence } from './triggers.ts'

export interface RenderedContent {
  text: string
  link?: { title: string, url: string }
  image?: string
  miniprogram?: { title: string, appid: string, page: string }
}

export interface RenderInput {
  facts: CustomerFacts
  now: number
  occurrence: Occurrence
  content: Content
  staffName: string | null
}

export function scriptValues({ facts, now, occurrence, content, staffName }: RenderInput): ScriptValues {
  const { customer } = facts
  const product = occurrence.product ?? facts.seededProduct ?? lastBoughtProduct(facts)
  const category = product?.category ?? preferredCategory(facts)
  const coupons = occurrence.coupons ?? []
  const last = lastOrderAt(facts)
  return {
    姓名: customer.name,
    称呼: honorific(customer.name, customer.gender),
    管家: staffName,
    商品: product?.name,
    商品链接: product?.url,
    品类: category,
    优惠券: coupons.length ? coupons.map(c => c.name).join('、') : (category ? content.couponByCategory?.[category] : undefined) ?? content.coupon,
    到期日: coupons.length ? formatMonthDay(Math.min(...coupons.map(c => c.expiresAt))) : null,
    天数: last === null ? null : String(daysSince(last, now)),
  }
}

/** The text, and the link / image / mini-program card when they render to something usable. */
export function renderContent(content: Content, values: ScriptValues): RenderedContent {
  const rendered: RenderedContent = { text: renderScript(content.text, values) }
  if (content.link) {
    const url = renderScript(content.link.url, values)
    // A product link for a customer with no product is dropped rather than sent broken.
    if (url)
      rendered.link = { title: renderScript(content.link.title, values), url }
  }
  if (content.image)
    rendered.image = content.image
  if (content.miniprogram)
    rendered.miniprogram = { ...content.miniprogram, title: renderScript(content.miniprogram.title, values) }
  return rendered
}

function lastBoughtProduct(facts: CustomerFacts): ProductRef | null {
  const orders = countedOrders(facts).sort((a, b) => b.at - a.at)
  for (const order of orders) {
    const item = order.items.find(i => i.productId !== null)
    if (item)
      return { productId: item.productId!, name: item.name, category: item.category }
  }
  return null
}
