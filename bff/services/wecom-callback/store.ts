/**
 * Callbacks are stored, decrypted, before anything acts on them: a crash between storing and
 * processing loses nothing (the pass at start picks up rows still 'received'), and a redelivery
 * — WeCom retries anything not answered within 5 s — finds its event key taken and changes nothing.
 */
import type Database from 'better-sqlite3'
import { parseFlatXml } from './xml.ts'
import { preparedPerDb } from '../prepared.ts'

/** What identifies one event across redeliveries (wecom-tech.md §4.2). */
export function eventKeyOf(fields: Record<string, string>): string {
  if (fields.Event === 'change_external_contact')
    return ['contact', fields.ToUserName, fields.ChangeType, fields.UserID, fields.ExternalUserID, fields.CreateTime].join('|')
  return ['other', fields.ToUserName, fields.FromUserName, fields.CreateTime, fields.MsgType, fields.Event ?? fields.MsgId ?? ''].join('|')
}

export interface StoredCallback {
  id: number
  /** False when this event was stored before (a redelivery). */
  isNew: boolean
}

const statements = preparedPerDb((sqlite: Database.Database) => ({
  insert: sqlite.prepare(`insert into wecom_callbacks (event_key, event, change_type, xml, received_at, status)
    values (?, ?, ?, ?, ?, 'received') on conflict (event_key) do nothing returning id`).pluck(),
  find: sqlite.prepare('select id from wecom_callbacks where event_key = ?').pluck(),
}))

export function storeCallback(sqlite: Database.Database, xml: string, now: number): StoredCallback {
  const q = statements(sqlite)
  const fields = parseFlatXml(xml)
  const key = eventKeyOf(fields)
  const id = q.insert.get(key, fields.Event ?? fields.MsgType ?? 'unknown', fields.ChangeType ?? null, xml, now) as number | undefined
  return id === undefined ? { id: q.find.get(key) as number, isNew: false } : { id, isNew: true }
}
