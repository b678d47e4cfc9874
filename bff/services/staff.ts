import { and, eq, isNotNull, isNull, sql } from 'drizzle-orm'
import type { Db } from '#db/client.ts'
import { departments, staff, staffCustomers } from '#db/schema.ts'
import type { DemoStaff, StaffSummary } from '../contract/auth.ts'
import { preparedPerDb } from './prepared.ts'

export interface SessionStaff extends StaffSummary {
  id: number
  /** The member's session generation: a session cookie carrying another one is over. */
  sessionGeneration: number
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

const staffByUserId = preparedPerDb(db => db.select({ id: staff.id, ...summaryColumns, sessionGeneration: staff.sessionGeneration, active: staff.active })
  .from(staff).innerJoin(departments, eq(departments.id, staff.departmentId)).where(eq(staff.userId, sql.placeholder('userId'))).prepare())

/** The signed-in staff member, with department; null when unknown or inactive. Runs on every request. */
export function findStaffByUserId(db: Db, userId: string): SessionStaff | null {
  const row = staffByUserId(db).get({ userId })
  if (!row || !row.active)
    return null
  const { active: _active, ...rest } = row
  return rest
}

const bumpGeneration = preparedPerDb(db => db.update(staff).set({ sessionGeneration: sql`${staff.sessionGeneration} + 1` })
  .where(and(eq(staff.userId, sql.placeholder('userId')), eq(staff.sessionGeneration, sql.placeholder('generation')))).prepare())

/**
 * Ends every session of a member that carries `generation` (logout): the generation moves on, so
 * those cookies are refused wherever they are replayed. Compare-and-bump: a cookie from an older
 * generation changes nothing, so it cannot end the member's newer sessions. True when it moved.
 */
export function endSessionGeneration(db: Db, userId: string, generation: number): boolean {
  return bumpGeneration(db).run({ userId, generation }).changes > 0
}

const wecomMemberByUserId = preparedPerDb(db => db.select({ id: staff.id }).from(staff)
  .innerJoin(departments, eq(departments.id, staff.departmentId))
  .where(and(eq(staff.userId, sql.placeholder('userId')), isNotNull(departments.wecomDepartmentId))).prepare())

/**
 * A member the WeCom org sync owns (their department came from WeCom). Demo sign-in never signs
 * them in: a database that once ran with a real corp must not hand its members to whoever picks
 * a name on the demo page, and a demo user id that matches a real one names the real member.
 */
export function isWecomMember(db: Db, userId: string): boolean {
  return wecomMemberByUserId(db).get({ userId }) !== undefined
}

/** Every active demo staff member (not from WeCom) with how many customers they serve: the demo sign-in list. */
export function listDemoStaff(db: Db): DemoStaff[] {
  return db.select({
    ...summaryColumns,
    customerCount: sql<number>`(select count(*) from ${staffCustomers} where ${staffCustomers.staffId} = ${staff.id} and ${staffCustomers.status} = 'active')`,
  }).from(staff).innerJoin(departments, eq(departments.id, staff.departmentId)).where(and(eq(staff.active, true), isNull(departments.wecomDepartmentId))).orderBy(staff.departmentId, staff.id).all()
}
