import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { nextTick } from 'vue'
import type { ChatMessage, RecoResponse } from '#contract/reco.ts'
import { ApiError } from '@/api/client'
import { useSidebarStore } from '@/features/sidebar/stores/sidebar'
import { WecomError } from '@/wecom/errors'
import { useRecoStore } from './reco'

const mocks = vi.hoisted(() => ({ get: vi.fn(), post: vi.fn(), sendNews: vi.fn(), sendMiniprogram: vi.fn(), sendText: vi.fn() }))
vi.mock('@/api/client', async importOriginal => ({
  ...await importOriginal<typeof import('@/api/client')>(),
  api: { get: mocks.get, post: mocks.post },
}))
vi.mock('@/wecom/send', () => ({ sendText: mocks.sendText, sendNews: mocks.sendNews, sendMiniprogram: mocks.sendMiniprogram }))
vi.mock('@/stores/session', () => ({ useSessionStore: () => ({ ensureSignedIn: async () => ({ userId: 'zhangli' }), status: 'done', error: null }) }))

const NEWS: ChatMessage = { msgtype: 'news', news: { title: '送您一张「满299减50」', desc: '满299减50 · 全场通用', link: 'https://mall.example.com/coupon/claim?tpl=A&s=zhangli', imgUrl: '' }, miniprogram: null }
const MINI: ChatMessage = { msgtype: 'miniprogram', news: null, miniprogram: { appid: 'wx1', title: '即食燕窝', imgUrl: '', page: 'pages/goods/detail?sku=YW' } }
const EMPTY: RecoResponse = { customer: { externalUserId: 'wmABC123', name: '林晓雯', marketingAverse: false }, stage: null, held: [], coupons: [], products: [] }

function store(externalUserId = 'wmABC123') {
  useSidebarStore().present({ kind: 'single', externalUserId }, null)
  return useRecoStore()
}

describe('useRecoStore', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    vi.clearAllMocks()
    mocks.get.mockResolvedValue(EMPTY)
    mocks.sendNews.mockResolvedValue(undefined)
    mocks.sendMiniprogram.mockResolvedValue(undefined)
    mocks.post.mockResolvedValue({ id: 1, kind: 'coupon', refId: 3, sentAt: '2026-11-20T02:30:00.000Z', couponCode: 'CS1', note: null })
  })

  it('should load the customer\'s recommendations on demand, and start over for another customer', async () => {
    const s = store()
    expect(s.status).toBe('idle')
    await s.load()
    expect(mocks.get).toHaveBeenCalledWith('/api/customers/wmABC123/recommendations')
    expect(s.data).toEqual(EMPTY)
    useSidebarStore().present({ kind: 'single', externalUserId: 'wmOther' }, null)
    await nextTick()
    expect(s.status).toBe('idle')
    expect(s.data).toBeNull()
  })

  it('should send the card through WeCom, then record exactly it with an idempotency key, then reload', async () => {
    const s = store()
    const result = await s.send('coupon', 3, NEWS)
    expect(result.kind).toBe('done')
    expect(mocks.sendNews).toHaveBeenCalledWith(NEWS.news)
    expect(mocks.post).toHaveBeenCalledWith('/api/customers/wmABC123/sends', { kind: 'coupon', refId: 3, message: NEWS, idempotencyKey: expect.stringMatching(/^coupon-3-[0-9a-f]{24}$/) })
    expect(mocks.get).toHaveBeenCalledTimes(1)
  })

  it('should send a mini-program card as one', async () => {
    await store().send('product', 5, MINI)
    expect(mocks.sendMiniprogram).toHaveBeenCalledWith(MINI.miniprogram)
    expect(mocks.sendNews).not.toHaveBeenCalled()
  })

  it('should record nothing when the send is cancelled in WeCom', async () => {
    mocks.sendNews.mockRejectedValue(new WecomError('cancelled', '已取消', 'sendChatMessage:cancel'))
    const s = store()
    expect(await s.send('coupon', 3, NEWS)).toEqual({ kind: 'cancelled' })
    expect(mocks.post).not.toHaveBeenCalled()
    expect(s.isPending('coupon', 3)).toBe(false)
  })

  it('should retry a failed record with the same key, without sending again', async () => {
    mocks.post.mockRejectedValueOnce(new ApiError(0, '无法连接服务器'))
    const s = store()
    expect((await s.send('coupon', 3, NEWS)).kind).toBe('record-failed')
    expect(s.isPending('coupon', 3)).toBe(true)
    expect((await s.send('coupon', 3, NEWS)).kind).toBe('done')
    expect(mocks.sendNews).toHaveBeenCalledTimes(1)
    const keys = mocks.post.mock.calls.map(c => (c[1] as { idempotencyKey: string }).idempotencyKey)
    expect(keys[0]).toBe(keys[1])
    expect(s.isPending('coupon', 3)).toBe(false)
  })

  it('should drop the attempt and reload when the BFF refuses the record', async () => {
    mocks.post.mockRejectedValueOnce(new ApiError(400, '发送的内容与推荐不一致', 'message_mismatch'))
    const s = store()
    expect(await s.send('product', 5, NEWS)).toEqual({ kind: 'record-failed', message: '发送的内容与推荐不一致' })
    expect(s.isPending('product', 5)).toBe(false)
    expect(mocks.get).toHaveBeenCalled()
  })
})
