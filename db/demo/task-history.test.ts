import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openDatabase, type DbHandle } from '../client.ts'
import { generateDemo } from './generate.ts'
import { count, DAY, NOW } from './test-helpers.ts'

const todayStart = Date.parse('2026-11-20T00:00:00+08:00')

describe('demo task history', () => {
  let handle: DbHandle
  beforeAll(() => {
    handle = openDatabase(':memory:')
    generateDemo(handle, { customers: 1500, seed: 7, now: NOW })
  })
  afterAll(() => handle.close())
  const n = (sql: string, ...params: unknown[]) => count(handle.sqlite, sql, ...params)

  it('should fill the last 30 days with done, skipped and expired tasks, and nothing due today or later', () => {
    expect(n(`select count(*) from tasks where key like 'history:%'`)).toBeGreaterThan(1000)
    expect(n('select count(*) from tasks where due_at >= ? or due_at < ?', todayStart, todayStart - 30 * DAY)).toBe(0)
    for (const status of ['done', 'skipped', 'expired'])
      expect(n('select count(*) from tasks where status = ?', status)).toBeGreaterThan(50)
    expect(n(`select count(*) from tasks where status = 'done' and (completed_at < due_at or completed_at >= ?)`, todayStart)).toBe(0)
    expect(n(`select count(*) from tasks where status = 'skipped' and skip_reason is null`)).toBe(0)
    expect(n(`select count(*) from tasks where status = 'expired' and (expires_at > ? or closed_at is null)`, NOW)).toBe(0)
  })

  it('should leave some tasks overdue for staff beyond the fixtures, none for the fixture staff or customers', () => {
    expect(n(`select count(*) from tasks where status = 'pending' and staff_id > 4 and expires_at > ?`, NOW)).toBeGreaterThan(0)
    expect(n(`select count(*) from tasks where status = 'pending' and staff_id <= 4`)).toBe(0)
    expect(n('select count(*) from tasks where customer_id <= 5')).toBe(0)
  })

  it('should give each task to a member who serves the customer, after they were added', () => {
    expect(n(`select count(*) from tasks t where not exists (select 1 from staff_customers sc where sc.staff_id = t.staff_id
      and sc.customer_id = t.customer_id and sc.status = 'active' and sc.first_added_at < t.due_at)`)).toBe(0)
  })

  it('should be deterministic', () => {
    const other = openDatabase(':memory:')
    generateDemo(other, { customers: 1500, seed: 7, now: NOW })
    const rows = (h: DbHandle) => JSON.stringify(h.sqlite.prepare('select * from tasks order by id').raw().all())
    expect(rows(other)).toBe(rows(handle))
    other.close()
  })
})
