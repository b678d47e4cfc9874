import { defineStore } from 'pinia'
import { watch } from 'vue'
import { api } from '@/api/client'
import { useResource } from '@/common/useResource'
import type { StageHistoryResponse } from '#contract/journey.ts'
import { useSidebarStore } from './sidebar'

/**
 * The sidebar customer's stage visits, newest first (for the stage sheet). Fetched when the sheet
 * is first opened, not with the first screen.
 */
export const useStageHistoryStore = defineStore('stage-history', () => {
  const sidebar = useSidebarStore()
  const history = useResource<StageHistoryResponse>()

  // Every load of the sidebar starts over, and drops an answer still on its way.
  watch(() => (sidebar.status === 'loading' ? null : sidebar.data), () => history.clear())

  /** Loads once per customer; call again after an error to retry. */
  async function load(): Promise<void> {
    if (history.status.value === 'loading' || history.status.value === 'done')
      return
    const path = sidebar.customerPath('stage')
    await history.run(() => api.get<StageHistoryResponse>(path))
  }

  return { data: history.data, status: history.status, error: history.error, load }
})
