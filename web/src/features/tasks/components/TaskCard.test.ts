import { mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import { hoursFromNow, makeTask } from '../test-fixtures'
import TaskCard from './TaskCard.vue'

const NOW = Date.parse('2026-11-18T06:00:00.000Z')

describe('TaskCard', () => {
  it('should preview exactly what will be sent: the words in a bubble and the link card', () => {
    const task = makeTask(7)
    const wrapper = mount(TaskCard, { props: { task, now: NOW } })
    expect(wrapper.find('.task-card__title').text()).toBe('新客培育 · 欢迎语+专属券')
    expect(wrapper.find('.task-card__goal').text()).toBe('培育')
    expect(wrapper.find('.task-card__reason').text()).toBe(task.reason)
    expect(wrapper.find('[data-preview="text"]').text()).toBe(task.content.text)
    const link = wrapper.find('[data-preview="link"]')
    expect(link.text()).toContain('即食燕窝 6瓶装')
    expect(link.text()).toContain('新客立减30元')
    expect(link.find('img').attributes('src')).toBe('https://img.example.com/yw6.jpg')
    expect(wrapper.text()).toContain('一键发送 2 条消息')
    expect(wrapper.find('.task-card__primary').text()).toBe('发送')
  })

  it('should preview a mini-program card', () => {
    const task = makeTask(7, { content: { text: '订单收到啦', link: null, image: null, miniprogram: { title: '查看我的订单', appid: 'wx0demo', page: 'pages/order/list' } } })
    const wrapper = mount(TaskCard, { props: { task, now: NOW } })
    expect(wrapper.find('[data-preview="miniprogram"]').text()).toContain('查看我的订单')
    expect(wrapper.find('[data-preview="link"]').exists()).toBe(false)
  })

  it('should show an overdue task in red with how long it is late', () => {
    const wrapper = mount(TaskCard, { props: { task: makeTask(7, { dueAt: hoursFromNow(-17, NOW), overdue: true }), now: NOW } })
    expect(wrapper.find('.task-card').classes()).toContain('task-card--overdue')
    const due = wrapper.find('[data-due]')
    expect(due.text()).toBe('已逾期 17小时')
    expect(due.classes()).toContain('task-card__due--overdue')
  })

  it('should warn, not alarm, when a task is past its hour today', () => {
    const wrapper = mount(TaskCard, { props: { task: makeTask(7, { dueAt: hoursFromNow(-3, NOW) }), now: NOW } })
    expect(wrapper.find('.task-card').classes()).not.toContain('task-card--overdue')
    expect(wrapper.find('[data-due]').text()).toBe('已到期 · 11:00')
    expect(wrapper.find('[data-due]').classes()).toContain('task-card__due--soon')
  })

  it('should not mark a task due later as overdue', () => {
    const wrapper = mount(TaskCard, { props: { task: makeTask(7, { dueAt: '2026-11-18T10:00:00.000Z' }), now: NOW } })
    expect(wrapper.find('.task-card').classes()).not.toContain('task-card--overdue')
    expect(wrapper.find('[data-due]').text()).toBe('今天 18:00 前')
  })

  it('should emit each action', async () => {
    const wrapper = mount(TaskCard, { props: { task: makeTask(7), now: NOW } })
    await wrapper.find('.task-card__primary').trigger('click')
    for (const label of ['已手动完成', '跳过', '稍后'])
      await wrapper.findAll('.task-card__link').find(b => b.text() === label)!.trigger('click')
    expect(Object.keys(wrapper.emitted())).toEqual(expect.arrayContaining(['send', 'manual', 'skip', 'snooze']))
  })

  it('should offer to retry recording after the message went out but was not recorded', () => {
    const wrapper = mount(TaskCard, { props: { task: makeTask(7), now: NOW, attempt: { idempotencyKey: 'task-7-abc', stepsSent: 2, totalSteps: 2 } } })
    expect(wrapper.find('.task-card__primary').text()).toBe('重试记录')
  })

  it('should copy and mark done for a group task instead of sending', async () => {
    const wrapper = mount(TaskCard, { props: { task: makeTask(7, { touchpoint: 'group' }), now: NOW } })
    expect(wrapper.text()).not.toContain('一键发送')
    expect(wrapper.text()).toContain('客户群任务')
    await wrapper.find('.task-card__copy').trigger('click')
    await wrapper.find('.task-card__primary').trigger('click')
    expect(wrapper.find('.task-card__primary').text()).toBe('标记完成')
    expect(wrapper.emitted('copy')).toHaveLength(1)
    expect(wrapper.emitted('manual')).toHaveLength(1)
    expect(wrapper.emitted('send')).toBeUndefined()
  })

  it('should collapse to a record of what went out once sent', () => {
    const task = makeTask(7, { status: 'done', completedAt: '2026-11-18T06:03:00.000Z', completion: { method: 'sent', sentText: '静姐您好' } })
    const wrapper = mount(TaskCard, { props: { task, now: NOW } })
    expect(wrapper.find('.task-card').exists()).toBe(false)
    expect(wrapper.find('.task-done__state').text()).toBe('已发送 · 14:03')
    expect(wrapper.find('.task-done__text').text()).toBe('静姐您好')
    expect(wrapper.find('.task-done__card').text()).toContain('即食燕窝 6瓶装')
  })

  it('should fold a snoozed task until it is taken up again', async () => {
    const task = makeTask(7, { status: 'snoozed', snoozedUntil: '2026-11-18T07:30:00.000Z' })
    const wrapper = mount(TaskCard, { props: { task, now: NOW } })
    expect(wrapper.text()).toContain('稍后提醒 · 15:30')
    expect(wrapper.find('[data-preview="text"]').exists()).toBe(false)
    await wrapper.find('.task-card__link').trigger('click')
    expect(wrapper.find('[data-preview="text"]').exists()).toBe(true)
  })
})
