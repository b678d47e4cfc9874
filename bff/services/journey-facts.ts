/**
 * Builds the journey engine's CustomerFacts from the database: for one customer, or for many at
 * once in chunks (the full recompute). Each chunk costs a fixed number of queries, whatever its
 * size: every table is read once with `customer_id IN (…)` over its customer index, never per
 * customer (no N+1).
 *
 * A full recompute is mostly reading rows, so it reads as few as give the same answer: the
 * events of the types its journey and SOPs name (eventTypesRead), and of the rest only the latest
 * activity (CustomerFacts.partialEvents), taken from the event index.
 */
import type { Db } from '#db/client.ts'
import { inJsonList } from '#db/sql/dialect.ts'
import { prepareAllSql, prepareSql, sqlTuples } from '#db/sql/typed-sql.ts'
import type { CustomerFacts, FactOrder, FactRelation, FactTask } from '../engine/journey/index.ts'
import type { EventType, OrderStatus, RelationStatus } from '../engine/journey/facts.ts'
import type { Goal } from '../engine/journey/sop-schema.ts'

/** Customers per chunk when the caller does not say: big enough to amortise, small enough to yield often. */
export const DEFAULT_CHUNK = 500

// The id list is bound as one JSON array, so each statement is prepared once whatever the chunk size.
const IN_IDS = inJsonList('@ids')
interface Ids { ids: string }

type CustomerRow = [id: number, name: string, gender: number, birthday: string | null, memberLevel: string | null, marketingAverse: number, lastActiveAt: number | null]
type RelationRow = [
  customerId: number, staffId: number, staffName: string, firstAddedAt: number, status: RelationStatus, state: string | null,
  productId: number | null, lastMessageOutAt: number | null,
]
type OrderRow = [id: number, customerId: number, at: number, status: OrderStatus, paidCents: number, couponName: string | null]
type ItemRow = [orderId: number, productId: number | null, name: string]
type EventRow = [customerId: number, type: EventType, at: number, productId: number | null, title: string | null, durationSeconds: number | null, content: string | null]
type ProductRow = [id: number, name: string, category: string, url: string | null]
type TagRow = [customerId: number, tagId: number, addedAt: number]
type TagNameRow = [id: number, group: string, name: string]
type CouponRow = [customerId: number, code: string, name: string, claimedAt: number | null, usedAt: number | null, expiresAt: number]
type TaskRow = [
  customerId: number, key: string, sopKey: string, stepKey: string, goal: Goal, marketing: number, createdAt: number,
  dueAt: number, expiresAt: number, status: string, completedAt: number | null, closedAt: number | null,
]

// Rows are read as arrays, not objects, and only with the columns the facts need: a full
// recompute reads every order and event, and building a row costs more than finding it. Small
// tables (products, tags) are looked up once per chunk for the ids the chunk uses rather than
// joined to every row.
const SQL = {
  // The seeded product is the one of the channel (渠道活码 state) the customer added through.
  // Who last wrote to the customer decides who owns their tasks (engine/journey/owner.ts): each
  // relationship comes with its staff member's latest message, so staff messages are never rows.
  relations: sqlTuples<RelationRow, Ids>(`select sc.customer_id, sc.staff_id, s.name, sc.first_added_at, sc.status, sc.state, ch.product_id,
      (select max(e.occurred_at) from events e
        where e.customer_id = sc.customer_id and e.type = 'message_out' and e.staff_id = sc.staff_id)
    from staff_customers sc
    join staff s on s.id = sc.staff_id
    left join channels ch on ch.state = sc.state
    where sc.customer_id ${IN_IDS}
    order by sc.customer_id, sc.first_added_at, sc.staff_id`),
  orders: sqlTuples<OrderRow, Ids>(`select id, customer_id, ordered_at, status, paid_cents, coupon_name
    from orders where customer_id ${IN_IDS} order by customer_id, ordered_at, id`),
  orderItems: sqlTuples<ItemRow, Ids>(`select oi.order_id, oi.product_id, oi.name
    from orders o join order_items oi on oi.order_id = o.id
    where o.customer_id ${IN_IDS}`),
  products: sqlTuples<ProductRow, Ids>(`select id, name, category, url from products where id ${IN_IDS}`),
  // In primary-key order (no sort): a customer's tags by tag id, as the sidebar lists them within a group.
  tags: sqlTuples<TagRow, Ids>(`select customer_id, tag_id, created_at from customer_tags where customer_id ${IN_IDS} order by customer_id, tag_id`),
  tagNames: sqlTuples<TagNameRow, Ids>(`select t.id, g.name, t.name from tags t join tag_groups g on g.id = t.group_id where t.id ${IN_IDS}`),
  // Coupons still held (the engine keeps the unexpired ones): the 优惠券到期 SOP reads them.
  coupons: sqlTuples<CouponRow, Ids>(`select cc.customer_id, cc.code, t.name, cc.claimed_at, cc.used_at, cc.expires_at
    from customer_coupons cc join coupon_templates t on t.id = cc.template_id
    where cc.customer_id ${IN_IDS} and cc.status in ('issued', 'claimed') order by cc.customer_id, cc.expires_at, cc.id`),
  tasks: sqlTuples<TaskRow, Ids>(`select customer_id, key, sop_key, step_key, goal, marketing, created_at, due_at, expires_at, status, completed_at, closed_at
    from tasks where customer_id ${IN_IDS} order by customer_id, id`),
}

// Without `eventTypes`: every event.
const EVERY_EVENT = {
  // The last column is the latest activity when only some events are loaded (SOME_EVENTS).
  customers: sqlTuples<CustomerRow, Ids>(`select id, name, gender, birthday, member_level, marketing_averse, null
    from customers where id ${IN_IDS}`),
  events: sqlTuples<EventRow, Ids>(`select customer_id, type, occurred_at, product_id, title, duration_seconds, content
    from events where customer_id ${IN_IDS} order by customer_id, occurred_at, id`),
}

// With `eventTypes` (a full recompute): only the events of those types, and with each customer
// their latest event that counts as activity, of whatever type.
const SOME_EVENTS = {
  customers: sqlTuples<CustomerRow, Ids>(`select c.id, c.name, c.gender, c.birthday, c.member_level, c.marketing_averse,
      (select max(e.occurred_at) from events e where e.customer_id = c.id and e.type not in ('message_out', 'customer_merged'))
    from customers c where c.id ${IN_IDS}`),
  events: sqlTuples<EventRow, Ids & { types: string }>(`select customer_id, type, occurred_at, product_id, title, duration_seconds, content
    from events where customer_id ${IN_IDS} and type ${inJsonList('@types')} order by customer_id, occurred_at, id`),
}

export interface FactsReader {
  /** Facts for each of `customerIds` that exists; unknown ids are left out. */
  load: (customerIds: readonly number[]) => Map<number, CustomerFacts>
}

export interface FactsReaderOptions {
  /**
   * Load only the events of these types in full (CustomerFacts.partialEvents): for the engine
   * with a given config, pass eventTypesRead(journey, library). Default: every event.
   */
  eventTypes?: Iterable<EventType>
}

/** Prepares the statements once; reuse the reader for every chunk of a run. */
export function createFactsReader(db: Db, options: FactsReaderOptions = {}): FactsReader {
  const sqlite = db.$client
  const eventTypes = options.eventTypes ? new Set(options.eventTypes) : null
  const stmt = { ...prepareAllSql(sqlite, SQL), customers: prepareSql(sqlite, eventTypes ? SOME_EVENTS.customers : EVERY_EVENT.customers) }
  let readEvents: (ids: Ids) => EventRow[]
  if (eventTypes) {
    const types = JSON.stringify([...eventTypes])
    const some = prepareSql(sqlite, SOME_EVENTS.events)
    readEvents = ids => some.all({ ...ids, types })
  }
  else {
    const every = prepareSql(sqlite, EVERY_EVENT.events)
    readEvents = ids => every.all(ids)
  }
  return {
    load(customerIds) {
      const ids = { ids: JSON.stringify(customerIds) }
      const out = new Map<number, CustomerFacts>()
      for (const [id, name, gender, birthday, memberLevel, marketingAverse, lastActiveAt] of stmt.customers.all(ids)) {
        const facts: CustomerFacts = {
          customer: { id, name, gender, birthday, memberLevel, marketingAverse: marketingAverse === 1 },
          relationships: [],
          seededProduct: null,
          orders: [],
          events: [],
          tags: [],
          coupons: [],
          tasks: [],
        }
        if (eventTypes)
          facts.partialEvents = { types: eventTypes, lastActiveAt }
        out.set(id, facts)
      }
      // Rows come grouped by customer: look each customer up once per run of rows.
      let lastId = -1
      let facts: CustomerFacts | undefined
      const factsOf = (customerId: number) => {
        if (customerId !== lastId) {
          lastId = customerId
          facts = out.get(customerId)
        }
        return facts
      }

      const relations = stmt.relations.all(ids)
      const items = stmt.orderItems.all(ids)
      const events = readEvents(ids)
      const productIds = new Set<number>()
      for (const r of relations) {
        if (r[6] !== null)
          productIds.add(r[6])
      }
      for (const i of items) {
        if (i[1] !== null)
          productIds.add(i[1])
      }
      for (const e of events) {
        if (e[3] !== null)
          productIds.add(e[3])
      }
      const products = new Map<number, ProductRow>()
      if (productIds.size) {
        for (const p of stmt.products.all({ ids: JSON.stringify([...productIds]) }))
          products.set(p[0], p)
      }

      const itemsByOrder = new Map<number, FactOrder['items']>()
      for (const [orderId, productId, name] of items) {
        const item = { productId, name, category: productId === null ? null : products.get(productId)?.[2] ?? null }
        const list = itemsByOrder.get(orderId)
        if (list)
          list.push(item)
        else
          itemsByOrder.set(orderId, [item])
      }
      for (const [customerId, key, name, claimedAt, usedAt, expiresAt] of stmt.coupons.all(ids))
        factsOf(customerId)?.coupons.push({ key, name, productId: null, claimedAt, usedAt, expiresAt })
      for (const [id, customerId, at, status, paidCents, couponName] of stmt.orders.all(ids))
        factsOf(customerId)?.orders.push({ at, status, paidCents, couponName, items: itemsByOrder.get(id) ?? [] })

      for (const [customerId, type, at, productId, title, durationSeconds, content] of events) {
        const product = productId === null ? undefined : products.get(productId)
        factsOf(customerId)?.events.push({
          type,
          at,
          productId,
          productName: product ? product[1] : null,
          productCategory: product ? product[2] : null,
          productUrl: product ? product[3] : null,
          title,
          durationSeconds,
          content,
        })
      }

      for (const [customerId, staffId, staffName, firstAddedAt, status, state, productId, lastMessageOutAt] of relations) {
        const f = factsOf(customerId)
        if (!f)
          continue
        const relation: FactRelation = { staffId, staffName, firstAddedAt, status, state, lastMessageOutAt }
        f.relationships.push(relation)
        // Rows come earliest add first: the channel the customer first came through wins.
        const product = productId === null ? undefined : products.get(productId)
        if (!f.seededProduct && product)
          f.seededProduct = { productId: product[0], name: product[1] ?? '', category: product[2], url: product[3] }
      }

      const tags = stmt.tags.all(ids)
      if (tags.length) {
        const tagIds = new Set<number>()
        for (const t of tags)
          tagIds.add(t[1])
        const names = new Map(stmt.tagNames.all({ ids: JSON.stringify([...tagIds]) }).map(t => [t[0], t]))
        for (const [customerId, tagId, addedAt] of tags) {
          const name = names.get(tagId)
          if (name)
            factsOf(customerId)?.tags.push({ group: name[1], name: name[2], addedAt })
        }
      }

      for (const t of stmt.tasks.all(ids))
        factsOf(t[0])?.tasks.push(factTask(t))
      return out
    },
  }
}

/**
 * A stored task as the planner sees it. Skipped and expired tasks never reached the customer: they
 * end at their close time, so the contact budget does not count them as promised touches.
 */
function factTask([, taskKey, sopKey, stepKey, goal, marketing, createdAt, dueAt, expiresAt, status, completedAt, closedAt]: TaskRow): FactTask {
  const closedUnsent = (status === 'skipped' || status === 'expired' || status === 'withdrawn') && closedAt !== null
  return {
    taskKey,
    sopKey,
    stepKey,
    goal,
    marketing: marketing === 1,
    createdAt,
    dueAt,
    expiresAt: closedUnsent ? Math.min(expiresAt, closedAt) : expiresAt,
    doneAt: status === 'done' ? completedAt : null,
    open: status === 'pending' || status === 'snoozed',
  }
}

/** One customer's facts, or null when there is no such customer. */
export function loadCustomerFacts(db: Db, customerId: number): CustomerFacts | null {
  return createFactsReader(db).load([customerId]).get(customerId) ?? null
}

const ID_PAGE = sqlTuples<[id: number], [after: number, limit: number]>('select id from customers where id > ? order by id limit ?')

/** Every customer id, ascending, `chunk` at a time (keyset paging: constant cost per chunk). */
export function* customerIdChunks(db: Db, chunk = DEFAULT_CHUNK): Generator<number[]> {
  const page = prepareSql(db.$client, ID_PAGE)
  let after = 0
  for (;;) {
    const ids = page.all(after, chunk).map(([id]) => id)
    if (!ids.length)
      return
    yield ids
    after = ids[ids.length - 1]!
  }
}

/** Every customer's facts, streamed a chunk at a time, in customer id order. */
export function* streamCustomerFacts(db: Db, options: { chunk?: number } = {}): Generator<Map<number, CustomerFacts>> {
  const reader = createFactsReader(db)
  for (const ids of customerIdChunks(db, options.chunk))
    yield reader.load(ids)
}
