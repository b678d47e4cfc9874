/**
 * A supervisor reminds a staff member of their overdue tasks: through WeCom's app message API
 * when a corp is connected, recorded only in demo mode. At most NUDGE_DAILY_LIMIT a day per
 * recipient (their China calendar day), whoever sends them; every one is recorded in `nudges`.
 * The slot is taken in a transaction before the message goes out, so two supervisors tapping at
 * once cannot both get the third; a send that fails gives the slot back. The client's idempotency
 * key makes a retried request (a timeout on a phone network) answer with the nudge already made
 * instead of sending a second one.
 */
import type { Db } from '../../db/client.ts'
import type { NudgeRecord, NudgeResult, NudgeStatus } from '../contract/supervisor.ts'
import { chinaDayKey, chinaDayStart, DAY } from '../engine/journey/time.ts'
import { ClientError } from './http-error.ts'
import { preparedPerDb } from './prepared.ts'
import { NUDGE_DAILY_LIMIT, type ScopeStaff } from './supervisor-scope.ts'
import { overdueCount } from './supervisor-tasks.ts'

/** Sends a text app message to a member and returns WeCom's msgid; null in demo mode. */
export type AppMessageSender = (toUserId: string, text: string) => Promise<string>

const statements = preparedPerDb(db => ({
  countToday: db.$client.prepare('select count(*) from nudges where to_staff_id = ? and day = ?').pluck(),
  insert: db.$client.prepare(`insert into nudges (from_staff_id, to_staff_id, day, overdue_count, message, channel, wecom_msg_id, sent_at, idempotency_key)
    values (@from, @to, @day, @overdue, @message, @channel, null, @now, @key) returning id`).pluck(),
  byKey: db.$client.prepare(`select n.id, n.from_staff_id as fromStaffId, n.to_staff_id as toStaffId, n.day, s.name as fromName, n.channel,
      n.overdue_count as overdueCount, n.message, n.sent_at as sentAt
    from nudges n join staff s on s.id = n.from_staff_id where n.idempotency_key = ?`),
  setMsgId: db.$client.prepare('update nudges set wecom_msg_id = ? where id = ?'),
  remove: db.$client.prepare('delete from nudges where id = ?'),
  history: db.$client.prepare(`select n.id, s.name as fromName, n.channel, n.overdue_count as overdueCount, n.message, n.sent_at as sentAt
    from nudges n join staff s on s.id = n.from_staff_id where n.to_staff_id = ? order by n.sent_at desc, n.id desc limit 10`),
}))

interface HistoryRow { id: number, fromName: string, channel: 'wecom' | 'recorded', overdueCount: number, message: string, sentAt: number }
const toRecord = (r: HistoryRow): NudgeRecord => ({ ...r, sentAt: new Date(r.sentAt).toISOString() })

export function nudgeStatus(db: Db, staffId: number, now: number): NudgeStatus {
  const s = statements(db)
  const today = s.countToday.get(staffId, chinaDayKey(now)) as number
  return { limit: NUDGE_DAILY_LIMIT, today, remaining: Math.max(NUDGE_DAILY_LIMIT - today, 0), history: (s.history.all(staffId) as HistoryRow[]).map(toRecord) }
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

  const id = db.$client.transaction(() => {
    // Checked again inside: the same request sent twice at once makes one nudge.
    const twin = made(db, idempotencyKey, from.id, to.id)
    if (twin)
      return twin
    const sent = s.countToday.get(to.id, day) as number
    if (sent >= NUDGE_DAILY_LIMIT)
      throw new ClientError(429, `今天已提醒${to.name} ${sent} 次，每人每天最多提醒 ${NUDGE_DAILY_LIMIT} 次，请明天再试`, 'nudge_limit')
    return s.insert.get({ from: from.id, to: to.id, day, overdue: overdue.n, message, channel, now, key: idempotencyKey }) as number
  }).immediate()
  if (typeof id !== 'number')
    return id

  if (send) {
    try {
      s.setMsgId.run(await send(to.userId, message), id)
    }
    catch (err) {
      s.remove.run(id)
      throw err
    }
  }
  const today = s.countToday.get(to.id, day) as number
  return {
    nudge: { id, fromName: from.name, channel, overdueCount: overdue.n, message, sentAt: new Date(now).toISOString() },
    today,
    remaining: Math.max(NUDGE_DAILY_LIMIT - today, 0),
  }
}

interface KeyedRow extends HistoryRow { fromStaffId: number, toStaffId: number, day: string }

/**
 * The nudge this key already made, with the day's count as it stands; null for a new key.
 * @throws ClientError 409 'idempotency_key_reused' when the key made a nudge between other people.
 */
function made(db: Db, idempotencyKey: string, fromId: number, toId: number): NudgeResult | null {
  const s = statements(db)
  const row = s.byKey.get(idempotencyKey) as KeyedRow | undefined
  if (!row)
    return null
  if (row.fromStaffId !== fromId || row.toStaffId !== toId)
    throw new ClientError(409, 'idempotencyKey 已用于另一次提醒，请换一个新的', 'idempotency_key_reused')
  const today = s.countToday.get(toId, row.day) as number
  const { fromStaffId: _from, toStaffId: _to, day: _day, ...record } = row
  return { nudge: toRecord(record), today, remaining: Math.max(NUDGE_DAILY_LIMIT - today, 0) }
}
