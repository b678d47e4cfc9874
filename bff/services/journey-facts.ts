/**
 * Builds the journey engine's CustomerFacts from the database: for one customer, or for many at
 * once in chunks (the full recompute). Each chunk costs a fixed number of queries, whatever its
 * size: every table is read once with `customer_id IN (…)` over its customer index, never per
 * customer (no N+1).
 */
import type Database from 'better-sqlite3'
import type { Db } from '../../db/client.ts'
import type { CustomerFacts, FactRelation, FactTask } from '../engine/journey/index.ts'
import type { EventType, OrderStatus, RelationStatus } from '../engine/journey/facts.ts'
import type { Goal } from '../engine/journey/sop-schema.ts'

/** Customers per chunk when the caller does not say: big enough to amortise, small enough to yield often. */
export const DEFAULT_CHUNK = 500

// The id list is bound as one JSON array, so each statement is prepared once whatever the chunk size.
const IDS = 'select value from json_each(?)'

const SQL = {
  customers: `select id, name, gender, birthday, member_level as memberLevel, marketing_averse as marketingAverse
    from customers where id in (${IDS})`,
  // The seeded product is the one of the channel (渠道活码 state) the customer added through.
  relations: `select sc.customer_id as customerId, sc.staff_id as staffId, s.name as staffName, sc.first_added_at as firstAddedAt,
      sc.status, sc.state, p.id as productId, p.name as productName, p.category as productCategory, p.url as productUrl
    from staff_customers sc
    join staff s on s.id = sc.staff_id
    left join channels ch on ch.state = sc.state
    left join products p on p.id = ch.product_id
    where sc.customer_id in (${IDS})
    order by sc.customer_id, sc.first_added_at, sc.staff_id`,
  orders: `select id, customer_id as customerId, ordered_at as at, status, paid_cents as paidCents, coupon_name as couponName
    from orders where customer_id in (${IDS}) order by customer_id, ordered_at, id`,
  orderItems: `select oi.order_id as orderId, oi.product_id as productId, oi.name, p.category
    from orders o join order_items oi on oi.order_id = o.id left join products p on p.id = oi.product_id
    where o.customer_id in (${IDS})`,
  // Products are looked up once per chunk (below), not joined to every event row.
  events: `select customer_id, type, occurred_at, product_id, title, duration_seconds, content, staff_id
    from events where customer_id in (${IDS}) order by customer_id, occurred_at, id`,
  products: `select id, name, category, url from products where id in (${IDS})`,
  // In primary-key order (no sort): a customer's tags by tag id, as the sidebar lists them within a group.
  tags: `select ct.customer_id as customerId, g.name as "group", t.name, ct.created_at as addedAt
    from customer_tags ct join tags t on t.id = ct.tag_id join tag_groups g on g.id = t.group_id
    where ct.customer_id in (${IDS}) order by ct.customer_id, ct.tag_id`,
  tasks: `select customer_id as customerId, key, sop_key as sopKey, step_key as stepKey, goal, marketing, created_at as createdAt,
      due_at as dueAt, expires_at as expiresAt, status, completed_at as completedAt, closed_at as closedAt
    from tasks where customer_id in (${IDS}) order by customer_id, id`,
} as const

interface CustomerRow { id: number, name: string, gender: number, birthday: string | null, memberLevel: string | null, marketingAverse: number }
interface RelationRow {
  customerId: number, staffId: number, staffName: string, firstAddedAt: number, status: RelationStatus, state: string | null
  productId: number | null, productName: string | null, productCategory: string | null, productUrl: string | null
}
interface OrderRow { id: number, customerId: number, at: number, status: OrderStatus, paidCents: number, couponName: string | null }
interface ItemRow { orderId: number, productId: number | null, name: string, category: string | null }
/** Events are the bulk of a chunk: read as arrays, not objects (customer, type, at, product, title, seconds, content, staff). */
type EventRow = [number, EventType, number, number | null, string | null, number | null, string | null, number | null]
interface ProductRow { id: number, name: string, category: string, url: string | null }
interface TagRow { customerId: number, group: string, name: string, addedAt: number }
interface TaskRow {
  customerId: number, key: string, sopKey: string, stepKey: string, goal: Goal, marketing: number, createdAt: number
  dueAt: number, expiresAt: number, status: string, completedAt: number | null, closedAt: number | null
}

export interface FactsReader {
  /** Facts for each of `customerIds` that exists; unknown ids are left out. */
  load: (customerIds: readonly number[]) => Map<number, CustomerFacts>
}

/** Prepares the statements once; reuse the reader for every chunk of a run. */
export function createFactsReader(db: Db): FactsReader {
  const sqlite = db.$client
  const stmt = Object.fromEntries(Object.entries(SQL).map(([k, sql]) => [k, sqlite.prepare(sql)])) as Record<keyof typeof SQL, Database.Statement>
  stmt.events.raw(true)
  return {
    load(customerIds) {
      const ids = JSON.stringify(customerIds)
      const all = <T>(s: Database.Statement) => s.all(ids) as T[]
      const out = new Map<number, CustomerFacts>()
      for (const c of all<CustomerRow>(stmt.customers)) {
        out.set(c.id, {
          customer: { id: c.id, name: c.name, gender: c.gender, birthday: c.birthday, memberLevel: c.memberLevel, marketingAverse: c.marketingAverse === 1 },
          relationships: [],
          seededProduct: null,
          orders: [],
          events: [],
          tags: [],
          // No coupon table yet: coupon rules read coupon_claim / coupon_use events and orders' coupons.
          coupons: [],
          tasks: [],
        })
      }

      const itemsByOrder = new Map<number, ItemRow[]>()
      for (const item of all<ItemRow>(stmt.orderItems))
        push(itemsByOrder, item.orderId, item)
      for (const o of all<OrderRow>(stmt.orders)) {
        out.get(o.customerId)?.orders.push({
          at: o.at,
          status: o.status,
          paidCents: o.paidCents,
          couponName: o.couponName,
          items: (itemsByOrder.get(o.id) ?? []).map(i => ({ productId: i.productId, name: i.name, category: i.category })),
        })
      }

      const events = all<EventRow>(stmt.events)
      const productIds = new Set<number>()
      for (const e of events) {
        if (e[3] !== null)
          productIds.add(e[3])
      }
      const products = new Map((stmt.products.all(JSON.stringify([...productIds])) as ProductRow[]).map(p => [p.id, p]))
      // Who last wrote to the customer decides who owns their tasks (engine/journey/owner.ts).
      const lastOut = new Map<string, number>()
      for (const [customerId, type, at, productId, title, durationSeconds, content, staffId] of events) {
        const facts = out.get(customerId)
        if (!facts)
          continue
        const product = productId === null ? undefined : products.get(productId)
        facts.events.push({
          type,
          at,
          productId,
          productName: product?.name ?? null,
          productCategory: product?.category ?? null,
          productUrl: product?.url ?? null,
          title,
          durationSeconds,
          content,
        })
        if (type === 'message_out' && staffId !== null) {
          const k = `${customerId}:${staffId}`
          lastOut.set(k, Math.max(lastOut.get(k) ?? -Infinity, at))
        }
      }

      for (const r of all<RelationRow>(stmt.relations)) {
        const facts = out.get(r.customerId)
        if (!facts)
          continue
        const relation: FactRelation = {
          staffId: r.staffId,
          staffName: r.staffName,
          firstAddedAt: r.firstAddedAt,
          status: r.status,
          state: r.state,
          lastMessageOutAt: lastOut.get(`${r.customerId}:${r.staffId}`) ?? null,
        }
        facts.relationships.push(relation)
        // Rows come earliest add first: the channel the customer first came through wins.
        if (!facts.seededProduct && r.productId !== null)
          facts.seededProduct = { productId: r.productId, name: r.productName ?? '', category: r.productCategory, url: r.productUrl }
      }

      for (const t of all<TagRow>(stmt.tags))
        out.get(t.customerId)?.tags.push({ group: t.group, name: t.name, addedAt: t.addedAt })

      for (const t of all<TaskRow>(stmt.tasks))
        out.get(t.customerId)?.tasks.push(factTask(t))
      return out
    },
  }
}

/**
 * A stored task as the planner sees it. Skipped and expired tasks never reached the customer: they
 * end at their close time, so the contact budget does not count them as promised touches.
 */
function factTask(t: TaskRow): FactTask {
  const closedUnsent = (t.status === 'skipped' || t.status === 'expired') && t.closedAt !== null
  return {
    taskKey: t.key,
    sopKey: t.sopKey,
    stepKey: t.stepKey,
    goal: t.goal,
    marketing: t.marketing === 1,
    createdAt: t.createdAt,
    dueAt: t.dueAt,
    expiresAt: closedUnsent ? Math.min(t.expiresAt, t.closedAt!) : t.expiresAt,
    doneAt: t.status === 'done' ? t.completedAt : null,
  }
}

/** One customer's facts, or null when there is no such customer. */
export function loadCustomerFacts(db: Db, customerId: number): CustomerFacts | null {
  return createFactsReader(db).load([customerId]).get(customerId) ?? null
}

/** Every customer id, ascending, `chunk` at a time (keyset paging: constant cost per chunk). */
export function* customerIdChunks(db: Db, chunk = DEFAULT_CHUNK): Generator<number[]> {
  const page = db.$client.prepare('select id from customers where id > ? order by id limit ?').pluck()
  let after = 0
  for (;;) {
    const ids = page.all(after, chunk) as number[]
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

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key)
  if (list)
    list.push(value)
  else
    map.set(key, [value])
}
