import type Database from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { type DbHandle, openDatabase } from '#db/client.ts'
import { TEST_NOW } from '../test/build-test-app.ts'
import { insertCustomer, insertDepartment, insertStaff, serve } from '../test/fixtures.ts'
import { CARD_REVISION_TABLE, CARD_SOURCE_TABLES, customerCard } from './customer-card.ts'

// Issue 11, item 6: the card cache is right only while the migration triggers move
// customer_revisions for every write to what the card reads. These tests hold CARD_SOURCE_TABLES,
// the triggers and the card's statements to each other.

type WriteKind = 'insert' | 'update' | 'delete'
const LISTED = new Map<string, readonly WriteKind[]>(Object.entries(CARD_SOURCE_TABLES))

interface ExplainRow { opcode: string, p1: number, p2: number, p4: unknown }
interface MasterRow { type: string, name: string, tbl_name: string, rootpage: number | null, sql: string | null }
interface ColumnInfo { cid: number, name: string | null }

/** Every statement prepared on the connection while `run` runs, in order. */
function recordPrepared(sqlite: Database.Database, run: () => void): string[] {
  const prepare = vi.spyOn(sqlite, 'prepare')
  try {
    run()
    return prepare.mock.calls.map(([source]) => source)
  }
  finally {
    prepare.mockRestore()
  }
}

/** Null for every parameter of a statement, so EXPLAIN can run it without values. */
function nullParams(text: string): unknown[] {
  const named = [...text.matchAll(/[@:$]([A-Z_]\w*)/gi)].map(m => m[1]!)
  const positional = (text.match(/\?/g) ?? []).map(() => null)
  return named.length ? [...positional, Object.fromEntries(named.map(n => [n, null]))] : positional
}

/**
 * The tables and columns a statement reads, from its compiled program: each cursor opened for
 * reading (OpenRead on a table's or an index's root page) and each column taken from it. An
 * index's columns all count, since a seek compares its keys without reading them out. Rowid reads
 * (the integer primary key) count as `rowid`.
 */
function columnsRead(sqlite: Database.Database, text: string): Map<string, Set<string>> {
  const master = sqlite.prepare<[], MasterRow>('select type, name, tbl_name, rootpage, sql from sqlite_master').all()
  const byRoot = new Map(master.filter(m => m.rootpage).map(m => [m.rootpage!, m]))
  const columnNames = (m: MasterRow) => m.type === 'index'
    ? sqlite.prepare<[], ColumnInfo>(`select cid, name from pragma_index_xinfo('${m.name}') order by seqno`).all().map(c => c.name ?? 'rowid')
    : sqlite.prepare<[], ColumnInfo>(`select cid, name from pragma_table_xinfo('${m.name}') order by cid`).all().map(c => c.name!)
  const cursors = new Map<number, { table: string, columns: string[] }>()
  const read = new Map<string, Set<string>>()
  const note = (table: string, column?: string) => {
    const set = read.get(table) ?? new Set<string>()
    if (column)
      set.add(column)
    read.set(table, set)
  }
  for (const op of sqlite.prepare<unknown[], ExplainRow>(`explain ${text}`).all(...nullParams(text))) {
    if (op.opcode === 'OpenRead' || op.opcode === 'ReopenIdx') {
      const m = byRoot.get(op.p2)
      if (!m)
        continue
      const columns = columnNames(m)
      cursors.set(op.p1, { table: m.tbl_name, columns })
      note(m.tbl_name)
      if (m.type === 'index')
        columns.filter(c => c !== 'rowid').forEach(c => note(m.tbl_name, c))
    }
    const cursor = cursors.get(op.p1)
    if (!cursor)
      continue
    if (op.opcode === 'Column')
      note(cursor.table, cursor.columns[op.p2] ?? `#${op.p2}`)
    else if (op.opcode === 'Rowid' || op.opcode === 'IdxRowid' || op.opcode === 'SeekRowid')
      note(cursor.table, 'rowid')
  }
  return read
}

interface RevisionTrigger { name: string, kind: WriteKind, columns: Set<string> | 'all' }

/**
 * The triggers that move a customer's revision (not only the message count), per table, with the
 * columns an update trigger watches: its `update of` list, narrowed by a `when` made of
 * `old.x is not new.x` tests.
 */
function revisionTriggers(sqlite: Database.Database): Map<string, RevisionTrigger[]> {
  const triggers = new Map<string, RevisionTrigger[]>()
  const rows = sqlite.prepare<[], MasterRow>(`select type, name, tbl_name, rootpage, sql from sqlite_master where type = 'trigger'`).all()
  for (const { name, tbl_name: table, sql } of rows) {
    const m = /\bafter\s+(insert|update|delete)(?:\s+of\s+(.+?))?\s+on\s+[`"]?\w+[`"]?(?:\s+when\s+(.+?))?\s+begin\b(.*)\bend\s*$/is.exec(sql ?? '')
    if (!m || !new RegExp(`\\b${CARD_REVISION_TABLE}\\b`, 'i').test(m[4]!) || !/\brevision\s*=\s*revision\s*\+\s*1\b/i.test(m[4]!))
      continue
    let columns: Set<string> | 'all' = m[2] ? new Set(m[2].split(',').map(c => c.trim().replace(/[`"]/g, ''))) : 'all'
    if (m[3]) {
      const tests = m[3].split(/\s+or\s+/i).map(t => /^\(?\s*old\.(\w+)\s+is\s+not\s+new\.(\w+)\s*\)?$/i.exec(t.trim()))
      const watched = new Set(tests.filter(t => t && t[1] === t[2]).map(t => t![1]!))
      // A condition this parser does not read proves nothing about which changes fire it.
      columns = tests.every(Boolean) ? (columns === 'all' ? watched : new Set([...columns].filter(c => watched.has(c)))) : new Set()
    }
    const list = triggers.get(table) ?? []
    const kind = m[1]!.toLowerCase()
    if (kind === 'insert' || kind === 'update' || kind === 'delete')
      list.push({ name, kind, columns })
    triggers.set(table, list)
  }
  return triggers
}

describe('the tables the sidebar card is read from', () => {
  let handle: DbHandle
  beforeEach(() => {
    handle = openDatabase(':memory:')
    const dept = insertDepartment(handle.db)
    const staff = insertStaff(handle.db, dept.id, 'zhangli', '张丽')
    serve(handle.db, staff.id, insertCustomer(handle.db, 'wmLin01', { name: '林晓雯' }).id)
  })
  afterEach(() => handle.close())

  /** Every table and column the card's statements read, found by opening a card on a fresh database. */
  function cardReads(): Map<string, Set<string>> {
    const texts = recordPrepared(handle.sqlite, () => customerCard(handle.db, 'wmLin01', TEST_NOW))
    const reads = new Map<string, Set<string>>()
    for (const text of texts) {
      for (const [table, columns] of columnsRead(handle.sqlite, text))
        reads.set(table, new Set([...(reads.get(table) ?? []), ...columns]))
    }
    return reads
  }

  it('should read only listed tables (and the revisions), so a new source cannot skip its triggers', () => {
    const reads = cardReads()
    expect(reads.has(CARD_REVISION_TABLE)).toBe(true)
    expect(reads.has('customers') && reads.has('tasks')).toBe(true) // the recording saw the card's statements
    const unlisted = [...reads.keys()].filter(t => t !== CARD_REVISION_TABLE && !LISTED.has(t))
    expect(unlisted, 'add these to CARD_SOURCE_TABLES, with triggers that move customer_revisions').toEqual([])
  })

  it('should list no table the card does not read, so the list stays the card\'s own', () => {
    const reads = cardReads()
    expect([...LISTED.keys()].filter(t => !reads.has(t))).toEqual([])
  })

  it('should have a trigger moving customer_revisions for every listed write to a listed table', () => {
    const triggers = revisionTriggers(handle.sqlite)
    const missing = [...LISTED].flatMap(([table, kinds]) =>
      kinds.filter(kind => !(triggers.get(table) ?? []).some(t => t.kind === kind)).map(kind => `${kind} on ${table}`))
    expect(missing).toEqual([])
  })

  it('should watch, in its update triggers, every column the card reads', () => {
    const triggers = revisionTriggers(handle.sqlite)
    const unwatched: string[] = []
    for (const [table, columns] of cardReads()) {
      if (!LISTED.get(table)?.includes('update'))
        continue
      const updates = (triggers.get(table) ?? []).filter(t => t.kind === 'update')
      // The primary key is the row's identity: rows are inserted and deleted, never renumbered.
      for (const column of [...columns].filter(c => c !== 'rowid')) {
        if (!updates.some(t => t.columns === 'all' || t.columns.has(column)))
          unwatched.push(`${table}.${column}`)
      }
    }
    expect(unwatched).toEqual([])
  })

  it('should notice a trigger that is missing or watches too little', () => {
    handle.sqlite.exec('drop trigger orders_revision_delete; drop trigger orders_revision_update')
    handle.sqlite.exec(`create trigger orders_revision_update after update of status on orders begin
      insert into customer_revisions (customer_id, revision) values (new.customer_id, 1) on conflict (customer_id) do update set revision = revision + 1; end`)
    const triggers = revisionTriggers(handle.sqlite).get('orders') ?? []
    expect(triggers.map(t => t.kind).sort()).toEqual(['insert', 'update'])
    expect(triggers.find(t => t.kind === 'update')?.columns).toEqual(new Set(['status']))
    const read = columnsRead(handle.sqlite, 'select paid_cents from orders where customer_id = ?')
    expect([...read.keys()]).toEqual(['orders'])
    expect([...read.get('orders')!]).toEqual(expect.arrayContaining(['customer_id', 'paid_cents']))
  })
})
