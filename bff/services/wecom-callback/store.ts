/**
 * Callbacks are stored, decrypted, before anything acts on them: a crash between storing and
 * processing loses nothing (the pass at start picks up rows still 'received'), and a redelivery
 * — WeCom retries anything not answered within 5 s — finds its event key taken and changes nothing.
 */
import type Database from 'better-sqlite3'
import { parseFlatXml } from './xml.ts'
import { preparedPerDb } from '../prepared.ts'
import { prepareAllSql, sqlTuples } from '#db/sql/typed-sql.ts'

/** What identifies one event across redeliveries (wecom-tech.md §4.2). */
export function eventKeyOf(fields: Record<string, string>): string {
  if (fields.Event === 'change_external_contact')
    return ['contact', fields.ToUserName, fields.ChangeType, fields.UserID, fields.ExternalUserID, fields.CreateTime].join('|')
  if (fields.Event === 'change_contact')
    return ['member', fields.ToUserName, fields.ChangeType, fields.UserID ?? '', fields.Id ?? '', fields.CreateTime].join('|')
  return ['other', fields.ToUserName, fields.FromUserName, fields.CreateTime, fields.MsgType, fields.Event ?? fields.MsgId ?? ''].join('|')
}

export interface StoredCallback {
  id: number
  /** False when this event was stored before (a redelivery). */
  isNew: boolean
}

const SQL = {
  // A redelivery finds the event key taken: the unique key, not a read first, decides.
  insert: sqlTuples<[number], [string, string, string | null, string, number]>(`insert into wecom_callbacks (event_key, event, change_type, xml, received_at, status)
    values (?, ?, ?, ?, ?, 'received') on conflict (event_key) do nothing returning id`),
  find: sqlTuples<[number], [string]>('select id from wecom_callbacks where event_key = ?'),
}

const statements = preparedPerDb((sqlite: Database.Database) => prepareAllSql(sqlite, SQL))

export function storeCallback(sqlite: Database.Database, xml: string, now: number): StoredCallback {
  const q = statements(sqlite)
  const fields = parseFlatXml(xml)
  const key = eventKeyOf(fields)
  const inserted = q.insert.get(key, fields.Event ?? fields.MsgType ?? 'unknown', fields.ChangeType ?? null, xml, now)
  if (inserted)
    return { id: inserted[0], isNew: true }
  const [id] = q.find.get(key)!
  return { id, isNew: false }
}
