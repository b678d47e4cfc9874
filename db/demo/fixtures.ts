/**
 * Well-known customers that tests, the demo page and the docs rely on. They exist whatever the
 * customer count, take the first ids, and their stories are written out by hand here.
 */
import type { OrderStatus } from '#rules/order-status.ts'
import { DAY, HOUR, MINUTE, SECOND } from '#rules/time-units.ts'
import { channelByState, couponByName, PRODUCTS, productBySku, staffByUserId } from './catalog.ts'
import { GROUP_NAMES, LINKS, REPLIES, SHIPPING_NOTICE, welcomeMessage } from './content.ts'
import { deriveIdentities, deriveTags, memberLevel, spendOf } from './derive.ts'
import { sourceOrderId } from './ids.ts'
import { ADD_WAY, type CustomerPlan, type CustomerRow, event, type EventRow, type OrderRow, type OrderSource, type RelationRow } from './plan.ts'
import type { Random } from './random.ts'

export const FIXTURE_EXTERNAL_IDS = {
  highValue: 'wmDemoHighValue01',
  newCustomer: 'wmDemoNew01',
  churned: 'wmDemoChurned01',
  other: 'wmDemoOther01',
  silent: 'wmDemoSilent01',
} as const

export const FIXTURE_PHONES: ReadonlySet<string> = new Set(['13812341234', '13601098877', '13922005566', '15851837788'])

interface FixtureContext { now: number, rng: Random, nextOrderId: () => number }

/** The fixtures in id order: 1 high value, 2 new, 3 churned, 4 other staff's, 5 silent. */
export function planFixtures(ctx: FixtureContext): CustomerPlan[] {
  return [highValue(ctx, 1), newCustomer(ctx, 2), churned(ctx, 3), otherStaffs(ctx, 4), silent(ctx, 5)]
}

const zhangli = staffByUserId('zhangli')
const wangfang = staffByUserId('wangfang')
const chenjing = staffByUserId('chenjing')

function relation(staffId: number, firstAddedAt: number, state: string | null, remark: string | null, description: string | null = null): RelationRow {
  return { staffId, remark, description, firstAddedAt, state, addWay: state ? ADD_WAY.scanQr : ADD_WAY.searchPhone, status: 'active', statusChangedAt: null }
}

function order(ctx: FixtureContext, source: OrderSource, orderedAt: number, lines: readonly (readonly [string, number])[], couponName: string | null, status: OrderStatus = 'completed'): OrderRow {
  const items = lines.map(([sku, quantity]) => {
    const p = productBySku(sku)
    return { productId: p.id, name: p.name, quantity, unitPriceCents: p.priceCents }
  })
  const gross = items.reduce((s, it) => s + it.unitPriceCents * it.quantity, 0)
  const coupon = couponName ? couponByName(couponName) : null
  const discount = coupon ? (coupon.kind === 'percent' ? Math.round(gross * coupon.percentOff / 100) : coupon.valueCents) : 0
  const id = ctx.nextOrderId()
  return {
    id,
    source,
    sourceOrderId: sourceOrderId(ctx.rng, source, id, orderedAt),
    status,
    totalCents: gross,
    discountCents: discount,
    paidCents: gross - discount,
    couponName,
    orderedAt,
    paidAt: status === 'cancelled' || status === 'pending' ? null : orderedAt + 37 * SECOND,
    items,
  }
}

/** The view, coupon use and shipping notice around an order in our own mall. */
function aroundOrder(o: OrderRow, staffId: number): EventRow[] {
  const first = o.items[0]!
  const touch = o.source === 'mall' ? 'miniprogram' : 'mall'
  const out: EventRow[] = []
  if (o.source === 'youzan' || o.source === 'mall') {
    out.push(event('product_view', touch, o.orderedAt - 25 * MINUTE, { productId: first.productId, title: first.name, url: productUrl(first.productId), durationSeconds: 96 }))
    if (o.couponName)
      out.push(event('coupon_use', touch, o.orderedAt, { title: o.couponName, amountCents: o.discountCents }))
  }
  out.push(event('message_out', 'single_chat', o.orderedAt + 26 * HOUR, { content: SHIPPING_NOTICE, staffId }))
  return out
}

const PRODUCT_URLS = new Map(PRODUCTS.map(p => [p.id, p.url]))
function productUrl(productId: number): string | null {
  return PRODUCT_URLS.get(productId) ?? null
}

function chat(at: number, staffId: number, said: string, reply: string | null, replyAfter = 6 * MINUTE): EventRow[] {
  const out = [event('message_in', 'single_chat', at, { content: said, staffId })]
  if (reply)
    out.push(event('message_out', 'single_chat', at + replyAfter, { content: reply, staffId }))
  return out
}

interface FinishInput {
  id: number
  externalUserId: string
  customer: Omit<CustomerRow, 'id' | 'memberLevel' | 'points' | 'createdAt' | 'updatedAt'>
  isMember: boolean
  bonusPoints: number
  relations: RelationRow[]
  orders: OrderRow[]
  events: EventRow[]
  inGroup: boolean
  manualTags: string[]
}

function finish(ctx: FixtureContext, f: FinishInput): CustomerPlan {
  f.events.sort((a, b) => a.occurredAt - b.occurredAt)
  const addedAt = Math.min(...f.relations.map(r => r.firstAddedAt))
  const level = memberLevel(f.isMember, f.orders)
  const times = [...f.events.map(e => e.occurredAt), ...f.orders.map(o => o.paidAt ?? o.orderedAt), ...f.relations.map(r => r.statusChangedAt ?? r.firstAddedAt)]
  return {
    customer: {
      ...f.customer,
      id: f.id,
      memberLevel: level,
      points: f.isMember ? Math.floor(spendOf(f.orders) / 100) + f.bonusPoints : 0,
      createdAt: Math.min(addedAt, ...f.orders.map(o => o.orderedAt)),
      updatedAt: Math.max(addedAt, ...times),
    },
    identities: deriveIdentities(ctx.rng, {
      customerId: f.id,
      externalUserId: f.externalUserId,
      addedAt,
      phone: f.customer.phone,
      isMember: f.isMember,
      hasUnionId: true,
      hasOpenId: true,
      orders: f.orders,
      events: f.events,
    }),
    relations: f.relations,
    orders: f.orders,
    events: f.events,
    tags: deriveTags({ now: ctx.now, relations: f.relations, orders: f.orders, events: f.events, memberLevel: level, inGroup: f.inGroup, marketingAverse: f.customer.marketingAverse, fallbackPreference: null, manual: f.manualTags }),
  }
}

/** 林晓雯: 7 completed orders over a year (¥2,726), reads, asks, clicked 代理政策, left a cart yesterday. */
function highValue(ctx: FixtureContext, id: number): CustomerPlan {
  const { now } = ctx
  const ago = (days: number, extra = 0) => now - days * DAY - extra
  const live = channelByState('live_yanwo_1111')
  const store = channelByState('store_qr_shanghai')
  const relations = [
    relation(zhangli.id, ago(412, 3 * HOUR + 17 * MINUTE + 21_457), live.state, '林姐-燕窝老客', '老客户，常给母亲买燕窝礼盒；喜欢早上空腹吃'),
    relation(wangfang.id, ago(190, 5 * HOUR + 2 * MINUTE + 9_113), store.state, '林女士 上海店'),
  ]
  const orders = [
    order(ctx, 'youzan', ago(410, 2 * HOUR), [['YW-JS-70G6', 1]], '新客燕窝立减30元券'),
    order(ctx, 'tmall', ago(331, 20 * HOUR), [['YW-TRIAL-3', 2]], null),
    order(ctx, 'mall', ago(262, 9 * HOUR), [['JY-PEP-DRINK10', 1]], '满199减30'),
    order(ctx, 'youzan', ago(188, 4 * HOUR), [['YW-JS-70G6', 1], ['YSJ-ADULT-30', 1]], '满299减50'),
    order(ctx, 'tmall', ago(121, 13 * HOUR), [['YW-XD-GIFT7', 1]], null),
    order(ctx, 'mall', ago(62, 7 * HOUR), [['YW-LOWSUGAR-6', 1]], '燕窝专享85折券'),
    order(ctx, 'youzan', ago(21, 10 * HOUR), [['YW-JS-70G6', 1]], '满299减50'),
  ]
  const gift = productBySku('YW-XD-GIFT7')
  const collagen = productBySku('JY-PEP-DRINK10')
  const yanwoGroup = GROUP_NAMES.燕窝
  const events: EventRow[] = [
    event('message_out', 'single_chat', relations[0]!.firstAddedAt + 15 * SECOND, { content: welcomeMessage(zhangli.name, '新客燕窝立减30元券'), staffId: zhangli.id }),
    event('coupon_claim', 'single_chat', relations[0]!.firstAddedAt + 2 * HOUR, { title: '新客燕窝立减30元券', amountCents: 3000 }),
    event('message_out', 'single_chat', relations[1]!.firstAddedAt + 20 * SECOND, { content: welcomeMessage(wangfang.name, '新客燕窝立减30元券'), staffId: wangfang.id }),
    ...orders.flatMap((o, i) => aroundOrder(o, i % 2 === 0 ? zhangli.id : wangfang.id)),
    event('coupon_claim', 'miniprogram', ago(64), { title: '燕窝专享85折券' }),
    event('article_read', 'official_account', ago(100, 3 * HOUR), { title: '胶原蛋白肽饮：28天打卡实测', url: 'https://mp.weixin.qq.com/s/demo-collagen-28-days', durationSeconds: 184 }),
    event('article_read', 'moments', ago(40, 2 * HOUR), { title: '即食燕窝和鲜炖燕窝，差别在哪？', url: 'https://mp.weixin.qq.com/s/demo-yanwo-instant-vs-fresh', durationSeconds: 246 }),
    // Over 11 minutes on one article: the deep-reading signal.
    event('article_read', 'moments', ago(5, 9 * HOUR), { title: '燕窝怎么吃才有效？', url: 'https://mp.weixin.qq.com/s/demo-yanwo-how-to-eat', durationSeconds: 758 }),
    event('link_click', 'moments', ago(9, 4 * HOUR), { title: LINKS[1]!.title, url: LINKS[1]!.url }),
    event('link_click', 'moments', ago(3, 6 * HOUR), { title: LINKS[0]!.title, url: LINKS[0]!.url }),
    event('group_question', 'group', ago(12, 5 * HOUR), { title: yanwoGroup, content: '即食燕窝一天吃几瓶合适？' }),
    event('group_question', 'group', ago(6, 8 * HOUR), { title: yanwoGroup, content: '燕窝开封后要冷藏吗？' }),
    event('group_question', 'group', ago(2, 11 * HOUR), { title: yanwoGroup, content: '鲜炖燕窝和即食燕窝哪个营养好？' }),
    event('miniprogram_visit', 'miniprogram', ago(15, 2 * HOUR), { title: '积分商城', url: 'pages/points/mall', durationSeconds: 142 }),
    event('miniprogram_visit', 'miniprogram', ago(2, 3 * HOUR), { title: '会员中心', url: 'pages/member/index', durationSeconds: 65 }),
    event('product_view', 'miniprogram', ago(30), { productId: collagen.id, title: collagen.name, url: collagen.url, durationSeconds: 75 }),
    event('message_out', 'single_chat', ago(30, HOUR), { content: '新品胶原蛋白肽饮上架啦，老客专享第二件半价', staffId: wangfang.id }),
    // Yesterday's cart, still unpaid well past 12 hours.
    event('product_view', 'miniprogram', ago(1, 20 * HOUR), { productId: gift.id, title: gift.name, url: gift.url, durationSeconds: 188 }),
    event('cart_add', 'miniprogram', ago(1, 19 * HOUR + 40 * MINUTE), { productId: gift.id, title: gift.name, url: gift.url, amountCents: gift.priceCents }),
    event('coupon_claim', 'miniprogram', ago(1, 19 * HOUR + 30 * MINUTE), { title: '满599减120', amountCents: 12000 }),
    ...chat(ago(380), zhangli.id, '燕窝是哪里产的呀？', '我们的燕窝来自印尼加里曼丹，每批都有溯源码哦'),
    ...chat(ago(187), wangfang.id, '这个可以开发票吗', REPLIES[3]),
    ...chat(ago(45, 2 * HOUR), zhangli.id, '上次买的即食燕窝快吃完了', '给您留了一张满299减50的券，随时可以下单～'),
    ...chat(ago(1, 3 * HOUR), zhangli.id, '燕窝礼盒还有货吗？想送我妈', '有的，鲜炖燕窝礼盒今天下单明天就能发', 8 * MINUTE),
    ...chat(ago(0, 4 * HOUR), wangfang.id, '双11有活动吗', null),
  ]
  return finish(ctx, {
    id,
    externalUserId: FIXTURE_EXTERNAL_IDS.highValue,
    customer: { name: '林晓雯', gender: 2, province: '上海', city: '上海', birthYear: 1988, birthday: '06-18', phone: '13812341234', marketingAverse: false },
    isMember: true,
    bonusPoints: 380,
    relations,
    orders,
    events,
    inGroup: true,
    manualTags: ['送礼需求'],
  })
}

/** 赵小米: added from the 燕窝 live stream a day ago (so the 24 h follow-up is due), claimed the new-customer coupon, looked, no order. */
function newCustomer(ctx: FixtureContext, id: number): CustomerPlan {
  const addedAt = ctx.now - DAY - 1 * HOUR - 13 * MINUTE - 7_381
  const coupon = couponByName('新客燕窝立减30元券')
  const p = productBySku('YW-JS-70G6')
  const events = [
    event('message_out', 'single_chat', addedAt + 12 * SECOND, { content: welcomeMessage(zhangli.name, coupon.name), staffId: zhangli.id }),
    event('coupon_claim', 'single_chat', addedAt + 47 * MINUTE, { title: coupon.name, amountCents: coupon.valueCents }),
    event('product_view', 'miniprogram', addedAt + 65 * MINUTE, { productId: p.id, title: p.name, url: p.url, durationSeconds: 54 }),
  ]
  return finish(ctx, {
    id,
    externalUserId: FIXTURE_EXTERNAL_IDS.newCustomer,
    customer: { name: '赵小米', gender: 2, province: '浙江', city: '杭州', birthYear: 1997, birthday: '03-14', phone: null, marketingAverse: false },
    isMember: false,
    bonusPoints: 0,
    relations: [relation(zhangli.id, addedAt, 'live_yanwo_1111', null)],
    orders: [],
    events,
    inGroup: false,
    manualTags: [],
  })
}

/** 孙磊: bought protein twice, told staff to stop the ads, deleted zhangli 45 days ago. */
function churned(ctx: FixtureContext, id: number): CustomerPlan {
  const { now } = ctx
  const addedAt = now - 262 * DAY - 6 * HOUR - 41 * MINUTE - 3_902
  const deletedAt = now - 45 * DAY - 2 * HOUR - 518
  const rel: RelationRow = { ...relation(zhangli.id, addedAt, 'moments_ad_protein', '孙先生-蛋白粉'), status: 'deleted_by_customer', statusChangedAt: deletedAt }
  const orders = [
    order(ctx, 'youzan', now - 230 * DAY - 3 * HOUR, [['DB-WHEY-900', 1]], '蛋白粉新客立减25元券'),
    order(ctx, 'tmall', now - 180 * DAY - 9 * HOUR, [['DB-WHEY-900', 1], ['DC-BAR-12', 1]], null),
  ]
  const events = [
    event('message_out', 'single_chat', addedAt + 9 * SECOND, { content: welcomeMessage(zhangli.name, '蛋白粉新客立减25元券'), staffId: zhangli.id }),
    ...orders.flatMap(o => aroundOrder(o, zhangli.id)),
    event('article_read', 'moments', now - 200 * DAY, { title: '健身后30分钟，这样补蛋白', url: 'https://mp.weixin.qq.com/s/demo-protein-after-workout', durationSeconds: 131 }),
    event('message_out', 'single_chat', now - 50 * DAY - 3 * HOUR, { content: '双11预售开始了，燕窝礼盒付定金立减100', staffId: zhangli.id }),
    ...chat(now - 50 * DAY - HOUR, zhangli.id, '天天发消息，再发我就删了', null),
  ]
  return finish(ctx, {
    id,
    externalUserId: FIXTURE_EXTERNAL_IDS.churned,
    customer: { name: '孙磊', gender: 1, province: '北京', city: '北京', birthYear: 1983, birthday: null, phone: '13601098877', marketingAverse: true },
    isMember: true,
    bonusPoints: 0,
    relations: [rel],
    orders,
    events,
    inGroup: false,
    manualTags: ['健身人群'],
  })
}

/** 周婷: chenjing's customer in 广州 — zhangli must not see her. */
function otherStaffs(ctx: FixtureContext, id: number): CustomerPlan {
  const { now } = ctx
  const addedAt = now - 151 * DAY - 4 * HOUR - 27 * MINUTE - 12_006
  const orders = [
    order(ctx, 'mall', now - 140 * DAY - 2 * HOUR, [['JY-PEP-DRINK10', 1]], '胶原蛋白新人9折券'),
    order(ctx, 'youzan', now - 33 * DAY - 5 * HOUR, [['JY-PEP-DRINK10', 2]], '满299减50'),
  ]
  const events = [
    event('message_out', 'single_chat', addedAt + 18 * SECOND, { content: welcomeMessage(chenjing.name, '胶原蛋白新人9折券'), staffId: chenjing.id }),
    ...orders.flatMap(o => aroundOrder(o, chenjing.id)),
    event('article_read', 'moments', now - 20 * DAY, { title: '25岁以后，胶原蛋白流失有多快？', url: 'https://mp.weixin.qq.com/s/demo-collagen-after-25', durationSeconds: 212 }),
    ...chat(now - 8 * DAY, chenjing.id, '胶原蛋白肽饮喝完了，想再来一盒', '好的，给您留了老客价，链接发您～'),
  ]
  return finish(ctx, {
    id,
    externalUserId: FIXTURE_EXTERNAL_IDS.other,
    customer: { name: '周婷', gender: 2, province: '广东', city: '广州', birthYear: 1993, birthday: '09-09', phone: '13922005566', marketingAverse: false },
    isMember: true,
    bonusPoints: 120,
    relations: [relation(chenjing.id, addedAt, 'store_qr_guangzhou', '周婷-胶原')],
    orders,
    events,
    inGroup: false,
    manualTags: [],
  })
}

/** 吴芳: three probiotic orders, the last 120 days ago, nothing since. */
function silent(ctx: FixtureContext, id: number): CustomerPlan {
  const { now } = ctx
  const addedAt = now - 301 * DAY - 7 * HOUR - 4 * MINUTE - 44_219
  const orders = [
    order(ctx, 'tmall', addedAt - 6 * DAY, [['YSJ-ADULT-30', 1]], null),
    order(ctx, 'youzan', now - 205 * DAY - 3 * HOUR, [['YSJ-ADULT-30', 2]], '满299减50'),
    order(ctx, 'youzan', now - 120 * DAY - 5 * HOUR, [['YSJ-ADULT-30', 1]], null),
  ]
  const events = [
    event('message_out', 'single_chat', addedAt + 31 * SECOND, { content: welcomeMessage(zhangli.name, '益生菌新人专享8折券'), staffId: zhangli.id }),
    ...orders.flatMap(o => aroundOrder(o, zhangli.id)).filter(e => e.occurredAt >= addedAt || e.touchpoint !== 'single_chat'),
    ...chat(now - 240 * DAY, zhangli.id, '益生菌吃了一周感觉肠胃舒服多了', '太好了，坚持吃效果更稳定哦'),
    event('miniprogram_visit', 'miniprogram', now - 121 * DAY, { title: '我的优惠券', url: 'pages/coupon/list', durationSeconds: 40 }),
  ]
  return finish(ctx, {
    id,
    externalUserId: FIXTURE_EXTERNAL_IDS.silent,
    customer: { name: '吴芳', gender: 2, province: '江苏', city: '南京', birthYear: 1979, birthday: '11-02', phone: '15851837788', marketingAverse: false },
    isMember: true,
    bonusPoints: 60,
    relations: [relation(zhangli.id, addedAt, 'pkg_card_probiotic', '吴女士-益生菌')],
    orders,
    events,
    inGroup: false,
    manualTags: ['中老年'],
  })
}
