import { eq, sql } from 'drizzle-orm'
import type { Db } from '#db/client.ts'
import { departments, staff, staffCustomers } from '#db/schema.ts'
import type { DemoStaff, StaffSummary } from '../contract/auth.ts'
import { preparedPerDb } from './prepared.ts'

export interface SessionStaff extends StaffSummary {
  id: number
}

/** The StaffSummary columns, read with staff joined to departments. */
const summaryColumns = {
  userId: staff.userId,
  name: staff.name,
  avatar: staff.avatar,
  position: staff.position,
  departmentId: staff.departmentId,
  departmentName: departments.name,
  role: staff.role,
}

const staffByUserId = preparedPerDb(db => db.select({ id: staff.id, ...summaryColumns, active: staff.active })
  .from(staff).innerJoin(departments, eq(departments.id, staff.departmentId)).where(eq(staff.userId, sql.placeholder('userId'))).prepare())

/** The signed-in staff member, with department; null when unknown or inactive. Runs on every request. */
export function findStaffByUserId(db: Db, userId: string): SessionStaff | null {
  const row = staffByUserId(db).get({ userId })
  if (!row || !row.active)
    return null
  const { active: _active, ...rest } = row
  return rest
}

/** Every active staff member with how many customers they serve: the demo sign-in list. */
export function listDemoStaff(db: Db): DemoStaff[] {
  return db.select({
    ...summaryColumns,
    customerCount: sql<number>`(select count(*) from ${staffCustomers} where ${staffCustomers.staffId} = ${staff.id} and ${staffCustomers.status} = 'active')`,
  }).from(staff).innerJoin(departments, eq(departments.id, staff.departmentId)).where(eq(staff.active, true)).orderBy(staff.departmentId, staff.id).all()
}
