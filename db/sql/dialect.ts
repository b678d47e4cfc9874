/**
 * The SQL that only SQLite understands, in one place. Hand-written statements build these
 * constructs through the functions below instead of spelling them out, so a port to PostgreSQL
 * (several BFF processes on one database) changes this file, not every service.
 * `dialect-guard.test.ts` counts what is still spelled out elsewhere; that number only goes down.
 *
 * Each function notes what it becomes on PostgreSQL.
 */

/** `in (…)` over one bound parameter holding a JSON array: one prepared statement for any list. PG: `= any(${param}::int[])`. */
export function inJsonList(param: string): string {
  return `in (select value from json_each(${param}))`
}

/** The values of one bound JSON array parameter, as a table with a `value` column. PG: `unnest(${param})`. */
export function jsonListTable(param: string): string {
  return `json_each(${param})`
}

/** Element `index` of a JSON array value (e.g. a row of `jsonListTable`). PG: `(${value} ->> ${index})`. */
export function jsonArrayElement(value: string, index: number): string {
  return `json_extract(${value}, '$[${index}]')`
}

/** How many rows of a group satisfy a condition. PG: `count(*) filter (where …)`. */
export function countWhere(condition: string): string {
  return `sum(${condition})`
}

/** The larger of two or more values in one row (not an aggregate). PG: `greatest(…)`. */
export function greatest(...values: string[]): string {
  return `max(${values.join(', ')})`
}

/** The smaller of two or more values in one row (not an aggregate). PG: `least(…)`. */
export function least(...values: string[]): string {
  return `min(${values.join(', ')})`
}

/** An insert that leaves an existing row with the same key alone. PG: `insert into … on conflict do nothing`. */
export const INSERT_OR_IGNORE = 'insert or ignore'

/** Pins the index the planner must use. PG: nothing (the planner chooses). */
export function indexedBy(index: string): string {
  return `indexed by ${index}`
}
