import { type SQL, sql, type SQLChunk } from 'drizzle-orm'

/**
 * A construct of `db/sql/dialect.ts` inside a drizzle query: `fragment` is the dialect function,
 * `parts` the drizzle values for its holes (a placeholder, a column, a condition), so a drizzle
 * query says `json_each` or `sum(<condition>)` through the same function as hand-written SQL.
 * `dialectSql(inJsonList, sql.placeholder('ids'))` is `in (select value from json_each(?))`.
 */
export function dialectSql(fragment: (...holes: string[]) => string, ...parts: SQLChunk[]): SQL {
  // Holes are marked by characters no SQL text holds, then split out again around the parts.
  const text = fragment(...parts.map((_, i) => `\u0000${i}\u0000`))
  const pieces = text.split(/\0(\d+)\0/)
  return sql.join(pieces.map((piece, i) => {
    if (i % 2 === 0)
      return sql.raw(piece)
    const part = parts[Number(piece)]
    if (part === undefined)
      throw new Error(`dialectSql: no part for hole ${piece} of ${JSON.stringify(text)}`)
    return part
  }))
}
