/**
 * What the supervisor's charts draw: completion per day, the team's customers by journey stage,
 * and the journey funnel (how many of them ever got as far as each step of the main path).
 * Grouped in SQL; the team's customers are its members' active relations.
 */
import type { Db } from '#db/client.ts'
import { countWhere, inJsonList, jsonListTable } from '#db/sql/dialect.ts'
import { prepareAllSql, sqlRows } from '#db/sql/typed-sql.ts'
import type { SupervisorCharts } from '../contract/supervisor.ts'
import { CHINA_OFFSET, chinaDayKey, chinaDayNumber } from '../engine/rules/china-time.ts'
import { DAY } from '../engine/rules/time-units.ts'
import { dayStarts, periodAt, type PeriodKey } from '../engine/supervisor/periods.ts'
import { rate } from '../engine/supervisor/ranking.ts'
import { keptPerDb } from './kept-per-db.ts'
import { preparedPerDb } from './prepared.ts'
import type { Selection } from './supervisor-scope.ts'

/** The journey's main path, in order; the funnel counts customers who ever reached each. */
export const FUNNEL_STAGES = ['new', 'interested', 'activated', 'first_purchase', 'repeat', 'high_value'] as const
/** A trend needs more than one point: "today" still shows the last week. */
const MIN_TREND_DAYS = 7

const TEAM_CUSTOMERS = `select distinct customer_id from staff_customers
  where staff_id ${inJsonList('@staff')} and status = 'active'`

interface TrendRow { day: number, due: number, done: number, inProgress: number }
interface FurthestRow { furthest: number, customers: number }

const SQL = {
  // `day` is the China calendar day number (chinaDayNumber), computed in SQL to group by it.
  trend: sqlRows<TrendRow, { staff: string, from: number, to: number, todayStart: number }>(`select (due_at + ${CHINA_OFFSET}) / ${DAY} as day, count(*) as due, ${countWhere(`status = 'done'`)} as done,
      ${countWhere(`due_at >= @todayStart and status in ('pending', 'snoozed')`)} as inProgress
    from tasks where staff_id ${inJsonList('@staff')} and due_at >= @from and due_at < @to and status != 'withdrawn'
    group by day order by day`),
  stages: sqlRows<{ stageKey: string, customers: number }, { staff: string }>(`select cs.stage_key as stageKey, count(*) as customers
    from (${TEAM_CUSTOMERS}) team join customer_stages cs on cs.customer_id = team.customer_id
    group by cs.stage_key`),
  // @ranks is a JSON object { stageKey: rank }: its entries are the (key, value) rows joined on.
  funnel: sqlRows<FurthestRow, { staff: string, ranks: string }>(`select furthest, count(*) as customers from (
      select h.customer_id, max(r.value) as furthest
      from (${TEAM_CUSTOMERS}) team
      join stage_history h on h.customer_id = team.customer_id
      join ${jsonListTable('@ranks')} r on r.key = h.stage_key
      group by h.customer_id)
    group by furthest`),
}

const statements = preparedPerDb((db: Db) => prepareAllSql(db.$client, SQL))

export interface StageDef { key: string, name: string }

/**
 * Stages only change when the journey is recomputed (every JOURNEY_RECOMPUTE_MINUTES, default 10),
 * and counting them walks every customer of the team (~100 ms for a 60,000-customer department):
 * the distribution and the funnel are kept this long per team, so a busy morning of supervisors
 * opening the page does not block the sidebar's event loop again and again.
 */
export const STAGE_FIGURES_TTL = 5 * 60_000
const stageFigures = keptPerDb<{ stages: Map<string, number>, furthest: FurthestRow[] }>(STAGE_FIGURES_TTL)

export function getSupervisorCharts(db: Db, selection: Selection, stages: readonly StageDef[], periodKey: PeriodKey, now: number): SupervisorCharts {
  const p = periodAt(periodKey, now)
  const s = statements(db)
  const staff = selection.staffIdsJson

  const trendFrom = Math.min(p.from, p.to - MIN_TREND_DAYS * DAY)
  const byDay = new Map(s.trend.all({ staff, from: trendFrom, to: p.to, todayStart: p.todayStart }).map(r => [r.day, r]))
  const trend = dayStarts(trendFrom, p.to).map((start) => {
    const r = byDay.get(chinaDayNumber(start))
    return { day: chinaDayKey(start), due: r?.due ?? 0, done: r?.done ?? 0, rate: rate(r?.done ?? 0, (r?.due ?? 0) - (r?.inProgress ?? 0)) }
  })

  const path = FUNNEL_STAGES.flatMap(key => stages.filter(st => st.key === key))
  const ranks = JSON.stringify(Object.fromEntries(path.map((st, i) => [st.key, i])))
  const { stages: perStage, furthest } = stageFigures.get(db, `${staff}|${ranks}`, now, () => ({
    stages: new Map(s.stages.all({ staff }).map(r => [r.stageKey, r.customers])),
    furthest: s.funnel.all({ staff, ranks }),
  }))
  const stageList = stages.map(st => ({ key: st.key, name: st.name, customers: perStage.get(st.key) ?? 0 }))
  const funnel = path.map((st, i) => ({ key: st.key, name: st.name, customers: furthest.filter(f => f.furthest >= i).reduce((n, f) => n + f.customers, 0) }))

  return { trend, stages: stageList, funnel }
}
