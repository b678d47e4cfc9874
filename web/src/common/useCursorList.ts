import { computed, ref, shallowRef } from 'vue'
import type { AsyncStatus } from '@/common/async-status'

/** One page from a cursor-paged endpoint (the contract's `Page(T)`). */
export interface CursorPage<T> {
  items: T[]
  nextCursor: string | null
}

/** Fetch the page after `cursor` (null = the first page); abort when `signal` fires. */
export type PageFetcher<T> = (cursor: string | null, signal: AbortSignal) => Promise<CursorPage<T>>

/**
 * A list that pages with an opaque cursor, as every list endpoint of the BFF does.
 *
 * It can start from a page that is already at hand (the sidebar response carries the first page
 * of orders and of events), so the first screen needs no extra round trip. A `reset()` aborts
 * the request in flight and drops its answer: switching a filter quickly never mixes two
 * filters' items.
 *
 * Shared by every paged list (sidebar orders and trail, the demo customer picker).
 */
export function useCursorList<T>(fetchPage: PageFetcher<T>, initial?: CursorPage<T> | null) {
  // shallowRef: items are read-only API data; deep proxies would only cost time on long lists.
  const items = shallowRef<T[]>([])
  const nextCursor = ref<string | null>(null)
  const status = ref<AsyncStatus>('idle')
  const error = ref<Error | null>(null)
  /** Whether at least one page has arrived (from `initial` or a fetch). */
  const started = ref(false)
  let generation = 0
  let inflight: Promise<void> | null = null
  let controller: AbortController | null = null

  /** True once the last page is in: nothing more to load. */
  const finished = computed(() => started.value && nextCursor.value === null)

  function seed(page: CursorPage<T> | null | undefined) {
    items.value = page ? [...page.items] : []
    nextCursor.value = page ? page.nextCursor : null
    started.value = !!page
    status.value = page ? 'done' : 'idle'
    error.value = null
  }

  /**
   * Load the next page (the first one when nothing is loaded yet). While a page is loading this
   * returns that same load, so callers (van-list) can await it without starting a second one.
   */
  function loadMore(): Promise<void> {
    if (status.value === 'loading' && inflight)
      return inflight
    if (finished.value)
      return Promise.resolve()
    controller = new AbortController()
    const load = fetchNext(generation, controller.signal)
    inflight = load
    return load
  }

  async function fetchNext(mine: number, signal: AbortSignal): Promise<void> {
    status.value = 'loading'
    error.value = null
    try {
      const page = await fetchPage(started.value ? nextCursor.value : null, signal)
      if (mine !== generation)
        return
      inflight = null
      items.value = [...items.value, ...page.items]
      nextCursor.value = page.nextCursor
      started.value = true
      status.value = 'done'
    }
    catch (e) {
      if (mine !== generation)
        return
      inflight = null
      error.value = e instanceof Error ? e : new Error(String(e))
      status.value = 'error'
    }
  }

  /** Forget everything (and answers in flight); start again from `page` or from nothing. */
  function reset(page?: CursorPage<T> | null) {
    generation++
    controller?.abort()
    controller = null
    inflight = null
    seed(page)
  }

  /** Leave the error state so a retry can load again (van-list clears its error this way). */
  function clearError() {
    if (status.value === 'error') {
      status.value = started.value ? 'done' : 'idle'
      error.value = null
    }
  }

  seed(initial)

  return { items, nextCursor, status, error, finished, started, loadMore, reset, clearError }
}

export type CursorList<T> = ReturnType<typeof useCursorList<T>>
