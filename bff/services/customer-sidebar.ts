import { and, asc, count, eq, inArray, max, ne, sql, sum } from 'drizzle-orm'
import type { Db } from '../../db/client.ts'
import { channels, customerTags, customers, events, orders, staff, staffCustomers, tagGroups, tags } from '../../db/schema.ts'
import type { KeyFigures, SidebarResponse, Tag } from '../contract/customer.ts'
import { ageBand, daysBetween, genderLabel, maskPhone } from '../engine/customer-facts.ts'
import type { JourneyConfig } from '../engine/journey/index.ts'
import { requireServedCustomer } from './customer-access.ts'
import { getCustomerStage } from './customer-stage.ts'
import { preparedPerDb } from './prepared.ts'
import { listSidebarTasks } from './tasks.ts'

/** Orders that count as spend: placed and not undone. */
export const SPEND_STATUSES = ['paid', 'shipped', 'completed'] as const

const statements = preparedPerDb((db) => {
  const customerId = sql.placeholder('customerId')
  return {
    customer: db.select().from(customers).where(eq(customers.id, customerId)).prepare(),
    channel: db.select({ state: channels.state, name: channels.name }).from(channels).where(eq(channels.state, sql.placeholder('state'))).prepare(),
    coServing: db.select({ userId: staff.userId, name: staff.name, firstAddedAt: staffCustomers.firstAddedAt, status: staffCustomers.status })
      .from(staffCustomers).innerJoin(staff, eq(staff.id, staffCustomers.staffId))
      .where(and(eq(staffCustomers.customerId, customerId), ne(staffCustomers.staffId, sql.placeholder('staffId'))))
      .orderBy(asc(staffCustomers.firstAddedAt)).prepare(),
    tags: db.select({ id: tags.id, name: tags.name, group: tagGroups.name, source: tags.source })
      .from(customerTags)
      .innerJoin(tags, eq(tags.id, customerTags.tagId))
      .innerJoin(tagGroups, eq(tagGroups.id, tags.groupId))
      .where(eq(customerTags.customerId, customerId))
      .orderBy(asc(tagGroups.sortOrder), asc(tags.id)).prepare(),
    spend: db.select({ orderCount: count(), totalSpent: sum(orders.paidCents), lastOrderAt: max(orders.orderedAt) })
      .from(orders).where(and(eq(orders.customerId, customerId), inArray(orders.status, [...SPEND_STATUSES]))).prepare(),
    messagesIn: db.select({ n: count() }).from(events)
      .where(and(eq(events.customerId, customerId), eq(events.type, 'message_in'))).prepare(),
  }
})

/**
 * Everything the sidebar's first screen needs for one customer, in one call:
 * profile, tags, key figures, the journey stage
 * and this staff member's tasks due today.
 */
export function getSidebar(db: Db, staffId: number, externalUserId: string, now: number, journey: JourneyConfig): SidebarResponse {
  const { customerId, relation } = requireServedCustomer(db, staffId, externalUserId)
  const q = statements(db)
  const customer = q.customer.get({ customerId })!
  const channel = relation.state ? q.channel.get({ state: relation.state }) ?? null : null
  const coServing = q.coServing.all({ customerId, staffId })

  return {
    customer: {
      externalUserId,
      name: customer.name,
      remark: relation.remark,
      avatar: customer.avatar,
      gender: genderLabel(customer.gender),
      province: customer.province,
      city: customer.city,
      ageBand: ageBand(customer.birthYear, now),
      birthday: customer.birthday,
      memberLevel: customer.memberLevel,
      points: customer.points,
      phoneMasked: maskPhone(customer.phone),
      marketingAverse: customer.marketingAverse,
      channel,
      firstAddedAt: new Date(relation.firstAddedAt).toISOString(),
      relationStatus: relation.status,
      coServingStaff: coServing.map(s => ({ ...s, firstAddedAt: new Date(s.firstAddedAt).toISOString() })),
    },
    tags: listCustomerTags(db, customerId),
    figures: keyFigures(db, customerId, now),
    stage: getCustomerStage(db, journey, customerId),
    tasks: listSidebarTasks(db, staffId, { id: customerId, externalUserId, name: customer.name, remark: relation.remark }, now),
  }
}

export function listCustomerTags(db: Db, customerId: number): Tag[] {
  return statements(db).tags.all({ customerId })
}

export function keyFigures(db: Db, customerId: number, now: number): KeyFigures {
  const q = statements(db)
  const spend = q.spend.get({ customerId })
  const messages = q.messagesIn.get({ customerId })
  const orderCount = spend?.orderCount ?? 0
  const totalSpentCents = Number(spend?.totalSpent ?? 0)
  const lastOrderAt = spend?.lastOrderAt ?? null
  return {
    orderCount,
    totalSpentCents,
    avgOrderCents: orderCount ? Math.round(totalSpentCents / orderCount) : 0,
    lastOrderAt: lastOrderAt === null ? null : new Date(lastOrderAt).toISOString(),
    daysSinceLastOrder: lastOrderAt === null ? null : daysBetween(lastOrderAt, now),
    messagesFromCustomer: messages?.n ?? 0,
  }
}
