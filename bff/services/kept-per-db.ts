/**
 * Values worth computing less often than they are read (a catalogue, a popularity table, a
 * department's stage counts): kept per database and key for `ttlMs` of the clock the caller
 * passes (wall time, or the app's clock so tests can move it). A clock that goes back also counts
 * as expired, so a value is never kept from the future.
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
