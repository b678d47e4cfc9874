import { and, eq, sql } from 'drizzle-orm'
import type { Db } from '#db/client.ts'
import { customerIdentities, staffCustomers } from '#db/schema.ts'
import { ClientError } from './http-error.ts'
import { preparedPerDb } from './prepared.ts'

export interface ServedCustomer {
  customerId: number
  relation: typeof staffCustomers.$inferSelect
}

const statements = preparedPerDb(db => ({
  identity: db.select({ customerId: customerIdentities.customerId }).from(customerIdentities)
    .where(and(eq(customerIdentities.kind, 'external_userid'), eq(customerIdentities.value, sql.placeholder('externalUserId')))).prepare(),
  relation: db.select().from(staffCustomers)
    .where(and(eq(staffCustomers.staffId, sql.placeholder('staffId')), eq(staffCustomers.customerId, sql.placeholder('customerId')))).prepare(),
}))

/**
 * The gate every customer read goes through: resolves the external contact and checks
 * that this staff member serves them. Unknown and not-served are both 404, told apart
 * by `code` so the sidebar can say which.
 */
export function requireServedCustomer(db: Db, staffId: number, externalUserId: string): ServedCustomer {
  const q = statements(db)
  const identity = q.identity.get({ externalUserId })
  if (!identity)
    throw unknownContact(externalUserId)
  const relation = q.relation.get({ staffId, customerId: identity.customerId })
  if (!relation)
    throw notYourCustomer()
  return { customerId: identity.customerId, relation }
}

export const unknownContact = (externalUserId: string) => new ClientError(404, `系统里还没有这位客户（${externalUserId}）的资料`, 'unknown_contact')
export const notYourCustomer = () => new ClientError(404, '这位客户不在你的客户列表中', 'not_your_customer')
