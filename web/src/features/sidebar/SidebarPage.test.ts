import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { ApiError } from '@/api/client'
import SidebarPage from './SidebarPage.vue'
import { makeTask } from '@/features/tasks/test-fixtures'
import { makeSidebar } from './test-fixtures'

// The page prefetches the lazy tabs' code ~300 ms after the first screen: let those imports
// finish before the environment is torn down, or they fail noisily after the last test.
afterAll(async () => {
  await new Promise(resolve => setTimeout(resolve, 400))
  await vi.dynamicImportSettled()
})

const mocks = vi.hoisted(() => ({ get: vi.fn(), post: vi.fn(), resolveChatContext: vi.fn(), sendText: vi.fn(), sendNews: vi.fn() }))
vi.mock('@/api/client', async importOriginal => ({
  ...await importOriginal<typeof import('@/api/client')>(),
  api: { get: mocks.get, post: mocks.post },
}))
vi.mock('@/wecom/send', () => ({ sendText: mocks.sendText, sendNews: mocks.sendNews, sendMiniprogram: vi.fn() }))
vi.mock('@/stores/session', () => ({ useSessionStore: () => ({ ensureSignedIn: async () => ({ userId: 'lilei' }), status: 'done', error: null }) }))
vi.mock('@/wecom/chat-context', () => ({ resolveChatContext: mocks.resolveChatContext }))
vi.mock('@/common/DemoBar.vue', () => ({ default: { render: () => null } }))

function apiError(status: number, code?: string) {
  return new ApiError(status, 'x', code)
}

describe('SidebarPage', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    vi.clearAllMocks()
    mocks.resolveChatContext.mockResolvedValue({ kind: 'single', externalUserId: 'wmABC123' })
  })

  it('should show skeletons, then the header card, the figures and the tabs', async () => {
    mocks.get.mockResolvedValue(makeSidebar())
    const wrapper = mount(SidebarPage)
    expect(wrapper.find('[aria-label="正在加载客户资料"]').exists()).toBe(true)
    await flushPromises()
    expect(wrapper.find('[aria-label="正在加载客户资料"]').exists()).toBe(false)
    expect(wrapper.text()).toContain('陈静')
    const figures = wrapper.find('[aria-label="关键数据"]').text()
    for (const part of ['6订单数', '¥1,380.00累计消费', '¥230.00客单价', '5天距上次下单', '34客户发消息数'])
      expect(figures.replace(/\s+/g, '')).toContain(part)
    expect(wrapper.findAll('.van-tab').map(t => t.text())).toEqual(['任务', '画像', '订单', '轨迹', '推荐'])
    // Nothing due: the profile is what opens.
    expect(wrapper.find('.van-tab--active').text()).toBe('画像')
    expect(wrapper.text()).toContain('基本信息')
  })

  it('should open 任务 first, with the count as a badge, when tasks are due', async () => {
    const tasks = [makeTask(1), makeTask(2, { stepName: '24小时跟进' }), makeTask(3, { status: 'done', completion: { method: 'sent', sentText: '您好' }, completedAt: new Date().toISOString() })]
    mocks.get.mockResolvedValue(makeSidebar({ tasks }))
    const wrapper = mount(SidebarPage)
    await flushPromises()
    const active = wrapper.find('.van-tab--active')
    expect(active.text()).toContain('任务')
    expect(active.find('.van-badge').text()).toBe('2')
    await vi.waitFor(() => expect(wrapper.findAll('.task-card')).toHaveLength(2), { timeout: 5000 })
    expect(wrapper.find('.task-done').exists()).toBe(true)
  })

  it('should send a task from the 任务 tab and collapse it to what went out', async () => {
    const task = makeTask(1)
    mocks.get.mockResolvedValue(makeSidebar({ tasks: [task] }))
    mocks.sendText.mockResolvedValue(undefined)
    mocks.sendNews.mockResolvedValue(undefined)
    mocks.post.mockResolvedValue({ ...task, status: 'done', completedAt: '2026-11-18T06:03:00.000Z', completion: { method: 'sent', sentText: task.content.text } })
    const wrapper = mount(SidebarPage)
    await flushPromises()
    await vi.waitFor(() => expect(wrapper.find('.task-card__primary').exists()).toBe(true), { timeout: 5000 })

    await wrapper.find('.task-card__primary').trigger('click')
    await flushPromises()

    expect(mocks.sendText).toHaveBeenCalledWith(task.content.text)
    expect(mocks.post).toHaveBeenCalledWith('/api/tasks/1/complete', expect.objectContaining({ method: 'sent', sentText: task.content.text }))
    expect(wrapper.find('.task-card').exists()).toBe(false)
    expect(wrapper.find('.task-done__state').text()).toBe('已发送 · 14:03')
    // Nothing left to do: the badge goes away.
    expect(wrapper.find('.van-tab--active .van-badge').exists()).toBe(false)
  })

  it('should ask to open the sidebar from a 1:1 chat when opened in a group', async () => {
    mocks.resolveChatContext.mockResolvedValue({ kind: 'group', chatId: null })
    const wrapper = mount(SidebarPage)
    await flushPromises()
    expect(wrapper.text()).toContain('请在与客户的单聊中打开侧边栏')
  })

  it('should name the entry when opened from the workbench', async () => {
    mocks.resolveChatContext.mockResolvedValue({ kind: 'other', entry: 'normal' })
    const wrapper = mount(SidebarPage)
    await flushPromises()
    expect(wrapper.text()).toContain('请在与客户的单聊中打开侧边栏')
    expect(wrapper.text()).toContain('「工作台」')
  })

  it('should explain an unknown contact and a customer of someone else', async () => {
    mocks.get.mockRejectedValueOnce(apiError(404, 'unknown_contact'))
    const wrapper = mount(SidebarPage)
    await flushPromises()
    expect(wrapper.text()).toContain('系统里还没有这位客户的资料')
    expect(wrapper.text()).toContain('同步')

    mocks.get.mockRejectedValueOnce(apiError(404, 'not_your_customer'))
    await wrapper.find('.sidebar-notice__action').trigger('click')
    await flushPromises()
    expect(wrapper.text()).toContain('这位客户不在你的客户列表中')
  })

  it('should offer 重试 when the BFF is unreachable and load on retry', async () => {
    mocks.get.mockRejectedValueOnce(apiError(0)).mockResolvedValueOnce(makeSidebar())
    const wrapper = mount(SidebarPage)
    await flushPromises()
    expect(wrapper.text()).toContain('连接中断')
    await wrapper.find('.page-error__retry').trigger('click')
    await flushPromises()
    expect(wrapper.text()).toContain('陈静')
  })

  it('should show the WeCom client\'s message when it fails', async () => {
    mocks.resolveChatContext.mockRejectedValue(new Error('当前企业微信版本过低，请升级后重试'))
    const wrapper = mount(SidebarPage)
    await flushPromises()
    expect(wrapper.text()).toContain('企业微信客户端出错')
    expect(wrapper.text()).toContain('当前企业微信版本过低，请升级后重试')
  })
})
