import { computed, ref, shallowRef } from 'vue'
import type { DemoStaff } from '../../../../bff/contract/auth.ts'
import { ApiError, api } from '@/api/client'
import type { AsyncStatus } from '@/common/async-status'

export interface DemoDepartment {
  departmentId: number
  departmentName: string
  staff: DemoStaff[]
}

/** Groups staff by department, keeping the order the BFF sent; supervisors first within each. */
export function groupByDepartment(staff: readonly DemoStaff[]): DemoDepartment[] {
  const groups = new Map<number, DemoDepartment>()
  for (const member of staff) {
    let group = groups.get(member.departmentId)
    if (!group) {
      group = { departmentId: member.departmentId, departmentName: member.departmentName, staff: [] }
      groups.set(member.departmentId, group)
    }
    group.staff.push(member)
  }
  for (const group of groups.values())
    group.staff.sort((a, b) => Number(b.role === 'supervisor') - Number(a.role === 'supervisor'))
  return [...groups.values()]
}

/** The demo staff members one can "be" (`GET /api/auth/demo/staff`). */
export function useDemoStaff() {
  const staff = shallowRef<DemoStaff[]>([])
  const status = ref<AsyncStatus>('idle')
  const error = shallowRef<ApiError | null>(null)
  const departments = computed(() => groupByDepartment(staff.value))

  async function load(): Promise<void> {
    status.value = 'loading'
    error.value = null
    try {
      staff.value = await api.get<DemoStaff[]>('/api/auth/demo/staff')
      status.value = 'done'
    }
    catch (err) {
      error.value = err instanceof ApiError ? err : new ApiError(0, '成员列表加载失败')
      if (!(err instanceof ApiError))
        console.error('[demo]', err)
      status.value = 'error'
    }
  }

  return { staff, departments, status, error, load }
}
