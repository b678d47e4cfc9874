import { mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { useSidebarStore } from '../stores/sidebar'
import { makeOrder, makeSidebar } from '../test-fixtures'
import SidebarOrderList from './SidebarOrderList.vue'

const mocks = vi.hoisted(() => ({ get: vi.fn() }))
vi.mock('@/api/client', async importOriginal => ({
  ...await importOriginal<typeof import('@/api/client')>(),
  api: { get: mocks.get, post: vi.fn() },
}))
vi.mock('@/stores/session', () => ({ useSessionStore: () => ({ ensureSignedIn: async () => ({ userId: 'lilei' }), status: 'done', error: null }) }))
vi.mock('@/wecom/chat-context', () => ({ resolveChatContext: async () => ({ kind: 'single', externalUserId: 'wmABC123' }) }))

describe('SidebarOrderList', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    vi.clearAllMocks()
  })

  it('should show each order with source, status, items, amounts, coupon and time', async () => {
    mocks.get.mockResolvedValueOnce(makeSidebar())
      .mockResolvedValueOnce({ items: [makeOrder(1), makeOrder(2, { source: 'tmall', status: 'refunded', couponName: null, discountCents: 0 })], nextCursor: null })
    await useSidebarStore().load()
    const wrapper = mount(SidebarOrderList)
    await vi.waitFor(() => expect(wrapper.findAll('.order-card')).toHaveLength(2), { timeout: 5000 })
    expect(mocks.get).toHaveBeenLastCalledWith('/api/customers/wmABC123/orders', expect.anything(), expect.anything())
    const [first, second] = wrapper.findAll('.order-card')
    expect(first!.find('.order-card__source').text()).toBe('有赞')
    expect(first!.find('.order-card__status').text()).toBe('已完成')
    expect(first!.text()).toContain('即食燕窝 6瓶装')
    expect(first!.text()).toContain('×2')
    expect(first!.text()).toContain('合计 ¥796.00')
    expect(first!.text()).toContain('优惠 -¥50.00')
    expect(first!.text()).toContain('实付 ¥746.00')
    expect(first!.text()).toContain('使用优惠券 满500减50')
    expect(first!.text()).toContain('2026-11-18 14:03:27 下单')
    expect(second!.find('.order-card__source').text()).toBe('天猫')
    expect(second!.find('.order-card__status').text()).toBe('已退款')
    expect(second!.classes()).toContain('order-card--voided')
  })

  it('should say so when there are no orders', async () => {
    mocks.get.mockResolvedValueOnce(makeSidebar()).mockResolvedValueOnce({ items: [], nextCursor: null })
    await useSidebarStore().load()
    const wrapper = mount(SidebarOrderList)
    await vi.waitFor(() => expect(wrapper.text()).toContain('还没有订单'), { timeout: 5000 })
  })
})
