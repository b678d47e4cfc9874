/**
 * Values worth computing less often than they are read (a catalogue, a popularity table, a
 * department's stage counts): kept per database and key for `ttlMs` of the clock the caller
 * passes (wall time, or the app's clock so tests can move it). A clock that goes back also counts
 * as expired, so a value is never kept from the future.
 *
 * Not lru-cache's `ttl`, for three reasons its source shows (v11): it reads time from one `perf.now()`
 * per cache, where here each call brings its own clock (services take the app's injected clock,
 * and tests move it); it keeps an entry whose age is negative (a clock moved back) and one
 * stamped at time 0 (`!start` means "no TTL"), both of which must be computed again here; and
 * it expires after `age > ttl`, one tick later than `age >= ttl` here. The per-database WeakMap,
 * which lets a closed test database's values go with it, would stay hand-written anyway.
 */
export function keptPerDb<V>(ttlMs: number) {
  const kept = new WeakMap<object, Map<string, { at: number, value: V }>>()
  return {
    get(db: object, key: string, now: number, compute: () => V): V {
      let values = kept.get(db)
      if (!values)
        kept.set(db, values = new Map())
      const entry = values.get(key)
      if (entry && now >= entry.at && now - entry.at < ttlMs)
        return entry.value
      const value = compute()
      values.set(key, { at: now, value })
      return value
    },
    forget(db: object): void {
      kept.delete(db)
    },
  }
}
