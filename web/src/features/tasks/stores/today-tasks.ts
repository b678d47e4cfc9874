import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import type { TodayTasks } from '#contract/tasks.ts'
import { api } from '@/api/client'
import { useResource } from '@/common/useResource'
import { signedInStaff } from '@/stores/signed-in'

/** The signed-in staff member's tasks for today across customers (the /tasks page). */
export const useTodayTasksStore = defineStore('today-tasks', () => {
  // 'leaving': the page is on its way to the WeCom login or the demo staff picker.
  const today = useResource<TodayTasks | 'leaving'>()
  const data = computed(() => (today.data.value === 'leaving' ? null : today.data.value))
  /** When `data` was fetched: due times are shown relative to it. */
  const loadedAt = ref(0)

  /**
   * Signs in if needed, then fetches `GET /api/tasks/today`. A refresh (pull to refresh) keeps
   * the current list on screen while it loads; a failed refresh keeps it too and reports.
   * @returns false when it failed (the error is in `error`)
   */
  async function load(): Promise<boolean> {
    const ok = await today.run(async () => {
      if (!await signedInStaff())
        return 'leaving'
      return api.get<TodayTasks>('/api/tasks/today')
    })
    if (!ok || today.data.value === 'leaving')
      return false
    loadedAt.value = Date.now()
    return true
  }

  return { status: today.status, error: today.error, data, loadedAt, load }
})
