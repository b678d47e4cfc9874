/**
 * Turns plans into rows through buffered multi-row inserts (bulk.ts). Times are rounded to
 * whole milliseconds here, once. Buffers are flushed parents first, so foreign keys can stay on.
 */
import type Database from 'better-sqlite3'
import { prepareAllSql, sqlRun } from '../sql/typed-sql.ts'
import { bulkInsert, BulkTable } from './bulk.ts'
import { CHANNELS, DEPARTMENTS, PRODUCTS, productBySku, STAFF, TAG_GROUPS, TAGS } from './catalog.ts'
import type { CustomerPlan } from './plan.ts'

const BULK = {
  customer: bulkInsert('customers', 'id, name, gender, province, city, birth_year, birthday, member_level, points, phone, marketing_averse, created_at, updated_at'),
  identity: bulkInsert('customer_identities', 'customer_id, kind, value, created_at'),
  relation: bulkInsert('staff_customers', 'staff_id, customer_id, remark, description, first_added_at, state, add_way, status, status_changed_at'),
  order: bulkInsert('orders', 'id, customer_id, source, source_order_id, status, total_cents, discount_cents, paid_cents, coupon_name, coupon_code, ordered_at, paid_at'),
  item: bulkInsert('order_items', 'order_id, product_id, name, quantity, unit_price_cents'),
  event: bulkInsert('events', 'customer_id, type, touchpoint, occurred_at, title, url, product_id, duration_seconds, amount_cents, content, staff_id, idempotency_key'),
  tag: bulkInsert('customer_tags', 'customer_id, tag_id, staff_id, created_at'),
  coupon: bulkInsert('customer_coupons', 'customer_id, template_id, code, status, issued_at, claimed_at, used_at, expires_at, order_id'),
}

const REFERENCE = {
  department: sqlRun<[id: number, name: string, parentId: number | null]>('insert into departments (id, name, parent_id, wecom_department_id) values (?, ?, ?, null)'),
  // Avatars stay null: tests and screenshots run offline, and the UI shows initials.
  staff: sqlRun<[id: number, userId: string, name: string, position: string | null, departmentId: number, role: string]>('insert into staff (id, user_id, name, avatar, position, department_id, role, active) values (?, ?, ?, null, ?, ?, ?, 1)'),
  leader: sqlRun<[departmentId: number, staffId: number]>('insert into department_leaders (department_id, staff_id) values (?, ?)'),
  product: sqlRun<[id: number, sku: string, name: string, category: string, priceCents: number, url: string | null]>('insert into products (id, sku, name, category, price_cents, image_url, url) values (?, ?, ?, ?, ?, null, ?)'),
  channel: sqlRun<[id: number, state: string, name: string, productId: number | null]>('insert into channels (id, state, name, product_id) values (?, ?, ?, ?)'),
  group: sqlRun<[id: number, name: string, sortOrder: number]>('insert into tag_groups (id, name, sort_order) values (?, ?, ?)'),
  tag: sqlRun<[id: number, groupId: number, name: string, source: string, wecomTagId: string | null]>('insert into tags (id, group_id, name, source, wecom_tag_id) values (?, ?, ?, ?, ?)'),
}

const ms = Math.round
const msOrNull = (t: number | null) => (t === null ? null : Math.round(t))

export class DemoWriter {
  /** Rows written or queued since the last commit. */
  pendingRows = 0
  orders = 0
  events = 0
  customers = 0

  private readonly customer: BulkTable
  private readonly identity: BulkTable
  private readonly relation: BulkTable
  private readonly order: BulkTable
  private readonly item: BulkTable
  private readonly event: BulkTable
  private readonly tag: BulkTable
  private readonly coupon: BulkTable
  /** In dependency order: a child's buffer is flushed after its parent's. */
  private readonly tables: BulkTable[]

  constructor(private readonly sqlite: Database.Database) {
    const t = (insert: typeof BULK[keyof typeof BULK]) => new BulkTable(sqlite, insert)
    this.customer = t(BULK.customer)
    this.identity = t(BULK.identity)
    this.relation = t(BULK.relation)
    this.order = t(BULK.order)
    this.item = t(BULK.item)
    this.event = t(BULK.event)
    this.tag = t(BULK.tag)
    this.coupon = t(BULK.coupon)
    this.tables = [this.customer, this.identity, this.relation, this.order, this.item, this.event, this.tag, this.coupon]
  }

  /** Organisation, staff, products, channels and tags. */
  writeReference(): void {
    const q = prepareAllSql(this.sqlite, REFERENCE)
    for (const d of DEPARTMENTS) q.department.run(d.id, d.name, d.parentId)
    for (const s of STAFF) q.staff.run(s.id, s.userId, s.name, s.position, s.departmentId, s.role)
    // Each supervisor leads their own department (WeCom's is_leader_in_dept).
    for (const s of STAFF) if (s.role === 'supervisor') q.leader.run(s.departmentId, s.id)
    for (const p of PRODUCTS) q.product.run(p.id, p.sku, p.name, p.category, p.priceCents, p.url)
    for (const c of CHANNELS) q.channel.run(c.id, c.state, c.name, c.productSku ? productBySku(c.productSku).id : null)
    for (const g of TAG_GROUPS) q.group.run(g.id, g.name, g.id)
    for (const t of TAGS) q.tag.run(t.id, t.groupId, t.name, t.source, t.wecomTagId)
  }

  /** Queues every row of one customer; flushes once enough are queued. */
  write(plan: CustomerPlan): void {
    const c = plan.customer
    const id = c.id
    this.customer.add(id, c.name, c.gender, c.province, c.city, c.birthYear, c.birthday, c.memberLevel, c.points, c.phone, c.marketingAverse ? 1 : 0, ms(c.createdAt), ms(c.updatedAt))
    for (const i of plan.identities) this.identity.add(id, i.kind, i.value, ms(i.createdAt))
    for (const r of plan.relations)
      this.relation.add(r.staffId, id, r.remark, r.description, ms(r.firstAddedAt), r.state, r.addWay, r.status, msOrNull(r.statusChangedAt))
    let rows = 1 + plan.identities.length + plan.relations.length
    for (const o of plan.orders) {
      this.order.add(o.id, id, o.source, o.sourceOrderId, o.status, o.totalCents, o.discountCents, o.paidCents, o.couponName, o.couponCode ?? null, ms(o.orderedAt), msOrNull(o.paidAt))
      for (const it of o.items) this.item.add(o.id, it.productId, it.name, it.quantity, it.unitPriceCents)
      rows += 1 + o.items.length
    }
    // Chronological ids and keys: demo:<customer>:<n> is stable for a given seed.
    const events = plan.events.slice().sort((a, b) => a.occurredAt - b.occurredAt)
    for (let n = 0; n < events.length; n++) {
      const e = events[n]!
      this.event.add(id, e.type, e.touchpoint, ms(e.occurredAt), e.title, e.url, e.productId, e.durationSeconds, e.amountCents, e.content, e.staffId, `demo:${id}:${n}`)
    }
    for (const t of plan.tags) this.tag.add(id, t.tagId, t.staffId, ms(t.createdAt))
    for (const cc of plan.coupons ?? []) this.coupon.add(id, cc.templateId, cc.code, cc.status, cc.issuedAt, cc.claimedAt, cc.usedAt, cc.expiresAt, cc.orderId)
    rows += events.length + plan.tags.length + (plan.coupons?.length ?? 0)
    this.pendingRows += rows
    this.customers += 1
    this.orders += plan.orders.length
    this.events += events.length
    if (this.event.pendingRows >= 2048)
      this.flush()
  }

  flush(): void {
    for (const t of this.tables) t.flush()
  }

  /** Flushes, commits the open transaction and opens the next one. */
  commit(): void {
    this.flush()
    this.sqlite.exec('commit')
    this.sqlite.exec('begin')
    this.pendingRows = 0
  }
}
