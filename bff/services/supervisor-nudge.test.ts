import { beforeEach, describe, expect, it } from 'vitest'
import type { DbHandle } from '#db/client.ts'
import { TEST_NOW } from '../test/build-test-app.ts'
import { sharedFileDatabase } from '../test/shared-file-database.ts'
import { seedSupervisorOrg } from '../test/supervisor-fixtures.ts'
import { chinaDayKey } from '../engine/rules/china-time.ts'
import { nudgeStaff } from './supervisor-nudge.ts'
import { NUDGE_DAILY_LIMIT, requireStaffInScope, resolveScope } from './supervisor-scope.ts'

// Two handles on one file database stand for two BFF processes sharing it.
describe('the daily nudge limit across processes (issue 11)', () => {
  const shared = sharedFileDatabase('nudge-limit-')
  let org: ReturnType<typeof seedSupervisorOrg>

  beforeEach(() => {
    org = seedSupervisorOrg(shared.one)
  })

  const count = () => shared.one.sqlite.prepare('select count(*) as n from nudges').get() as { n: number }

  function nudgeThrough(handle: DbHandle, key: string) {
    const scope = resolveScope(handle.db, { ...org.leadA, departmentName: '华东' }, [])
    const to = requireStaffInScope(handle.db, scope, org.a1.id)
    // The send awaits, so the two requests are in flight at the same time.
    const send = async () => `msg-${key}`
    return nudgeStaff(handle.db, { from: { id: org.leadA.id, name: org.leadA.name }, to, idempotencyKey: key, now: TEST_NOW, send })
  }

  it('should let only one of two processes take the last slot of the day', async () => {
    const insert = shared.one.sqlite.prepare(`insert into nudges (from_staff_id, to_staff_id, day, overdue_count, message, channel, sent_at) values (?, ?, ?, 1, 'x', 'recorded', ?)`)
    for (let i = 0; i < NUDGE_DAILY_LIMIT - 1; i++) insert.run(org.leadA.id, org.a1.id, chinaDayKey(TEST_NOW), TEST_NOW)

    const results = await Promise.allSettled([nudgeThrough(shared.one, 'k-first'), nudgeThrough(shared.two, 'k-second')])

    expect(results.map(r => r.status).sort()).toEqual(['fulfilled', 'rejected'])
    const refused = results.find(r => r.status === 'rejected')
    expect(refused?.status === 'rejected' && refused.reason).toMatchObject({ statusCode: 429, reason: 'nudge_limit' })
    expect(count().n).toBe(NUDGE_DAILY_LIMIT)
  })

  it('should never go past the limit however many requests race from both processes', async () => {
    const requests = Array.from({ length: 8 }, (_, i) => nudgeThrough(i % 2 ? shared.two : shared.one, `k-${i}`))
    const results = await Promise.allSettled(requests)
    expect(results.filter(r => r.status === 'fulfilled')).toHaveLength(NUDGE_DAILY_LIMIT)
    expect(count().n).toBe(NUDGE_DAILY_LIMIT)
  })

  it('should make one nudge when the same request reaches both processes', async () => {
    const [a, b] = await Promise.all([nudgeThrough(shared.one, 'k-same'), nudgeThrough(shared.two, 'k-same')])
    expect(a.nudge.id).toBe(b.nudge.id)
    expect(count().n).toBe(1)
  })
})
