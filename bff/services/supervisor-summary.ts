/**
 * The supervisor's headline and leaderboard: tasks due in the period and what became of them,
 * per staff member, in one grouped query over tasks(staff_id, due_at) that covers the previous
 * period too; overdue-now over tasks(staff_id, status, due_at); the median due→done time by
 * seeking to the middle of the sorted done tasks. Nothing is aggregated in JavaScript but the
 * sum of a few dozen per-person rows.
 */
import type { Db } from '#db/client.ts'
import { greatest, indexedBy, inJsonList } from '#db/sql/dialect.ts'
import { prepareAllSql, sqlRows, sqlTuples } from '#db/sql/typed-sql.ts'
import type { LeaderboardRow, SupervisorSummary, TaskFigures } from '../contract/supervisor.ts'
import { MINUTE } from '../engine/rules/time-units.ts'
import { type Period, periodAt, type PeriodKey } from '../engine/supervisor/periods.ts'
import { rankByCompletion, rate } from '../engine/supervisor/ranking.ts'
import { preparedPerDb } from './prepared.ts'
import type { Selection } from './supervisor-scope.ts'

const STAFF_IN = `staff_id ${inJsonList('@staff')}`

interface GroupRow { staffId: number, status: 'pending' | 'snoozed' | 'done' | 'skipped' | 'expired', current: 0 | 1, today: 0 | 1, n: number }

const SQL = {
  // Withdrawn tasks (the SOP's goal was reached first) were never owed: they count nowhere.
  // Counted off the covering index (staff_id, status, due_at): one seek per person and status, no
  // table rows read. A few dozen groups come back: person × status × period × due today.
  perStaff: sqlRows<GroupRow, { staff: string, from: number, to: number, prevFrom: number, todayStart: number }>(`select staff_id as staffId, status, due_at >= @from as current, due_at >= @todayStart as today, count(*) as n
    from tasks ${indexedBy('tasks_staff_status_due_idx')}
    where ${STAFF_IN} and status in ('pending', 'snoozed', 'done', 'skipped', 'expired') and due_at >= @prevFrom and due_at < @to
    group by staff_id, status, current, today`),
  overdue: sqlRows<{ staffId: number, n: number }, { staff: string, todayStart: number, now: number }>(`select staff_id as staffId, count(*) as n from tasks
    where ${STAFF_IN} and status in ('pending', 'snoozed') and due_at < @todayStart and expires_at > @now
    group by staff_id`),
  // The k-th and (k+1)-th smallest due→done delays: the median without reading every row into JS,
  // off the same index (completed_at is its last column).
  median: sqlTuples<[delay: number], { staff: string, from: number, to: number, take: number, skip: number }>(`select ${greatest('completed_at - due_at', '0')} as d from tasks
    where ${STAFF_IN} and due_at >= @from and due_at < @to and status = 'done'
    order by d limit @take offset @skip`),
}

const statements = preparedPerDb((db: Db) => prepareAllSql(db.$client, SQL))

export interface Counts { due: number, done: number, skipped: number, expired: number, inProgress: number }

const zero = (): Counts => ({ due: 0, done: 0, skipped: 0, expired: 0, inProgress: 0 })

function add(c: Counts, r: GroupRow) {
  c.due += r.n
  if (r.status === 'done' || r.status === 'skipped' || r.status === 'expired')
    c[r.status] += r.n
  else if (r.today)
    c.inProgress += r.n
}

/**
 * The rate counts settled tasks only: a task due today and still open is not late yet, so it
 * counts neither way until the day is over (else every morning would read as a bad day).
 */
export function figures(c: Counts, medianMinutes: number | null): TaskFigures {
  return { ...c, open: c.due - c.done - c.skipped - c.expired, rate: rate(c.done, c.due - c.inProgress), medianMinutes }
}

/** Median minutes from due to done of the `doneCount` done tasks due in [from, to). */
export function medianDueToDone(db: Db, staffIdsJson: string, from: number, to: number, doneCount: number): number | null {
  if (doneCount === 0)
    return null
  const even = doneCount % 2 === 0
  const values = statements(db).median.all({ staff: staffIdsJson, from, to, skip: Math.floor((doneCount - 1) / 2), take: even ? 2 : 1 }).map(([delay]) => delay)
  if (!values.length)
    return null
  const mid = values.reduce((a, b) => a + b, 0) / values.length
  return Math.round(mid / MINUTE)
}

const iso = (at: number) => new Date(at).toISOString()

export function periodInfo(p: Period): SupervisorSummary['period'] {
  return { key: p.key, from: iso(p.from), to: iso(p.to), previousFrom: iso(p.previous.from), previousTo: iso(p.previous.to) }
}

export function getSupervisorSummary(db: Db, selection: Selection, periodKey: PeriodKey, now: number): SupervisorSummary {
  const p = periodAt(periodKey, now)
  const s = statements(db)
  const staffJson = selection.staffIdsJson
  const current = new Map<number, Counts>()
  const previous = zero()
  for (const r of s.perStaff.all({ staff: staffJson, from: p.from, to: p.to, prevFrom: p.previous.from, todayStart: p.todayStart })) {
    if (!r.current) {
      add(previous, r)
      continue
    }
    let c = current.get(r.staffId)
    if (!c)
      current.set(r.staffId, c = zero())
    add(c, r)
  }
  const overdue = new Map(s.overdue.all({ staff: staffJson, todayStart: p.todayStart, now }).map(r => [r.staffId, r.n]))

  const total = zero()
  const board: LeaderboardRow[] = selection.staff.map((person) => {
    const c = current.get(person.id) ?? zero()
    for (const k of ['due', 'done', 'skipped', 'expired', 'inProgress'] as const) total[k] += c[k]
    return {
      staffId: person.id,
      userId: person.userId,
      name: person.name,
      position: person.position,
      departmentName: person.departmentName,
      ...c,
      rate: rate(c.done, c.due - c.inProgress),
      overdueNow: overdue.get(person.id) ?? 0,
      rank: null,
    }
  })
  const ranked = rankByCompletion(board.map(row => ({ ...row, settled: row.due - row.inProgress })))
    .map(({ settled: _settled, ...row }) => row)
  let rank = 0
  for (const row of ranked) row.rank = row.due - row.inProgress > 0 ? ++rank : null

  return {
    period: periodInfo(p),
    department: selection.department,
    headline: {
      current: figures(total, medianDueToDone(db, staffJson, p.from, p.to, total.done)),
      previous: figures(previous, medianDueToDone(db, staffJson, p.previous.from, p.previous.to, previous.done)),
      overdueNow: [...overdue.values()].reduce((a, b) => a + b, 0),
    },
    leaderboard: ranked,
  }
}
