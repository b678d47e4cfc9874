import { type AnyColumn, and, desc, eq, lt, or, sql } from 'drizzle-orm'
import type { Db } from '#db/client.ts'
import { customerIdentities, customers, staffCustomers } from '#db/schema.ts'
import type { CustomerListItem, CustomerListPage } from '../contract/customer.ts'
import { maskPhone } from '../engine/rules/phone.ts'
import { decodeCursor, toPage } from './cursor.ts'

export const DEFAULT_CUSTOMER_PAGE = 20

/** `%` and `_` typed by a user are literal characters, not wildcards. */
function escapeLike(s: string) {
  return s.replace(/[\\%_]/g, c => `\\${c}`)
}
function like(column: AnyColumn, pattern: string) {
  return sql`${column} like ${pattern} escape '\\'`
}

/**
 * The staff member's own customers, most recently added first. `q` matches the name,
 * this staff member's remark, or the tail of the phone number (4+ digits).
 */
export function listStaffCustomers(db: Db, staffId: number, opts: { q?: string, cursor?: string, limit?: number }): CustomerListPage {
  const limit = opts.limit ?? DEFAULT_CUSTOMER_PAGE
  const after = decodeCursor(opts.cursor)
  const q = opts.q?.trim()
  const pattern = q ? `%${escapeLike(q)}%` : null
  const rows = db.select({
    relationId: staffCustomers.id,
    firstAddedAt: staffCustomers.firstAddedAt,
    remark: staffCustomers.remark,
    status: staffCustomers.status,
    name: customers.name,
    avatar: customers.avatar,
    phone: customers.phone,
    externalUserId: customerIdentities.value,
  }).from(staffCustomers)
    .innerJoin(customers, eq(customers.id, staffCustomers.customerId))
    .innerJoin(customerIdentities, and(eq(customerIdentities.customerId, customers.id), eq(customerIdentities.kind, 'external_userid')))
    .where(and(
      eq(staffCustomers.staffId, staffId),
      pattern
        ? or(
            like(customers.name, pattern),
            like(staffCustomers.remark, pattern),
            /^\d{4,11}$/.test(q!) ? like(customers.phone, `%${q}`) : undefined,
          )
        : undefined,
      after ? or(lt(staffCustomers.firstAddedAt, after.at), and(eq(staffCustomers.firstAddedAt, after.at), lt(staffCustomers.id, after.id))) : undefined,
    ))
    .orderBy(desc(staffCustomers.firstAddedAt), desc(staffCustomers.id))
    .limit(limit + 1)
    .all()

  return toPage(rows, limit, r => ({ at: r.firstAddedAt, id: r.relationId }), (r): CustomerListItem => ({
    externalUserId: r.externalUserId,
    name: r.name,
    remark: r.remark,
    avatar: r.avatar,
    phoneMasked: r.phone ? maskPhone(r.phone) : null,
    firstAddedAt: new Date(r.firstAddedAt).toISOString(),
    relationStatus: r.status,
  }))
}
