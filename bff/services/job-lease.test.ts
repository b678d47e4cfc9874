import { describe, expect, it } from 'vitest'
import { sharedFileDatabase } from '../test/shared-file-database.ts'
import { releaseLease, renewLease, tryAcquireLease, withLease } from './job-lease.ts'

const shared = sharedFileDatabase('job-lease-')

const T = 1_000_000

describe('job leases', () => {
  it('should let one holder take a lease and refuse another until it expires', () => {
    expect(tryAcquireLease(shared.one.db, 'journey-pass', 'a', 60_000, T)).toBe(true)
    expect(tryAcquireLease(shared.two.db, 'journey-pass', 'b', 60_000, T + 1)).toBe(false)
    // Other jobs are not held by it.
    expect(tryAcquireLease(shared.two.db, 'wecom-org-sync', 'b', 60_000, T + 1)).toBe(true)
    // Taking it again while holding it extends it.
    expect(tryAcquireLease(shared.one.db, 'journey-pass', 'a', 60_000, T + 10)).toBe(true)
    expect(tryAcquireLease(shared.two.db, 'journey-pass', 'b', 60_000, T + 60_009)).toBe(false)
    expect(tryAcquireLease(shared.two.db, 'journey-pass', 'b', 60_000, T + 60_010)).toBe(true)
  })

  it('should stop renewing and releasing for a holder whose lease was taken over', () => {
    expect(tryAcquireLease(shared.one.db, 'wecom-callbacks', 'a', 1000, T)).toBe(true)
    expect(renewLease(shared.one.db, 'wecom-callbacks', 'a', 1000, T + 500)).toBe(true)
    expect(tryAcquireLease(shared.two.db, 'wecom-callbacks', 'b', 1000, T + 1500)).toBe(true)
    expect(renewLease(shared.one.db, 'wecom-callbacks', 'a', 1000, T + 1600)).toBe(false)
    releaseLease(shared.one.db, 'wecom-callbacks', 'a')
    expect(tryAcquireLease(shared.one.db, 'wecom-callbacks', 'a', 1000, T + 1700)).toBe(false)
    releaseLease(shared.two.db, 'wecom-callbacks', 'b')
    expect(tryAcquireLease(shared.one.db, 'wecom-callbacks', 'a', 1000, T + 1800)).toBe(true)
  })

  it('should run the work in one process only while it runs, then let the other take it', async () => {
    let finish!: () => void
    const first = withLease(shared.one.db, { name: 'journey-pass', holder: 'a' }, () => new Promise<string>((resolve) => {
      finish = () => resolve('done')
    }))
    let ranTwice = false
    expect(await withLease(shared.two.db, { name: 'journey-pass', holder: 'b' }, () => { ranTwice = true })).toEqual({ ran: false })
    expect(ranTwice).toBe(false)
    finish()
    expect(await first).toEqual({ ran: true, value: 'done' })
    expect(await withLease(shared.two.db, { name: 'journey-pass', holder: 'b' }, () => 'second')).toEqual({ ran: true, value: 'second' })
  })

  it('should release the lease when the work throws', async () => {
    await expect(withLease(shared.one.db, { name: 'wecom-org-sync', holder: 'a' }, () => { throw new Error('boom') })).rejects.toThrow('boom')
    expect(tryAcquireLease(shared.two.db, 'wecom-org-sync', 'b', 1000, Date.now())).toBe(true)
  })

  it('should signal the work when a renewal finds the lease lost', async () => {
    let now = T
    const outcome = await withLease(shared.one.db, { name: 'journey-pass', holder: 'a', ttlMs: 30, clock: () => now }, async (lost) => {
      // Another process takes the lease over once it looks expired.
      now += 1000
      expect(tryAcquireLease(shared.two.db, 'journey-pass', 'b', 60_000, now)).toBe(true)
      await new Promise<void>(resolve => lost.addEventListener('abort', () => resolve(), { once: true }))
      return lost.aborted
    })
    expect(outcome).toEqual({ ran: true, value: true })
    // The loser's release leaves the new holder's lease alone.
    expect(tryAcquireLease(shared.one.db, 'journey-pass', 'a', 60_000, now)).toBe(false)
  })
})
