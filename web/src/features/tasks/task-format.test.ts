import { describe, expect, it } from 'vitest'
import { buildSendPlan, copyableText, imageIsCover } from './send-plan'
import { finishedLabel, formatDue, isOverdue, needsAction, sortTasks } from './task-format'
import { hoursFromNow, makeTask } from './test-fixtures'

// 2026-11-18 14:00 in Shanghai.
const NOW = Date.parse('2026-11-18T06:00:00.000Z')

describe('formatDue', () => {
  it('should say how long a task carried over from an earlier day is overdue', () => {
    // Due yesterday 23:00 (China time).
    expect(formatDue(makeTask(1, { dueAt: hoursFromNow(-15, NOW) }), NOW)).toEqual({ text: '已逾期 15小时', overdue: true, soon: false })
    expect(formatDue(makeTask(1, { dueAt: hoursFromNow(-50, NOW) }), NOW).text).toBe('已逾期 2天')
    expect(isOverdue(makeTask(1, { status: 'snoozed', dueAt: hoursFromNow(-15, NOW) }), NOW)).toBe(true)
    expect(isOverdue(makeTask(1, { status: 'done', dueAt: hoursFromNow(-15, NOW) }), NOW)).toBe(false)
  })

  it('should call a task past its hour today 已到期, not overdue (as the BFF counts)', () => {
    expect(formatDue(makeTask(1, { dueAt: hoursFromNow(-3, NOW) }), NOW)).toEqual({ text: '已到期 · 11:00', overdue: false, soon: true })
  })

  it('should trust the server\'s overdue flag', () => {
    expect(formatDue(makeTask(1, { dueAt: hoursFromNow(-0.2, NOW), overdue: true }), NOW).overdue).toBe(true)
  })

  it('should warn within the hour and give the clock time later today or tomorrow', () => {
    expect(formatDue(makeTask(1, { dueAt: hoursFromNow(0.5, NOW) }), NOW)).toEqual({ text: '30分钟后到期', overdue: false, soon: true })
    expect(formatDue(makeTask(1, { dueAt: '2026-11-18T10:00:00.000Z' }), NOW).text).toBe('今天 18:00 前')
    expect(formatDue(makeTask(1, { dueAt: '2026-11-19T02:00:00.000Z' }), NOW).text).toBe('明天 10:00 前')
    expect(formatDue(makeTask(1, { dueAt: '2026-11-18T10:00:00.000Z' }), NOW, { compact: true }).text).toBe('18:00')
  })

  it('should show when a snoozed task comes back', () => {
    const task = makeTask(1, { status: 'snoozed', dueAt: hoursFromNow(-2, NOW), snoozedUntil: '2026-11-18T07:30:00.000Z' })
    expect(formatDue(task, NOW)).toEqual({ text: '稍后提醒 · 15:30', overdue: false, soon: false })
    expect(needsAction(task, NOW)).toBe(false)
    expect(needsAction(task, Date.parse('2026-11-18T08:00:00.000Z'))).toBe(true)
  })
})

describe('finishedLabel', () => {
  it('should say how and when a task ended', () => {
    const at = '2026-11-18T06:03:00.000Z'
    expect(finishedLabel(makeTask(1, { status: 'done', completedAt: at, completion: { method: 'sent', sentText: 'x' } }))).toBe('已发送 · 14:03')
    expect(finishedLabel(makeTask(1, { status: 'done', completedAt: at, completion: { method: 'manual', sentText: null } }))).toBe('已手动完成 · 14:03')
    expect(finishedLabel(makeTask(1, { status: 'skipped', skipReason: 'customer_bought' }))).toBe('已跳过 · 客户已购买')
    expect(finishedLabel(makeTask(1, { status: 'expired' }))).toBe('已过期')
  })
})

describe('sortTasks', () => {
  it('should put what needs action first by due time, then snoozed, then finished', () => {
    const tasks = [
      makeTask(1, { status: 'done', completedAt: hoursFromNow(-1, NOW) }),
      makeTask(2, { dueAt: hoursFromNow(3, NOW) }),
      makeTask(3, { status: 'snoozed', snoozedUntil: hoursFromNow(1, NOW) }),
      makeTask(4, { dueAt: hoursFromNow(-2, NOW) }),
    ]
    expect(sortTasks(tasks, NOW).map(t => t.id)).toEqual([4, 2, 3, 1])
  })
})

describe('buildSendPlan', () => {
  it('should send the words first, then the link as news, then the mini-program card', () => {
    const plan = buildSendPlan({
      text: ' 您好 ',
      link: { title: '燕窝', url: 'https://m.example.com/y', desc: '立减30' },
      image: 'https://img.example.com/c.jpg',
      miniprogram: { title: '查看我的订单', appid: 'wx0demo', page: 'pages/order/list' },
    })
    expect(plan).toEqual([
      { kind: 'text', content: '您好' },
      { kind: 'news', news: { title: '燕窝', desc: '立减30', link: 'https://m.example.com/y', imgUrl: 'https://img.example.com/c.jpg' } },
      { kind: 'miniprogram', miniprogram: { appid: 'wx0demo', title: '查看我的订单', page: 'pages/order/list', imgUrl: 'https://img.example.com/c.jpg' } },
    ])
  })

  it('should leave out empty words and use the image as a cover only where a card has none', () => {
    const content = { text: '', link: null, image: 'https://img.example.com/c.jpg', miniprogram: null }
    expect(buildSendPlan(content)).toEqual([])
    expect(imageIsCover(content)).toBe(false)
    expect(imageIsCover({ ...content, link: { title: 't', url: 'https://x' } })).toBe(true)
  })

  it('should copy the words with the link for group and moments tasks', () => {
    expect(copyableText({ text: '新品上架', link: { title: 't', url: 'https://m.example.com/n' }, image: null, miniprogram: null }))
      .toBe('新品上架\nhttps://m.example.com/n')
  })
})
