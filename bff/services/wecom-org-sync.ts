/**
 * The corp's organisation from WeCom: departments (with their tree), members and who leads what
 * (`is_leader_in_dept`, `department_leader`). Supervisor scopes come from department_leaders, so
 * a real corp needs this before anyone but a demo user can sign in or supervise.
 *
 * Fetch first (many API calls, no transaction), then write everything in one transaction: a sync
 * that fails halfway changes nothing. Only rows WeCom owns are touched: departments with a
 * wecom_department_id and the staff in them; the demo brand's rows are left alone.
 */
import type { Db } from '../../db/client.ts'
import type { WecomApiClient, WecomDepartment, WecomMember } from './wecom-api.ts'

export interface OrgSnapshot {
  departments: WecomDepartment[]
  members: WecomMember[]
}

export interface OrgSyncCounts {
  departments: number
  departmentsAdded: number
  staffAdded: number
  staffUpdated: number
  /** Members no longer in WeCom (left, or out of the app's visible range): they can no longer sign in. */
  staffDeactivated: number
  leaders: number
}

/** WeCom's member status: 1 active; 2 disabled, 4 not yet activated, 5 left. */
const ACTIVE = 1

/** Every department the app sees and every member in them (each member once). */
export async function fetchOrg(api: WecomApiClient): Promise<OrgSnapshot> {
  const departments = await api.listDepartments()
  const members = new Map<string, WecomMember>()
  for (const d of departments) {
    for (const m of await api.listDepartmentMembers(d.id))
      members.set(m.userid, m)
  }
  return { departments, members: [...members.values()] }
}

/** Writes the snapshot: departments, staff (activity, department, role), department leaders. */
export function applyOrg(db: Db, org: OrgSnapshot): OrgSyncCounts {
  const sqlite = db.$client
  const counts: OrgSyncCounts = { departments: org.departments.length, departmentsAdded: 0, staffAdded: 0, staffUpdated: 0, staffDeactivated: 0, leaders: 0 }
  const q = {
    localDepartments: sqlite.prepare('select wecom_department_id as wecomId, id from departments where wecom_department_id is not null'),
    insertDepartment: sqlite.prepare('insert into departments (name, parent_id, wecom_department_id) values (?, null, ?) returning id').pluck(),
    updateDepartment: sqlite.prepare('update departments set name = coalesce(?, name), parent_id = ? where id = ?'),
    staff: sqlite.prepare('select id, name, position, department_id as departmentId, role, active from staff where user_id = ?'),
    insertStaff: sqlite.prepare('insert into staff (user_id, name, position, department_id, role, active) values (?, ?, ?, ?, ?, ?)'),
    updateStaff: sqlite.prepare('update staff set name = ?, position = ?, department_id = ?, role = ?, active = ? where id = ?'),
    syncedStaff: sqlite.prepare(`select s.id, s.user_id as userId from staff s join departments d on d.id = s.department_id
      where d.wecom_department_id is not null and s.active = 1`),
    deactivate: sqlite.prepare('update staff set active = 0 where id = ?'),
    clearLeaders: sqlite.prepare(`delete from department_leaders where department_id in (select id from departments where wecom_department_id is not null)`),
    addLeader: sqlite.prepare('insert or ignore into department_leaders (department_id, staff_id) values (?, ?)'),
    staffId: sqlite.prepare('select id from staff where user_id = ?').pluck(),
  }

  sqlite.transaction(() => {
    const local = new Map((q.localDepartments.all() as Array<{ wecomId: number, id: number }>).map(r => [r.wecomId, r.id]))
    // Rows first, then parents: a child may come before its parent in WeCom's list.
    for (const d of org.departments) {
      if (!local.has(d.id)) {
        local.set(d.id, q.insertDepartment.get(d.name || `部门 ${d.id}`, d.id) as number)
        counts.departmentsAdded++
      }
    }
    for (const d of org.departments)
      q.updateDepartment.run(d.name || null, local.get(d.parentid) ?? null, local.get(d.id)!)

    const seen = new Set<string>()
    for (const m of org.members) {
      const departmentId = local.get(m.main_department ?? m.department[0] ?? -1) ?? local.get(m.department.find(id => local.has(id)) ?? -1)
      if (departmentId === undefined)
        continue
      seen.add(m.userid)
      const leads = (m.is_leader_in_dept ?? []).some(v => v === 1)
      const row = {
        name: m.name || m.userid,
        position: m.position || null,
        role: leads ? 'supervisor' : 'staff',
        active: m.status === undefined || m.status === ACTIVE ? 1 : 0,
      }
      const existing = q.staff.get(m.userid) as { id: number, name: string, position: string | null, departmentId: number, role: string, active: number } | undefined
      if (!existing) {
        q.insertStaff.run(m.userid, row.name, row.position, departmentId, row.role, row.active)
        counts.staffAdded++
        continue
      }
      // A name WeCom no longer sends (newer apps get none) does not overwrite the one we have.
      const name = m.name ? row.name : existing.name
      if (existing.name !== name || existing.position !== row.position || existing.departmentId !== departmentId || existing.role !== row.role || existing.active !== row.active) {
        q.updateStaff.run(name, row.position, departmentId, row.role, row.active, existing.id)
        counts.staffUpdated++
      }
    }
    for (const s of q.syncedStaff.all() as Array<{ id: number, userId: string }>) {
      if (!seen.has(s.userId)) {
        q.deactivate.run(s.id)
        counts.staffDeactivated++
      }
    }

    q.clearLeaders.run()
    const lead = (wecomDepartmentId: number, userId: string) => {
      const departmentId = local.get(wecomDepartmentId)
      const staffId = q.staffId.get(userId) as number | undefined
      if (departmentId !== undefined && staffId !== undefined && q.addLeader.run(departmentId, staffId).changes)
        counts.leaders++
    }
    for (const m of org.members) {
      m.department.forEach((departmentId, i) => {
        if (m.is_leader_in_dept?.[i] === 1)
          lead(departmentId, m.userid)
      })
    }
    for (const d of org.departments) {
      for (const userId of d.department_leader ?? [])
        lead(d.id, userId)
    }
  }).immediate()
  return counts
}

/** Fetches and applies: what the scheduler and a sign-in by an unknown member run. */
export async function syncOrg(db: Db, api: WecomApiClient): Promise<OrgSyncCounts> {
  return applyOrg(db, await fetchOrg(api))
}
