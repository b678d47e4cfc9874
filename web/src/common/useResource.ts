import { ref, shallowRef } from 'vue'
import { ApiError } from '@/api/client'
import type { AsyncStatus } from '@/common/async-status'

/**
 * The one error shape of the web app: what the API client threw stays as it is; anything else
 * (a WeCom failure, a chunk that did not download, a bug) becomes an ApiError with status 0 and
 * `code`, so screens are picked from the code alone (see error-screens.ts).
 */
export function toApiError(err: unknown, code = 'unexpected', fallback = ''): ApiError {
  if (err instanceof ApiError)
    return err
  const message = err instanceof Error ? err.message : typeof err === 'string' ? err : ''
  return new ApiError(0, message || fallback, code)
}

/**
 * One thing the app loads: explicit status and error, the last good data kept while a refresh
 * runs, and answers of superseded requests (the period or the customer changed meanwhile) dropped.
 * Every store loads through this (or through useCursorList, which is built on it).
 */
export function useResource<T>() {
  const status = ref<AsyncStatus>('idle')
  const error = shallowRef<ApiError | null>(null)
  const data = shallowRef<T | null>(null)
  let generation = 0
  let controller: AbortController | null = null

  /**
   * Runs `fetcher` and keeps its answer, unless another run or a `clear()` came meanwhile.
   * `signal` fires on `clear()`, for fetchers that can cancel their request.
   * @returns true when this run's answer was kept
   */
  async function run(fetcher: (signal: AbortSignal) => Promise<T>): Promise<boolean> {
    const mine = ++generation
    controller = new AbortController()
    status.value = 'loading'
    error.value = null
    try {
      const value = await fetcher(controller.signal)
      if (mine !== generation)
        return false
      data.value = value
      status.value = 'done'
      return true
    }
    catch (err) {
      if (mine !== generation)
        return false
      error.value = toApiError(err, 'unexpected', '加载失败，请重试')
      status.value = 'error'
      return false
    }
  }

  /** Fails without a request (e.g. signing in failed before anything could be fetched). */
  function fail(err: unknown): void {
    generation++
    error.value = toApiError(err)
    status.value = 'error'
  }

  /** Takes `value` as loaded (data that came with another answer); drops answers in flight. */
  function set(value: T | null): void {
    generation++
    data.value = value
    status.value = value === null ? 'idle' : 'done'
    error.value = null
  }

  /** Forgets everything and aborts the request in flight; its answer is dropped. */
  function clear(): void {
    controller?.abort()
    controller = null
    set(null)
  }

  /** Leaves the error state (keeping the data) so that a retry can run. */
  function clearError(): void {
    if (status.value === 'error') {
      status.value = data.value === null ? 'idle' : 'done'
      error.value = null
    }
  }

  return { status, error, data, run, fail, set, clear, clearError }
}

export type Resource<T> = ReturnType<typeof useResource<T>>
