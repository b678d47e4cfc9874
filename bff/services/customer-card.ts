import { LRUCache } from 'lru-cache'
import type { Db } from '#db/client.ts'
import type { customers } from '#db/schema.ts'
import { indexedBy } from '#db/sql/dialect.ts'
import { prepareAllSql, sqlRows, sqlTuples } from '#db/sql/typed-sql.ts'
import type { CoServingStaff, RelationStatus, Tag } from '../contract/customer.ts'
import { genderLabel } from '../engine/customer-facts.ts'
import { countedOrderSql } from '../engine/rules/order-status.ts'
import { maskPhone } from '../engine/rules/phone.ts'
import { unknownContact } from './customer-access.ts'
import { preparedPerDb } from './prepared.ts'
import { readSidebarTaskCandidates, type TaskRow } from './tasks.ts'

/**
 * Everything the sidebar's first screen shows about a customer, for any staff member at any later
 * moment: profile, every relationship, tags, order figures, the stored stage, and the tasks that
 * may be due (each request picks its staff member's and today's). Not the count of the customer's
 * messages: it is read with the revision on every open, so a new message keeps the card. Times
 * that do not depend on the moment are already ISO strings; the phone is already masked (the card
 * never holds the number).
 */
export interface CustomerCard {
  profile: {
    name: string
    avatar: string | null
    gender: 'male' | 'female' | 'unknown'
    province: string | null
    city: string | null
    birthday: string | null
    memberLevel: string | null
    points: number
    phoneMasked: string | null
    marketingAverse: boolean
  }
  birthYear: number | null
  /** Every staff member who has this customer, first added first. */
  relations: CardRelation[]
  tags: Tag[]
  orderCount: number
  totalSpentCents: number
  lastOrderAt: number | null
  stage: { key: string, reason: string, matched: string[], enteredAt: string } | null
  taskCandidates: TaskRow[]
}

export interface CardRelation {
  staffId: number
  remark: string | null
  status: RelationStatus
  channel: { state: string, name: string } | null
  /** How the relationship shows to the other staff members who serve the customer. */
  asCoServing: CoServingStaff
}

/**
 * Cards kept per process, by external contact. A kept card, and which customer the contact is,
 * are trusted while that customer's revision is the one they were read at: triggers move it on
 * every write to a table the card is read from, and when an identifier leaves the customer. A hit
 * is one primary-key read instead of a dozen statements. 20,000 cards take about 50 MB (2.5 KB
 * each on the benchmark data).
 */
const CARDS_KEPT = 20_000

interface KeptCard { customerId: number, revision: number, card: CustomerCard }
const cardCache = preparedPerDb(() => new LRUCache<string, KeptCard>({ max: CARDS_KEPT }))

/**
 * The tables the card is read from, and the writes to each that must move the customer's revision
 * (the triggers of migrations 0004 and 0005). A kept card is right only while this holds: a table
 * the card starts reading goes here, with its triggers in a migration, and
 * `customer-card-sources.test.ts` fails until both are there. Some writes need no trigger: a new
 * identifier is a new cache key, so no kept card can be stale; a new tag, group or staff member
 * serves nobody yet; and deleting one that customers still hold is refused by a foreign key.
 */
export const CARD_SOURCE_TABLES = {
  customers: ['insert', 'update', 'delete'],
  customer_identities: ['update', 'delete'],
  staff_customers: ['insert', 'update', 'delete'],
  staff: ['update'],
  channels: ['insert', 'update', 'delete'],
  customer_tags: ['insert', 'update', 'delete'],
  tags: ['update'],
  tag_groups: ['update'],
  orders: ['insert', 'update', 'delete'],
  customer_stages: ['insert', 'update', 'delete'],
  tasks: ['insert', 'update', 'delete'],
} as const satisfies Record<string, ReadonlyArray<'insert' | 'update' | 'delete'>>

/** Where the triggers count: read by the card next to its sources, never a source itself. */
export const CARD_REVISION_TABLE = 'customer_revisions'

/** The customers row as read: marketing_averse stays SQLite's 0/1. */
type CustomerRow = Pick<typeof customers.$inferSelect, 'name' | 'avatar' | 'gender' | 'province' | 'city' | 'birthYear' | 'birthday'
  | 'memberLevel' | 'points' | 'phone'> & { marketingAverse: number }

interface OrderFigures { orderCount: number, totalSpentCents: number, lastOrderAt: number | null }
interface StageRow { key: string, reason: string, matched: string, enteredAt: number }

interface RelationRow {
  staffId: number
  userId: string
  staffName: string
  remark: string | null
  status: RelationStatus
  firstAddedAt: number
  state: string | null
  channelName: string | null
}

// Small statements rather than one with a CTE: materialising the CTE cost more than the reads.
const CARD_SQL = {
  // The planner would take the unique (kind, value) index and then read the table row for
  // customer_id; the covering index answers from the index alone.
  head: sqlTuples<[customerId: number, revision: number, messagesIn: number], [externalUserId: string]>(`select i.customer_id, coalesce(r.revision, 0), coalesce(r.messages_in, 0)
      from customer_identities i ${indexedBy('customer_identities_resolve_idx')}
      left join customer_revisions r on r.customer_id = i.customer_id
      where i.kind = 'external_userid' and i.value = ?`),
  revision: sqlTuples<[revision: number, messagesIn: number], [customerId: number]>('select revision, messages_in from customer_revisions where customer_id = ?'),
  customer: sqlRows<CustomerRow, [customerId: number]>(`select name, avatar, gender, province, city, birth_year as birthYear, birthday,
        member_level as memberLevel, points, phone, marketing_averse as marketingAverse
      from customers where id = ?`),
  orderFigures: sqlRows<OrderFigures, [customerId: number]>(`select count(*) as orderCount, coalesce(sum(paid_cents), 0) as totalSpentCents, max(ordered_at) as lastOrderAt
      from orders where customer_id = ? and ${countedOrderSql('status')}`),
  stage: sqlRows<StageRow, [customerId: number]>(`select stage_key as key, reason, matched, entered_at as enteredAt from customer_stages where customer_id = ?`),
  relations: sqlRows<RelationRow, [customerId: number]>(`select sc.staff_id as staffId, s.user_id as userId, s.name as staffName, sc.remark, sc.status,
        sc.first_added_at as firstAddedAt, sc.state, ch.name as channelName
      from staff_customers sc
      join staff s on s.id = sc.staff_id
      left join channels ch on ch.state = sc.state
      where sc.customer_id = ?
      order by sc.first_added_at, sc.id`),
  tags: sqlRows<Tag, [customerId: number]>(`select t.id, t.name, g.name as "group", t.source
      from customer_tags ct join tags t on t.id = ct.tag_id join tag_groups g on g.id = t.group_id
      where ct.customer_id = ?
      order by g.sort_order, t.id`),
}

const statements = preparedPerDb((db: Db) => {
  const sqlite = db.$client
  const q = prepareAllSql(sqlite, CARD_SQL)
  const readCard = sqlite.transaction((customerId: number, now: number): CustomerCard | null => {
    const customer = q.customer.get(customerId)
    if (!customer)
      return null
    const stage = q.stage.get(customerId)
    return {
      ...fromCustomerRow(customer),
      ...q.orderFigures.get(customerId)!, // an aggregate without group by always answers one row
      stage: stage ? { ...stage, matched: parseMatched(stage.matched), enteredAt: new Date(stage.enteredAt).toISOString() } : null,
      relations: q.relations.all(customerId).map(toCardRelation),
      tags: q.tags.all(customerId),
      taskCandidates: readSidebarTaskCandidates(db, customerId, now),
    }
  })
  return { head: q.head, revision: q.revision, readCard }
})

/**
 * The customer behind an external contact and their card: from memory when nothing about them
 * changed since it was read, else from the database. 404 `unknown_contact` when the contact is
 * not known.
 */
export function customerCard(db: Db, externalUserId: string, now: number): { customerId: number, card: CustomerCard, messagesIn: number } {
  const q = statements(db)
  const cache = cardCache(db)
  const kept = cache.get(externalUserId)
  if (kept) {
    // No row yet: nothing was written about the customer since the counters began (revision 0).
    const [revision, messagesIn] = q.revision.get(kept.customerId) ?? [0, 0]
    if (revision === kept.revision)
      return { customerId: kept.customerId, card: kept.card, messagesIn }
  }
  const head = q.head.get(externalUserId)
  if (!head)
    throw unknownContact(externalUserId)
  const [customerId, revision, messagesIn] = head
  // Read after the revision: if a write lands in between, the card is newer than the revision it
  // is kept under, and the next open reads it again. Never the other way round.
  const card = q.readCard(customerId, now)
  if (!card) // merged away by another process since the lookup
    throw unknownContact(externalUserId)
  cache.set(externalUserId, { customerId, revision, card })
  return { customerId, card, messagesIn }
}

/** customer_stages.matched: the JSON array of strings the recompute wrote. */
function parseMatched(text: string): string[] {
  const value: unknown = JSON.parse(text)
  if (!Array.isArray(value) || !value.every(v => typeof v === 'string'))
    throw new Error(`customer_stages.matched is not a list of strings: ${text}`)
  return value
}

function fromCustomerRow(row: CustomerRow): Pick<CustomerCard, 'profile' | 'birthYear'> {
  return {
    profile: {
      name: row.name,
      avatar: row.avatar,
      gender: genderLabel(row.gender),
      province: row.province,
      city: row.city,
      birthday: row.birthday,
      memberLevel: row.memberLevel,
      points: row.points,
      phoneMasked: row.phone ? maskPhone(row.phone) : null,
      marketingAverse: row.marketingAverse === 1,
    },
    birthYear: row.birthYear,
  }
}

function toCardRelation(r: RelationRow): CardRelation {
  return {
    staffId: r.staffId,
    remark: r.remark,
    status: r.status,
    channel: r.state && r.channelName ? { state: r.state, name: r.channelName } : null,
    asCoServing: { userId: r.userId, name: r.staffName, firstAddedAt: new Date(r.firstAddedAt).toISOString(), status: r.status },
  }
}
