import { describe, expect, it, vi } from 'vitest'
import { ApiError } from '@/api/client'
import { useCursorList } from './useCursorList'

interface NumberPage { items: number[], nextCursor: string | null }

function deferred<T>() {
  let resolve!: (value: T) => void
  const promise = new Promise<T>((res) => {
    resolve = res
  })
  return { promise, resolve }
}

describe('useCursorList', () => {
  it('should fetch the first page with a null cursor and start idle', async () => {
    const fetchPage = vi.fn().mockResolvedValue({ items: ['a'], nextCursor: 'n' })
    const list = useCursorList<string>(fetchPage)
    expect(list.status.value).toBe('idle')
    expect(list.started.value).toBe(false)
    await list.loadMore()
    expect(fetchPage).toHaveBeenCalledWith(null, expect.any(AbortSignal))
    expect(list.items.value).toEqual(['a'])
    expect(list.nextCursor.value).toBe('n')
    expect(list.started.value).toBe(true)
  })

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

  it('should share one request between overlapping loadMore calls', async () => {
    const page = deferred<NumberPage>()
    const fetchPage = vi.fn().mockReturnValue(page.promise)
    const list = useCursorList<number>(fetchPage)
    const a = list.loadMore()
    const b = list.loadMore()
    expect(list.status.value).toBe('loading')
    page.resolve({ items: [1], nextCursor: null })
    await Promise.all([a, b])
    expect(fetchPage).toHaveBeenCalledOnce()
    expect(list.items.value).toEqual([1])
  })

  it('should keep the ApiError and allow a retry when a page fails', async () => {
    const fetchPage = vi.fn()
      .mockRejectedValueOnce(new ApiError(0, '无法连接服务器，请检查网络后重试'))
      .mockResolvedValueOnce({ items: [1], nextCursor: null })
    const list = useCursorList<number>(fetchPage)
    await list.loadMore()
    expect(list.status.value).toBe('error')
    expect(list.error.value?.status).toBe(0)
    await list.loadMore()
    expect(list.items.value).toEqual([1])
    expect(list.status.value).toBe('done')
  })

  it('should keep the items and the error, and load the same page again after clearError', async () => {
    const fetchPage = vi.fn()
      .mockResolvedValueOnce({ items: [4], nextCursor: 'c' })
      .mockRejectedValueOnce(new Error('网络错误'))
      .mockResolvedValueOnce({ items: [5], nextCursor: null })
    const list = useCursorList<number>(fetchPage)
    await list.loadMore()
    await list.loadMore()
    expect(list.status.value).toBe('error')
    expect(list.error.value).toBeInstanceOf(ApiError)
    expect(list.error.value?.message).toBe('网络错误')
    expect(list.items.value).toEqual([4])

    list.clearError()
    expect(list.status.value).toBe('done')
    await list.loadMore()
    expect(fetchPage).toHaveBeenLastCalledWith('c', expect.any(AbortSignal))
    expect(list.items.value).toEqual([4, 5])
  })

  it('should abort and drop an answer still in flight after reset', async () => {
    const old = deferred<NumberPage>()
    let signal: AbortSignal | undefined
    const fetchPage = vi.fn()
      .mockImplementationOnce((_cursor: string | null, s: AbortSignal) => {
        signal = s
        return old.promise
      })
      .mockResolvedValueOnce({ items: [9], nextCursor: null })
    const list = useCursorList<number>(fetchPage)
    const stale = list.loadMore()

    list.reset()
    expect(signal?.aborted).toBe(true)
    expect(list.status.value).toBe('idle')
    await list.loadMore()
    expect(fetchPage).toHaveBeenLastCalledWith(null, expect.any(AbortSignal))
    old.resolve({ items: [1, 2, 3], nextCursor: 'x' })
    await stale
    expect(list.items.value).toEqual([9])
    expect(list.finished.value).toBe(true)
  })
})
