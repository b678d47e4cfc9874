import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { HOUR } from '#rules/time-units.ts'
import { useSidebarStore } from '@/features/sidebar/stores/sidebar'
import { makeSidebar } from '@/features/sidebar/test-fixtures'
import { WecomError } from '@/wecom/errors'
import { makeTask } from '../test-fixtures'
import TaskSidebarTab from './TaskSidebarTab.vue'

const mocks = vi.hoisted(() => ({ get: vi.fn(), post: vi.fn(), sendText: vi.fn(), sendNews: vi.fn() }))
vi.mock('@/api/client', async importOriginal => ({
  ...await importOriginal<typeof import('@/api/client')>(),
  api: { get: mocks.get, post: mocks.post },
}))
vi.mock('@/wecom/send', () => ({ sendText: mocks.sendText, sendNews: mocks.sendNews, sendMiniprogram: vi.fn() }))
vi.mock('@/stores/session', () => ({ useSessionStore: () => ({ ensureSignedIn: async () => ({ userId: 'lilei' }), status: 'done', error: null }) }))

function mountTab(tasks = [makeTask(7)]) {
  useSidebarStore().present({ kind: 'single', externalUserId: 'wmABC123' }, makeSidebar({ tasks }))
  return mount(TaskSidebarTab, { attachTo: document.body })
}

const bodyText = () => document.body.textContent ?? ''

describe('TaskSidebarTab', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    vi.clearAllMocks()
    document.body.innerHTML = ''
  })

  it('should say there is nothing to do', () => {
    const wrapper = mountTab([])
    expect(wrapper.text()).toContain('暂无待办任务')
  })

  it('should say today\'s work is done above what was done', () => {
    const sent = { ...makeTask(7), status: 'done' as const, completedAt: '2026-11-18T06:03:00.000Z', completion: { method: 'sent' as const, sentText: '静姐您好' } }
    const wrapper = mountTab([sent, makeTask(8, { status: 'snoozed', snoozedUntil: new Date(Date.now() + HOUR).toISOString() })])
    expect(wrapper.find('.task-tab__all-done').text()).toBe('今天的任务都处理完了，1 项稍后提醒')
    expect(wrapper.find('.task-done__state').text()).toBe('已发送 · 14:03')
  })

  it('should keep the task pending and say so when the send is cancelled in WeCom', async () => {
    mocks.sendText.mockRejectedValue(new WecomError('cancelled', '已取消', 'sendChatMessage:cancel'))
    const wrapper = mountTab()
    await wrapper.find('.task-card__primary').trigger('click')
    await flushPromises()
    expect(mocks.post).not.toHaveBeenCalled()
    expect(wrapper.find('.task-card').exists()).toBe(true)
    await vi.waitFor(() => expect(bodyText()).toContain('已取消发送'), { timeout: 5000 })
  })

  it('should skip with the reason picked from the sheet', async () => {
    mocks.post.mockResolvedValue({ ...makeTask(7), status: 'skipped', skipReason: 'contacted_elsewhere' })
    const wrapper = mountTab()
    await wrapper.findAll('.task-card__link').find(b => b.text() === '跳过')!.trigger('click')
    await flushPromises()
    const reasons = [...document.querySelectorAll<HTMLElement>('.van-action-sheet__item')]
    expect(reasons.map(r => r.textContent)).toEqual(['客户已购买', '客户不需要', '已通过其他方式联系', '内容不合适', '其他'])
    reasons[2]!.click()
    await flushPromises()
    expect(mocks.post).toHaveBeenCalledWith('/api/tasks/7/skip', { reason: 'contacted_elsewhere' })
    expect(wrapper.find('.task-done__state').text()).toBe('已跳过 · 已通过其他方式联系')
  })

  it('should snooze until tomorrow from the sheet', async () => {
    mocks.post.mockResolvedValue({ ...makeTask(7), status: 'snoozed', snoozedUntil: new Date(Date.now() + 24 * HOUR).toISOString() })
    const wrapper = mountTab()
    await wrapper.findAll('.task-card__link').find(b => b.text() === '稍后')!.trigger('click')
    await flushPromises()
    const options = [...document.querySelectorAll<HTMLElement>('.van-action-sheet__item')]
    expect(options.map(o => o.textContent)).toEqual(['1小时后', '3小时后', '明天'])
    options[2]!.click()
    await flushPromises()
    expect(mocks.post).toHaveBeenCalledWith('/api/tasks/7/snooze', { hours: 24 })
    expect(wrapper.find('.task-card--snoozed').text()).toContain('稍后提醒')
  })
})
