import { type AnyColumn, and, desc, eq, lt, or, sql } from 'drizzle-orm'
import type { Db } from '#db/client.ts'
import { customerIdentities, customers, staffCustomers } from '#db/schema.ts'
import type { CustomerListItem, CustomerListPage } from '../contract/customer.ts'
import { maskPhone, normalizePhone } from '../engine/rules/phone.ts'
import { decodeCursor, toPage } from './cursor.ts'
import { recordPhoneReveals } from './phone-reveal.ts'

export const DEFAULT_CUSTOMER_PAGE = 20

/** `%` and `_` typed by a user are literal characters, not wildcards. */
function escapeLike(s: string) {
  return s.replace(/[\\%_]/g, c => `\\${c}`)
}
function like(column: AnyColumn, pattern: string) {
  return sql`${column} like ${pattern} escape '\\'`
}

/**
 * How a search text may match a phone number: exactly the last 4 digits (what the masked number
 * shows anyway), or the whole number however it is written. Any other digits match no phone, so
 * the masked middle cannot be guessed a digit at a time.
 */
function phoneMatch(q: string): { tail: string } | { whole: string } | null {
  if (/^\d{4}$/.test(q))
    return { tail: q }
  const whole = normalizePhone(q)
  return whole ? { whole } : null
}

/**
 * The staff member's own customers, most recently added first. `q` matches the name, this staff
 * member's remark, the last 4 digits of the phone number, or the whole number. A whole-number
 * search that finds someone tells their number, so it is recorded as a reveal of each customer it
 * found by phone and counts toward the member's daily limit (`reveal.limit`).
 * @throws ClientError 429 'phone_reveal_limit' when that reveal would pass the limit.
 */
export function listStaffCustomers(db: Db, staffId: number, opts: { q?: string, cursor?: string, limit?: number }, reveal: { now: number, limit: number }): CustomerListPage {
  const limit = opts.limit ?? DEFAULT_CUSTOMER_PAGE
  const after = decodeCursor(opts.cursor)
  const q = opts.q?.trim()
  const pattern = q ? `%${escapeLike(q)}%` : null
  const byPhone = q ? phoneMatch(q) : null
  const read = () => db.select({
    relationId: staffCustomers.id,
    firstAddedAt: staffCustomers.firstAddedAt,
    remark: staffCustomers.remark,
    status: staffCustomers.status,
    customerId: customers.id,
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
            byPhone && 'tail' in byPhone ? like(customers.phone, `%${byPhone.tail}`) : undefined,
            byPhone && 'whole' in byPhone ? eq(customers.phone, byPhone.whole) : undefined,
          )
        : undefined,
      after ? or(lt(staffCustomers.firstAddedAt, after.at), and(eq(staffCustomers.firstAddedAt, after.at), lt(staffCustomers.id, after.id))) : undefined,
    ))
    .orderBy(desc(staffCustomers.firstAddedAt), desc(staffCustomers.id))
    .limit(limit + 1)
    .all()
  const rows = byPhone && 'whole' in byPhone
    ? db.transaction(() => {
        const found = read()
        const revealed = found.slice(0, limit).filter(r => r.phone === byPhone.whole).map(r => r.customerId)
        recordPhoneReveals(db, staffId, revealed, reveal.now, reveal.limit)
        return found
      })
    : read()

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
