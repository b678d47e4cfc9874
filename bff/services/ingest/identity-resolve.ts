/**
 * One customer per person. Every identifier an order, event or WeCom contact carries is looked
 * up: one match links to that customer, none creates one, several are one person and are merged
 * (customer-merge.ts). Identifiers not yet known are then recorded against the customer, so the
 * next order with only one of them still finds them. Runs inside the caller's transaction.
 */
import type Database from 'better-sqlite3'
import { mergeCustomers } from './customer-merge.ts'
import type { IdentityKey, IdentityKind } from './identity-kinds.ts'
import { preparedPerDb } from '../prepared.ts'
import { jsonArrayElement, jsonListTable } from '#db/sql/dialect.ts'
import { prepareAllSql, sqlRun, sqlTuples } from '#db/sql/typed-sql.ts'

export interface ResolveHint {
  /** Shown until a better name arrives (WeCom profile). */
  name?: string | null
  /** Normalised 11-digit phone, also stored on the customer row when it has none. */
  phone?: string | null
}

export interface Resolved {
  customerId: number
  created: boolean
  /** Customers merged into `customerId` (their rows are gone). */
  mergedIds: number[]
}

/** Name given to a customer known only by an order or event until a real name arrives. */
export const UNNAMED_PREFIX = '未命名客户'

const SQL = {
  find: sqlTuples<[number], [IdentityKind, string]>('select customer_id from customer_identities where kind = ? and value = ?'),
  // One parameter: a JSON array of [kind, value] pairs.
  findMany: sqlTuples<[IdentityKind, string, number], [string]>(`select i.kind, i.value, i.customer_id from ${jsonListTable('?')} j
    join customer_identities i on i.kind = ${jsonArrayElement('j.value', 0)} and i.value = ${jsonArrayElement('j.value', 1)}`),
  insertCustomer: sqlRun<[string, string | null, number, number]>('insert into customers (name, phone, created_at, updated_at) values (?, ?, ?, ?)'),
  insertIdentity: sqlRun<[number, IdentityKind, string, number]>(`insert into customer_identities (customer_id, kind, value, created_at) values (?, ?, ?, ?)
    on conflict (kind, value) do nothing`),
  fillPhone: sqlRun<[string, number, number]>('update customers set phone = ?, updated_at = ? where id = ? and phone is null'),
  fillName: sqlRun<[string, number, number]>(`update customers set name = ?, updated_at = ? where id = ? and name like '${UNNAMED_PREFIX}%'`),
}

export const identityStatements = preparedPerDb((sqlite: Database.Database) => prepareAllSql(sqlite, SQL))

/**
 * Identifiers looked up for a whole batch in one statement, then kept current as the batch creates
 * customers and records identifiers (a merge clears it). One query per batch instead of one per
 * item: a batch of 500 events spends most of its time crossing into SQLite, not searching.
 */
export class IdentityLookup {
  readonly #known = new Map<string, number | null>()
  readonly #sqlite: Database.Database

  constructor(sqlite: Database.Database, keys: Iterable<IdentityKey>) {
    this.#sqlite = sqlite
    const wanted: Array<[string, string]> = []
    for (const key of keys) {
      if (!this.#known.has(id(key))) {
        this.#known.set(id(key), null)
        wanted.push([key.kind, key.value])
      }
    }
    if (wanted.length) {
      for (const [kind, value, customerId] of identityStatements(sqlite).findMany.all(JSON.stringify(wanted)))
        this.#known.set(id({ kind, value }), customerId)
    }
  }

  get(key: IdentityKey): number | undefined {
    const known = this.#known.get(id(key))
    if (known !== undefined)
      return known ?? undefined
    const found = identityStatements(this.#sqlite).find.get(key.kind, key.value)?.[0]
    this.#known.set(id(key), found ?? null)
    return found
  }

  set(key: IdentityKey, customerId: number): void {
    this.#known.set(id(key), customerId)
  }

  /** After a merge moved identifiers between customers. */
  clear(): void {
    this.#known.clear()
  }
}

const id = (key: IdentityKey) => `${key.kind}\u0000${key.value}`

/**
 * The customer these identifiers belong to, found, created or merged. `keys` must not be empty.
 * `lookup`: the batch's prefetched identifiers (see IdentityLookup), if any.
 */
export function resolveCustomer(sqlite: Database.Database, keys: readonly IdentityKey[], hint: ResolveHint, now: number, lookup?: IdentityLookup, knownCustomerId?: number): Resolved {
  const q = identityStatements(sqlite)
  // A customer the item is already tied to (the owner of an order being updated) counts as found.
  const found: number[] = knownCustomerId === undefined ? [] : [knownCustomerId]
  const unknown: IdentityKey[] = []
  for (const key of keys) {
    const id = lookup ? lookup.get(key) : q.find.get(key.kind, key.value)?.[0]
    if (id === undefined)
      unknown.push(key)
    else if (!found.includes(id))
      found.push(id)
  }

  let customerId: number
  let created = false
  let mergedIds: number[] = []
  if (found.length === 0) {
    customerId = Number(q.insertCustomer.run(placeholderName(hint), hint.phone ?? null, now, now).lastInsertRowid)
    created = true
  }
  else if (found.length === 1) {
    customerId = found[0]!
  }
  else {
    const merge = mergeCustomers(sqlite, found, keys.filter(k => !unknown.includes(k)), now)
    customerId = merge.survivorId
    mergedIds = merge.mergedIds
    lookup?.clear()
  }

  for (const key of unknown) {
    q.insertIdentity.run(customerId, key.kind, key.value, now)
    lookup?.set(key, customerId)
  }
  if (!created) {
    if (hint.phone)
      q.fillPhone.run(hint.phone, now, customerId)
    if (hint.name)
      q.fillName.run(hint.name, now, customerId)
  }
  return { customerId, created, mergedIds }
}

function placeholderName(hint: ResolveHint): string {
  if (hint.name)
    return hint.name
  return hint.phone ? `${UNNAMED_PREFIX}（尾号${hint.phone.slice(-4)}）` : UNNAMED_PREFIX
}
