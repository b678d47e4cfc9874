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
import { ORDER_STATUSES } from '../bff/engine/rules/order-status.ts'

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
  /**
   * Carried in the session cookie; logging out (or WeCom deleting the member) moves it on, and
   * every cookie of the member issued before is refused: one generation per member, not per device.
   */
  sessionGeneration: integer('session_generation').notNull().default(0),
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

/**
 * A counter per customer that moves whenever anything the sidebar's first screen shows about
 * them changes (profile, relationships, tags, orders, stage, tasks) or an identifier leaves them.
 * Only triggers write it (migration 0005), so every writer, in any process, keeps it
 * true. A process may keep a customer's card in memory for as long as the counter stands still.
 * No foreign key: the counter outlives a deleted customer, so a reused id never matches an old card.
 */
export const customerRevisions = sqliteTable('customer_revisions', {
  customerId: integer('customer_id').primaryKey(),
  revision: integer('revision').notNull(),
  /**
   * Messages the customer has sent (message_in events), kept by triggers. Read with the revision,
   * so a new message, the most frequent write while a chat goes on, leaves the card as it is.
   */
  messagesIn: integer('messages_in').notNull().default(0),
})

/** One person, many IDs: every identifier we learn resolves to one customer. */
export const customerIdentities = sqliteTable('customer_identities', {
  id: integer('id').primaryKey(),
  customerId: integer('customer_id').notNull().references(() => customers.id, { onDelete: 'cascade' }),
  kind: text('kind', {
    enum: ['external_userid', 'unionid', 'openid', 'phone', 'member_id', 'youzan_buyer', 'tmall_buyer', 'mall_buyer', 'wdt_buyer', 'xiaoe_user', 'jst_buyer', 'weimob_buyer', 'zsxq_user'],
  }).notNull(),
  value: text('value').notNull(),
  createdAt: integer('created_at').notNull(),
}, t => [
  uniqueIndex('customer_identities_kind_value_uq').on(t.kind, t.value),
  // Resolves an identifier to its customer from the index alone, without reading the table row:
  // the first lookup of every sidebar open (a third of its database time without it).
  index('customer_identities_resolve_idx').on(t.kind, t.value, t.customerId),
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
  brand: text('brand'),
  /** Days one unit lasts, for consumables (a 30-day 益生菌 box): drives repurchase reminders. */
  cycleDays: integer('cycle_days'),
  imageUrl: text('image_url'),
  url: text('url'),
})

export const orderSources = ['youzan', 'tmall', 'taobao', 'mall', 'wdt', 'jst', 'weimob', 'xiaoe', 'zsxq'] as const
export const orderStatuses = ORDER_STATUSES

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
  /** The customer coupon's code when one was used (links the order to customer_coupons). */
  couponCode: text('coupon_code'),
  orderedAt: integer('ordered_at').notNull(),
  paidAt: integer('paid_at'),
  /** Last change from the source (a refund arriving later updates the order in place). */
  updatedAt: integer('updated_at'),
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
  'customer_merged',
] as const
export const touchpoints = ['moments', 'group', 'single_chat', 'miniprogram', 'mall', 'official_account', 'system'] as const

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
  // Unanswered messages per staff member (supervisors).
  index('events_staff_type_occurred_idx').on(t.staffId, t.type, t.occurredAt),
])

/** Every reveal of a full phone number, for audit. */
export const phoneReveals = sqliteTable('phone_reveals', {
  id: integer('id').primaryKey(),
  staffId: integer('staff_id').notNull().references(() => staff.id),
  customerId: integer('customer_id').notNull().references(() => customers.id, { onDelete: 'cascade' }),
  revealedAt: integer('revealed_at').notNull(),
}, t => [
  index('phone_reveals_customer_idx').on(t.customerId),
  // A member's reveals of one day (the daily limit) or of a supervisor's period.
  index('phone_reveals_staff_revealed_idx').on(t.staffId, t.revealedAt),
])

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

// withdrawn: closed by the SOP's exit (goal reached, trigger gone) before anyone acted on it.
export const taskStatuses = ['pending', 'done', 'skipped', 'snoozed', 'expired', 'withdrawn'] as const
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
  /** When the task left the open states (done, skipped, expired or withdrawn). */
  closedAt: integer('closed_at'),
  createdAt: integer('created_at').notNull(),
}, t => [
  // Today's list across customers (/tasks); the supervisor's counts per person and status, and
  // (completed_at last) their median due→done time, read off the index without table rows.
  index('tasks_staff_status_due_idx').on(t.staffId, t.status, t.dueAt, t.completedAt),
  // One customer's tasks (sidebar; recompute by customer id). staff_id is in it so the sidebar's
  // "mine, open, due today" never falls back to scanning all of a staff member's open tasks.
  index('tasks_customer_staff_status_idx').on(t.customerId, t.staffId, t.status, t.dueAt),
  // Done today (the sidebar, /tasks) and completion by person and period (supervisors).
  index('tasks_staff_completed_idx').on(t.staffId, t.completedAt),
  // Tasks due per person and period (supervisors).
  index('tasks_staff_due_idx').on(t.staffId, t.dueAt),
])

export const taskActions = ['created', 'done', 'skipped', 'snoozed', 'expired', 'reopened', 'withdrawn'] as const

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

// ── Coupons and recommendations (issue 4) ────────────────────────────────────────────────

export const couponValueKinds = ['amount_off', 'percent_off', 'gift'] as const
export const couponStatuses = ['issued', 'claimed', 'used', 'expired'] as const

/** A coupon the brand can hand out: value, threshold, scope, validity, audience, stock and budget. */
export const couponTemplates = sqliteTable('coupon_templates', {
  id: integer('id').primaryKey(),
  /** Stable key the brand's systems and our config refer to (e.g. 'NEW-YW-30'). */
  code: text('code').notNull().unique(),
  name: text('name').notNull(),
  valueKind: text('value_kind', { enum: couponValueKinds }).notNull(),
  /** amount_off: fen off. */
  amountOffCents: integer('amount_off_cents'),
  /** percent_off: 15 means 15% off (85折). */
  percentOff: integer('percent_off'),
  /** gift: what is given. */
  giftName: text('gift_name'),
  thresholdCents: integer('threshold_cents').notNull().default(0),
  scopeKind: text('scope_kind', { enum: ['all', 'category', 'sku'] }).notNull().default('all'),
  /** The category name or SKU the coupon applies to (null for 'all'). */
  scopeValue: text('scope_value'),
  /** What the coupon is for: marketing coupons are never offered to marketing-averse customers. */
  purpose: text('purpose', { enum: ['marketing', 'service'] }).notNull().default('marketing'),
  /** Days a claimed coupon stays valid. */
  validDays: integer('valid_days').notNull(),
  /** The template can be handed out between these times (null: open). */
  availableFrom: integer('available_from'),
  availableUntil: integer('available_until'),
  /** Who may get it (JSON): stages, include/exclude tags, average-order-value band in fen. */
  audience: text('audience', { mode: 'json' }).$type<{ stages?: string[], includeTags?: string[], excludeTags?: string[], minAovCents?: number, maxAovCents?: number, newCustomersOnly?: boolean }>().notNull().default(sql`'{}'`),
  /** Null: unlimited. `issued` counts what has been handed out against both. */
  stockTotal: integer('stock_total'),
  budgetCents: integer('budget_cents'),
  issuedCount: integer('issued_count').notNull().default(0),
  spentCents: integer('spent_cents').notNull().default(0),
  claimUrl: text('claim_url').notNull(),
  active: integer('active', { mode: 'boolean' }).notNull().default(true),
})

/** One coupon held by one customer, through its lifecycle. */
export const customerCoupons = sqliteTable('customer_coupons', {
  id: integer('id').primaryKey(),
  customerId: integer('customer_id').notNull().references(() => customers.id, { onDelete: 'cascade' }),
  templateId: integer('template_id').notNull().references(() => couponTemplates.id),
  /** The coupon's own code (what an order's couponCode refers to). */
  code: text('code').notNull().unique(),
  status: text('status', { enum: couponStatuses }).notNull(),
  issuedAt: integer('issued_at').notNull(),
  claimedAt: integer('claimed_at'),
  usedAt: integer('used_at'),
  expiresAt: integer('expires_at').notNull(),
  orderId: integer('order_id').references(() => orders.id),
  /** The chat send that handed it out, when it came from the sidebar (attribution). */
  sendId: integer('send_id'),
}, t => [
  index('customer_coupons_customer_status_idx').on(t.customerId, t.status, t.expiresAt),
  index('customer_coupons_template_idx').on(t.templateId),
])

/**
 * Everything staff sent into a chat from the sidebar (task words, coupons, products, reminders):
 * who sent what to whom and when, so a later claim or order can be attributed to it.
 */
export const chatSends = sqliteTable('chat_sends', {
  id: integer('id').primaryKey(),
  staffId: integer('staff_id').notNull().references(() => staff.id),
  customerId: integer('customer_id').notNull().references(() => customers.id, { onDelete: 'cascade' }),
  kind: text('kind', { enum: ['task', 'coupon', 'coupon_reminder', 'product'] }).notNull(),
  /** The task, coupon template, customer coupon or product sent. */
  refId: integer('ref_id'),
  /** The message as handed to ww.sendChatMessage (JSON). */
  payload: text('payload', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
  sentAt: integer('sent_at').notNull(),
  idempotencyKey: text('idempotency_key').unique(),
}, t => [
  index('chat_sends_customer_sent_idx').on(t.customerId, t.sentAt),
  index('chat_sends_staff_sent_idx').on(t.staffId, t.sentAt),
])

// ── Supervisors (issue 5) ────────────────────────────────────────────────────────────────

/**
 * Who leads which department (WeCom's `is_leader_in_dept`): a leader supervises the department
 * and every department under it. One member may lead several.
 */
export const departmentLeaders = sqliteTable('department_leaders', {
  departmentId: integer('department_id').notNull().references(() => departments.id),
  staffId: integer('staff_id').notNull().references(() => staff.id),
}, t => [primaryKey({ columns: [t.departmentId, t.staffId] }), index('department_leaders_staff_idx').on(t.staffId)])

/** A supervisor's reminder to a staff member about overdue tasks (at most 3 a day each). */
export const nudges = sqliteTable('nudges', {
  id: integer('id').primaryKey(),
  fromStaffId: integer('from_staff_id').notNull().references(() => staff.id),
  toStaffId: integer('to_staff_id').notNull().references(() => staff.id),
  /** The recipient's local day (YYYY-MM-DD, Asia/Shanghai) the daily limit counts in. */
  day: text('day').notNull(),
  overdueCount: integer('overdue_count').notNull(),
  message: text('message').notNull(),
  /** 'wecom': sent through the app message API; 'recorded': demo mode, nothing left the BFF. */
  channel: text('channel', { enum: ['wecom', 'recorded'] }).notNull(),
  wecomMsgId: text('wecom_msg_id'),
  sentAt: integer('sent_at').notNull(),
  /** The client's key for this nudge: a retried request answers with it instead of sending again. */
  idempotencyKey: text('idempotency_key').unique(),
}, t => [index('nudges_to_day_idx').on(t.toStaffId, t.day)])

// ── Data in (issue 6) ────────────────────────────────────────────────────────────────────

/**
 * WeCom callbacks, stored decrypted before they are processed: a crash between the two loses
 * nothing, and a redelivery (same event key) changes nothing.
 */
export const wecomCallbacks = sqliteTable('wecom_callbacks', {
  id: integer('id').primaryKey(),
  /** Identifies one event across redeliveries (type, change type, ids, CreateTime). */
  eventKey: text('event_key').notNull().unique(),
  event: text('event').notNull(),
  changeType: text('change_type'),
  /** The decrypted XML as received. */
  xml: text('xml').notNull(),
  receivedAt: integer('received_at').notNull(),
  status: text('status', { enum: ['received', 'processed', 'failed'] }).notNull().default('received'),
  processedAt: integer('processed_at'),
  error: text('error'),
}, t => [index('wecom_callbacks_status_idx').on(t.status, t.receivedAt)])

/** Two customers found to be one person: the survivor keeps everything, the merge is recorded. */
export const customerMerges = sqliteTable('customer_merges', {
  id: integer('id').primaryKey(),
  survivorId: integer('survivor_id').notNull().references(() => customers.id, { onDelete: 'cascade' }),
  /** The merged customer's id (its row is gone). */
  mergedId: integer('merged_id').notNull(),
  mergedName: text('merged_name').notNull(),
  /** The rule that chose the survivor, in words. */
  rule: text('rule').notNull(),
  /** The identifiers that showed they are one person, and what moved (JSON). */
  detail: text('detail', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
  mergedAt: integer('merged_at').notNull(),
}, t => [index('customer_merges_survivor_idx').on(t.survivorId)])

// ── Work that must run once (issue 11) ───────────────────────────────────────────────────

/**
 * Who is running a job that must happen once across every process sharing this database (the
 * journey pass, coupon expiry, the callback sweep, the org sync). Taken with one conditional
 * upsert while free, expired or already ours; renewed while the job runs; deleted after.
 */
export const jobLeases = sqliteTable('job_leases', {
  name: text('name').primaryKey(),
  /** The process (host, pid, random part) that holds it. */
  holder: text('holder').notNull(),
  /** Wall-clock epoch ms after which anyone may take it (a holder that died stops renewing). */
  expiresAt: integer('expires_at').notNull(),
})

// ── Sign-in (issue 12) ───────────────────────────────────────────────────────────────────

/**
 * OAuth states already spent at the callback: one state is accepted once, across every process
 * sharing this database, whatever the code sent with it. A row is only needed while its state
 * cookie could still be presented, so rows past `expires_at` are deleted at the next sign-in.
 */
export const oauthStatesUsed = sqliteTable('oauth_states_used', {
  state: text('state').primaryKey(),
  /** Epoch ms (the app's clock) when the state's cookie stops being accepted anyway. */
  expiresAt: integer('expires_at').notNull(),
}, t => [index('oauth_states_used_expires_idx').on(t.expiresAt)])
