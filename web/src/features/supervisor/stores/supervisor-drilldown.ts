import { defineStore } from 'pinia'
import type { NudgeResult, SupervisorCustomer, SupervisorStaffDetail } from '#contract/supervisor.ts'
import { api } from '@/api/client'
import { useResource } from '@/common/useResource'
import { useSessionStore } from '@/stores/session'
import { useSupervisorStore } from './supervisor'

/** The supervisor's drill-downs: one team member, and one team customer (read-only). */
export const useSupervisorDrilldownStore = defineStore('supervisor-drilldown', () => {
  const staff = useResource<SupervisorStaffDetail>()
  const customer = useResource<SupervisorCustomer>()

  /**
   * One member's figures, overdue and skipped tasks and unanswered customers, for the period
   * chosen on the board. `fresh`: a new visit, so what an earlier visit loaded is not shown.
   */
  async function loadStaff(staffId: number, fresh = false): Promise<void> {
    if (fresh)
      staff.clear()
    if (await useSessionStore().ensureSignedIn())
      await staff.run(() => api.get<SupervisorStaffDetail>(`/api/supervisor/staff/${staffId}`, { period: useSupervisorStore().period }))
  }

  /** Sends the member a reminder of their overdue tasks; the same key never sends twice. */
  function nudge(staffId: number, idempotencyKey: string): Promise<NudgeResult> {
    return api.post<NudgeResult>(`/api/supervisor/staff/${staffId}/nudge`, { idempotencyKey })
  }

  /** A team customer: who they are, their stage, who serves them, their tasks with the team. */
  async function loadCustomer(customerId: number, fresh = false): Promise<void> {
    if (fresh)
      customer.clear()
    if (await useSessionStore().ensureSignedIn())
      await customer.run(() => api.get<SupervisorCustomer>(`/api/supervisor/customers/${customerId}`))
  }

  return { staff, customer, loadStaff, nudge, loadCustomer }
})
