import { onBeforeUnmount, onMounted, ref } from 'vue'

/**
 * The current time as a ref, ticking every `intervalMs` while the component is mounted, so due
 * labels ("已逾期 3小时", "40分钟后到期") stay true on a sidebar left open.
 */
export function useNow(intervalMs = 30_000) {
  const now = ref(Date.now())
  let timer: ReturnType<typeof setInterval> | undefined
  onMounted(() => {
    now.value = Date.now()
    timer = setInterval(() => {
      now.value = Date.now()
    }, intervalMs)
  })
  onBeforeUnmount(() => clearInterval(timer))
  return now
}
