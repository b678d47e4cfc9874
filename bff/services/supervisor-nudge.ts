/**
 * A supervisor reminds a staff member of their overdue tasks: through WeCom's app message API
 * when a corp is connected, recorded only in demo mode. At most NUDGE_DAILY_LIMIT a day per
 * recipient (their China calendar day), whoever sends them; every one is recorded in `nudges`.
 * The slot is taken before the message goes out by one conditional insert (it inserts only while
 * fewer than the limit exist that day), so two supervisors tapping at once, even through two
 * processes, cannot both get the third; a send that fails gives the slot back. The client's idempotency
 * key makes a retried request (a timeout on a phone network) answer with the nudge already made
 * instead of sending a second one.
 */
import { and, count, desc, eq, sql } from 'drizzle-orm'
import type { Db } from '#db/client.ts'
import { nudges, staff } from '#db/schema.ts'
import { prepareAllSql, sqlTuples } from '#db/sql/typed-sql.ts'
import type { NudgeRecord, NudgeResult, NudgeStatus } from '../contract/supervisor.ts'
import { chinaDayKey, chinaDayStart } from '../engine/rules/china-time.ts'
import { DAY } from '../engine/rules/time-units.ts'
import { ClientError } from './http-error.ts'
import { preparedPerDb } from './prepared.ts'
import { NUDGE_DAILY_LIMIT, type ScopeStaff } from './supervisor-scope.ts'
import { overdueCount } from './supervisor-tasks.ts'

/** Sends a text app message to a member and returns WeCom's msgid; null in demo mode. */
export type AppMessageSender = (toUserId: string, text: string) => Promise<string>

interface NudgeRow { from: number, to: number, day: string, overdue: number, message: string, channel: 'wecom' | 'recorded', now: number, key: string, limit: number }

const SQL = {
  /**
   * Takes one of the day's slots: inserts only while fewer than @limit nudges exist for the
   * recipient that day, and not again for a key already used. Returns no row otherwise. One
   * statement, so the count and the insert cannot be split by another writer.
   */
  insertWithinLimit: sqlTuples<[id: number], NudgeRow>(`insert into nudges (from_staff_id, to_staff_id, day, overdue_count, message, channel, wecom_msg_id, sent_at, idempotency_key)
    select @from, @to, @day, @overdue, @message, @channel, null, @now, @key
    where (select count(*) from nudges where to_staff_id = @to and day = @day) < @limit
    on conflict (idempotency_key) do nothing
    returning id`),
}

const recordColumns = {
  id: nudges.id,
  fromName: staff.name,
  channel: nudges.channel,
  overdueCount: nudges.overdueCount,
  message: nudges.message,
  sentAt: nudges.sentAt,
}

const statements = preparedPerDb((db: Db) => ({
  ...prepareAllSql(db.$client, SQL),
  countToday: db.select({ n: count() }).from(nudges)
    .where(and(eq(nudges.toStaffId, sql.placeholder('to')), eq(nudges.day, sql.placeholder('day')))).prepare(),
  byKey: db.select({ ...recordColumns, fromStaffId: nudges.fromStaffId, toStaffId: nudges.toStaffId, day: nudges.day })
    .from(nudges).innerJoin(staff, eq(staff.id, nudges.fromStaffId)).where(eq(nudges.idempotencyKey, sql.placeholder('key'))).prepare(),
  setMsgId: db.update(nudges).set({ wecomMsgId: sql`${sql.placeholder('msgId')}` }).where(eq(nudges.id, sql.placeholder('id'))).prepare(),
  remove: db.delete(nudges).where(eq(nudges.id, sql.placeholder('id'))).prepare(),
  history: db.select(recordColumns).from(nudges).innerJoin(staff, eq(staff.id, nudges.fromStaffId))
    .where(eq(nudges.toStaffId, sql.placeholder('to'))).orderBy(desc(nudges.sentAt), desc(nudges.id)).limit(10).prepare(),
}))

interface HistoryRow { id: number, fromName: string, channel: 'wecom' | 'recorded', overdueCount: number, message: string, sentAt: number }
const toRecord = (r: HistoryRow): NudgeRecord => ({ ...r, sentAt: new Date(r.sentAt).toISOString() })

/** Nudges the recipient got on a China day ('YYYY-MM-DD'). */
function countOn(db: Db, to: number, day: string): number {
  return statements(db).countToday.get({ to, day })?.n ?? 0
}

export function nudgeStatus(db: Db, staffId: number, now: number): NudgeStatus {
  const today = countOn(db, staffId, chinaDayKey(now))
  return { limit: NUDGE_DAILY_LIMIT, today, remaining: Math.max(NUDGE_DAILY_LIMIT - today, 0), history: statements(db).history.all({ to: staffId }).map(toRecord) }
}

export function nudgeMessage(fromName: string, overdue: number, oldestDays: number, note?: string): string {
  const since = oldestDays >= 1 ? `，最早的已逾期 ${oldestDays} 天` : ''
  const extra = note?.trim() ? `\n${fromName}：${note.trim()}` : ''
  return `【逾期任务提醒】${fromName}提醒你：你有 ${overdue} 个逾期任务还没处理${since}。请打开「今日任务」尽快跟进。${extra}`
}

interface NudgeInput {
  from: { id: number, name: string }
  to: ScopeStaff
  note?: string
  idempotencyKey: string
  now: number
  /** null: demo mode, the nudge is only recorded. */
  send: AppMessageSender | null
}

/**
 * @throws ClientError 409 'nothing_overdue' when the person has no overdue task; 429 'nudge_limit'
 * at the daily limit. A failed WeCom send is rethrown (the route answers 502) and not counted.
 */
export async function nudgeStaff(db: Db, { from, to, note, idempotencyKey, now, send }: NudgeInput): Promise<NudgeResult> {
  const s = statements(db)
  const earlier = made(db, idempotencyKey, from.id, to.id)
  if (earlier)
    return earlier
  const todayStart = chinaDayStart(now)
  const overdue = overdueCount(db, to.id, todayStart, now)
  if (overdue.n === 0)
    throw new ClientError(409, `${to.name}目前没有逾期任务，无需提醒`, 'nothing_overdue')
  // The recipient's local day the limit counts in (YYYY-MM-DD, China time).
  const day = chinaDayKey(now)
  const oldestDays = overdue.oldest === null ? 0 : Math.max(1, Math.round((todayStart - chinaDayStart(overdue.oldest)) / DAY))
  const message = nudgeMessage(from.name, overdue.n, oldestDays, note)
  const channel = send ? 'wecom' : 'recorded'

  const taken = s.insertWithinLimit.get({ from: from.id, to: to.id, day, overdue: overdue.n, message, channel, now, key: idempotencyKey, limit: NUDGE_DAILY_LIMIT })
  if (!taken) {
    // Nothing inserted: the same request sent twice at once made its nudge, or the day is full.
    const twin = made(db, idempotencyKey, from.id, to.id)
    if (twin)
      return twin
    const sent = countOn(db, to.id, day)
    throw new ClientError(429, `今天已提醒${to.name} ${sent} 次，每人每天最多提醒 ${NUDGE_DAILY_LIMIT} 次，请明天再试`, 'nudge_limit')
  }
  const [id] = taken

  if (send) {
    try {
      s.setMsgId.run({ msgId: await send(to.userId, message), id })
    }
    catch (err) {
      s.remove.run({ id })
      throw err
    }
  }
  const today = countOn(db, to.id, day)
  return {
    nudge: { id, fromName: from.name, channel, overdueCount: overdue.n, message, sentAt: new Date(now).toISOString() },
    today,
    remaining: Math.max(NUDGE_DAILY_LIMIT - today, 0),
  }
}

/**
 * The nudge this key already made, with the day's count as it stands; null for a new key.
 * @throws ClientError 409 'idempotency_key_reused' when the key made a nudge between other people.
 */
function made(db: Db, idempotencyKey: string, fromId: number, toId: number): NudgeResult | null {
  const row = statements(db).byKey.get({ key: idempotencyKey })
  if (!row)
    return null
  if (row.fromStaffId !== fromId || row.toStaffId !== toId)
    throw new ClientError(409, 'idempotencyKey 已用于另一次提醒，请换一个新的', 'idempotency_key_reused')
  const today = countOn(db, toId, row.day)
  const { fromStaffId: _from, toStaffId: _to, day: _day, ...record } = row
  return { nudge: toRecord(record), today, remaining: Math.max(NUDGE_DAILY_LIMIT - today, 0) }
}
