/** Realistic tasks for unit tests (and nothing else: not imported by the app). */
import type { TaskItem } from '#contract/tasks.ts'
import { HOUR } from '#rules/time-units.ts'

/** An ISO time `hours` from now (negative: in the past). */
export function hoursFromNow(hours: number, now: number = Date.now()): string {
  return new Date(now + hours * HOUR).toISOString()
}

export function makeTask(id: number, overrides: Partial<TaskItem> = {}): TaskItem {
  return {
    id,
    sopKey: 'new_customer',
    sopName: '新客培育',
    stepName: '欢迎语+专属券',
    goal: '培育',
    touchpoint: 'single_chat',
    marketing: false,
    status: 'pending',
    dueAt: hoursFromNow(2),
    expiresAt: hoursFromNow(26),
    snoozedUntil: null,
    overdue: false,
    reason: '11月18日 添加好友（静安店门店活码），关注燕窝',
    content: {
      text: '静姐您好，我是您的专属管家李雷～送您一张「新客燕窝立减30元券」，即食燕窝 6瓶装下单直接抵扣',
      link: { title: '即食燕窝 6瓶装', url: 'https://mall.example.com/goods/YW-6', desc: '新客立减30元', imgUrl: 'https://img.example.com/yw6.jpg' },
      image: null,
      miniprogram: null,
    },
    customer: { externalUserId: 'wmABC123', name: '陈静', remark: '静姐-燕窝老客' },
    completedAt: null,
    completion: null,
    skipReason: null,
    ...overrides,
  }
}
