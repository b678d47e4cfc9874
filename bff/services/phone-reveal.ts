import { eq } from 'drizzle-orm'
import type { Db } from '#db/client.ts'
import { customers, phoneReveals } from '#db/schema.ts'
import { requireServedCustomer } from './customer-access.ts'
import { ClientError } from './http-error.ts'

/** Returns the full phone number and records who saw it, when, in the same transaction. */
export function revealPhone(db: Db, staffId: number, externalUserId: string, now: number): { phone: string } {
  const { customerId } = requireServedCustomer(db, staffId, externalUserId)
  return db.transaction((tx) => {
    const row = tx.select({ phone: customers.phone }).from(customers).where(eq(customers.id, customerId)).get()
    if (!row?.phone)
      throw new ClientError(404, '这位客户没有留手机号', 'no_phone')
    tx.insert(phoneReveals).values({ staffId, customerId, revealedAt: now }).run()
    return { phone: row.phone }
  })
}
