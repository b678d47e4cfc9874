import type { Db } from '../../db/client.ts'
import type { staffCustomers } from '../../db/schema.ts'
import { notYourCustomer, unknownContact } from './customer-access.ts'
import { preparedPerDb } from './prepared.ts'

/** One row with everything scalar the sidebar's first screen shows, or why there is none. */
export interface FirstScreenRow {
  customerId: number
  name: string
  avatar: string | null
  gender: number
  province: string | null
  city: string | null
  birthYear: number | null
  birthday: string | null
  memberLevel: string | null
  points: number
  phone: string | null
  marketingAverse: number
  relation: typeof staffCustomers.$inferSelect
  channelState: string | null
  channelName: string | null
  orderCount: number
  totalSpentCents: number | null
  lastOrderAt: number | null
  messagesIn: number
  stageKey: string | null
  stageReason: string | null
  stageMatched: string | null
  stageEnteredAt: number | null
}

// One statement instead of eight: on a sidebar open the per-statement cost, not the reading,
// is what adds up. The order figures come from one pass over the customer's orders (a CTE;
// three correlated subqueries read them three times). Spend counts orders placed and not
// undone (paid, shipped, completed).
const statement = preparedPerDb(db => db.$client.prepare(`
  with o as (
    select count(*) as orderCount, sum(paid_cents) as totalSpentCents, max(ordered_at) as lastOrderAt
    from orders
    where customer_id = (select customer_id from customer_identities where kind = 'external_userid' and value = @externalUserId)
      and status in ('paid', 'shipped', 'completed'))
  select c.id as customerId, c.name, c.avatar, c.gender, c.province, c.city, c.birth_year as birthYear,
    c.birthday, c.member_level as memberLevel, c.points, c.phone, c.marketing_averse as marketingAverse,
    sc.id as relId, sc.staff_id as relStaffId, sc.remark as relRemark, sc.description as relDescription,
    sc.first_added_at as relFirstAddedAt, sc.state as relState, sc.add_way as relAddWay, sc.status as relStatus,
    sc.status_changed_at as relStatusChangedAt,
    ch.state as channelState, ch.name as channelName,
    o.orderCount, o.totalSpentCents, o.lastOrderAt,
    (select count(*) from events e where e.customer_id = c.id and e.type = 'message_in') as messagesIn,
    cs.stage_key as stageKey, cs.reason as stageReason, cs.matched as stageMatched, cs.entered_at as stageEnteredAt
  from customer_identities i
  join customers c on c.id = i.customer_id
  left join staff_customers sc on sc.customer_id = c.id and sc.staff_id = @staffId
  left join channels ch on ch.state = sc.state
  left join customer_stages cs on cs.customer_id = c.id
  cross join o
  where i.kind = 'external_userid' and i.value = @externalUserId`))

/**
 * The gate and the first screen in one read: resolves the external contact, checks this
 * staff member serves them (404 `unknown_contact` / `not_your_customer` otherwise), and
 * returns profile, relationship, channel, key-figure aggregates and the stored stage.
 */
export function readFirstScreen(db: Db, staffId: number, externalUserId: string): FirstScreenRow {
  const row = statement(db).get({ staffId, externalUserId }) as Record<string, unknown> | undefined
  if (!row)
    throw unknownContact(externalUserId)
  if (row.relId === null)
    throw notYourCustomer()
  const relation = {
    id: row.relId, staffId: row.relStaffId, customerId: row.customerId, remark: row.relRemark, description: row.relDescription,
    firstAddedAt: row.relFirstAddedAt, state: row.relState, addWay: row.relAddWay, status: row.relStatus, statusChangedAt: row.relStatusChangedAt,
  } as FirstScreenRow['relation']
  return { ...row, relation } as unknown as FirstScreenRow
}
