import { ref, shallowRef } from 'vue'
import { ApiError } from '@/api/client'
import type { AsyncStatus } from '@/common/async-status'

/**
 * One thing a page loads: explicit status and error, the last good data kept while a refresh
 * runs, and answers of superseded requests (the period or the customer changed meanwhile) dropped.
 */
export function useResource<T>() {
  const status = ref<AsyncStatus>('idle')
  const error = shallowRef<ApiError | null>(null)
  const data = shallowRef<T | null>(null)
  let generation = 0

  async function run(fetcher: () => Promise<T>): Promise<boolean> {
    const mine = ++generation
    status.value = 'loading'
    error.value = null
    try {
      const value = await fetcher()
      if (mine !== generation)
        return false
      data.value = value
      status.value = 'done'
      return true
    }
    catch (err) {
      if (mine !== generation)
        return false
      error.value = err instanceof ApiError ? err : new ApiError(0, err instanceof Error && err.message ? err.message : '加载失败，请重试')
      status.value = 'error'
      return false
    }
  }

  function clear() {
    generation++
    status.value = 'idle'
    error.value = null
    data.value = null
  }

  return { status, error, data, run, clear }
}
