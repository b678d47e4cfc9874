/**
 * Imports a shop's order export (CSV) through the same validation and writes as the ingest API:
 * rows become API-shaped orders, so a bad row is rejected with the API's reason plus its line
 * numbers, and importing the same file again changes nothing (source + order id).
 */
import { readFileSync, writeFileSync } from 'node:fs'
import type Database from 'better-sqlite3'
import { parse } from 'csv-parse/sync'
import { type OrderInput, parseOrder, writeOrders } from '../../services/ingest/ingest-orders.ts'
import { API_SOURCES, ItemError, yuanToFen } from '../../services/ingest/parse.ts'
import { type CsvField, type CsvFormat, locateColumns } from './formats.ts'

export interface ImportSummary {
  rows: number
  orders: number
  accepted: number
  duplicates: number
  rejected: number
  /** Where the rejected rows and their reasons were written (null: none rejected). */
  rejectedFile: string | null
  affectedCustomerIds: number[]
}

export interface ImportOptions {
  file: string
  /** The API's source name (youzan, tmall, taobao, own_mall, …). */
  source: string
  format: CsvFormat
  now: number
  /** Orders per transaction. */
  batch?: number
  onProgress?: (done: number, total: number) => void
}

export class ImportError extends Error {}

/** UTF-8 (with or without BOM) or, as 淘宝 exports it, GB18030. */
export function decodeCsv(bytes: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, '')
  }
  catch {
    return new TextDecoder('gb18030').decode(bytes)
  }
}

/** Spreadsheet-proofing in exports: ="123", a leading tab, padding. */
function clean(value: string | undefined): string {
  return (value ?? '').replace(/^[\s\t]*="?/, '').replace(/"$/, '').trim()
}

/** Back-office times are China time without a zone: "2026-11-20 10:00:00" → ISO with +08:00. */
export function chinaTime(text: string): string {
  const m = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/.exec(text)
  if (!m)
    return text
  const pad = (s: string | undefined) => (s ?? '0').padStart(2, '0')
  return `${m[1]}-${pad(m[2])}-${pad(m[3])}T${pad(m[4])}:${pad(m[5])}:${pad(m[6])}+08:00`
}

const money = (text: string) => text.replace(/[¥￥,\s元]/g, '')

interface Group { orderId: string, lines: number[], rows: string[][] }

export function importOrdersCsv(sqlite: Database.Database, opts: ImportOptions): ImportSummary {
  if (!API_SOURCES[opts.source])
    throw new ImportError(`--source must be one of ${Object.keys(API_SOURCES).filter(s => s !== 'mall').join(', ')}`)
  let records: string[][]
  try {
    records = parse(decodeCsv(readFileSync(opts.file)), { relax_column_count: true, relax_quotes: true, skip_empty_lines: true, bom: true }) as string[][]
  }
  catch (err) {
    throw new ImportError(`${opts.file} cannot be read as CSV: ${(err as Error).message}`)
  }
  if (records.length < 2)
    throw new ImportError(`${opts.file} has no rows under its header`)
  const [headers, ...rows] = records as [string[], ...string[][]]
  const { columns, missing } = locateColumns(opts.format, headers)
  if (missing.length) {
    const names = missing.map(f => `${f} (${(opts.format.columns[f] ?? []).join(' / ')})`)
    throw new ImportError(`${opts.file} is not a ${opts.format.label}: missing columns ${names.join(', ')}. Its header: ${headers.slice(0, 30).join(', ')}`)
  }
  const get = (row: string[], field: CsvField) => (columns[field] === undefined ? '' : clean(row[columns[field]!]))

  // Rows of one order (one per line item in 有赞 and the generic format) are taken together.
  const groups = new Map<string, Group>()
  rows.forEach((row, i) => {
    const orderId = get(row, 'orderId') || `(空订单号 第${i + 2}行)`
    const group = groups.get(orderId) ?? { orderId, lines: [], rows: [] }
    group.lines.push(i + 2)
    group.rows.push(row)
    groups.set(orderId, group)
  })

  const rejectedRows: Array<{ line: number, reason: string, row: string[] }> = []
  const summary: ImportSummary = { rows: rows.length, orders: groups.size, accepted: 0, duplicates: 0, rejected: 0, rejectedFile: null, affectedCustomerIds: [] }
  const reject = (g: Group, reason: string) => {
    summary.rejected++
    g.lines.forEach((line, k) => rejectedRows.push({ line, reason, row: g.rows[k]! }))
  }
  const affected = new Set<number>()
  const all = [...groups.values()]
  const batchSize = opts.batch ?? 500
  for (let start = 0; start < all.length; start += batchSize) {
    const slice = all.slice(start, start + batchSize)
    const valid: Array<{ group: Group, order: OrderInput }> = []
    for (const group of slice) {
      try {
        valid.push({ group, order: toOrder(group, opts, get) })
      }
      catch (err) {
        if (!(err instanceof ItemError))
          throw err
        reject(group, err.message)
      }
    }
    const result = writeOrders(sqlite, valid.map(v => v.order), opts.now)
    summary.accepted += result.accepted
    summary.duplicates += result.duplicates
    for (const { index, message } of result.rejected)
      reject(valid[index]!.group, message)
    result.affectedCustomerIds.forEach(id => affected.add(id))
    opts.onProgress?.(Math.min(start + batchSize, all.length), all.length)
  }
  summary.affectedCustomerIds = [...affected]
  if (rejectedRows.length) {
    summary.rejectedFile = opts.file.replace(/(\.csv)?$/i, '.rejected.csv')
    rejectedRows.sort((a, b) => a.line - b.line)
    const lines = [['行号', '原因', ...headers], ...rejectedRows.map(r => [String(r.line), r.reason, ...r.row])]
    writeFileSync(summary.rejectedFile, `\uFEFF${lines.map(l => l.map(csvCell).join(',')).join('\r\n')}\r\n`)
  }
  return summary
}

/**
 * One cell of the rejected rows file, which people open in Excel or WPS: a cell that starts with
 * `= + - @` (or a tab or CR, which some spreadsheets skip before reading a formula) would run as
 * a formula, so it gets a leading `'` (OWASP's CSV injection advice; the spreadsheet shows the text).
 */
function csvCell(raw: string): string {
  const value = /^[=+\-@\t\r]/.test(raw) ? `'${raw}` : raw
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value
}

/** The API-shaped order for a group of rows, validated by the API's own parser. */
function toOrder(g: Group, opts: ImportOptions, get: (row: string[], field: CsvField) => string): OrderInput {
  const first = g.rows[0]!
  const where = g.lines.length === 1 ? `line ${g.lines[0]}` : `lines ${g.lines.join(', ')}`
  try {
    const statusText = get(first, 'status')
    const status = opts.format.status(statusText, get(first, 'refundStatus'))
    if (status === null)
      throw new ItemError(`订单状态「${statusText}」: unpaid orders are not imported`)
    if (status === undefined)
      throw new ItemError(`订单状态「${statusText}」 is not a status this importer knows`)
    const phone = get(first, 'phone')
    const customer: Record<string, string> = {}
    // Exports often mask phones (138****1234): useless for matching, so left out rather than refused.
    if (phone && !phone.includes('*'))
      customer.phone = phone
    for (const [field, key] of [['buyerId', 'buyerId'], ['unionId', 'unionId'], ['openId', 'openId'], ['memberId', 'memberId'], ['externalUserId', 'externalUserId'], ['name', 'name']] as const) {
      const value = get(first, field)
      if (value)
        customer[key] = value
    }
    const items = g.rows.map((row) => {
      const quantity = Number(get(row, 'quantity') || '1')
      let price = money(get(row, 'price'))
      const lineTotal = money(get(row, 'lineTotal'))
      if (!price && lineTotal && Number.isInteger(quantity) && quantity > 0)
        price = (Math.round(yuanToFen(lineTotal, 'line total') / quantity) / 100).toFixed(2)
      return { sku: get(row, 'sku') || undefined, name: get(row, 'itemName'), category: get(row, 'category') || undefined, quantity, price: price || undefined }
    })
    return parseOrder({
      source: opts.source,
      sourceOrderId: g.orderId,
      customer,
      status,
      paidAt: chinaTime(get(first, 'paidAt') || get(first, 'createdAt')),
      amount: money(get(first, 'amount')),
      items,
      couponCode: get(first, 'couponCode') || undefined,
    }, opts.now)
  }
  catch (err) {
    if (err instanceof ItemError)
      throw new ItemError(`${where}: ${err.message}`)
    throw err
  }
}
