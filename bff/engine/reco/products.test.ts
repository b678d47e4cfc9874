import { describe, expect, it } from 'vitest'
import { DAY, HOUR } from '../rules/time-units.ts'
import { buildProfile } from './profile.ts'
import { popularityOf, productExclusion, recommendProducts } from './products.ts'
import { customer, input, NOW, order, PRODUCTS } from './test-data.ts'

const skus = (c: Parameters<typeof input>[0], popularity = new Map<number, number>()) => recommendProducts(input(c), popularity).map(r => r.product.sku)

describe('product recommendations', () => {
  it('should bring back a consumable due by the customer\'s own cycle (a 30-day box bought 28 days ago), with why', () => {
    const c = customer({ stage: 'repeat', orders: [order(90, [[4, 1]]), order(28, [[4, 1]])] })
    const [top] = recommendProducts(input(c))
    expect(top!.product.sku).toBe('YSJ-30')
    expect(top!.reason).toBe('30天装 · 28 天前购买，该补货了 · 常买益生菌')
  })

  it('should count a multi-unit purchase as a longer supply', () => {
    const twoBoxes = customer({ orders: [order(28, [[4, 2]])] })
    const profile = buildProfile(twoBoxes, PRODUCTS, NOW)
    expect(productExclusion(PRODUCTS[3]!, profile, NOW)).toBe('just_bought')
    expect(skus(twoBoxes)).not.toContain('YSJ-30')
    expect(recommendProducts(input({ ...twoBoxes, orders: [order(57, [[4, 2]])] }))[0]!.reason).toContain('2件共60天用量 · 57 天前购买')
  })

  it('should not recommend what the customer just bought, nor a course they own', () => {
    const c = customer({ orders: [order(2, [[1, 1], [10, 1]])] })
    expect(skus(c)).not.toContain('YW-JS')
    expect(skus(c)).not.toContain('KC-YW')
    expect(productExclusion(PRODUCTS[9]!, buildProfile(c, PRODUCTS, NOW), NOW + 400 * DAY)).toBe('course_owned')
  })

  it('should favour the customer\'s categories and brands and offer complements of what they bought', () => {
    const c = customer({ orders: [order(40, [[1, 1]]), order(100, [[2, 1]])] })
    const ranked = recommendProducts(input(c))
    expect(ranked[0]!.product.category).toBe('燕窝')
    expect(ranked[0]!.reason).toContain('常买燕窝')
    const collagen = ranked.find(r => r.product.category === '胶原蛋白')
    expect(collagen?.reason).toContain('买过燕窝，可搭配胶原蛋白')
  })

  it('should keep at most two products of one category, so the list covers more than one', () => {
    const c = customer({ orders: [order(40, [[1, 1]]), order(100, [[2, 1]]), order(160, [[3, 1]])] })
    const categories = recommendProducts(input(c)).map(r => r.product.category)
    expect(categories.filter(x => x === '燕窝').length).toBeLessThanOrEqual(2)
    expect(new Set(categories).size).toBeGreaterThan(1)
  })

  it('should rank a new customer\'s viewed category first and say how often she looked', () => {
    const c = customer({ stage: 'new', events: [1, 2, 3].map(h => ({ type: 'product_view' as const, occurredAt: NOW - h * 10 * HOUR, productId: 1 })) })
    const [top] = recommendProducts(input(c))
    expect(top!.product.sku).toBe('YW-JS')
    expect(top!.reason).toBe('浏览燕窝 3 次 · 近期看过 3 次')
  })

  it('should put an item left in the cart ahead, until it is bought', () => {
    const carted = customer({ orders: [order(100, [[4, 1]])], events: [{ type: 'cart_add', occurredAt: NOW - DAY, productId: 6 }] })
    expect(recommendProducts(input(carted)).find(r => r.product.sku === 'JY-DRINK')!.reason).toContain('加购未买')
  })

  it('should fall back on what sells for a customer with no history, and say so', () => {
    const popularity = popularityOf(new Map([[8, 50], [4, 100], [1, 80]]))
    const ranked = recommendProducts(input(customer()), popularity)
    expect(ranked.slice(0, 3).map(r => r.product.sku)).toEqual(['YSJ-30', 'YW-JS', 'DC-SHAKE'])
    expect(ranked[0]!.reason).toBe('店内热销')
  })

  it('should be deterministic', () => {
    const c = customer({ orders: [order(40, [[1, 1]]), order(10, [[6, 1]])] })
    expect(skus(c)).toEqual(skus(c))
  })
})
