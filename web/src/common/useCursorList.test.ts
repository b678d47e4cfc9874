import { describe, expect, it, vi } from 'vitest'
import { ApiError } from '@/api/client'
import { useCursorList } from './useCursorList'

describe('useCursorList', () => {
  it('should append pages until nextCursor is null', async () => {
    const fetchPage = vi.fn()
      .mockResolvedValueOnce({ items: [1, 2], nextCursor: 'c1' })
      .mockResolvedValueOnce({ items: [3], nextCursor: null })
    const list = useCursorList<number>(fetchPage)
    await list.loadMore()
    await list.loadMore()
    await list.loadMore()
    expect(list.items.value).toEqual([1, 2, 3])
    expect(list.finished.value).toBe(true)
    expect(fetchPage.mock.calls.map(c => c[0])).toEqual([null, 'c1'])
  })

  it('should keep the ApiError and allow a retry when a page fails', async () => {
    const fetchPage = vi.fn()
      .mockRejectedValueOnce(new ApiError(0, '无法连接服务器，请检查网络后重试'))
      .mockResolvedValueOnce({ items: [1], nextCursor: null })
    const list = useCursorList<number>(fetchPage)
    await list.loadMore()
    expect(list.status.value).toBe('error')
    expect((list.error.value as ApiError).status).toBe(0)
    await list.loadMore()
    expect(list.items.value).toEqual([1])
    expect(list.status.value).toBe('done')
  })

  it('should drop a late answer when reset during a request', async () => {
    let resolveFirst!: (page: { items: number[], nextCursor: string | null }) => void
    const fetchPage = vi.fn()
      .mockImplementationOnce(() => new Promise((resolve) => {
        resolveFirst = resolve
      }))
      .mockResolvedValueOnce({ items: [9], nextCursor: null })
    const list = useCursorList<number>(fetchPage)
    const stale = list.loadMore()
    list.reset()
    await list.loadMore()
    resolveFirst({ items: [1], nextCursor: 'x' })
    await stale
    expect(list.items.value).toEqual([9])
    expect((fetchPage.mock.calls[0]![1] as AbortSignal).aborted).toBe(true)
  })
})
