import { computed, ref } from 'vue'
import type { CursorList } from '@/common/useCursorList'

/**
 * The v-model bindings van-list wants, driven by a cursor list.
 *
 * van-list sets its own `loading` to true before it emits `load`, and checks the scroll position
 * again whenever `loading` turns false. Keeping that flag in a local ref that we clear only after
 * the page has arrived (instead of deriving it from the list's status) makes sure that change is
 * always seen, even when a page arrives within the same tick.
 */
export function useVanList<T>(list: CursorList<T>) {
  const loading = ref(false)
  const error = computed({
    get: () => list.status.value === 'error',
    // van-list clears its error when the error text is tapped, then loads again.
    set: (value: boolean) => {
      if (!value)
        list.clearError()
    },
  })

  async function onLoad() {
    try {
      await list.loadMore()
    }
    finally {
      loading.value = false
    }
  }

  return { loading, error, onLoad }
}
