import { describe, expect, it } from 'vitest'
import { openDatabase } from '../client.ts'
import { ensureDemoData, staleDemoVersion } from './ensure.ts'
import { DEMO_DEFAULTS, DEMO_VERSION } from './generate.ts'

describe('ensureDemoData', () => {
  it('should seed the default demo once, then return null', () => {
    const handle = openDatabase(':memory:')
    try {
      const first = ensureDemoData(handle)
      expect(first).toMatchObject({ customers: DEMO_DEFAULTS.customers })
      expect(first!.orders).toBeGreaterThan(0)
      expect(first!.events).toBeGreaterThan(0)
      const meta = JSON.parse(handle.sqlite.prepare(`select value from meta where key = 'demo_seed'`).pluck().get() as string)
      expect(meta).toMatchObject({ seed: DEMO_DEFAULTS.seed, customers: DEMO_DEFAULTS.customers, orders: first!.orders, events: first!.events })
      expect(ensureDemoData(handle)).toBeNull()
      expect(handle.sqlite.prepare('select count(*) from customers').pluck().get()).toBe(DEMO_DEFAULTS.customers)
    }
    finally {
      handle.close()
    }
  })

  it('should leave a database that already has staff alone', () => {
    const handle = openDatabase(':memory:')
    try {
      handle.sqlite.exec(`insert into departments (id, name) values (1, '总部'); insert into staff (id, user_id, name, department_id) values (1, 'boss', '老板', 1)`)
      expect(ensureDemoData(handle)).toBeNull()
      expect(handle.sqlite.prepare('select count(*) from customers').pluck().get()).toBe(0)
      expect(handle.sqlite.prepare(`select count(*) from meta where key = 'demo_seed'`).pluck().get()).toBe(0)
    }
    finally {
      handle.close()
    }
  })

  it('should tell a database filled by an older generator from a current one, and leave non-demo data alone', () => {
    const handle = openDatabase(':memory:')
    try {
      expect(staleDemoVersion(handle)).toBeNull()
      const meta = (version: number) => handle.sqlite.prepare(`insert or replace into meta (key, value) values ('demo_seed', ?)`).run(JSON.stringify({ version }))
      meta(DEMO_VERSION)
      expect(staleDemoVersion(handle)).toBeNull()
      meta(DEMO_VERSION - 1)
      expect(staleDemoVersion(handle)).toBe(DEMO_VERSION - 1)
    }
    finally {
      handle.close()
    }
  })
})
