/**
 * Buffered multi-row INSERTs. One statement carrying 32 rows costs about half as much per row
 * as 32 single-row statements, because most of the time goes into crossing into SQLite.
 */
import type Database from 'better-sqlite3'
import { sqlRun } from '../sql/typed-sql.ts'

/** A table and the columns a bulk insert fills, in the order rows give them. */
export interface BulkInsert { readonly table: string, readonly columns: readonly string[] }

const insertText = (table: string, columns: readonly string[], rows: number) => {
  const row = `(${columns.map(() => '?').join(', ')})`
  return `insert into ${table} (${columns.join(', ')}) values ${Array.from({ length: rows }, () => row).join(', ')}`
}

/**
 * Declares a bulk insert at module level: its one-row form is recorded with the other
 * hand-written statements, so a renamed column fails `every-statement.test.ts`.
 */
export function bulkInsert(table: string, columns: string): BulkInsert {
  const list = columns.split(/,\s*/)
  sqlRun(insertText(table, list, 1))
  return { table, columns: list }
}

export class BulkTable {
  private buffer: unknown[] = []
  private readonly statements = new Map<number, Database.Statement>()
  private readonly width: number

  constructor(private readonly sqlite: Database.Database, private readonly insert: BulkInsert, private readonly rowsPerStatement = 32) {
    this.width = insert.columns.length
  }

  /** Queues one row; values in the order of `columns`. */
  add(...values: unknown[]): void {
    for (const v of values) this.buffer.push(v)
  }

  get pendingRows(): number {
    return this.buffer.length / this.width
  }

  /** Writes every queued row, in the order they were added. */
  flush(): void {
    const buf = this.buffer
    const chunk = this.rowsPerStatement * this.width
    let i = 0
    for (; i + chunk <= buf.length; i += chunk) this.statement(this.rowsPerStatement).run(buf.slice(i, i + chunk))
    if (i < buf.length)
      this.statement((buf.length - i) / this.width).run(buf.slice(i))
    this.buffer = []
  }

  private statement(rows: number): Database.Statement {
    let s = this.statements.get(rows)
    if (!s) {
      s = this.sqlite.prepare(insertText(this.insert.table, this.insert.columns, rows))
      this.statements.set(rows, s)
    }
    return s
  }
}
