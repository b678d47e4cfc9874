import { and, asc, eq, ne, sql } from 'drizzle-orm'
import type { Db } from '../../db/client.ts'
import { customerTags, staff, staffCustomers, tagGroups, tags } from '../../db/schema.ts'
import type { SidebarResponse, Tag } from '../contract/customer.ts'
import { ageBand, daysBetween, genderLabel, maskPhone } from '../engine/customer-facts.ts'
import type { JourneyConfig } from '../engine/journey/index.ts'
import { readFirstScreen } from './customer-first-screen.ts'
import { stageName } from './customer-stage.ts'
import { preparedPerDb } from './prepared.ts'
import { listSidebarTasks } from './tasks.ts'

const statements = preparedPerDb((db) => {
  const customerId = sql.placeholder('customerId')
  return {
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
  }
})

/**
 * Everything the sidebar's first screen needs for one customer, in one call:
 * profile, tags, key figures, the journey stage
 * and this staff member's tasks due today.
 */
export function getSidebar(db: Db, staffId: number, externalUserId: string, now: number, journey: JourneyConfig): SidebarResponse {
  const row = readFirstScreen(db, staffId, externalUserId)
  const { customerId, relation } = row
  const coServing = statements(db).coServing.all({ customerId, staffId })
  const orderCount = row.orderCount
  const totalSpentCents = row.totalSpentCents ?? 0
  return {
    customer: {
      externalUserId,
      name: row.name,
      remark: relation.remark,
      avatar: row.avatar,
      gender: genderLabel(row.gender),
      province: row.province,
      city: row.city,
      ageBand: ageBand(row.birthYear, now),
      birthday: row.birthday,
      memberLevel: row.memberLevel,
      points: row.points,
      phoneMasked: maskPhone(row.phone),
      marketingAverse: row.marketingAverse === 1,
      channel: row.channelState && row.channelName ? { state: row.channelState, name: row.channelName } : null,
      firstAddedAt: new Date(relation.firstAddedAt).toISOString(),
      relationStatus: relation.status,
      coServingStaff: coServing.map(s => ({ ...s, firstAddedAt: new Date(s.firstAddedAt).toISOString() })),
    },
    tags: listCustomerTags(db, customerId),
    figures: {
      orderCount,
      totalSpentCents,
      avgOrderCents: orderCount ? Math.round(totalSpentCents / orderCount) : 0,
      lastOrderAt: row.lastOrderAt === null ? null : new Date(row.lastOrderAt).toISOString(),
      daysSinceLastOrder: row.lastOrderAt === null ? null : daysBetween(row.lastOrderAt, now),
      messagesFromCustomer: row.messagesIn,
    },
    stage: row.stageKey === null
      ? null
      : {
          key: row.stageKey,
          name: stageName(journey, row.stageKey),
          reason: row.stageReason!,
          matched: JSON.parse(row.stageMatched!) as string[],
          enteredAt: new Date(row.stageEnteredAt!).toISOString(),
        },
    tasks: listSidebarTasks(db, staffId, { id: customerId, externalUserId, name: row.name, remark: relation.remark }, now),
  }
}

export function listCustomerTags(db: Db, customerId: number): Tag[] {
  return statements(db).tags.all({ customerId })
}
