import { describe, expect, it, vi } from 'vitest'
import { useCursorList } from './useCursorList'

function deferred<T>() {
  let resolve!: (value: T) => void
  let reject!: (reason: unknown) => void
  const promise = new Promise<T>((res, rej) => {
    resolve = res
    reject = rej
  })
  return { promise, resolve, reject }
}

describe('useCursorList', () => {
  it('should start from a page at hand and fetch the next one with its cursor', async () => {
    const fetchPage = vi.fn().mockResolvedValue({ items: [3, 4], nextCursor: null })
    const list = useCursorList<number>(fetchPage, { items: [1, 2], nextCursor: 'c2' })
    expect(list.status.value).toBe('done')
    expect(list.finished.value).toBe(false)

    await list.loadMore()
    expect(fetchPage).toHaveBeenCalledWith('c2', expect.any(AbortSignal))
    expect(list.items.value).toEqual([1, 2, 3, 4])
    expect(list.finished.value).toBe(true)

    await list.loadMore()
    expect(fetchPage).toHaveBeenCalledOnce()
  })

  it('should fetch the first page with a null cursor when nothing is at hand', async () => {
    const fetchPage = vi.fn().mockResolvedValue({ items: ['a'], nextCursor: 'n' })
    const list = useCursorList<string>(fetchPage)
    expect(list.status.value).toBe('idle')
    await list.loadMore()
    expect(fetchPage).toHaveBeenCalledWith(null, expect.any(AbortSignal))
    expect(list.items.value).toEqual(['a'])
    expect(list.nextCursor.value).toBe('n')
  })

  it('should share one request between overlapping loadMore calls', async () => {
    const page = deferred<{ items: number[], nextCursor: string | null }>()
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

  it('should keep the error and load again after clearError', async () => {
    const fetchPage = vi.fn()
      .mockRejectedValueOnce(new Error('网络错误'))
      .mockResolvedValueOnce({ items: [5], nextCursor: null })
    const list = useCursorList<number>(fetchPage, { items: [4], nextCursor: 'c' })
    await list.loadMore()
    expect(list.status.value).toBe('error')
    expect(list.error.value?.message).toBe('网络错误')
    expect(list.items.value).toEqual([4])

    list.clearError()
    expect(list.status.value).toBe('done')
    await list.loadMore()
    expect(fetchPage).toHaveBeenLastCalledWith('c', expect.any(AbortSignal))
    expect(list.items.value).toEqual([4, 5])
  })

  it('should abort and ignore an answer still in flight after reset', async () => {
    const old = deferred<{ items: number[], nextCursor: string | null }>()
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
    await list.loadMore()
    old.resolve({ items: [1, 2, 3], nextCursor: 'x' })
    await stale
    expect(list.items.value).toEqual([9])
    expect(list.finished.value).toBe(true)
  })

  it('should start again from a new page at hand on reset(page)', () => {
    const list = useCursorList<number>(vi.fn(), { items: [1], nextCursor: null })
    list.reset({ items: [7, 8], nextCursor: 'k' })
    expect(list.items.value).toEqual([7, 8])
    expect(list.nextCursor.value).toBe('k')
    expect(list.status.value).toBe('done')
  })
})
