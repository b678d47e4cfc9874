import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import type { TodayTasks } from '#contract/tasks.ts'
import { ApiError } from '@/api/client'
import { hoursFromNow, makeTask } from './test-fixtures'
import TasksPage from './TasksPage.vue'

const mocks = vi.hoisted(() => ({ get: vi.fn(), openChat: vi.fn(), host: 'wecom' as string, chooseEmulatorChat: vi.fn() }))
vi.mock('@/api/client', async importOriginal => ({
  ...await importOriginal<typeof import('@/api/client')>(),
  api: { get: mocks.get, post: vi.fn() },
}))
vi.mock('@/api/config', () => ({ loadAppConfig: async () => ({ mode: mocks.host === 'emulator' ? 'demo' : 'wecom' }) }))
vi.mock('@/wecom/prepare', () => ({ prepareWecom: async () => mocks.host }))
vi.mock('@/wecom/open-chat', () => ({ openChat: mocks.openChat }))
vi.mock('@/wecom/emulator/state', () => ({ chooseEmulatorChat: mocks.chooseEmulatorChat, nameEmulatorContact: vi.fn() }))
vi.mock('@/stores/session', () => ({ useSessionStore: () => ({ ensureSignedIn: async () => ({ userId: 'zhangli' }), status: 'done', error: null }) }))
vi.mock('@/common/DemoBar.vue', () => ({ default: { render: () => null } }))

const silent = { sopKey: 'silent_wakeup', sopName: '沉默激活' }
const who = (externalUserId: string, name: string, remark: string | null = null) => ({ customer: { externalUserId, name, remark } })

function today(): TodayTasks {
  return {
    items: [
      makeTask(1, { ...who('wm1', '林晓雯', '林姐'), dueAt: hoursFromNow(2) }),
      makeTask(2, { ...silent, ...who('wm2', '王敏'), stepName: '召回券', dueAt: hoursFromNow(-25), overdue: true }),
      makeTask(3, { ...who('wm3', '赵雪'), dueAt: hoursFromNow(-29), overdue: true }),
      makeTask(4, { ...silent, ...who('wm4', '孙悦'), stepName: '召回券', dueAt: hoursFromNow(-27), overdue: true }),
      makeTask(5, { ...who('wm5', '周婷'), status: 'done', completedAt: hoursFromNow(-1), completion: { method: 'sent', sentText: '您好' } }),
    ],
    summary: { overdue: 3, dueToday: 4, doneToday: 1 },
  }
}

async function mountPage() {
  const wrapper = mount(TasksPage, { attachTo: document.body })
  await flushPromises()
  return wrapper
}

describe('TasksPage', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    vi.clearAllMocks()
    document.body.innerHTML = ''
    mocks.host = 'wecom'
    mocks.get.mockResolvedValue(today())
    mocks.openChat.mockResolvedValue(undefined)
  })

  it('should show the summary: overdue, due today and done today', async () => {
    const wrapper = await mountPage()
    expect(mocks.get).toHaveBeenCalledWith('/api/tasks/today')
    const stat = (key: string) => wrapper.find(`[data-stat="${key}"]`).text().replace(/\s+/g, '')
    expect(stat('overdue')).toBe('3逾期')
    expect(stat('due')).toBe('4今日待办')
    expect(stat('done')).toBe('1今日已完成')
  })

  it('should list overdue tasks first, then due today, grouped by SOP', async () => {
    const wrapper = await mountPage()
    const sections = wrapper.findAll('[data-section]')
    expect(sections.map(s => s.attributes('data-section'))).toEqual(['overdue', 'today', 'finished'])

    const overdue = sections[0]!
    expect(overdue.find('.tasks-page__section-title').text()).toContain('已逾期')
    const groups = overdue.findAll('.tasks-page__group')
    expect(groups.map(g => g.find('.tasks-page__group-name').text())).toEqual(['新客培育', '沉默激活'])
    expect(groups.map(g => g.find('.tasks-page__group-count').text())).toEqual(['1', '2'])
    expect(groups[1]!.findAll('.today-row__name').map(n => n.text())).toEqual(['孙悦', '王敏'])
    expect(groups[1]!.find('.today-row__due').text()).toBe('已逾期 1天')

    const todayRow = sections[1]!.find('.today-row')
    expect(todayRow.find('.today-row__name').text()).toBe('林姐')
    expect(todayRow.find('.today-row__real-name').text()).toBe('林晓雯')
    // Finished work is folded away.
    expect(sections[2]!.find('.today-row').exists()).toBe(false)
  })

  it('should fold and unfold a SOP group', async () => {
    const wrapper = await mountPage()
    const group = () => wrapper.find('[data-section="overdue"] [data-sop="silent_wakeup"]')
    expect(group().findAll('.today-row')).toHaveLength(2)
    await group().find('.tasks-page__group-head').trigger('click')
    expect(group().findAll('.today-row')).toHaveLength(0)
    expect(group().find('.tasks-page__group-count').text()).toBe('2')
    await group().find('.tasks-page__group-head').trigger('click')
    expect(group().findAll('.today-row')).toHaveLength(2)
  })

  it('should open the chat with the customer when a task is tapped', async () => {
    const wrapper = await mountPage()
    await wrapper.find('[data-task-id="1"] .today-row__main').trigger('click')
    await flushPromises()
    expect(mocks.openChat).toHaveBeenCalledWith('wm1')
    expect(wrapper.find('.today-row__peek').exists()).toBe(false)
  })

  it('should offer 查看 (the sidebar for that customer) in demo mode', async () => {
    mocks.host = 'emulator'
    const assign = vi.fn()
    vi.stubGlobal('location', { ...window.location, assign })
    const wrapper = await mountPage()
    await wrapper.find('[data-task-id="3"] .today-row__peek').trigger('click')
    expect(mocks.chooseEmulatorChat).toHaveBeenCalledWith({ kind: 'single', externalUserId: 'wm3', title: '赵雪' })
    expect(assign).toHaveBeenCalledWith('/sidebar')
    vi.unstubAllGlobals()
  })

  it('should say so when everything is done', async () => {
    mocks.get.mockResolvedValue({ items: [], summary: { overdue: 0, dueToday: 0, doneToday: 4 } })
    const wrapper = await mountPage()
    expect(wrapper.text()).toContain('今天的任务都完成了')
  })

  it('should offer retry when the list cannot be loaded', async () => {
    mocks.get.mockRejectedValueOnce(new ApiError(0, '无法连接服务器，请检查网络后重试'))
    const wrapper = await mountPage()
    expect(wrapper.text()).toContain('连接中断')
    await wrapper.find('.page-error__retry').trigger('click')
    await flushPromises()
    expect(wrapper.findAll('.today-row').length).toBeGreaterThan(0)
  })
})
