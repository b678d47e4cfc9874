/**
 * Who a supervisor may see. A member who leads a department (WeCom's is_leader_in_dept, stored
 * in department_leaders) sees it and every department under it; the admins of SUPERVISOR_ADMINS
 * see every department. Everyone else is refused. Every supervisor read goes through
 * `resolveSelection`, so no endpoint can reach outside the scope.
 */
import { eq, sql } from 'drizzle-orm'
import type { Db } from '#db/client.ts'
import { departmentLeaders, departments, staff } from '#db/schema.ts'
import { inJsonList } from '#db/sql/dialect.ts'
import { prepareAllSql, sqlRows } from '#db/sql/typed-sql.ts'
import type { SupervisorScope } from '../contract/supervisor.ts'
import { ClientError } from './http-error.ts'
import { preparedPerDb } from './prepared.ts'
import type { SessionStaff } from './staff.ts'

export const NUDGE_DAILY_LIMIT = 3

interface DepartmentRow { id: number, name: string, parentId: number | null }
export interface ScopeStaff { id: number, userId: string, name: string, position: string | null, departmentId: number, departmentName: string }

const SQL = {
  /** Active staff of the departments in one JSON array of ids. */
  staff: sqlRows<ScopeStaff, [departmentIdsJson: string]>(`select s.id, s.user_id as userId, s.name, s.position, s.department_id as departmentId, d.name as departmentName
    from staff s join departments d on d.id = s.department_id
    where s.active = 1 and s.department_id ${inJsonList('?')} order by s.department_id, s.id`),
}

const scopeStaffColumns = {
  id: staff.id,
  userId: staff.userId,
  name: staff.name,
  position: staff.position,
  departmentId: staff.departmentId,
  departmentName: departments.name,
}

const statements = preparedPerDb((db: Db) => ({
  ...prepareAllSql(db.$client, SQL),
  departments: db.select({ id: departments.id, name: departments.name, parentId: departments.parentId })
    .from(departments).orderBy(departments.id).prepare(),
  led: db.select({ departmentId: departmentLeaders.departmentId }).from(departmentLeaders)
    .where(eq(departmentLeaders.staffId, sql.placeholder('staffId'))).orderBy(departmentLeaders.departmentId).prepare(),
  oneStaff: db.select(scopeStaffColumns).from(staff).innerJoin(departments, eq(departments.id, staff.departmentId))
    .where(eq(staff.id, sql.placeholder('staffId'))).prepare(),
}))

export interface Scope {
  admin: boolean
  /** Departments in scope, tree order, with depth below the scope's top. */
  departments: Array<DepartmentRow & { depth: number }>
  /** Every department id in scope. */
  ids: Set<number>
  children: Map<number, number[]>
}

/**
 * The departments this staff member supervises.
 * @throws ClientError 403 'not_supervisor' for anyone who leads no department and is no admin.
 */
export function resolveScope(db: Db, me: SessionStaff, admins: readonly string[]): Scope {
  const s = statements(db)
  const all: DepartmentRow[] = s.departments.all()
  const children = new Map<number, number[]>()
  for (const d of all) {
    if (d.parentId !== null)
      children.set(d.parentId, [...(children.get(d.parentId) ?? []), d.id])
  }
  const admin = admins.includes(me.userId)
  const known = new Set(all.map(d => d.id))
  const tops = admin
    ? all.filter(d => d.parentId === null || !known.has(d.parentId)).map(d => d.id)
    : s.led.all({ staffId: me.id }).map(r => r.departmentId)
  if (!tops.length)
    throw new ClientError(403, '主管看板仅对部门负责人开放：你不是任何部门的负责人，如需查看请联系管理员', 'not_supervisor')

  const byId = new Map(all.map(d => [d.id, d]))
  const departments: Scope['departments'] = []
  const ids = new Set<number>()
  const visit = (id: number, depth: number) => {
    const d = byId.get(id)
    if (!d || ids.has(id))
      return
    ids.add(id)
    departments.push({ ...d, depth })
    for (const child of children.get(id) ?? []) visit(child, depth + 1)
  }
  // A leader of a department and of one under it sees the lower one once, inside the upper one.
  const topSet = new Set(tops)
  for (const id of tops) {
    if (!ancestors(byId, id).some(a => topSet.has(a)))
      visit(id, 0)
  }
  return { admin, departments, ids, children }
}

function ancestors(byId: Map<number, DepartmentRow>, id: number): number[] {
  const out: number[] = []
  let parent = byId.get(id)?.parentId ?? null
  while (parent !== null && !out.includes(parent)) {
    out.push(parent)
    parent = byId.get(parent)?.parentId ?? null
  }
  return out
}

/** A department and every department under it. */
export function subtree(scope: Scope, departmentId: number): number[] {
  const out: number[] = []
  const walk = (id: number) => {
    out.push(id)
    for (const child of scope.children.get(id) ?? []) walk(child)
  }
  walk(departmentId)
  return out
}

export interface Selection {
  scope: Scope
  department: { id: number, name: string }
  departmentIds: number[]
  staff: ScopeStaff[]
  /** JSON array of the staff ids, for `json_each` in SQL. */
  staffIdsJson: string
}

/**
 * The department the supervisor picked (default: the top of their scope) with its staff.
 * @throws ClientError 403 'not_supervisor'; 404 'department_not_in_scope' for any department outside the scope.
 */
export function resolveSelection(db: Db, me: SessionStaff, admins: readonly string[], departmentId?: number): Selection {
  const scope = resolveScope(db, me, admins)
  const id = departmentId ?? scope.departments[0]!.id
  const department = scope.departments.find(d => d.id === id)
  if (!department)
    throw new ClientError(404, '该部门不存在，或不在你的管辖范围内', 'department_not_in_scope')
  const departmentIds = subtree(scope, id)
  const staff = statements(db).staff.all(JSON.stringify(departmentIds))
  return { scope, department: { id: department.id, name: department.name }, departmentIds, staff, staffIdsJson: JSON.stringify(staff.map(s => s.id)) }
}

/** The scope as the page needs it: departments with their staff counts. */
export function describeScope(db: Db, me: SessionStaff, admins: readonly string[], serviceReplyHours: number): SupervisorScope {
  const scope = resolveScope(db, me, admins)
  const staff = statements(db).staff.all(JSON.stringify([...scope.ids]))
  const perDepartment = new Map<number, number>()
  for (const s of staff) perDepartment.set(s.departmentId, (perDepartment.get(s.departmentId) ?? 0) + 1)
  return {
    me: { userId: me.userId, name: me.name },
    admin: scope.admin,
    departments: scope.departments.map(d => ({
      id: d.id,
      name: d.name,
      parentId: d.parentId,
      depth: d.depth,
      staffCount: subtree(scope, d.id).reduce((n, id) => n + (perDepartment.get(id) ?? 0), 0),
    })),
    defaultDepartmentId: scope.departments[0]!.id,
    serviceReplyHours,
    nudgeDailyLimit: NUDGE_DAILY_LIMIT,
  }
}

/**
 * A staff member of the scope, active or not (history stays visible).
 * @throws ClientError 404 'staff_not_in_scope' for anyone outside it.
 */
export function requireStaffInScope(db: Db, scope: Scope, staffId: number): ScopeStaff {
  const row = statements(db).oneStaff.get({ staffId })
  if (!row || !scope.ids.has(row.departmentId))
    throw new ClientError(404, '该成员不存在，或不在你的管辖范围内', 'staff_not_in_scope')
  return row
}

/** JSON array of every active staff id in the scope (all its departments), for `json_each`. */
export function scopeStaffIdsJson(db: Db, scope: Scope): string {
  return JSON.stringify(statements(db).staff.all(JSON.stringify([...scope.ids])).map(s => s.id))
}
