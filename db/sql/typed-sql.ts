import type Database from 'better-sqlite3'

/**
 * A hand-written statement with its parameter and row types declared once, next to its text.
 * Use it only where drizzle's builders cannot say the query (window functions, `json_each`,
 * hot paths measured faster by hand); everything else is a drizzle query with `.prepare()`.
 *
 * Each definition is recorded when its module loads, so `every-statement.test.ts` prepares every
 * hand-written statement against a migrated database: a renamed column fails `npm test`, not
 * production. Define statements at module level, never inside a function.
 */
export interface SqlDef<Params extends unknown[] | object, Row> {
  readonly text: string
  /** Rows come back as arrays of column values (better-sqlite3's `raw`), not objects. */
  readonly raw: boolean
  /** Carries the types only; never set. */
  readonly types?: { params: Params, row: Row }
}

/** The statement better-sqlite3 prepares for a definition, typed by it. */
export type Prepared<D> = D extends SqlDef<infer P, infer R>
  ? P extends unknown[] ? Database.Statement<P, R> : Database.Statement<[P], R>
  : never

const registry = new Set<string>()

/** A statement whose rows are objects keyed by column name (or alias). */
export function sqlRows<Row, Params extends unknown[] | object = unknown[]>(text: string): SqlDef<Params, Row> {
  registry.add(text)
  return { text, raw: false }
}

/** A statement whose rows are tuples of column values, in the select list's order. */
export function sqlTuples<Row extends unknown[], Params extends unknown[] | object = unknown[]>(text: string): SqlDef<Params, Row> {
  registry.add(text)
  return { text, raw: true }
}

/** A statement that returns no rows (insert, update, delete without `returning`). */
export function sqlRun<Params extends unknown[] | object = unknown[]>(text: string): SqlDef<Params, never> {
  registry.add(text)
  return { text, raw: false }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any definition, whatever its types
export function prepareSql<D extends SqlDef<any, any>>(sqlite: Database.Database, def: D): Prepared<D> {
  const statement = sqlite.prepare(def.text)
  return (def.raw ? statement.raw(true) : statement) as Prepared<D>
}

/** Prepares a named set of definitions, keeping each one's types. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any definitions, whatever their types
export function prepareAllSql<T extends Record<string, SqlDef<any, any>>>(sqlite: Database.Database, defs: T): { [K in keyof T]: Prepared<T[K]> } {
  const prepared: Record<string, unknown> = {}
  for (const [name, def] of Object.entries(defs))
    prepared[name] = prepareSql(sqlite, def)
  return prepared as { [K in keyof T]: Prepared<T[K]> }
}

/** Every hand-written statement defined by the modules loaded so far. */
export function definedStatements(): readonly string[] {
  return [...registry]
}
