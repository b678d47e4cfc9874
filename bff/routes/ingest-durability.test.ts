/**
 * A 2xx from ingest means committed: the BFF is killed with SIGKILL while batches are in flight,
 * restarted on the same database, and every acknowledged item is there exactly once; sending
 * everything again adds nothing.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openDatabase } from '#db/client.ts'
import type { IngestResponse } from '../contract/ingest.ts'
import { TEST_NOW } from '../test/build-test-app.ts'
import { type SpawnedBff, spawnBff } from '../test/spawn-bff.ts'

const TOKEN = 'durability-token-0123456789'
const BATCH = 200
const BATCHES = 80

function eventBatch(b: number) {
  return {
    events: Array.from({ length: BATCH }, (_, i) => ({
      id: `dur-${b}-${i}`,
      type: 'product_view',
      touchpoint: 'mall',
      occurredAt: new Date(TEST_NOW - (b * BATCH + i) * 1000).toISOString(),
      customer: { phone: `139${String((b * BATCH + i) % 5000).padStart(8, '0')}` },
      props: { title: '即食燕窝 6瓶装' },
    })),
  }
}

function orderBatch(b: number) {
  return {
    orders: Array.from({ length: 50 }, (_, i) => ({
      source: 'youzan',
      sourceOrderId: `DUR-${b}-${i}`,
      customer: { phone: `139${String((b * 50 + i) % 5000).padStart(8, '0')}` },
      status: 'paid',
      paidAt: new Date(TEST_NOW - i * 60_000).toISOString(),
      amount: '199.90',
      items: [{ sku: 'YW-01', name: '即食燕窝', category: '燕窝', quantity: 1, price: '199.90' }],
    })),
  }
}

describe('ingest survives kill -9', () => {
  let dir: string
  let dbPath: string
  let bff: SpawnedBff | undefined
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'ingest-durability-'))
    dbPath = join(dir, 'sidebar.db')
    openDatabase(dbPath).close()
  })
  afterAll(async () => {
    await bff?.stop()
    rmSync(dir, { recursive: true, force: true })
  })

  it('should keep every acknowledged item exactly once', async () => {
    const env = { DATABASE_PATH: dbPath, INGEST_TOKEN: TOKEN, DEMO_ALLOW_INGEST: '1', CLOCK_START: new Date(TEST_NOW).toISOString() }
    bff = await spawnBff(env)
    const headers = { 'authorization': `Bearer ${TOKEN}`, 'content-type': 'application/json' }
    const ackedEvents: string[] = []
    const ackedOrders: string[] = []
    const send = async (b: number) => {
      const events = eventBatch(b)
      const orders = orderBatch(b)
      const [e, o] = await Promise.all([
        fetch(`${bff!.url}/api/ingest/events`, { method: 'POST', headers, body: JSON.stringify(events) }),
        fetch(`${bff!.url}/api/ingest/orders`, { method: 'POST', headers, body: JSON.stringify(orders) }),
      ])
      if (e.ok && (await e.json() as IngestResponse).accepted === BATCH)
        ackedEvents.push(...events.events.map(x => x.id))
      if (o.ok && (await o.json() as IngestResponse).accepted === 50)
        ackedOrders.push(...orders.orders.map(x => x.sourceOrderId))
    }

    // Four senders at once; the kill lands while requests are in flight.
    let next = 0
    const sender = async () => {
      while (next < BATCHES) {
        const b = next++
        try {
          await send(b)
        }
        catch {
          // the connection died with the server: not acknowledged
        }
      }
    }
    const senders = Promise.all([sender(), sender(), sender(), sender()])
    while (ackedEvents.length < 10 * BATCH)
      await new Promise(resolve => setTimeout(resolve, 5))
    await bff.kill9()
    await senders
    expect(next).toBe(BATCHES)
    expect(ackedEvents.length).toBeGreaterThanOrEqual(10 * BATCH)
    expect(ackedEvents.length).toBeLessThan(BATCHES * BATCH)

    const db = new Database(dbPath, { readonly: true })
    const storedEvents = new Set(db.prepare(`select substr(idempotency_key, 5) from events where idempotency_key like 'api:%'`).pluck().all() as string[])
    const storedOrders = new Set(db.prepare('select source_order_id from orders').pluck().all() as string[])
    db.close()
    expect(ackedEvents.filter(id => !storedEvents.has(id))).toEqual([])
    expect(ackedOrders.filter(id => !storedOrders.has(id))).toEqual([])

    // Restarted, everything sent again: what was stored is a duplicate, the rest lands, nothing twice.
    bff = await spawnBff(env)
    let accepted = 0
    let duplicates = 0
    for (let b = 0; b < BATCHES; b++) {
      const res = await fetch(`${bff.url}/api/ingest/events`, { method: 'POST', headers, body: JSON.stringify(eventBatch(b)) })
      const body = await res.json() as IngestResponse
      accepted += body.accepted
      duplicates += body.duplicates
      await fetch(`${bff.url}/api/ingest/orders`, { method: 'POST', headers, body: JSON.stringify(orderBatch(b)) })
    }
    expect(duplicates).toBe(storedEvents.size)
    expect(accepted + duplicates).toBe(BATCHES * BATCH)
    await bff.stop()
    const after = new Database(dbPath, { readonly: true })
    expect(after.prepare(`select count(*) from events where idempotency_key like 'api:%'`).pluck().get()).toBe(BATCHES * BATCH)
    expect(after.prepare('select count(*) from orders').pluck().get()).toBe(BATCHES * 50)
    expect(after.prepare('select count(*) from customers').pluck().get()).toBe(5000)
    after.close()
  }, 120_000)
})
