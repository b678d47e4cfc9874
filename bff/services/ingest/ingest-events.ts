/**
 * Behaviour events from the brand's systems into the trail. The sender's `id` is the idempotency
 * key: the same id sent twice is stored once. One transaction per batch.
 */
import type Database from 'better-sqlite3'
import { type Static, Type } from 'typebox'
import { claimFromEvent } from '../coupon-lifecycle.ts'
import type { eventTypes, touchpoints } from '#db/schema.ts'
import { IdentityLookup, resolveCustomer } from './identity-resolve.ts'
import { Customer, type CustomerRef, describe, IsoTime, ItemError, itemChecker, OneOf, OptionalSource, OptionalText, OptionalYuan, readCustomer, readSource, readTime, RequiredText, text, yuanToFen } from './parse.ts'
import { emptyResult, type IngestResult } from './result.ts'
import { preparedPerDb } from '../prepared.ts'
import { inJsonList } from '#db/sql/dialect.ts'
import { prepareAllSql, sqlRun, sqlTuples } from '#db/sql/typed-sql.ts'

type EventType = typeof eventTypes[number]
type Touchpoint = typeof touchpoints[number]

/** The behaviour kinds a sender may send (the trail's kinds; merges are ours). */
export const API_EVENT_TYPES = ['article_read', 'link_click', 'product_view', 'cart_add', 'coupon_claim', 'coupon_use',
  'group_question', 'message_in', 'message_out', 'miniprogram_visit'] as const satisfies readonly EventType[]
export const API_TOUCHPOINTS = ['moments', 'group', 'single_chat', 'miniprogram', 'mall', 'official_account'] as const satisfies readonly Touchpoint[]

export interface EventInput {
  key: string
  type: EventType
  touchpoint: Touchpoint
  occurredAt: number
  customer: CustomerRef
  title: string | null
  url: string | null
  sku: string | null
  durationSeconds: number | null
  amountCents: number | null
  content: string | null
  staffUserId: string | null
  /** coupon_claim: which template (else the title names it) and the coupon's own code, if known. */
  templateCode: string | null
  couponCode: string | null
}

/** What each kind must carry to read as a line in the trail. */
const REQUIRED: Partial<Record<EventType, { any: Array<keyof EventInput>, hint: string }>> = {
  article_read: { any: ['durationSeconds'], hint: 'props.seconds (how long the article was read)' },
  link_click: { any: ['title', 'url'], hint: 'props.title or props.url' },
  product_view: { any: ['sku', 'title'], hint: 'props.sku or props.title' },
  cart_add: { any: ['sku', 'title'], hint: 'props.sku or props.title' },
  coupon_claim: { any: ['title', 'templateCode'], hint: 'props.title (the coupon\'s name) or props.templateCode' },
  coupon_use: { any: ['title'], hint: 'props.title (the coupon\'s name)' },
  group_question: { any: ['content'], hint: 'props.content (the question)' },
  message_in: { any: ['content'], hint: 'props.content (the message)' },
  message_out: { any: ['staffUserId'], hint: 'props.staffUserId (who sent it) and props.content' },
}

/** Where a link_click points: an http(s) URL, spaces around it allowed (trimmed). */
const URL_PATTERN = '^\\s*(?:https?://[\\s\\S]*)?$'

const Props = Type.Object({
  seconds: Type.Optional(Type.Unsafe<number | null>({ type: ['integer', 'null'], minimum: 0, maximum: 86_400, reason: 'must be a whole number of seconds from 0 to 86400' })),
  title: OptionalText(200),
  url: OptionalText(2000, v => typeof v === 'string' ? `must be an http(s) URL, got ${describe(v.trim())}` : `must be a string, got ${describe(v)}`, URL_PATTERN),
  sku: OptionalText(64),
  amount: OptionalYuan,
  content: OptionalText(2000),
  staffUserId: OptionalText(64),
  templateCode: OptionalText(64),
  couponCode: OptionalText(64),
})

/** An event of the API's shape (times in ISO 8601, amounts in yuan). */
export const ApiEvent = Type.Object({
  id: RequiredText(128),
  type: OneOf(API_EVENT_TYPES),
  touchpoint: OneOf(API_TOUCHPOINTS),
  occurredAt: IsoTime,
  source: OptionalSource,
  customer: Customer,
  props: Type.Optional(Type.Unsafe<Static<typeof Props> | null>({ ...Props, type: ['object', 'null'], reason: 'must be an object' })),
}, { reason: 'must be an object' })

const checkEvent = itemChecker(ApiEvent, 'event')

export function parseEvent(raw: unknown, now: number): EventInput {
  const e = checkEvent(raw)
  const source = e.source === undefined || e.source === null ? null : readSource(e.source)
  const props = e.props ?? {}
  const input: EventInput = {
    key: `api:${e.id.trim()}`,
    type: e.type,
    touchpoint: e.touchpoint,
    occurredAt: readTime(e.occurredAt, 'occurredAt', now),
    customer: readCustomer(e.customer, 'customer', source),
    title: text(props.title),
    url: text(props.url),
    sku: text(props.sku),
    durationSeconds: props.seconds ?? null,
    amountCents: props.amount === undefined || props.amount === null ? null : yuanToFen(props.amount, 'props.amount'),
    content: text(props.content),
    staffUserId: text(props.staffUserId),
    templateCode: text(props.templateCode),
    couponCode: text(props.couponCode),
  }
  const required = REQUIRED[e.type]
  if (required && required.any.every(k => input[k] === null))
    throw new ItemError(`a ${e.type} event needs ${required.hint}`)
  return input
}

// Hand-written: the ingest write path is measured against raw inserts (npm run bench).
const SQL = {
  seen: sqlTuples<[string], [string]>(`select idempotency_key from events where idempotency_key ${inJsonList('?')}`),
  staff: sqlTuples<[number], [string]>('select id from staff where user_id = ?'),
  product: sqlTuples<[number, string], [string]>('select id, name from products where sku = ?'),
  // The unique idempotency key decides what is a duplicate; `seen` only spares the work before it.
  insert: sqlRun<[number, EventType, Touchpoint, number, string | null, string | null, number | null, number | null, number | null, string | null, number | null, string]>(
    `insert into events (customer_id, type, touchpoint, occurred_at, title, url, product_id, duration_seconds,
      amount_cents, content, staff_id, idempotency_key)
    values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict (idempotency_key) do nothing`),
}

const statements = preparedPerDb((sqlite: Database.Database) => prepareAllSql(sqlite, SQL))
type Statements = ReturnType<typeof statements>

/**
 * The event's key was stored by another writer after the batch read what it had seen: the item is
 * a duplicate, and what it wrote before the insert is rolled back with its savepoint.
 */
class StoredMeanwhile extends Error {}

/**
 * Writes a batch of raw API events; bad items are reported by index, good ones committed together.
 * Every check that can refuse an item runs before the item writes anything, so items need no
 * savepoint of their own. Should a write fail unexpectedly, the batch is rolled back and written
 * again with a savepoint per item, so that item alone is rejected.
 */
export function ingestEvents(sqlite: Database.Database, raw: readonly unknown[], now: number): IngestResult {
  const stmt = statements(sqlite)
  const parsed = raw.map((item) => {
    try {
      return parseEvent(item, now)
    }
    catch (err) {
      if (err instanceof ItemError)
        return err
      throw err
    }
  })
  const valid = parsed.filter((p): p is EventInput => !(p instanceof ItemError))
  const write = (isolateItems: boolean) => {
    const result = emptyResult()
    sqlite.transaction(() => {
      // Looked up once for the batch, inside the transaction so nothing changes under them.
      const batch: Batch = {
        seen: new Set(stmt.seen.all(JSON.stringify(valid.map(e => e.key))).map(([key]) => key)),
        identities: new IdentityLookup(sqlite, valid.flatMap(e => e.customer.keys)),
      }
      parsed.forEach((input, index) => {
        if (input instanceof ItemError) {
          result.rejected.push({ index, message: input.message })
          return
        }
        try {
          const outcome = isolateItems
            ? sqlite.transaction(() => writeOne(sqlite, stmt, batch, input, now, result.affectedCustomerIds))()
            : writeOne(sqlite, stmt, batch, input, now, result.affectedCustomerIds)
          if (outcome === 'duplicate')
            result.duplicates++
          else
            result.accepted++
        }
        catch (err) {
          // The item's savepoint rolled back customers it created: the batch's lookup must forget them.
          if (isolateItems && !(err instanceof ItemError))
            batch.identities.clear()
          if (err instanceof ItemError)
            result.rejected.push({ index, message: err.message })
          else if (err instanceof StoredMeanwhile && isolateItems)
            result.duplicates++
          else if (isolateItems)
            result.rejected.push({ index, message: `could not be stored: ${err instanceof Error ? err.message : String(err)}` })
          else
            throw err
        }
      })
    }).immediate()
    return result
  }
  try {
    return write(false)
  }
  catch {
    return write(true)
  }
}

interface Batch {
  /** Idempotency keys already stored, and those written by this batch so far. */
  seen: Set<string>
  identities: IdentityLookup
}

/** Checks first (they throw ItemError before anything is written), then writes. */
function writeOne(sqlite: Database.Database, stmt: Statements, batch: Batch, e: EventInput, now: number, affected: Set<number>): 'new' | 'duplicate' {
  if (batch.seen.has(e.key))
    return 'duplicate'
  let staffId: number | null = null
  if (e.staffUserId !== null) {
    staffId = stmt.staff.get(e.staffUserId)?.[0] ?? null
    if (staffId === null)
      throw new ItemError(`props.staffUserId "${e.staffUserId}" is not a staff member here (their WeCom userid)`)
  }
  let productId: number | null = null
  let title = e.title
  if (e.sku !== null) {
    const product = stmt.product.get(e.sku)
    if (!product)
      throw new ItemError(`props.sku "${e.sku}" is not in the product catalogue; send an order with it first, or send props.title instead`)
    productId = product[0]
    title ??= product[1]
  }
  const { customerId, mergedIds } = resolveCustomer(sqlite, e.customer.keys, e.customer, now, batch.identities)
  for (const id of mergedIds)
    affected.delete(id)
  affected.add(customerId)
  // The claim completes a coupon handed out from the sidebar (attribution); it never refuses the
  // event, and names it after the template when the sender gave only the template's code.
  if (e.type === 'coupon_claim') {
    const claimed = claimFromEvent(sqlite, { customerId, templateCode: e.templateCode, title, couponCode: e.couponCode, at: e.occurredAt })
    title ??= claimed?.templateName ?? e.templateCode
  }
  // Without a savepoint of its own (the first try of a batch), this throw rolls the batch back and
  // it is written again item by item.
  if (stmt.insert.run(customerId, e.type, e.touchpoint, e.occurredAt, title, e.url, productId, e.durationSeconds, e.amountCents, e.content, staffId, e.key).changes === 0)
    throw new StoredMeanwhile()
  batch.seen.add(e.key)
  return 'new'
}
