/**
 * The corp's organisation from WeCom: departments (with their tree), members and who leads what
 * (`is_leader_in_dept`, `department_leader`). Supervisor scopes come from department_leaders, so
 * a real corp needs this before anyone but a demo user can sign in or supervise.
 *
 * Fetch first (many API calls, no transaction), then write everything in one transaction: a sync
 * that fails halfway changes nothing. Only rows WeCom owns are touched: departments with a
 * wecom_department_id and the staff in them; the demo brand's rows are left alone.
 */
import { and, eq, inArray, isNotNull } from 'drizzle-orm'
import type { Db } from '#db/client.ts'
import { departmentLeaders, departments, staff } from '#db/schema.ts'
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

/** The handle a drizzle transaction runs on: what the writers below take. */
type Tx = Parameters<Parameters<Db['transaction']>[0]>[0]

/**
 * Writes the snapshot: departments, staff (activity, department, role), department leaders. Runs
 * rarely and off the request path, so its queries are built on the transaction as they run.
 */
export function applyOrg(db: Db, org: OrgSnapshot): OrgSyncCounts {
  return db.transaction(tx => writeOrg(tx, org), { behavior: 'immediate' })
}

function writeOrg(tx: Tx, org: OrgSnapshot): OrgSyncCounts {
  const counts: OrgSyncCounts = { departments: org.departments.length, departmentsAdded: 0, staffAdded: 0, staffUpdated: 0, staffDeactivated: 0, leaders: 0 }
  const synced = isNotNull(departments.wecomDepartmentId)
  const local = new Map<number, number>()
  for (const r of tx.select({ wecomId: departments.wecomDepartmentId, id: departments.id }).from(departments).where(synced).all())
    local.set(r.wecomId!, r.id)
  // Rows first, then parents: a child may come before its parent in WeCom's list.
  for (const d of org.departments) {
    if (!local.has(d.id)) {
      const added = tx.insert(departments).values({ name: d.name || `部门 ${d.id}`, parentId: null, wecomDepartmentId: d.id }).returning({ id: departments.id }).get()
      local.set(d.id, added.id)
      counts.departmentsAdded++
    }
  }
  for (const d of org.departments) {
    tx.update(departments).set({ ...(d.name ? { name: d.name } : {}), parentId: local.get(d.parentid) ?? null })
      .where(eq(departments.id, local.get(d.id)!)).run()
  }

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
      role: leads ? 'supervisor' as const : 'staff' as const,
      active: m.status === undefined || m.status === ACTIVE,
    }
    const existing = tx.select({ id: staff.id, name: staff.name, position: staff.position, departmentId: staff.departmentId, role: staff.role, active: staff.active })
      .from(staff).where(eq(staff.userId, m.userid)).get()
    if (!existing) {
      tx.insert(staff).values({ userId: m.userid, ...row, departmentId }).run()
      counts.staffAdded++
      continue
    }
    // A name WeCom no longer sends (newer apps get none) does not overwrite the one we have.
    const name = m.name ? row.name : existing.name
    if (existing.name !== name || existing.position !== row.position || existing.departmentId !== departmentId || existing.role !== row.role || existing.active !== row.active) {
      tx.update(staff).set({ ...row, name, departmentId }).where(eq(staff.id, existing.id)).run()
      counts.staffUpdated++
    }
  }
  const syncedStaff = tx.select({ id: staff.id, userId: staff.userId }).from(staff)
    .innerJoin(departments, eq(departments.id, staff.departmentId)).where(and(synced, eq(staff.active, true))).all()
  for (const s of syncedStaff) {
    if (!seen.has(s.userId)) {
      tx.update(staff).set({ active: false }).where(eq(staff.id, s.id)).run()
      counts.staffDeactivated++
    }
  }

  tx.delete(departmentLeaders).where(inArray(departmentLeaders.departmentId, tx.select({ id: departments.id }).from(departments).where(synced))).run()
  const lead = (wecomDepartmentId: number, userId: string) => {
    const departmentId = local.get(wecomDepartmentId)
    const staffId = tx.select({ id: staff.id }).from(staff).where(eq(staff.userId, userId)).get()?.id
    if (departmentId !== undefined && staffId !== undefined && tx.insert(departmentLeaders).values({ departmentId, staffId }).onConflictDoNothing().run().changes)
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
  return counts
}

/** Fetches and applies: what the scheduler and a sign-in by an unknown member run. */
export async function syncOrg(db: Db, api: WecomApiClient): Promise<OrgSyncCounts> {
  return applyOrg(db, await fetchOrg(api))
}
