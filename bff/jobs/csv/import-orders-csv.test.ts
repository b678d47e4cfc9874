import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parse } from 'csv-parse/sync'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { type DbHandle, openDatabase } from '#db/client.ts'
import { TEST_NOW } from '../../test/build-test-app.ts'
import { GENERIC, TAOBAO, YOUZAN } from './formats.ts'
import { chinaTime, ImportError, importOrdersCsv } from './import-orders-csv.ts'

const samples = fileURLToPath(new URL('../../../db/samples/', import.meta.url))

describe('importOrdersCsv', () => {
  let dir: string
  let handle: DbHandle
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'import-csv-'))
    handle = openDatabase(':memory:')
  })
  afterEach(() => {
    handle.close()
    rmSync(dir, { recursive: true, force: true })
  })
  const sample = (name: string) => {
    copyFileSync(join(samples, name), join(dir, name))
    return join(dir, name)
  }
  const orders = () => handle.sqlite.prepare('select source, source_order_id as id, status, paid_cents as paid, total_cents as total from orders order by id').all()

  it('should import a 有赞 export with multi-line orders, statuses and refunds, write the rejected rows with reasons, and change nothing when run again', () => {
    const file = sample('youzan-orders.csv')
    const first = importOrdersCsv(handle.sqlite, { file, source: 'youzan', format: YOUZAN, now: TEST_NOW })
    expect(first).toMatchObject({ rows: 6, orders: 5, accepted: 3, duplicates: 0, rejected: 2, rejectedFile: join(dir, 'youzan-orders.rejected.csv') })
    expect(orders()).toEqual([
      { source: 'youzan', id: 'E20261101000001', status: 'completed', paid: 36850, total: 39900 },
      { source: 'youzan', id: 'E20261102000002', status: 'paid', paid: 47600, total: 47600 },
      { source: 'youzan', id: 'E20261103000003', status: 'refunded', paid: 19900, total: 19900 },
    ])
    expect(handle.sqlite.prepare(`select count(*) from order_items oi join orders o on o.id = oi.order_id where o.source_order_id = 'E20261102000002'`).pluck().get()).toBe(2)
    expect(handle.sqlite.prepare(`select name, phone from customers order by id`).all()).toContainEqual({ name: '钱多多', phone: '13900002222' })
    const rejected = readFileSync(first.rejectedFile!, 'utf8')
    expect(rejected).toContain('6,line 6: 订单状态「待付款」: unpaid orders are not imported,E20261104000004')
    expect(rejected).toMatch(/7,"line 7: amount must be an amount in yuan.*12\.345/)

    const before = handle.sqlite.prepare('select count(*) from customers').pluck().get()
    const again = importOrdersCsv(handle.sqlite, { file, source: 'youzan', format: YOUZAN, now: TEST_NOW + 1000 })
    expect(again).toMatchObject({ accepted: 0, duplicates: 3, rejected: 2, affectedCustomerIds: [] })
    expect(handle.sqlite.prepare('select count(*) from customers').pluck().get()).toBe(before)
    expect(handle.sqlite.prepare('select max(updated_at) from orders').pluck().get()).toBe(TEST_NOW)
  })

  it('should read a GB18030 淘宝 订单报表 with ="…" cells, masked phones left out and buyers matched across shops by phone', () => {
    importOrdersCsv(handle.sqlite, { file: sample('youzan-orders.csv'), source: 'youzan', format: YOUZAN, now: TEST_NOW })
    const summary = importOrdersCsv(handle.sqlite, { file: sample('taobao-orders.csv'), source: 'tmall', format: TAOBAO, now: TEST_NOW })
    expect(summary).toMatchObject({ orders: 4, accepted: 3, rejected: 1 })
    expect(orders()).toContainEqual({ source: 'tmall', id: '3318800000001', status: 'completed', paid: 75800, total: 79800 })
    // 钱多多 bought on 有赞 and 天猫 with one phone: one customer, both orders.
    const customerOf = (id: string) => handle.sqlite.prepare('select customer_id from orders where source_order_id = ?').pluck().get(id)
    expect(customerOf('3318800000002')).toBe(customerOf('E20261102000002'))
    expect(handle.sqlite.prepare(`select kind from customer_identities where value = 'tb_qian'`).pluck().get()).toBe('tmall_buyer')
  })

  it('should import the generic CSV and refuse a file that is not the format it claims, naming the missing columns', () => {
    expect(importOrdersCsv(handle.sqlite, { file: sample('generic-orders.csv'), source: 'own_mall', format: GENERIC, now: TEST_NOW })).toMatchObject({ accepted: 2, rejected: 1 })
    expect(() => importOrdersCsv(handle.sqlite, { file: sample('generic-orders.csv'), source: 'youzan', format: YOUZAN, now: TEST_NOW })).toThrow(ImportError)
    expect(() => importOrdersCsv(handle.sqlite, { file: sample('generic-orders.csv'), source: 'youzan', format: YOUZAN, now: TEST_NOW })).toThrow(/missing columns orderId \(订单号 \/ 订单编号\)/)
    expect(() => importOrdersCsv(handle.sqlite, { file: join(dir, 'missing.csv'), source: 'youzan', format: YOUZAN, now: TEST_NOW })).toThrow(/missing.csv cannot be read as CSV: ENOENT/)
    writeFileSync(join(dir, 'jd.csv'), 'source_order_id\n1\n')
    expect(() => importOrdersCsv(handle.sqlite, { file: join(dir, 'jd.csv'), source: 'jd', format: GENERIC, now: TEST_NOW })).toThrow(/--source must be one of/)
  })

  it('should neutralise formula cells (= + - @, tab, CR) in the rejected rows file when an export carries them (issue 12)', () => {
    const file = join(dir, 'hostile.csv')
    const hostile = ['=HYPERLINK("http://evil.example","x")', '+1+1', '-2+3', '@SUM(A1)', '\t=1+1', '\r=1+1']
    const header = 'source_order_id,status,paid_at,amount,phone,union_id,name,sku,item_name,category,quantity,price,coupon_code'
    const rows = hostile.map((cell, i) => `H-${i},pending,2026-11-15T10:00:00+08:00,1.00,,,"${cell.replaceAll('"', '""')}",,item,,1,1.00,`)
    writeFileSync(file, `${header}\n${rows.join('\n')}\n`)
    const summary = importOrdersCsv(handle.sqlite, { file, source: 'own_mall', format: GENERIC, now: TEST_NOW })
    expect(summary).toMatchObject({ rejected: hostile.length })
    const written = parse(readFileSync(summary.rejectedFile!, 'utf8'), { bom: true }) as string[][]
    const names = written.slice(1).map(r => r[2 + header.split(',').indexOf('name')])
    expect(names).toEqual(hostile.map(cell => `'${cell}`))
    // What a spreadsheet would read as a formula never starts a cell.
    for (const row of written)
      expect(row.filter(cell => /^[=+\-@\t\r]/.test(cell))).toEqual([])
  })

  it('should read back-office times as China time', () => {
    expect(chinaTime('2026-11-20 10:00:00')).toBe('2026-11-20T10:00:00+08:00')
    expect(chinaTime('2026/1/5 9:05')).toBe('2026-01-05T09:05:00+08:00')
  })
})
