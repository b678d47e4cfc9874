import type { Db } from '#db/client.ts'
import type { SidebarResponse } from '../contract/customer.ts'
import { ageBand } from '../engine/customer-facts.ts'
import type { JourneyConfig } from '../engine/journey/index.ts'
import { chinaDaysBetween } from '../engine/rules/china-time.ts'
import { notYourCustomer } from './customer-access.ts'
import { customerCard } from './customer-card.ts'
import { stageName } from './customer-stage.ts'
import { sidebarTasks } from './tasks.ts'

/**
 * Everything the sidebar's first screen needs for one customer, in one call: the customer's card
 * (profile, tags, key figures, stage) seen by this staff member, and their tasks due today.
 * 404 `not_your_customer` when this staff member does not serve the customer.
 */
export function getSidebar(db: Db, staffId: number, externalUserId: string, now: number, journey: JourneyConfig): SidebarResponse {
  const { card, messagesIn } = customerCard(db, externalUserId, now)
  const own = card.relations.find(r => r.staffId === staffId)
  if (!own)
    throw notYourCustomer()
  const { orderCount, totalSpentCents, lastOrderAt, stage } = card
  return {
    customer: {
      externalUserId,
      ...card.profile,
      remark: own.remark,
      ageBand: ageBand(card.birthYear, now),
      channel: own.channel,
      firstAddedAt: own.asCoServing.firstAddedAt,
      relationStatus: own.status,
      coServingStaff: card.relations.filter(r => r !== own).map(r => r.asCoServing),
    },
    tags: card.tags,
    figures: {
      orderCount,
      totalSpentCents,
      avgOrderCents: orderCount ? Math.round(totalSpentCents / orderCount) : 0,
      lastOrderAt: lastOrderAt === null ? null : new Date(lastOrderAt).toISOString(),
      daysSinceLastOrder: lastOrderAt === null ? null : chinaDaysBetween(lastOrderAt, now),
      messagesFromCustomer: messagesIn,
    },
    stage: stage && { ...stage, name: stageName(journey, stage.key) },
    tasks: sidebarTasks(card.taskCandidates, staffId, { externalUserId, name: card.profile.name, remark: own.remark }, now),
  }
}
