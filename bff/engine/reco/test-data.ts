/** A small catalogue and coupon book for the engine's tests, and builders for crafted customers. */
import { DAY } from '../rules/time-units.ts'
import type { RecoCouponTemplate, RecoCustomer, RecoInput, RecoOrder, RecoProduct } from './types.ts'

export const NOW = Date.parse('2026-11-20T10:00:00+08:00')
const p = (id: number, sku: string, name: string, category: string, brand: string, priceCents: number, cycleDays: number | null): RecoProduct =>
  ({ id, sku, name, category, brand, priceCents, cycleDays, imageUrl: null, url: `https://mall.example.com/goods/${sku}` })

export const PRODUCTS: RecoProduct[] = [
  p(1, 'YW-JS', '即食燕窝 70g×6瓶', '燕窝', '燕初', 39800, 6),
  p(2, 'YW-GIFT', '鲜炖燕窝礼盒', '燕窝', '燕初', 69900, 7),
  p(3, 'YW-TRIAL', '即食燕窝体验装 3瓶', '燕窝', '燕初', 9900, 3),
  p(4, 'YSJ-30', '成人益生菌冻干粉 30袋', '益生菌', '益畅', 16800, 30),
  p(5, 'YSJ-60', '女性益生菌胶囊 60粒', '益生菌', '益畅', 21900, 30),
  p(6, 'JY-DRINK', '胶原蛋白肽饮 10瓶', '胶原蛋白', '颜究', 23800, 10),
  p(7, 'JS-FRUIT', '果蔬酵素饮 10瓶', '酵素', '益畅', 15800, 10),
  p(8, 'DC-SHAKE', '代餐奶昔 10袋', '代餐', '轻食记', 13900, 10),
  p(9, 'DB-WHEY', '乳清蛋白粉 900g', '蛋白粉', '力健', 25900, 30),
  p(10, 'KC-YW', '燕窝入门课', '课程', '营养学院', 2990, null),
]

export function template(id: number, code: string, values: Partial<RecoCouponTemplate>): RecoCouponTemplate {
  return {
    id, code, name: code, valueKind: 'amount_off', amountOffCents: 3000, percentOff: null, giftName: null, thresholdCents: 0,
    scopeKind: 'all', scopeValue: null, purpose: 'marketing', validDays: 7, availableFrom: null, availableUntil: null,
    audience: {}, stockTotal: null, budgetCents: null, issuedCount: 0, spentCents: 0, active: true, ...values,
  }
}

export const TEMPLATES: RecoCouponTemplate[] = [
  template(1, 'NEW-YW-30', { name: '新客燕窝立减30元券', scopeKind: 'category', scopeValue: '燕窝', audience: { newCustomersOnly: true } }),
  template(2, 'NEW-YSJ-80', { name: '益生菌新人专享8折券', valueKind: 'percent_off', amountOffCents: null, percentOff: 20, scopeKind: 'category', scopeValue: '益生菌', audience: { newCustomersOnly: true } }),
  template(3, 'ALL-199-30', { name: '满199减30', thresholdCents: 19900 }),
  template(4, 'ALL-299-50', { name: '满299减50', amountOffCents: 5000, thresholdCents: 29900 }),
  template(5, 'ALL-599-120', { name: '满599减120', amountOffCents: 12000, thresholdCents: 59900 }),
  template(6, 'YW-85', { name: '燕窝专享85折券', valueKind: 'percent_off', amountOffCents: null, percentOff: 15, scopeKind: 'category', scopeValue: '燕窝' }),
  template(7, 'YSJ-199-40', { name: '益生菌满199减40', amountOffCents: 4000, thresholdCents: 19900, scopeKind: 'category', scopeValue: '益生菌' }),
  template(8, 'RECALL-200-60', { name: '老客回归满200减60', amountOffCents: 6000, thresholdCents: 20000, audience: { stages: ['silent'] } }),
  template(9, 'VIP-GIFT', { name: '黑金专享赠礼', valueKind: 'gift', amountOffCents: null, giftName: '胶原蛋白肽饮体验装', thresholdCents: 50000, audience: { stages: ['high_value'] } }),
  template(10, 'SVC-20', { name: '售后补偿无门槛20元券', amountOffCents: 2000, purpose: 'service' }),
]

export function order(daysAgo: number, lines: readonly (readonly [number, number])[], paidCents?: number): RecoOrder {
  const items = lines.map(([productId, quantity]) => ({ productId, quantity, unitPriceCents: PRODUCTS[productId - 1]!.priceCents }))
  return { orderedAt: NOW - daysAgo * DAY, paidCents: paidCents ?? items.reduce((s, i) => s + i.unitPriceCents * i.quantity, 0), counted: true, items }
}

export function customer(values: Partial<RecoCustomer> = {}): RecoCustomer {
  return { stage: null, marketingAverse: false, tags: [], addedAt: NOW - 400 * DAY, lastActiveAt: null, orders: [], events: [], coupons: [], ...values }
}

export function input(c: RecoCustomer, templates = TEMPLATES): RecoInput {
  return { now: NOW, customer: c, products: PRODUCTS, templates }
}
