/**
 * Buffered multi-row INSERTs. One statement carrying 32 rows costs about half as much per row
 * as 32 single-row statements, because most of the time goes into crossing into SQLite.
 */
import type Database from 'better-sqlite3'

export class BulkTable {
  private buffer: unknown[] = []
  private readonly statements = new Map<number, Database.Statement>()
  private readonly width: number

  constructor(private readonly sqlite: Database.Database, private readonly table: string, private readonly columns: readonly string[], private readonly rowsPerStatement = 32) {
    this.width = columns.length
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
      const row = `(${this.columns.map(() => '?').join(', ')})`
      s = this.sqlite.prepare(`insert into ${this.table} (${this.columns.join(', ')}) values ${Array.from({ length: rows }, () => row).join(', ')}`)
      this.statements.set(rows, s)
    }
    return s
  }
}
