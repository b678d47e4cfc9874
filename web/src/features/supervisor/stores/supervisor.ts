import { defineStore } from 'pinia'
import { ref, shallowRef } from 'vue'
import type {
  PeriodKey, SupervisorCharts, SupervisorScope, SupervisorSops, SupervisorSummary, SupervisorUnanswered,
} from '#contract/supervisor.ts'
import { type ApiError, api } from '@/api/client'
import { useResource } from '@/common/useResource'
import { signedInStaff } from '@/stores/signed-in'

/**
 * The supervisor page's state: who is looking and what they may see (scope), the chosen period
 * and department, and the four parts of the page, each loaded on its own so a slow chart never
 * holds back the figures. The choice survives going into a drill-down and back.
 */
export const useSupervisorStore = defineStore('supervisor', () => {
  const scope = useResource<SupervisorScope>()
  const summary = useResource<SupervisorSummary>()
  const sops = useResource<SupervisorSops>()
  const charts = useResource<SupervisorCharts>()
  const unanswered = useResource<SupervisorUnanswered>()

  const period = ref<PeriodKey>('7d')
  const departmentId = ref<number | null>(null)
  /** Set when the signed-in member is no supervisor (403): the page says so instead of loading. */
  const refused = shallowRef<ApiError | null>(null)

  const query = () => ({ period: period.value, departmentId: departmentId.value })

  /** Signs in if needed, then the scope (once), then every part for the current choice. */
  async function load(): Promise<void> {
    try {
      if (!await signedInStaff())
        return
    }
    catch (e) {
      scope.fail(e)
      return
    }
    if (scope.status.value !== 'done') {
      const ok = await scope.run(() => api.get<SupervisorScope>('/api/supervisor/scope'))
      if (scope.error.value?.status === 403)
        refused.value = scope.error.value
      if (!ok)
        return
      departmentId.value ??= scope.data.value!.defaultDepartmentId
    }
    await loadParts()
  }

  function loadParts(): Promise<unknown> {
    const q = query()
    return Promise.all([
      summary.run(() => api.get<SupervisorSummary>('/api/supervisor/summary', q)),
      sops.run(() => api.get<SupervisorSops>('/api/supervisor/sops', q)),
      charts.run(() => api.get<SupervisorCharts>('/api/supervisor/charts', q)),
      unanswered.run(() => api.get<SupervisorUnanswered>('/api/supervisor/unanswered', q)),
    ])
  }

  function choose(next: { period?: PeriodKey, departmentId?: number }): Promise<unknown> {
    if (next.period)
      period.value = next.period
    if (next.departmentId)
      departmentId.value = next.departmentId
    return loadParts()
  }

  return { scope, summary, sops, charts, unanswered, period, departmentId, refused, load, loadParts, choose }
})
