import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { type DbHandle, openDatabase } from '#db/client.ts'
import { TEST_NOW } from '../../test/build-test-app.ts'
import { ingestEvents } from './ingest-events.ts'
import { ingestOrders } from './ingest-orders.ts'

let h: DbHandle
beforeEach(() => { h = openDatabase(':memory:') })
afterEach(() => h.close())

const at = new Date(TEST_NOW - 60_000).toISOString()
const event = (id: string) => ({ id, type: 'link_click', touchpoint: 'mall', occurredAt: at, customer: { externalUserId: 'wmRace01' }, props: { title: '新品' } })
const order = (id: string) => ({ source: 'mall', sourceOrderId: id, customer: { externalUserId: 'wmRace01' }, status: 'paid', paidAt: at, amount: 99, items: [{ name: '燕窝', quantity: 1, price: 99 }] })

describe('ingest duplicates', () => {
  it('should count an event as a duplicate when its key was stored after the batch looked (the unique key decides)', () => {
    // Stands in for another process storing the same event between the batch's read and its insert.
    h.sqlite.exec(`create temp trigger store_meanwhile after insert on customer_identities begin
      insert into events (customer_id, type, touchpoint, occurred_at, idempotency_key) values (new.customer_id, 'link_click', 'mall', 0, 'api:race-1');
    end`)
    expect(ingestEvents(h.sqlite, [event('race-1'), event('other-1')], TEST_NOW)).toMatchObject({ accepted: 1, duplicates: 1, rejected: [] })
  })

  it('should store an event and an order sent twice in one batch once', () => {
    expect(ingestEvents(h.sqlite, [event('e-1'), event('e-1')], TEST_NOW)).toMatchObject({ accepted: 1, duplicates: 1, rejected: [] })
    expect(ingestOrders(h.sqlite, [order('o-1'), order('o-1')], TEST_NOW)).toMatchObject({ accepted: 1, duplicates: 1, rejected: [] })
    expect(h.sqlite.prepare('select (select count(*) from events) as events, (select count(*) from orders) as orders').get()).toEqual({ events: 1, orders: 1 })
  })
})
