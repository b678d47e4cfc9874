/**
 * The single source of truth for the database. Edit here, then `npm run db:generate`,
 * review the SQL in db/migrations and commit both.
 *
 * Conventions: times are unix milliseconds (INTEGER), money is integer fen (分),
 * booleans are 0/1 integers. Stages, SOP tasks and coupons hang off `customers.id`
 * and `staff.id` in their own tables, so nothing here needs reshaping for them.
 */
import { sql } from 'drizzle-orm'
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core'

export const departments = sqliteTable('departments', {
  id: integer('id').primaryKey(),
  name: text('name').notNull(),
  parentId: integer('parent_id'),
  /** WeCom department id when synced from a real corp. */
  wecomDepartmentId: integer('wecom_department_id'),
})

export const staff = sqliteTable('staff', {
  id: integer('id').primaryKey(),
  /** WeCom member userid: what OAuth and the contact callbacks return. */
  userId: text('user_id').notNull().unique(),
  name: text('name').notNull(),
  avatar: text('avatar'),
  position: text('position'),
  departmentId: integer('department_id').notNull().references(() => departments.id),
  /** 'staff' serves customers; 'supervisor' also sees the whole department. */
  role: text('role', { enum: ['staff', 'supervisor'] }).notNull().default('staff'),
  active: integer('active', { mode: 'boolean' }).notNull().default(true),
}, t => [index('staff_department_idx').on(t.departmentId)])

export const customers = sqliteTable('customers', {
  id: integer('id').primaryKey(),
  name: text('name').notNull(),
  avatar: text('avatar'),
  /** 0 unknown, 1 male, 2 female — WeCom's encoding. */
  gender: integer('gender').notNull().default(0),
  province: text('province'),
  city: text('city'),
  birthYear: integer('birth_year'),
  /** MM-DD; the year is often unknown even when the day is. */
  birthday: text('birthday'),
  memberLevel: text('member_level'),
  points: integer('points').notNull().default(0),
  /** Full number, stored once; it leaves the BFF masked unless revealed. */
  phone: text('phone'),
  /** Reacted badly to marketing: left out of marketing SOPs. */
  marketingAverse: integer('marketing_averse', { mode: 'boolean' }).notNull().default(false),
  createdAt: integer('created_at').notNull(),
  updatedAt: integer('updated_at').notNull(),
}, t => [index('customers_phone_idx').on(t.phone)])

/** One person, many IDs: every identifier we learn resolves to one customer. */
export const customerIdentities = sqliteTable('customer_identities', {
  id: integer('id').primaryKey(),
  customerId: integer('customer_id').notNull().references(() => customers.id, { onDelete: 'cascade' }),
  kind: text('kind', {
    enum: ['external_userid', 'unionid', 'openid', 'phone', 'member_id', 'youzan_buyer', 'tmall_buyer', 'mall_buyer', 'wdt_buyer', 'xiaoe_user'],
  }).notNull(),
  value: text('value').notNull(),
  createdAt: integer('created_at').notNull(),
}, t => [
  uniqueIndex('customer_identities_kind_value_uq').on(t.kind, t.value),
  index('customer_identities_customer_idx').on(t.customerId),
])

/** 渠道活码: the `state` a customer added through, and the product it was seeded with. */
export const channels = sqliteTable('channels', {
  id: integer('id').primaryKey(),
  state: text('state').notNull().unique(),
  name: text('name').notNull(),
  productId: integer('product_id').references(() => products.id),
})

/** follow_user: the staff ↔ customer relationship. */
export const staffCustomers = sqliteTable('staff_customers', {
  id: integer('id').primaryKey(),
  staffId: integer('staff_id').notNull().references(() => staff.id),
  customerId: integer('customer_id').notNull().references(() => customers.id, { onDelete: 'cascade' }),
  remark: text('remark'),
  description: text('description'),
  /** The exact first-add time (new-customer gifts depend on it). */
  firstAddedAt: integer('first_added_at').notNull(),
  state: text('state'),
  addWay: integer('add_way'),
  status: text('status', { enum: ['active', 'deleted_by_customer', 'deleted_by_staff', 'transferred'] }).notNull().default('active'),
  statusChangedAt: integer('status_changed_at'),
}, t => [
  uniqueIndex('staff_customers_staff_customer_uq').on(t.staffId, t.customerId),
  index('staff_customers_customer_idx').on(t.customerId),
])

export const tagGroups = sqliteTable('tag_groups', {
  id: integer('id').primaryKey(),
  name: text('name').notNull().unique(),
  sortOrder: integer('sort_order').notNull().default(0),
})

export const tags = sqliteTable('tags', {
  id: integer('id').primaryKey(),
  groupId: integer('group_id').notNull().references(() => tagGroups.id),
  name: text('name').notNull(),
  /** manual: put on by staff; rule: made by a rule; wecom: synced corp tag. */
  source: text('source', { enum: ['manual', 'rule', 'wecom'] }).notNull().default('manual'),
  wecomTagId: text('wecom_tag_id').unique(),
}, t => [uniqueIndex('tags_group_name_uq').on(t.groupId, t.name)])

export const customerTags = sqliteTable('customer_tags', {
  customerId: integer('customer_id').notNull().references(() => customers.id, { onDelete: 'cascade' }),
  tagId: integer('tag_id').notNull().references(() => tags.id),
  staffId: integer('staff_id').references(() => staff.id),
  createdAt: integer('created_at').notNull(),
}, t => [primaryKey({ columns: [t.customerId, t.tagId] })])

export const products = sqliteTable('products', {
  id: integer('id').primaryKey(),
  sku: text('sku').notNull().unique(),
  name: text('name').notNull(),
  category: text('category').notNull(),
  priceCents: integer('price_cents').notNull(),
  imageUrl: text('image_url'),
  url: text('url'),
})

export const orderSources = ['youzan', 'tmall', 'taobao', 'mall', 'wdt', 'jst', 'weimob', 'xiaoe', 'zsxq'] as const
export const orderStatuses = ['pending', 'paid', 'shipped', 'completed', 'refunded', 'cancelled'] as const

export const orders = sqliteTable('orders', {
  id: integer('id').primaryKey(),
  customerId: integer('customer_id').notNull().references(() => customers.id, { onDelete: 'cascade' }),
  source: text('source', { enum: orderSources }).notNull(),
  sourceOrderId: text('source_order_id').notNull(),
  status: text('status', { enum: orderStatuses }).notNull(),
  totalCents: integer('total_cents').notNull(),
  discountCents: integer('discount_cents').notNull().default(0),
  paidCents: integer('paid_cents').notNull(),
  couponName: text('coupon_name'),
  orderedAt: integer('ordered_at').notNull(),
  paidAt: integer('paid_at'),
}, t => [
  uniqueIndex('orders_source_order_uq').on(t.source, t.sourceOrderId),
  index('orders_customer_ordered_idx').on(t.customerId, t.orderedAt),
])

export const orderItems = sqliteTable('order_items', {
  id: integer('id').primaryKey(),
  orderId: integer('order_id').notNull().references(() => orders.id, { onDelete: 'cascade' }),
  productId: integer('product_id').references(() => products.id),
  name: text('name').notNull(),
  quantity: integer('quantity').notNull(),
  unitPriceCents: integer('unit_price_cents').notNull(),
}, t => [index('order_items_order_idx').on(t.orderId)])

export const eventTypes = [
  'article_read', 'link_click', 'product_view', 'cart_add', 'coupon_claim', 'coupon_use',
  'group_question', 'message_in', 'message_out', 'miniprogram_visit',
] as const
export const touchpoints = ['moments', 'group', 'single_chat', 'miniprogram', 'mall', 'official_account'] as const

/** The behaviour trail. `idempotencyKey` makes every ingest safe to retry. */
export const events = sqliteTable('events', {
  id: integer('id').primaryKey(),
  customerId: integer('customer_id').notNull().references(() => customers.id, { onDelete: 'cascade' }),
  type: text('type', { enum: eventTypes }).notNull(),
  touchpoint: text('touchpoint', { enum: touchpoints }).notNull(),
  occurredAt: integer('occurred_at').notNull(),
  /** Article title, link title, group name, coupon name… what the event was about. */
  title: text('title'),
  url: text('url'),
  productId: integer('product_id').references(() => products.id),
  durationSeconds: integer('duration_seconds'),
  amountCents: integer('amount_cents'),
  /** Message or question text. */
  content: text('content'),
  staffId: integer('staff_id').references(() => staff.id),
  idempotencyKey: text('idempotency_key').notNull().unique(),
}, t => [
  index('events_customer_occurred_idx').on(t.customerId, t.occurredAt),
  index('events_customer_type_occurred_idx').on(t.customerId, t.type, t.occurredAt),
])

/** Every reveal of a full phone number, for audit. */
export const phoneReveals = sqliteTable('phone_reveals', {
  id: integer('id').primaryKey(),
  staffId: integer('staff_id').notNull().references(() => staff.id),
  customerId: integer('customer_id').notNull().references(() => customers.id, { onDelete: 'cascade' }),
  revealedAt: integer('revealed_at').notNull(),
}, t => [index('phone_reveals_customer_idx').on(t.customerId)])

/** Small key/value facts about the database itself (demo seed version, …). */
export const meta = sqliteTable('meta', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
  updatedAt: integer('updated_at').notNull().default(sql`(unixepoch() * 1000)`),
})

// ── Journey stages and SOP tasks (issue 3) ───────────────────────────────────────────────

/** Each customer's current journey stage and why: one row per customer, rewritten by every recompute. */
export const customerStages = sqliteTable('customer_stages', {
  customerId: integer('customer_id').primaryKey().references(() => customers.id, { onDelete: 'cascade' }),
  stageKey: text('stage_key').notNull(),
  /** The matched facts as one sentence: "7 单，累计 ¥1,380.00". */
  reason: text('reason').notNull(),
  /** The individual facts the entry rule matched (JSON array of strings). */
  matched: text('matched', { mode: 'json' }).$type<string[]>().notNull(),
  /** When the customer entered this stage; staying keeps it (stage SOPs key their tasks on it). */
  enteredAt: integer('entered_at').notNull(),
  computedAt: integer('computed_at').notNull(),
}, t => [index('customer_stages_stage_idx').on(t.stageKey)])

/** Every stage visit, the current one included (left_at null). */
export const stageHistory = sqliteTable('stage_history', {
  id: integer('id').primaryKey(),
  customerId: integer('customer_id').notNull().references(() => customers.id, { onDelete: 'cascade' }),
  stageKey: text('stage_key').notNull(),
  /** Why the customer entered, as it read at the time. */
  reason: text('reason').notNull(),
  enteredAt: integer('entered_at').notNull(),
  leftAt: integer('left_at'),
}, t => [index('stage_history_customer_entered_idx').on(t.customerId, t.enteredAt)])

export const taskStatuses = ['pending', 'done', 'skipped', 'snoozed', 'expired'] as const
export const taskSkipReasons = ['customer_bought', 'not_interested', 'contacted_elsewhere', 'content_unfit', 'other'] as const

/** One SOP step for one customer and one staff member. `key` is the planner's deterministic task key. */
export const tasks = sqliteTable('tasks', {
  id: integer('id').primaryKey(),
  /** `${sopKey}:${stepKey}:${customerId}:${occurrenceKey}`: planning twice never inserts twice. */
  key: text('key').notNull().unique(),
  customerId: integer('customer_id').notNull().references(() => customers.id, { onDelete: 'cascade' }),
  staffId: integer('staff_id').notNull().references(() => staff.id),
  sopKey: text('sop_key').notNull(),
  sopName: text('sop_name').notNull(),
  stepKey: text('step_key').notNull(),
  stepName: text('step_name').notNull(),
  goal: text('goal', { enum: ['培育', '激活', '复购', '关怀'] }).notNull(),
  kind: text('kind', { enum: ['marketing', 'care', 'service'] }).notNull(),
  touchpoint: text('touchpoint', { enum: ['single_chat', 'group', 'moments'] }).notNull(),
  /** Counts against the customer's 7-day contact budget. */
  marketing: integer('marketing', { mode: 'boolean' }).notNull(),
  /** The rendered words and attachments, as planned for this customer (JSON). */
  content: text('content', { mode: 'json' }).$type<{ text: string, link?: { title: string, url: string }, image?: string, miniprogram?: { title: string, appid: string, page: string } }>().notNull(),
  reason: text('reason').notNull(),
  /** Moves when the task is snoozed. */
  dueAt: integer('due_at').notNull(),
  expiresAt: integer('expires_at').notNull(),
  status: text('status', { enum: taskStatuses }).notNull().default('pending'),
  snoozedUntil: integer('snoozed_until'),
  completedAt: integer('completed_at'),
  completionMethod: text('completion_method', { enum: ['sent', 'manual'] }),
  /** Exactly what went into the chat, when sent from the sidebar. */
  sentText: text('sent_text'),
  skipReason: text('skip_reason', { enum: taskSkipReasons }),
  skipNote: text('skip_note'),
  /** When the task left the open states (done, skipped or expired). */
  closedAt: integer('closed_at'),
  createdAt: integer('created_at').notNull(),
}, t => [
  // Today's list across customers (/tasks).
  index('tasks_staff_status_due_idx').on(t.staffId, t.status, t.dueAt),
  // One customer's tasks (sidebar; recompute by customer id). staff_id is in it so the sidebar's
  // "mine, open, due today" never falls back to scanning all of a staff member's open tasks.
  index('tasks_customer_staff_status_idx').on(t.customerId, t.staffId, t.status, t.dueAt),
  // Done today (the sidebar, /tasks) and completion by person and period (supervisors).
  index('tasks_staff_completed_idx').on(t.staffId, t.completedAt),
])

export const taskActions = ['created', 'done', 'skipped', 'snoozed', 'expired', 'reopened'] as const

/** Every change to a task, with who (null: the system) and when. */
export const taskEvents = sqliteTable('task_events', {
  id: integer('id').primaryKey(),
  taskId: integer('task_id').notNull().references(() => tasks.id, { onDelete: 'cascade' }),
  staffId: integer('staff_id').references(() => staff.id),
  action: text('action', { enum: taskActions }).notNull(),
  at: integer('at').notNull(),
  detail: text('detail', { mode: 'json' }).$type<Record<string, unknown>>(),
  /** A retried request with the same key is answered from here instead of acting twice. */
  idempotencyKey: text('idempotency_key').unique(),
}, t => [index('task_events_task_at_idx').on(t.taskId, t.at)])
