import { describe, expect, it } from 'vitest'
import { makeEvent } from './test-fixtures'
import { describeEvent, groupByDay, intentSignal, TRAIL_FILTERS } from './trail'

const text = (overrides: Parameters<typeof makeEvent>[1]) => {
  const line = describeEvent(makeEvent(1, overrides))
  return [line.text, line.suffix].filter(Boolean).join(' ')
}

describe('describeEvent', () => {
  it('should say where an article was read and for how long', () => {
    expect(text({})).toBe('在朋友圈阅读《燕窝怎么吃才有效？》 12分30秒')
    expect(text({ touchpoint: 'official_account', durationSeconds: null })).toBe('在公众号阅读《燕窝怎么吃才有效？》')
  })

  it('should describe every kind in one line', () => {
    const base = { title: null, durationSeconds: null }
    expect(text({ ...base, kind: 'link_click', title: '代理政策' })).toBe('点击链接「代理政策」')
    expect(text({ ...base, kind: 'product_view', productName: '即食燕窝 6瓶装' })).toBe('浏览商品 即食燕窝 6瓶装')
    expect(text({ ...base, kind: 'cart_add', productName: '即食燕窝 6瓶装' })).toBe('加入购物车 即食燕窝 6瓶装')
    expect(text({ ...base, kind: 'coupon_claim', title: '新客满199减30' })).toBe('领取优惠券 新客满199减30')
    expect(text({ ...base, kind: 'coupon_use', title: '新客满199减30', amountCents: 3000 })).toBe('使用优惠券 新客满199减30 ¥30.00')
    expect(text({ ...base, kind: 'group_question', title: '燕窝交流群', content: '孕妇能吃吗？' })).toBe('在群「燕窝交流群」提问：孕妇能吃吗？')
    expect(text({ ...base, kind: 'message_in', content: '什么时候发货？' })).toBe('发来消息：什么时候发货？')
    expect(text({ ...base, kind: 'message_out', content: '今天下午发出', staffName: '王芳' })).toBe('王芳 发送：今天下午发出')
    expect(text({ ...base, kind: 'miniprogram_visit', title: '会员中心' })).toBe('访问小程序 会员中心')
  })

  it('should name the touchpoint only where the sentence does not', () => {
    expect(describeEvent(makeEvent(1, { kind: 'link_click', touchpoint: 'moments' })).place).toBe('朋友圈')
    expect(describeEvent(makeEvent(1)).place).toBeNull()
  })
})

describe('describeEvent for a merge', () => {
  it('should say which customer record was merged in and why, with no place', () => {
    const line = describeEvent(makeEvent(1, { kind: 'customer_merged', touchpoint: 'system', title: '钱女士（依据：手机号 139****1111）', durationSeconds: null }))
    expect(line).toEqual({ text: '合并客户资料：钱女士（依据：手机号 139****1111）', suffix: null, place: null })
    expect(intentSignal(makeEvent(1, { kind: 'customer_merged', touchpoint: 'system' }))).toBeNull()
  })
})

describe('intentSignal', () => {
  it('should flag reads longer than 11 minutes and cart adds only', () => {
    expect(intentSignal(makeEvent(1, { durationSeconds: 661 }))).toBe('深度阅读')
    expect(intentSignal(makeEvent(1, { durationSeconds: 660 }))).toBeNull()
    expect(intentSignal(makeEvent(1, { kind: 'cart_add' }))).toBe('加购意向')
    expect(intentSignal(makeEvent(1, { kind: 'product_view' }))).toBeNull()
  })
})

describe('groupByDay', () => {
  it('should group by Shanghai calendar day in the given order', () => {
    const now = Date.parse('2026-11-23T12:00:00+08:00')
    const days = groupByDay([
      makeEvent(1, { occurredAt: '2026-11-23T09:00:00+08:00' }),
      makeEvent(2, { occurredAt: '2026-11-23T00:30:00+08:00' }),
      makeEvent(3, { occurredAt: '2026-11-22T23:30:00+08:00' }),
    ], now)
    expect(days.map(d => [d.heading, d.events.map(e => e.id)])).toEqual([['今天', [1, 2]], ['昨天', [3]]])
  })
})

describe('TRAIL_FILTERS', () => {
  it('should offer the chips in order with their kinds', () => {
    expect(TRAIL_FILTERS.map(f => f.label)).toEqual(['全部', '消息', '文章', '链接', '浏览', '加购', '优惠券', '群提问', '小程序'])
    expect(TRAIL_FILTERS.find(f => f.key === 'coupon')?.kinds).toEqual(['coupon_claim', 'coupon_use'])
  })
})
