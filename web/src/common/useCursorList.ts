import { computed } from 'vue'
import { useResource } from '@/common/useResource'

/** One page from a cursor-paged endpoint (the contract's `Page(T)`). */
export interface CursorPage<T> {
  items: T[]
  nextCursor: string | null
}

/** Fetch the page after `cursor` (null = the first page); abort when `signal` fires. */
export type PageFetcher<T> = (cursor: string | null, signal: AbortSignal) => Promise<CursorPage<T>>

/**
 * A list that pages with an opaque cursor, as every list endpoint of the BFF does, built on
 * useResource: its data is every page so far, so status, error and stale answers work the same.
 * A `reset()` aborts the request in flight and drops its answer: switching a filter quickly
 * never mixes two filters' items.
 *
 * Shared by every paged list (sidebar orders and trail, the demo customer picker).
 */
export function useCursorList<T>(fetchPage: PageFetcher<T>) {
  // Items are read-only API data held in a shallowRef: deep proxies would only cost time.
  const pages = useResource<CursorPage<T>>()
  let inflight: Promise<void> | null = null

  const items = computed<T[]>(() => pages.data.value?.items ?? [])
  const nextCursor = computed(() => pages.data.value?.nextCursor ?? null)
  /** Whether at least one page has arrived. */
  const started = computed(() => pages.data.value !== null)
  /** True once the last page is in: nothing more to load. */
  const finished = computed(() => started.value && nextCursor.value === null)

  /**
   * Load the next page (the first one when nothing is loaded yet). While a page is loading this
   * returns that same load, so callers (van-list) can await it without starting a second one.
   */
  function loadMore(): Promise<void> {
    if (pages.status.value === 'loading' && inflight)
      return inflight
    if (finished.value)
      return Promise.resolve()
    const before = pages.data.value
    const load = pages.run(async (signal) => {
      const page = await fetchPage(before ? before.nextCursor : null, signal)
      return { items: before ? [...before.items, ...page.items] : [...page.items], nextCursor: page.nextCursor }
    }).then(() => {
      if (inflight === load)
        inflight = null
    })
    inflight = load
    return load
  }

  /** Forget everything (and answers in flight); the next loadMore() starts from the first page. */
  function reset(): void {
    inflight = null
    pages.clear()
  }

  return {
    items,
    nextCursor,
    status: pages.status,
    error: pages.error,
    finished,
    started,
    loadMore,
    reset,
    /** Leave the error state so a retry can load again (van-list clears its error this way). */
    clearError: pages.clearError,
  }
}

export type CursorList<T> = ReturnType<typeof useCursorList<T>>
