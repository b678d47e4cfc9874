/**
 * Acting on a stored `change_external_contact` callback: the staff ↔ customer relationship is
 * created, edited or ended, the customer found or created (one customer per person), and the row
 * marked processed in the same transaction. Events older than the relationship's last change
 * (a late redelivery) change nothing.
 *
 * A `change_contact` callback (the corp's address book changed) asks for an org sync; a
 * `delete_user` also deactivates that member and ends their sessions here, without waiting for it.
 */
import type Database from 'better-sqlite3'
import { SECOND } from '#rules/time-units.ts'
import { resolveCustomer, UNNAMED_PREFIX } from '../ingest/identity-resolve.ts'
import type { IdentityKey } from '../ingest/identity-kinds.ts'
import type { ExternalContactProfile } from './external-contact.ts'
import { parseFlatXml } from './xml.ts'
import { preparedPerDb } from '../prepared.ts'
import { INSERT_OR_IGNORE, inJsonList, least } from '#db/sql/dialect.ts'
import { prepareAllSql, sqlRows, sqlRun, sqlTuples } from '#db/sql/typed-sql.ts'

export interface ProcessOutcome {
  /** The customer whose relationship changed (recompute them), if any. */
  customerId: number | null
  /** What happened, for the log. */
  note: string
  /** Another process had already processed it: nothing was done here. */
  skipped?: boolean
  /** The corp's address book changed (change_contact): sync the organisation now. */
  orgChanged?: boolean
  /** A member whose sessions this callback ended: forget what the process remembers of them. */
  signedOut?: string
}

export const CONTACT_CHANGES_WITH_PROFILE = new Set(['add_external_contact', 'add_half_external_contact', 'edit_external_contact'])

export class CallbackProcessingError extends Error {}

type Relation = { id: number, first_added_at: number, status: string, status_changed_at: number | null }
type RelationValues = { staffId: number, customerId: number, at: number, state: string | null, remark: string | null, description: string | null, addWay: number | null }
type Profile = { id: number, avatar: string | null, gender: number, name: string | null, now: number }

const SQL = {
  staff: sqlTuples<[number], [string]>('select id from staff where user_id = ?'),
  // The callback is signed by the corp: whichever department the member is in, they are gone.
  deleteMember: sqlRun<[string]>('update staff set active = 0, session_generation = session_generation + 1 where user_id = ?'),
  customerByExternal: sqlTuples<[number], [string]>(`select customer_id from customer_identities where kind = 'external_userid' and value = ?`),
  relation: sqlRows<Relation, [number, number]>('select id, first_added_at, status, status_changed_at from staff_customers where staff_id = ? and customer_id = ?'),
  insertRelation: sqlRun<RelationValues>(`insert into staff_customers (staff_id, customer_id, remark, description, first_added_at, state, add_way, status, status_changed_at)
    values (@staffId, @customerId, @remark, @description, @at, @state, @addWay, 'active', @at)`),
  reAdd: sqlRun<RelationValues & { id: number }>(`update staff_customers set status = 'active', status_changed_at = @at, first_added_at = ${least('first_added_at', '@at')},
    state = coalesce(state, @state), remark = coalesce(@remark, remark), description = coalesce(@description, description), add_way = coalesce(add_way, @addWay)
    where id = @id`),
  edit: sqlRun<[string | null, string | null, number]>('update staff_customers set remark = ?, description = ? where id = ?'),
  end: sqlRun<[string, number, number]>('update staff_customers set status = ?, status_changed_at = ? where id = ?'),
  fillProfile: sqlRun<Profile>(`update customers set avatar = coalesce(avatar, @avatar), gender = case when gender = 0 then @gender else gender end,
    name = case when name like '${UNNAMED_PREFIX}%' and @name is not null then @name else name end, updated_at = @now where id = @id`),
  wecomTags: sqlTuples<[number], [string]>(`select id from tags where wecom_tag_id ${inJsonList('?')}`),
  dropWecomTags: sqlRun<[number, number, string]>(`delete from customer_tags where customer_id = ? and (staff_id = ? or staff_id is null)
    and tag_id in (select id from tags where source = 'wecom') and tag_id not ${inJsonList('?')}`),
  addTag: sqlRun<[number, number, number, number]>(`${INSERT_OR_IGNORE} into customer_tags (customer_id, tag_id, staff_id, created_at) values (?, ?, ?, ?)`),
  // Nobody can send them anything once the relationship has ended.
  closeTasks: sqlTuples<[number], [number, number, number]>(`update tasks set status = 'withdrawn', closed_at = ? where customer_id = ? and staff_id = ? and status in ('pending', 'snoozed') returning id`),
  taskEvent: sqlRun<[number, number, string]>(`insert into task_events (task_id, staff_id, action, at, detail) values (?, null, 'withdrawn', ?, ?)`),
  // Only while nobody has processed it: another process sweeping the same rows may have got there first.
  done: sqlRun<[number, number]>(`update wecom_callbacks set status = 'processed', processed_at = ?, error = null where id = ? and processed_at is null`),
  failed: sqlRun<[number, string, number]>(`update wecom_callbacks set status = 'failed', processed_at = ?, error = ? where id = ? and processed_at is null`),
}

const statements = preparedPerDb((sqlite: Database.Database) => prepareAllSql(sqlite, SQL))
type Statements = ReturnType<typeof statements>

/**
 * Applies one stored callback and marks it processed, in one transaction. `profile` is the
 * customer's `externalcontact/get` answer when WeCom is configured and the change needs it.
 * Throws CallbackProcessingError when the event cannot be applied (the row is marked failed by
 * `markFailed`).
 */
export function applyCallback(sqlite: Database.Database, row: { id: number, xml: string }, profile: ExternalContactProfile | null, now: number): ProcessOutcome {
  const q = statements(sqlite)
  const f = parseFlatXml(row.xml)
  return sqlite.transaction((): ProcessOutcome => {
    // Marked first, in the same transaction: should the apply fail, the mark rolls back with it.
    if (q.done.run(now, row.id).changes === 0)
      return { customerId: null, note: 'already processed by another process', skipped: true }
    return apply(sqlite, q, f, profile, now)
  }).immediate()
}

/** Marks a callback failed, unless another process has processed it meanwhile. */
export function markFailed(sqlite: Database.Database, id: number, message: string, now: number): void {
  statements(sqlite).failed.run(now, message.slice(0, 500), id)
}

/** Runs inside applyCallback's transaction, on its connection. */
function apply(sqlite: Database.Database, q: Statements, f: Record<string, string>, profile: ExternalContactProfile | null, now: number): ProcessOutcome {
  if (f.Event === 'change_contact')
    return applyMemberChange(q, f)
  if (f.Event !== 'change_external_contact')
    return { customerId: null, note: `ignored ${f.MsgType ?? '?'}/${f.Event ?? '-'}: not a customer-contact change` }
  const change = f.ChangeType ?? ''
  const userId = f.UserID ?? ''
  const externalUserId = f.ExternalUserID ?? ''
  const at = /^\d{1,12}$/.test(f.CreateTime ?? '') ? Number(f.CreateTime) * SECOND : null
  if (!externalUserId || !userId || at === null)
    throw new CallbackProcessingError(`${change} without UserID, ExternalUserID or a numeric CreateTime`)
  const staffId = q.staff.get(userId)?.[0]
  if (staffId === undefined)
    throw new CallbackProcessingError(`UserID "${userId}" is not a staff member here; sync the member, then re-process`)

  if (change === 'add_external_contact' || change === 'add_half_external_contact') {
    const keys: IdentityKey[] = [{ kind: 'external_userid', value: externalUserId }]
    if (profile?.unionId)
      keys.push({ kind: 'unionid', value: profile.unionId })
    const { customerId } = resolveCustomer(sqlite, keys, { name: profile?.name ?? null }, now)
    if (profile)
      q.fillProfile.run({ id: customerId, avatar: profile.avatar, gender: profile.gender, name: profile.name, now })
    const follow = profile?.followUsers.find(u => u.userId === userId)
    const values = { staffId, customerId, at, state: f.State || follow?.state || null, remark: follow?.remark ?? null, description: follow?.description ?? null, addWay: follow?.addWay ?? null }
    const existing = q.relation.get(staffId, customerId)
    if (!existing) {
      q.insertRelation.run(values)
      return { customerId, note: `${userId} added ${externalUserId}` }
    }
    if (existing.status === 'active' || (existing.status_changed_at ?? 0) > at)
      return { customerId, note: 'already added' }
    q.reAdd.run({ ...values, id: existing.id })
    return { customerId, note: `${userId} added ${externalUserId} again` }
  }

  const customerId = q.customerByExternal.get(externalUserId)?.[0]
  const relation = customerId === undefined ? undefined : q.relation.get(staffId, customerId)
  if (customerId === undefined || !relation)
    return { customerId: null, note: `no relationship between ${userId} and ${externalUserId} to change` }
  const stale = (relation.status_changed_at ?? 0) > at

  switch (change) {
    case 'edit_external_contact': {
      const follow = profile?.followUsers.find(u => u.userId === userId)
      if (!follow)
        return { customerId, note: 'edited; profile not fetched (WeCom not configured or the member no longer follows)' }
      q.fillProfile.run({ id: customerId, avatar: profile!.avatar, gender: profile!.gender, name: profile!.name, now })
      q.edit.run(follow.remark, follow.description, relation.id)
      const tagIds = q.wecomTags.all(JSON.stringify(follow.corpTagIds)).map(([id]) => id)
      q.dropWecomTags.run(customerId, staffId, JSON.stringify(tagIds))
      for (const tagId of tagIds)
        q.addTag.run(customerId, tagId, staffId, now)
      return { customerId, note: 'remark and tags updated' }
    }
    case 'del_external_contact':
    case 'del_follow_user': {
      if (stale)
        return { customerId, note: 'stale delete ignored' }
      const status = change === 'del_follow_user' ? 'deleted_by_customer' : f.Source === 'DELETE_BY_TRANSFER' ? 'transferred' : 'deleted_by_staff'
      q.end.run(status, at, relation.id)
      const closed = q.closeTasks.all(now, customerId, staffId).map(([id]) => id)
      for (const taskId of closed)
        q.taskEvent.run(taskId, now, JSON.stringify({ reason: 'relationship_ended', relation: status }))
      return { customerId, note: `${change === 'del_follow_user' ? `${externalUserId} removed ${userId}` : `${userId} removed ${externalUserId}`}; ${closed.length} open tasks closed` }
    }
    case 'transfer_fail':
      // The customer stays with the member who had them; nothing of ours changes.
      return { customerId: null, note: `transfer of ${externalUserId} failed: ${f.FailReason ?? 'unknown reason'}` }
    default:
      return { customerId: null, note: `ignored change type ${change}` }
  }
}

/**
 * WeCom's events are unordered and may carry only the UserID, so the org sync that follows reads
 * the truth again; a delete_user cannot wait for it. Should a late delete_user follow the member
 * being re-added, that sync makes them active again (their sessions stay ended: they sign in anew).
 */
function applyMemberChange(q: Statements, f: Record<string, string>): ProcessOutcome {
  const change = f.ChangeType ?? ''
  const userId = f.UserID ?? ''
  if (change === 'delete_user' && userId) {
    if (q.deleteMember.run(userId).changes === 0)
      return { customerId: null, note: `member ${userId} deleted in WeCom; not a staff member here`, orgChanged: true }
    return { customerId: null, note: `member ${userId} deleted in WeCom: deactivated, sessions ended`, orgChanged: true, signedOut: userId }
  }
  return { customerId: null, note: `address book changed (${change || '?'} ${userId || f.Id || ''}): org sync requested`, orgChanged: true }
}
