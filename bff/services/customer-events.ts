import { desc, eq, sql } from 'drizzle-orm'
import type { Db } from '#db/client.ts'
import { eventTypes, events, products, staff } from '#db/schema.ts'
import { inJsonList } from '#db/sql/dialect.ts'
import type { EventKind, EventPage, TrailEvent } from '../contract/customer.ts'
import { decodeCursor, toPage } from './cursor.ts'
import { dialectSql } from '#db/sql/dialect-sql.ts'
import { ClientError } from './http-error.ts'
import { FIRST_PAGE, preparedPerDb } from './prepared.ts'

export const DEFAULT_EVENT_PAGE = 20

/** Parses `kind=a,b` into known kinds; an unknown kind is the client's mistake, said by name. */
export function parseKinds(kind: string | undefined): EventKind[] | null {
  if (!kind)
    return null
  const kinds = [...new Set(kind.split(','))]
  const unknown = kinds.filter(k => !(eventTypes as readonly string[]).includes(k))
  if (unknown.length)
    throw new ClientError(400, `kind 含未知类型：${unknown.join(', ')}；可选：${eventTypes.join(', ')}`)
  return kinds as EventKind[]
}

const statements = preparedPerDb(db => ({
  page: db.select({
    id: events.id,
    type: events.type,
    touchpoint: events.touchpoint,
    occurredAt: events.occurredAt,
    title: events.title,
    url: events.url,
    productName: products.name,
    durationSeconds: events.durationSeconds,
    amountCents: events.amountCents,
    content: events.content,
    staffName: staff.name,
  }).from(events)
    .leftJoin(products, eq(products.id, events.productId))
    .leftJoin(staff, eq(staff.id, events.staffId))
    .where(sql`${events.customerId} = ${sql.placeholder('customerId')}
      and (${events.occurredAt}, ${events.id}) < (${sql.placeholder('at')}, ${sql.placeholder('id')})
      and (${sql.placeholder('kinds')} is null or ${events.type} ${dialectSql(inJsonList, sql.placeholder('kinds'))})`)
    .orderBy(desc(events.occurredAt), desc(events.id))
    .limit(sql.placeholder('limit'))
    .prepare(),
}))

/**
 * One page of the behaviour trail across touchpoints, newest first. Every staff member
 * who serves the customer sees the whole trail, including what colleagues sent.
 */
export function listCustomerEvents(db: Db, customerId: number, opts: { cursor?: string, limit?: number, kinds?: EventKind[] | null }): EventPage {
  const limit = opts.limit ?? DEFAULT_EVENT_PAGE
  const after = decodeCursor(opts.cursor) ?? FIRST_PAGE
  const kinds = opts.kinds?.length ? JSON.stringify(opts.kinds) : null
  const rows = statements(db).page.all({ customerId, at: after.at, id: after.id, kinds, limit: limit + 1 })

  return toPage(rows, limit, r => ({ at: r.occurredAt, id: r.id }), ({ type, occurredAt, ...r }): TrailEvent => ({
    ...r,
    kind: type,
    occurredAt: new Date(occurredAt).toISOString(),
  }))
}
