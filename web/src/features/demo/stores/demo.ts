import { defineStore } from 'pinia'
import { computed } from 'vue'
import type { DemoStaff } from '#contract/auth.ts'
import type { CustomerListPage } from '#contract/customer.ts'
import { api } from '@/api/client'
import { groupInOrder } from '@/common/group-in-order'
import { useResource } from '@/common/useResource'

export interface DemoDepartment {
  departmentId: number
  departmentName: string
  staff: DemoStaff[]
}

/** Groups staff by department, keeping the order the BFF sent; supervisors first within each. */
export function groupByDepartment(staff: readonly DemoStaff[]): DemoDepartment[] {
  return groupInOrder(staff, member => member.departmentId).map(members => ({
    departmentId: members[0].departmentId,
    departmentName: members[0].departmentName,
    staff: members.sort((a, b) => Number(b.role === 'supervisor') - Number(a.role === 'supervisor')),
  }))
}

const PAGE_SIZE = 20

/** The demo client (/demo): the staff members one can "be", and the chats one can open. */
export const useDemoStore = defineStore('demo', () => {
  const staff = useResource<DemoStaff[]>()
  const departments = computed(() => groupByDepartment(staff.data.value ?? []))

  /** `GET /api/auth/demo/staff`. */
  async function loadStaff(): Promise<void> {
    await staff.run(() => api.get<DemoStaff[]>('/api/auth/demo/staff'))
  }

  /** The signed-in member's customers matching `q`, the page after `cursor`. */
  function fetchCustomers(q: string, cursor: string | null, signal: AbortSignal): Promise<CustomerListPage> {
    return api.get<CustomerListPage>('/api/customers', { q, cursor, limit: PAGE_SIZE }, { signal })
  }

  return { staffStatus: staff.status, staffError: staff.error, departments, loadStaff, fetchCustomers }
})
