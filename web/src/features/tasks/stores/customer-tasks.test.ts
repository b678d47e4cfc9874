import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { nextTick } from 'vue'
import { HOUR } from '#rules/time-units.ts'
import { ApiError } from '@/api/client'
import { useSidebarStore } from '@/features/sidebar/stores/sidebar'
import { makeSidebar } from '@/features/sidebar/test-fixtures'
import { WecomError } from '@/wecom/errors'
import { makeTask } from '../test-fixtures'
import { useCustomerTasksStore } from './customer-tasks'

const mocks = vi.hoisted(() => ({
  get: vi.fn(),
  post: vi.fn(),
  sendText: vi.fn(),
  sendNews: vi.fn(),
  sendMiniprogram: vi.fn(),
}))
vi.mock('@/api/client', async importOriginal => ({
  ...await importOriginal<typeof import('@/api/client')>(),
  api: { get: mocks.get, post: mocks.post },
}))
vi.mock('@/wecom/send', () => ({ sendText: mocks.sendText, sendNews: mocks.sendNews, sendMiniprogram: mocks.sendMiniprogram }))
vi.mock('@/stores/session', () => ({ useSessionStore: () => ({ ensureSignedIn: async () => ({ userId: 'lilei' }), status: 'done', error: null }) }))

const cancelled = () => new WecomError('cancelled', '已取消', 'sendChatMessage:cancel')

/** The store seeded the way the sidebar does it: tasks come with the sidebar response. */
function seeded(tasks = [makeTask(7)]) {
  useSidebarStore().present({ kind: 'single', externalUserId: 'wmABC123' }, makeSidebar({ tasks }))
  return useCustomerTasksStore()
}

function done(task = makeTask(7), method: 'sent' | 'manual' = 'sent') {
  return { ...task, status: 'done' as const, completedAt: new Date().toISOString(), completion: { method, sentText: method === 'sent' ? task.content.text : null } }
}

describe('useCustomerTasksStore', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    vi.clearAllMocks()
    mocks.sendText.mockResolvedValue(undefined)
    mocks.sendNews.mockResolvedValue(undefined)
    mocks.sendMiniprogram.mockResolvedValue(undefined)
  })

  it('should take the tasks that came with the sidebar and count what is due', async () => {
    const store = seeded([makeTask(1), makeTask(2, { status: 'done' }), makeTask(3)])
    expect(store.status).toBe('done')
    expect(store.dueCount).toBe(2)
    expect(store.items.map(t => t.id)).toEqual([1, 3, 2])

    useSidebarStore().present({ kind: 'single', externalUserId: 'wmABC123' }, makeSidebar({ tasks: [] }))
    await nextTick()
    expect(store.dueCount).toBe(0)
  })

  it('should reload from the customer\'s task list, keeping what is due by today and done today', async () => {
    const store = seeded([])
    mocks.get.mockResolvedValue({
      items: [
        makeTask(9),
        makeTask(10, { dueAt: new Date(Date.now() + 72 * HOUR).toISOString() }),
        done(makeTask(11)),
        makeTask(12, { status: 'skipped', skipReason: 'other' }),
        { ...done(makeTask(13)), completedAt: new Date(Date.now() - 72 * HOUR).toISOString() },
      ],
    })
    await store.load()
    expect(mocks.get).toHaveBeenCalledWith('/api/customers/wmABC123/tasks')
    expect(store.items.map(t => t.id)).toEqual([9, 11])
  })

  it('should send the words then the link card, and complete with what was sent', async () => {
    const store = seeded()
    mocks.post.mockResolvedValue(done())

    const result = await store.send(7)

    expect(result.kind).toBe('done')
    expect(mocks.sendText).toHaveBeenCalledWith(makeTask(7).content.text)
    expect(mocks.sendNews).toHaveBeenCalledWith({ title: '即食燕窝 6瓶装', desc: '新客立减30元', link: 'https://mall.example.com/goods/YW-6', imgUrl: 'https://img.example.com/yw6.jpg' })
    expect(mocks.sendText.mock.invocationCallOrder[0]).toBeLessThan(mocks.sendNews.mock.invocationCallOrder[0]!)
    expect(mocks.post).toHaveBeenCalledWith('/api/tasks/7/complete', {
      method: 'sent',
      sentText: makeTask(7).content.text,
      idempotencyKey: expect.stringMatching(/^task-7-/),
    })
    expect(store.items[0]!.status).toBe('done')
    expect(store.attempts.has(7)).toBe(false)
  })

  it('should send a mini-program card after the words', async () => {
    const task = makeTask(7, { content: { text: '订单收到啦', link: null, image: null, miniprogram: { title: '查看我的订单', appid: 'wx0demo', page: 'pages/order/list' } } })
    const store = seeded([task])
    mocks.post.mockResolvedValue(done(task))
    await store.send(7)
    expect(mocks.sendMiniprogram).toHaveBeenCalledWith({ appid: 'wx0demo', title: '查看我的订单', page: 'pages/order/list', imgUrl: '' })
    expect(mocks.sendText.mock.invocationCallOrder[0]).toBeLessThan(mocks.sendMiniprogram.mock.invocationCallOrder[0]!)
  })

  it('should reuse the idempotency key and not send again when recording is retried', async () => {
    const store = seeded()
    mocks.post.mockRejectedValueOnce(new ApiError(0, '无法连接服务器，请检查网络后重试'))

    const first = await store.send(7)
    expect(first).toEqual({ kind: 'record-failed', message: '无法连接服务器，请检查网络后重试' })
    expect(store.items[0]!.status).toBe('pending')
    expect(store.attempts.get(7)).toMatchObject({ stepsSent: 2, totalSteps: 2 })

    mocks.post.mockResolvedValueOnce(done())
    const second = await store.send(7)
    expect(second.kind).toBe('done')
    // Sent once: the retry only records.
    expect(mocks.sendText).toHaveBeenCalledTimes(1)
    expect(mocks.sendNews).toHaveBeenCalledTimes(1)
    const keys = mocks.post.mock.calls.map(call => (call[1] as { idempotencyKey: string }).idempotencyKey)
    expect(keys).toHaveLength(2)
    expect(keys[1]).toBe(keys[0])
  })

  it('should record nothing and keep the task pending when the user cancels in WeCom', async () => {
    const store = seeded()
    mocks.sendText.mockRejectedValueOnce(cancelled())

    const result = await store.send(7)

    expect(result).toEqual({ kind: 'cancelled', partial: false })
    expect(mocks.sendNews).not.toHaveBeenCalled()
    expect(mocks.post).not.toHaveBeenCalled()
    expect(store.items[0]!.status).toBe('pending')
    expect(store.busy.has(7)).toBe(false)
  })

  it('should continue with the card only after a cancel that came after the words went out', async () => {
    const store = seeded()
    mocks.sendNews.mockRejectedValueOnce(cancelled())
    expect(await store.send(7)).toEqual({ kind: 'cancelled', partial: true })
    expect(mocks.post).not.toHaveBeenCalled()

    mocks.post.mockResolvedValue(done())
    await store.send(7)
    expect(mocks.sendText).toHaveBeenCalledTimes(1)
    expect(mocks.sendNews).toHaveBeenCalledTimes(2)
    expect(mocks.post).toHaveBeenCalledTimes(1)
  })

  it('should report a WeCom failure and keep the task pending', async () => {
    const store = seeded()
    mocks.sendText.mockRejectedValueOnce(new WecomError('no_context', '当前入口无法获取聊天对象，请从聊天工具栏打开'))
    expect(await store.send(7)).toEqual({ kind: 'send-failed', message: '当前入口无法获取聊天对象，请从聊天工具栏打开', partial: false })
    expect(mocks.post).not.toHaveBeenCalled()
    expect(store.items[0]!.status).toBe('pending')
  })

  it('should reload the list when the task is no longer open (409)', async () => {
    const store = seeded()
    mocks.post.mockRejectedValueOnce(new ApiError(409, '这个任务已经完成了', 'task_done'))
    mocks.get.mockResolvedValue({ items: [done()] })
    expect(await store.send(7)).toEqual({ kind: 'conflict', message: '这个任务已经完成了' })
    await vi.waitFor(() => expect(store.items[0]!.status).toBe('done'), { timeout: 5000 })
    expect(mocks.get).toHaveBeenCalledWith('/api/customers/wmABC123/tasks')
  })

  it('should mark a task done by hand', async () => {
    const store = seeded()
    mocks.post.mockResolvedValue(done(makeTask(7), 'manual'))
    expect((await store.completeManually(7)).kind).toBe('done')
    expect(mocks.post).toHaveBeenCalledWith('/api/tasks/7/complete', { method: 'manual', idempotencyKey: expect.stringMatching(/^task-7-/) })
    expect(mocks.sendText).not.toHaveBeenCalled()
  })

  it('should skip with a reason and snooze for a number of hours', async () => {
    const store = seeded([makeTask(7), makeTask(8)])
    mocks.post.mockResolvedValueOnce({ ...makeTask(7), status: 'skipped', skipReason: 'customer_bought' })
    expect((await store.skip(7, 'customer_bought')).kind).toBe('done')
    expect(mocks.post).toHaveBeenLastCalledWith('/api/tasks/7/skip', { reason: 'customer_bought' })

    mocks.post.mockResolvedValueOnce({ ...makeTask(8), status: 'snoozed', snoozedUntil: new Date(Date.now() + 3 * HOUR).toISOString() })
    expect((await store.snooze(8, 3)).kind).toBe('done')
    expect(mocks.post).toHaveBeenLastCalledWith('/api/tasks/8/snooze', { hours: 3 })

    expect(store.items.map(t => t.status)).toEqual(['skipped', 'snoozed'])
    expect(store.dueCount).toBe(0)
  })

  it('should keep the task open when a snooze would pass its expiry (409 without closing)', async () => {
    const store = seeded()
    mocks.post.mockRejectedValueOnce(new ApiError(409, '推迟后会超过任务的有效期，不能再推迟了', 'snooze_past_expiry'))
    expect(await store.snooze(7, 24)).toEqual({ kind: 'failed', message: '推迟后会超过任务的有效期，不能再推迟了' })
    expect(mocks.get).not.toHaveBeenCalled()
    expect(store.items[0]!.status).toBe('pending')
  })

  it('should report a failed skip and leave the task as it was', async () => {
    const store = seeded()
    mocks.post.mockRejectedValueOnce(new Error('服务器出错了，请稍后重试'))
    expect(await store.skip(7, 'other', '客户在外地')).toEqual({ kind: 'failed', message: '服务器出错了，请稍后重试' })
    expect(mocks.post).toHaveBeenCalledWith('/api/tasks/7/skip', { reason: 'other', note: '客户在外地' })
    expect(store.items[0]!.status).toBe('pending')
  })
})
