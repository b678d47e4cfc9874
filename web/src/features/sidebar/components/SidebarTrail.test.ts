import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { useSidebarStore } from '../stores/sidebar'
import { makeEvent, makeEventPage, makeSidebar } from '../test-fixtures'
import SidebarTrail from './SidebarTrail.vue'

const mocks = vi.hoisted(() => ({ get: vi.fn() }))
vi.mock('@/api/client', async importOriginal => ({
  ...await importOriginal<typeof import('@/api/client')>(),
  api: { get: mocks.get, post: vi.fn() },
}))
vi.mock('@/stores/session', () => ({ useSessionStore: () => ({ ensureSignedIn: async () => ({ userId: 'lilei' }), status: 'done', error: null }) }))
vi.mock('@/wecom/chat-context', () => ({ resolveChatContext: async () => ({ kind: 'single', externalUserId: 'wmABC123' }) }))

async function mountTrail() {
  mocks.get.mockResolvedValueOnce(makeSidebar()).mockResolvedValueOnce(makeEventPage())
  await useSidebarStore().load()
  const wrapper = mount(SidebarTrail)
  await vi.waitFor(() => expect(wrapper.findAll('.trail-item')).toHaveLength(3), { timeout: 5000 })
  return wrapper
}

describe('SidebarTrail', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    vi.clearAllMocks()
  })

  it('should fetch the first page when opened and show one line per event', async () => {
    const wrapper = await mountTrail()
    const lines = wrapper.findAll('.trail-item__text').map(l => l.text())
    expect(lines).toEqual([
      '在朋友圈阅读《燕窝怎么吃才有效？》 12分30秒',
      '加入购物车 即食燕窝 6瓶装 ¥398.00',
      '发来消息：这个燕窝孕妇可以吃吗？',
    ])
    // The sidebar, then page 1 of the trail (van-list may go on to fill the screen).
    expect(mocks.get.mock.calls[1]?.[1]).toMatchObject({ kind: undefined, cursor: undefined })
  })

  it('should mark intent signals: a long read and a cart add', async () => {
    const wrapper = await mountTrail()
    const intent = wrapper.findAll('.trail-item--intent').map(i => i.attributes('data-kind'))
    expect(intent).toEqual(['article_read', 'cart_add'])
  })

  it('should refetch with kind= when a filter chip is chosen', async () => {
    const wrapper = await mountTrail()
    mocks.get.mockResolvedValueOnce({
      items: [makeEvent(21, { title: '益生菌的正确打开方式', durationSeconds: 95 })],
      nextCursor: null,
    })
    await wrapper.find('[data-filter="article"]').trigger('click')
    await flushPromises()

    expect(mocks.get).toHaveBeenLastCalledWith(
      '/api/customers/wmABC123/events',
      { kind: 'article_read', cursor: undefined, limit: 20 },
      expect.objectContaining({ signal: expect.any(AbortSignal) }),
    )
    expect(wrapper.find('[data-filter="article"]').attributes('aria-pressed')).toBe('true')
    expect(wrapper.findAll('.trail-item__text').map(l => l.text())).toEqual(['在朋友圈阅读《益生菌的正确打开方式》 1分35秒'])
  })

  it('should send both message kinds for the 消息 chip and show an empty state', async () => {
    const wrapper = await mountTrail()
    mocks.get.mockResolvedValueOnce({ items: [], nextCursor: null })
    await wrapper.find('[data-filter="message"]').trigger('click')
    await flushPromises()
    expect(mocks.get.mock.lastCall?.[1]).toMatchObject({ kind: 'message_in,message_out' })
    expect(wrapper.text()).toContain('没有「消息」相关的轨迹')
  })

  it('should start again from page 1 without a kind when going back to 全部', async () => {
    const wrapper = await mountTrail()
    mocks.get.mockResolvedValueOnce({ items: [], nextCursor: null })
    await wrapper.find('[data-filter="cart"]').trigger('click')
    await flushPromises()
    mocks.get.mockResolvedValue({ items: [makeEvent(31, { kind: 'link_click', title: '代理政策' })], nextCursor: null })
    const before = mocks.get.mock.calls.length
    await wrapper.find('[data-filter="all"]').trigger('click')
    await flushPromises()
    expect(mocks.get.mock.calls[before]?.[1]).toMatchObject({ kind: undefined, cursor: undefined })
    expect(wrapper.findAll('.trail-item__text').map(l => l.text())).toEqual(['点击链接「代理政策」'])
  })
})
