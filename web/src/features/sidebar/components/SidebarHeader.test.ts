import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { ApiError } from '@/api/client'
import { useSidebarStore } from '../stores/sidebar'
import { makeSidebar } from '../test-fixtures'
import SidebarHeader from './SidebarHeader.vue'

const mocks = vi.hoisted(() => ({ get: vi.fn(), post: vi.fn() }))
vi.mock('@/api/client', async importOriginal => ({
  ...await importOriginal<typeof import('@/api/client')>(),
  api: { get: mocks.get, post: mocks.post },
}))
vi.mock('@/stores/session', () => ({ useSessionStore: () => ({ ensureSignedIn: async () => ({ userId: 'lilei' }), status: 'done', error: null }) }))
vi.mock('@/wecom/chat-context', () => ({ resolveChatContext: async () => ({ kind: 'single', externalUserId: 'wmABC123' }) }))

async function mountHeader(data = makeSidebar()) {
  mocks.get.mockResolvedValue(data)
  const store = useSidebarStore()
  await store.load()
  return mount(SidebarHeader, { attachTo: document.body })
}

describe('SidebarHeader', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    vi.clearAllMocks()
    document.body.innerHTML = ''
  })

  it('should show name, remark and the exact first-add time', async () => {
    const wrapper = await mountHeader()
    const text = wrapper.text()
    expect(wrapper.find('h1').text()).toContain('陈静')
    expect(wrapper.find('h1').text()).toContain('(静姐-燕窝老客)')
    expect(text).toContain('2026-11-18 14:03:27 添加')
  })

  it('should show who the customer is at a glance', async () => {
    const text = (await mountHeader()).text()
    expect(text).toContain('上海 · 30-39岁 · 生日 11月25日')
    expect(text).toContain('金卡会员')
    expect(text).toContain('2,380积分')
    expect(text).toContain('来源渠道：静安店门店活码')
    expect(text).toContain('同时服务：王芳')
    expect(text).toContain('138 **** 1234')
  })

  it('should show the key tags, rule-made first, and link to all of them', async () => {
    const wrapper = await mountHeader()
    const tags = wrapper.findAll('.sidebar-header__tag').map(t => t.text())
    expect(tags).toEqual(['高意向', '燕窝', '益生菌'])
    await wrapper.find('.sidebar-header__more').trigger('click')
    expect(wrapper.emitted('open-tab')).toEqual([['profile']])
  })

  it('should show the stage as a badge and, on tap, why and the history (fetched then)', async () => {
    const stage = { key: 'high_value', name: '高价值', reason: '7 单，累计 ¥1,380.00', matched: ['订单数 7 ≥ 6', '累计消费 ¥1,380.00 > ¥1,000'], enteredAt: '2026-11-06T06:03:00.000Z' }
    const wrapper = await mountHeader(makeSidebar({ stage }))
    const badge = wrapper.find('.sidebar-stage-badge')
    expect(badge.text()).toBe('高价值')
    expect(badge.attributes('data-stage')).toBe('high_value')
    expect(mocks.get).toHaveBeenCalledTimes(1)

    mocks.get.mockResolvedValueOnce({
      current: stage,
      history: [
        { key: 'high_value', name: '高价值', reason: stage.reason, enteredAt: stage.enteredAt, leftAt: null },
        { key: 'repeat', name: '复购', reason: '2 单', enteredAt: '2026-09-01T02:00:00.000Z', leftAt: stage.enteredAt },
      ],
    })
    await badge.trigger('click')
    await flushPromises()
    await vi.waitFor(() => expect(document.body.textContent).toContain('阶段历史'), { timeout: 5000 })
    await flushPromises()

    expect(mocks.get).toHaveBeenLastCalledWith('/api/customers/wmABC123/stage')
    const sheet = document.querySelector('.stage-sheet')!
    expect(sheet.querySelector('.stage-sheet__reason')!.textContent).toContain('7 单，累计 ¥1,380.00')
    expect([...sheet.querySelectorAll('.stage-sheet__fact')].map(el => el.textContent!.trim())).toEqual(stage.matched)
    const visits = [...sheet.querySelectorAll('.stage-sheet__visit')]
    expect(visits.map(v => v.querySelector('.stage-sheet__visit-name')!.textContent)).toEqual(['高价值', '复购'])
    expect(visits[0]!.textContent).toContain('2026-11-06 14:03 → 至今')
    expect(visits[1]!.textContent).toContain('2026-09-01 10:00 → 2026-11-06 14:03')
  })

  it('should show no stage badge when the customer has no stage yet', async () => {
    const wrapper = await mountHeader(makeSidebar({ stage: null }))
    expect(wrapper.find('.sidebar-stage-badge').exists()).toBe(false)
  })

  it('should badge a relation that is no longer active', async () => {
    const data = makeSidebar()
    data.customer = { ...data.customer, relationStatus: 'deleted_by_customer', marketingAverse: true }
    const text = (await mountHeader(data)).text()
    expect(text).toContain('客户已删除好友')
    expect(text).toContain('对营销敏感')
  })

  it('should reveal the full phone only after confirming that it is recorded', async () => {
    mocks.post.mockResolvedValue({ phone: '13800131234' })
    const wrapper = await mountHeader()
    await wrapper.find('.sidebar-phone__reveal').trigger('click')
    await flushPromises()
    expect(document.body.textContent).toContain('查看完整手机号将被记录')
    expect(mocks.post).not.toHaveBeenCalled()

    const confirm = document.querySelector<HTMLButtonElement>('.van-dialog__confirm')!
    confirm.click()
    await flushPromises()
    expect(mocks.post).toHaveBeenCalledWith('/api/customers/wmABC123/phone-reveal')
    expect(wrapper.text()).toContain('138 0013 1234')
  })

  it('should tell the BFF\'s message when a reveal is refused at the daily limit (issue 12)', async () => {
    const message = '今天已查看 50 次完整手机号，已达每人每天 50 次的上限，请明天再试'
    mocks.post.mockRejectedValue(new ApiError(429, message, 'phone_reveal_limit'))
    const wrapper = await mountHeader()
    await wrapper.find('.sidebar-phone__reveal').trigger('click')
    await flushPromises()
    document.querySelector<HTMLButtonElement>('.van-dialog__confirm')!.click()
    await flushPromises()
    await vi.waitFor(() => expect(document.body.textContent).toContain(`查看失败：${message}`))
    expect(wrapper.text()).toContain('138 **** 1234')
  })
})
