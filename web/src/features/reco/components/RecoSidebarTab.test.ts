import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import type { HeldCoupon, RecoResponse, RecommendedCoupon, RecommendedProduct } from '#contract/reco.ts'
import { HOUR } from '#rules/time-units.ts'
import { ApiError } from '@/api/client'
import { useSidebarStore } from '@/features/sidebar/stores/sidebar'
import RecoSidebarTab from './RecoSidebarTab.vue'

const mocks = vi.hoisted(() => ({ get: vi.fn(), post: vi.fn(), sendNews: vi.fn() }))
vi.mock('@/api/client', async importOriginal => ({
  ...await importOriginal<typeof import('@/api/client')>(),
  api: { get: mocks.get, post: mocks.post },
}))
vi.mock('@/wecom/send', () => ({ sendText: vi.fn(), sendNews: mocks.sendNews, sendMiniprogram: vi.fn() }))
vi.mock('@/stores/session', () => ({ useSessionStore: () => ({ ensureSignedIn: async () => ({ userId: 'zhangli' }), status: 'done', error: null }) }))

const message = { msgtype: 'news' as const, news: { title: 't', desc: 'd', link: 'https://mall.example.com/x', imgUrl: '' }, miniprogram: null }
const held = (id: number, values: Partial<HeldCoupon>): HeldCoupon => ({
  id, templateId: id, name: `券${id}`, valueText: '满299减50', scopeText: '全场通用', status: 'claimed', issuedAt: new Date(Date.now() - 48 * HOUR).toISOString(),
  claimedAt: new Date(Date.now() - 48 * HOUR).toISOString(), usedAt: null, expiresAt: new Date(Date.now() + 72 * HOUR).toISOString(), expiringSoon: false, reminder: message, remindedAt: null, ...values,
})
const coupon = (templateId: number, values: Partial<RecommendedCoupon> = {}): RecommendedCoupon => ({
  templateId, code: `T${templateId}`, name: `推荐券${templateId}`, valueText: '满199减30', scopeText: '全场通用', validDays: 14, purpose: 'marketing',
  reason: '常买益生菌 · 沉默 100 天', score: 5, terms: [], message, lastSentAt: null, ...values,
})
const product = (productId: number): RecommendedProduct => ({
  productId, sku: `P${productId}`, name: `商品${productId}`, category: '益生菌', brand: '益畅', priceCents: 16800, imageUrl: null,
  reason: '30天装 · 28 天前购买，该补货了', score: 6, terms: [], message, lastSentAt: null,
})
const response = (values: Partial<RecoResponse> = {}): RecoResponse => ({
  customer: { externalUserId: 'wmABC123', name: '吴芳', marketingAverse: false }, stage: null, held: [], coupons: [], products: [], ...values,
})

async function mountTab(body: RecoResponse | Error) {
  useSidebarStore().present({ kind: 'single', externalUserId: 'wmABC123' }, null)
  if (body instanceof Error)
    mocks.get.mockRejectedValue(body)
  else
    mocks.get.mockResolvedValue(body)
  const wrapper = mount(RecoSidebarTab, { attachTo: document.body })
  await flushPromises()
  return wrapper
}

describe('RecoSidebarTab', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    vi.clearAllMocks()
    document.body.innerHTML = ''
  })

  it('should load when shown and list held coupons usable first, warning about the one lapsing within a day', async () => {
    const wrapper = await mountTab(response({
      held: [held(1, { expiringSoon: true, expiresAt: new Date(Date.now() + 2 * HOUR).toISOString() }), held(2, {}), held(3, { status: 'used', usedAt: new Date().toISOString(), reminder: null })],
    }))
    expect(mocks.get).toHaveBeenCalledWith('/api/customers/wmABC123/recommendations')
    expect(wrapper.text()).toContain('1 张即将到期')
    const rows = wrapper.findAll('li[data-status]')
    expect(rows.map(r => r.attributes('aria-label'))).toEqual(['券1', '券2'])
    expect(rows[0]!.find('[data-expiring]').text()).toMatch(/到期$/)
    expect(rows[0]!.text()).toContain('提醒')
    expect(rows[1]!.find('button').exists()).toBe(false)
    await wrapper.find('.reco-tab__more').trigger('click')
    expect(wrapper.findAll('li[data-status]').map(r => r.attributes('data-status'))).toEqual(['claimed', 'claimed', 'used'])
  })

  it('should show each pick with its reason, and say when the customer takes service coupons only', async () => {
    const wrapper = await mountTab(response({ customer: { externalUserId: 'wmABC123', name: '孙磊', marketingAverse: true }, coupons: [coupon(7, { purpose: 'service' })], products: [product(4)] }))
    expect(wrapper.text()).toContain('客户不接受营销消息，只推荐服务类优惠券')
    expect(wrapper.find('article[data-template="T7"] [data-reason]').text()).toBe('常买益生菌 · 沉默 100 天')
    expect(wrapper.find('article[data-sku="P4"] [data-reason]').text()).toBe('30天装 · 28 天前购买，该补货了')
    expect(wrapper.find('article[data-sku="P4"]').text()).toContain('¥168.00')
  })

  it('should say so when nothing fits, and offer a retry when loading failed', async () => {
    const empty = await mountTab(response())
    expect(empty.text()).toContain('暂时没有适合这位客户的优惠券')
    expect(empty.text()).toContain('暂无推荐商品')
    empty.unmount()
    setActivePinia(createPinia())
    const failed = await mountTab(new ApiError(503, '服务暂时不可用'))
    expect(failed.text()).toContain('推荐加载失败')
    expect(failed.text()).toContain('服务暂时不可用')
  })

  it('should send a coupon when 发送 is tapped and record it', async () => {
    mocks.sendNews.mockResolvedValue(undefined)
    mocks.post.mockResolvedValue({ id: 1, kind: 'coupon', refId: 7, sentAt: new Date().toISOString(), couponCode: 'CS1', note: null })
    const wrapper = await mountTab(response({ coupons: [coupon(7)] }))
    await wrapper.find('article[data-template="T7"] button').trigger('click')
    await flushPromises()
    expect(mocks.sendNews).toHaveBeenCalledWith(message.news)
    expect(mocks.post).toHaveBeenCalledWith('/api/customers/wmABC123/sends', expect.objectContaining({ kind: 'coupon', refId: 7, message }))
  })
})
