/**
 * Work that must happen once even when several BFF processes share one database (the journey
 * pass with coupon expiry, the callback sweep, the org sync) runs under a lease in job_leases.
 * Taking it is one conditional upsert, so two processes racing for it cannot both win; the holder
 * renews it while the work runs and deletes it after. A holder that dies stops renewing, and the
 * lease is free again once it expires.
 *
 * Leases run on the wall clock, not the app's injected clock: they coordinate real processes in
 * real time, and a frozen test clock would otherwise keep an abandoned lease forever.
 */
import { randomBytes } from 'node:crypto'
import { hostname } from 'node:os'
import { and, eq, lte, or, sql } from 'drizzle-orm'
import type { Db } from '#db/client.ts'
import { jobLeases } from '#db/schema.ts'
import { MINUTE } from '../engine/rules/time-units.ts'
import { preparedPerDb } from './prepared.ts'

export type JobName = 'journey-pass' | 'wecom-callbacks' | 'wecom-org-sync'

/** How long a lease lasts without renewal; the holder renews it every third of that. */
export const DEFAULT_LEASE_MS = MINUTE

const statements = preparedPerDb((db: Db) => ({
  acquire: db.insert(jobLeases)
    .values({ name: sql.placeholder('name'), holder: sql.placeholder('holder'), expiresAt: sql.placeholder('expiresAt') })
    .onConflictDoUpdate({
      target: jobLeases.name,
      set: { holder: sql`excluded.holder`, expiresAt: sql`excluded.expires_at` },
      setWhere: or(lte(jobLeases.expiresAt, sql.placeholder('now')), eq(jobLeases.holder, sql`excluded.holder`)),
    })
    .returning({ holder: jobLeases.holder })
    .prepare(),
  renew: db.update(jobLeases)
    // update's set takes no bare placeholder; wrapped in sql it binds the same.
    .set({ expiresAt: sql`${sql.placeholder('expiresAt')}` })
    .where(and(eq(jobLeases.name, sql.placeholder('name')), eq(jobLeases.holder, sql.placeholder('holder'))))
    .prepare(),
  release: db.delete(jobLeases)
    .where(and(eq(jobLeases.name, sql.placeholder('name')), eq(jobLeases.holder, sql.placeholder('holder'))))
    .prepare(),
}))

/** A name for this process's claim on leases: unique per app instance, readable in the table. */
export function newLeaseHolder(): string {
  return `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`
}

/** Takes the lease if it is free, expired or already `holder`'s; true when `holder` has it now. */
export function tryAcquireLease(db: Db, name: JobName, holder: string, ttlMs: number, now: number): boolean {
  return statements(db).acquire.all({ name, holder, expiresAt: now + ttlMs, now }).length > 0
}

/** Extends `holder`'s lease; false when it is no longer theirs (it expired and someone took it). */
export function renewLease(db: Db, name: JobName, holder: string, ttlMs: number, now: number): boolean {
  return statements(db).renew.run({ name, holder, expiresAt: now + ttlMs }).changes > 0
}

export function releaseLease(db: Db, name: JobName, holder: string): void {
  statements(db).release.run({ name, holder })
}

export interface LeaseOptions {
  name: JobName
  holder: string
  ttlMs?: number
  /** Wall clock in epoch ms (tests move it). */
  clock?: () => number
}

export type LeaseOutcome<T> = { ran: true, value: T } | { ran: false }

/**
 * Runs `work` only while this holder has the lease: `{ ran: false }` at once when another
 * process holds it. The lease is renewed while `work` runs and released when it settles; should a
 * renewal find it lost, `lost` aborts so the work can stop at its next safe point.
 */
export async function withLease<T>(db: Db, options: LeaseOptions, work: (lost: AbortSignal) => Promise<T> | T): Promise<LeaseOutcome<T>> {
  const { name, holder, ttlMs = DEFAULT_LEASE_MS, clock = Date.now } = options
  if (!tryAcquireLease(db, name, holder, ttlMs, clock()))
    return { ran: false }
  const lost = new AbortController()
  const renewal = setInterval(() => {
    if (!renewLease(db, name, holder, ttlMs, clock()))
      lost.abort(new Error(`lease ${name} was taken over by another process`))
  }, ttlMs / 3).unref()
  try {
    return { ran: true, value: await work(lost.signal) }
  }
  finally {
    clearInterval(renewal)
    releaseLease(db, name, holder)
  }
}
