/**
 * Loading millions of rows fast: a large page cache, no fsync while loading, and secondary
 * indexes built once at the end (one sort) instead of row by row (random page writes).
 */
import type Database from 'better-sqlite3'
import { prepareAllSql, sqlRows, sqlTuples } from '../sql/typed-sql.ts'

const BULK_TABLES = ['customers', 'customer_identities', 'staff_customers', 'orders', 'order_items', 'events', 'customer_tags', 'customer_coupons']

const SQL = {
  // sql is null only for automatic indexes (primary keys), which cannot be dropped.
  indexes: sqlRows<{ name: string, sql: string }, string[]>(`select name, sql from sqlite_master where type = 'index' and sql is not null and tbl_name in (${BULK_TABLES.map(() => '?').join(', ')}) order by name`),
  exists: sqlTuples<[one: number], [name: string]>(`select 1 from sqlite_master where type = 'index' and name = ?`),
}

/** Must run outside a transaction (SQLite refuses to change `synchronous` inside one). Returns the undo. */
export function fastLoadSettings(sqlite: Database.Database): () => void {
  const synchronous = Number(sqlite.pragma('synchronous', { simple: true }))
  const cacheSize = Number(sqlite.pragma('cache_size', { simple: true }))
  const threads = Number(sqlite.pragma('threads', { simple: true }))
  sqlite.pragma('synchronous = OFF')
  sqlite.pragma('cache_size = -262144')
  // Helper threads for the sorts that build the indexes at the end.
  sqlite.pragma('threads = 4')
  return () => {
    sqlite.pragma(`threads = ${threads}`)
    sqlite.pragma(`cache_size = ${cacheSize}`)
    sqlite.pragma(`synchronous = ${synchronous}`)
  }
}

export interface DeferredIndexes {
  /** Creates every dropped index that does not exist (again); throws the first failure, e.g. a duplicate. */
  rebuild: () => void
}

/**
 * Drops the migrations' indexes on the bulk tables. Run it inside the first transaction: a crash
 * before that commits rolls the drop back too.
 */
export function deferIndexes(sqlite: Database.Database): DeferredIndexes {
  const q = prepareAllSql(sqlite, SQL)
  const indexes = q.indexes.all(...BULK_TABLES)
  for (const ix of indexes) sqlite.exec(`drop index "${ix.name}"`)
  return {
    rebuild() {
      let firstError: unknown = null
      for (const ix of indexes) {
        try {
          if (!q.exists.get(ix.name))
            sqlite.exec(ix.sql)
        }
        catch (err) {
          firstError ??= err
        }
      }
      if (firstError)
        throw firstError
    },
  }
}
