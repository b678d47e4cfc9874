import { onBeforeUnmount, onMounted, type Ref, ref } from 'vue'

/**
 * The height of sticky chrome at the top of a page (the demo bar), so that the page's own sticky
 * parts (tab bar, filter chips) stick right below it instead of sliding beneath it.
 *
 * The chrome decides by itself, asynchronously, whether it shows; we watch the page root's
 * direct children for it to appear rather than couple to its internals.
 */
export function useStickyOffset(root: Ref<HTMLElement | null>) {
  const offset = ref(0)
  let observer: MutationObserver | null = null

  function measure() {
    const el = root.value
    if (!el)
      return
    let total = 0
    for (const child of Array.from(el.children)) {
      const position = getComputedStyle(child).position
      if (position === 'sticky' || position === 'fixed')
        total += (child as HTMLElement).offsetHeight
    }
    offset.value = total
  }

  onMounted(() => {
    measure()
    if (root.value && typeof MutationObserver !== 'undefined') {
      observer = new MutationObserver(measure)
      observer.observe(root.value, { childList: true })
    }
  })
  onBeforeUnmount(() => observer?.disconnect())

  return offset
}
