/**
 * Full phone numbers leave the BFF only through a recorded reveal: the sidebar's 查看 button, or a
 * customer search by the whole number that finds someone (which tells the number just as well).
 * Each member may make PHONE_REVEAL_DAILY_LIMIT of them a China calendar day. The slot is taken by
 * one conditional insert (it inserts only while fewer than the limit exist that day), so two
 * requests at once, even through two processes, cannot both get the last one.
 */
import { and, count, eq, gte, lt, sql } from 'drizzle-orm'
import type { Db } from '#db/client.ts'
import { customers, phoneReveals } from '#db/schema.ts'
import { prepareAllSql, sqlTuples } from '#db/sql/typed-sql.ts'
import { chinaDayStart } from '../engine/rules/china-time.ts'
import { DAY } from '../engine/rules/time-units.ts'
import { requireServedCustomer } from './customer-access.ts'
import { ClientError } from './http-error.ts'
import { preparedPerDb } from './prepared.ts'

export const DEFAULT_PHONE_REVEAL_DAILY_LIMIT = 50

interface RevealRow { staffId: number, customerId: number, now: number, dayStart: number, dayEnd: number, limit: number }

const SQL = {
  /**
   * Records one reveal while the member made fewer than @limit on that China day; no row
   * otherwise. One statement, so the count and the insert cannot be split by another writer.
   */
  insertWithinLimit: sqlTuples<[id: number], RevealRow>(`insert into phone_reveals (staff_id, customer_id, revealed_at)
    select @staffId, @customerId, @now
    where (select count(*) from phone_reveals where staff_id = @staffId and revealed_at >= @dayStart and revealed_at < @dayEnd) < @limit
    returning id`),
}

const statements = preparedPerDb((db: Db) => ({
  ...prepareAllSql(db.$client, SQL),
  phone: db.select({ phone: customers.phone }).from(customers).where(eq(customers.id, sql.placeholder('customerId'))).prepare(),
  countBetween: db.select({ n: count() }).from(phoneReveals).where(and(
    eq(phoneReveals.staffId, sql.placeholder('staffId')),
    gte(phoneReveals.revealedAt, sql.placeholder('from')),
    lt(phoneReveals.revealedAt, sql.placeholder('to')),
  )).prepare(),
}))

/** Reveals a member made in [from, to). */
export function phoneRevealCount(db: Db, staffId: number, from: number, to: number): number {
  return statements(db).countBetween.get({ staffId, from, to })?.n ?? 0
}

/**
 * Records that the member saw these customers' full numbers, one reveal each, all or none.
 * Call inside the transaction that reads what is revealed.
 * @throws ClientError 429 'phone_reveal_limit' when the day's limit would be passed.
 */
export function recordPhoneReveals(db: Db, staffId: number, customerIds: readonly number[], now: number, limit: number): void {
  const s = statements(db)
  const dayStart = chinaDayStart(now)
  db.transaction(() => {
    for (const customerId of customerIds) {
      if (!s.insertWithinLimit.get({ staffId, customerId, now, dayStart, dayEnd: dayStart + DAY, limit }))
        throw new ClientError(429, `今天已查看 ${limit} 次完整手机号，已达每人每天 ${limit} 次的上限，请明天再试`, 'phone_reveal_limit')
    }
  })
}

/**
 * Returns the full phone number and records who saw it, when, in the same transaction.
 * @throws ClientError 404 'no_phone' when the customer left none; 429 'phone_reveal_limit' at the daily limit.
 */
export function revealPhone(db: Db, staffId: number, externalUserId: string, now: number, limit: number): { phone: string } {
  const { customerId } = requireServedCustomer(db, staffId, externalUserId)
  return db.transaction(() => {
    const row = statements(db).phone.get({ customerId })
    if (!row?.phone)
      throw new ClientError(404, '这位客户没有留手机号', 'no_phone')
    recordPhoneReveals(db, staffId, [customerId], now, limit)
    return { phone: row.phone }
  })
}
