/**
 * Puts the journey engine's answers into the database: each customer's stage (with a history row
 * when it changes), the SOP tasks that have come due, and the tasks whose time has passed.
 *
 * One customer (after their data changed) and everyone (the scheduler, `npm run recompute`) run
 * the same code over a chunk of customers, so both give the same answer. A chunk is one IMMEDIATE
 * transaction: facts are read and results written without another writer in between, and a
 * crash leaves whole chunks. Planning is idempotent (tasks.key is unique; inserts on conflict do
 * nothing), so a run can be repeated or interrupted at any point.
 */
import type Database from 'better-sqlite3'
import type { Db } from '#db/client.ts'
import { inJsonList } from '#db/sql/dialect.ts'
import { prepareAllSql, sqlRun, sqlTuples } from '#db/sql/typed-sql.ts'
import { assignStage, type CustomerFacts, eventTypesRead, type JourneyConfig, explainPlan, nextStageState, type StageState, type StageVisit, type TaskPlan } from '../engine/journey/index.ts'
import { addedAt } from '../engine/journey/facts.ts'
import { chinaDayStart } from '../engine/rules/china-time.ts'
import { createFactsReader, customerIdChunks, DEFAULT_CHUNK, type FactsReader } from './journey-facts.ts'

export interface RecomputeCounts {
  customers: number
  /** Customers whose stage was set for the first time or changed. */
  stagesChanged: number
  tasksCreated: number
  tasksExpired: number
  /** Snoozed tasks whose snooze ran out: pending again. */
  tasksReopened: number
  /** Open tasks closed by their SOP's exit: goal reached, or the trigger no longer holds. */
  tasksWithdrawn: number
}

export interface RecomputeAllResult extends RecomputeCounts {
  ms: number
  /** True when stopped by the signal before the last chunk. */
  aborted: boolean
}

export interface RecomputeAllOptions {
  /** Customers per transaction (default 500). */
  chunk?: number
  /** Checked between chunks: stop early (the app is closing). */
  signal?: AbortSignal
  /** Called after each chunk with the running totals. */
  onChunk?: (counts: RecomputeCounts) => void
}

type StageRow = [customerId: number, stageKey: string, enteredAt: number, reason: string, matched: string]
interface StoredStage extends StageState { reason: string, matched: string }

type TaskInsert = ReturnType<typeof taskRow>
/** Rows written by this pass carry only the id back, when they were written at all. */
type Written = [id: number]

const RECOMPUTE_SQL = {
  expire: sqlTuples<Written, { ids: string, now: number }>(`update tasks set status = 'expired', closed_at = @now
      where customer_id ${inJsonList('@ids')} and status in ('pending', 'snoozed') and expires_at <= @now
      returning id`),
  reopen: sqlTuples<Written, { ids: string, now: number }>(`update tasks set status = 'pending'
      where customer_id ${inJsonList('@ids')} and status = 'snoozed' and snoozed_until <= @now and expires_at > @now
      returning id`),
  stages: sqlTuples<StageRow, [ids: string]>(`select customer_id, stage_key, entered_at, reason, matched
      from customer_stages where customer_id ${inJsonList('?')}`),
  history: sqlTuples<[customerId: number, stageKey: string, enteredAt: number], [ids: string]>(`select customer_id, stage_key, entered_at
      from stage_history where customer_id ${inJsonList('?')} order by customer_id, entered_at, id`),
  upsertStage: sqlRun<[customerId: number, stageKey: string, reason: string, matched: string, enteredAt: number, computedAt: number]>(`insert into customer_stages (customer_id, stage_key, reason, matched, entered_at, computed_at)
      values (?, ?, ?, ?, ?, ?)
      on conflict (customer_id) do update set stage_key = excluded.stage_key, reason = excluded.reason, matched = excluded.matched,
        entered_at = excluded.entered_at, computed_at = excluded.computed_at`),
  touchStages: sqlRun<[computedAt: number, ids: string]>(`update customer_stages set computed_at = ? where customer_id ${inJsonList('?')}`),
  leaveStage: sqlRun<[leftAt: number, customerId: number]>('update stage_history set left_at = ? where customer_id = ? and left_at is null'),
  enterStage: sqlRun<[customerId: number, stageKey: string, reason: string, enteredAt: number]>('insert into stage_history (customer_id, stage_key, reason, entered_at, left_at) values (?, ?, ?, ?, null)'),
  insertTask: sqlTuples<Written, TaskInsert>(`insert into tasks (key, customer_id, staff_id, sop_key, sop_name, step_key, step_name, goal, kind, touchpoint,
        marketing, content, reason, due_at, expires_at, status, created_at)
      values (@key, @customerId, @staffId, @sopKey, @sopName, @stepKey, @stepName, @goal, @kind, @touchpoint,
        @marketing, @content, @reason, @dueAt, @expiresAt, 'pending', @now)
      on conflict (key) do nothing
      returning id`),
  withdraw: sqlTuples<Written, { key: string, now: number }>(`update tasks set status = 'withdrawn', closed_at = @now
      where key = @key and status in ('pending', 'snoozed') returning id`),
  taskEvent: sqlRun<[taskId: number, action: string, at: number, detail: string | null]>('insert into task_events (task_id, staff_id, action, at, detail) values (?, null, ?, ?, ?)'),
}

function prepare(sqlite: Database.Database) {
  return prepareAllSql(sqlite, RECOMPUTE_SQL)
}
type Statements = ReturnType<typeof prepare>

/** Everything a run needs, prepared once. */
interface Run {
  sqlite: Database.Database
  config: JourneyConfig
  reader: FactsReader
  stmt: Statements
}

function startRun(db: Db, config: JourneyConfig): Run {
  // Only the event types the journey and its SOPs read are loaded in full: the bulk of a trail is
  // views and staff messages no rule names, and reading rows is most of a recompute's cost.
  const reader = createFactsReader(db, { eventTypes: eventTypesRead(config.journey, config.library) })
  return { sqlite: db.$client, config, reader, stmt: prepare(db.$client) }
}

function zero(): RecomputeCounts {
  return { customers: 0, stagesChanged: 0, tasksCreated: 0, tasksExpired: 0, tasksReopened: 0, tasksWithdrawn: 0 }
}

function add(total: RecomputeCounts, part: RecomputeCounts): void {
  for (const k of Object.keys(total) as (keyof RecomputeCounts)[])
    total[k] += part[k]
}

/** Expire, reopen, stage, plan — for the customers of one chunk, in one transaction. */
function recomputeChunk(run: Run, customerIds: readonly number[], now: number): RecomputeCounts {
  const { stmt, config } = run
  const { journey, library } = config
  const counts = zero()
  const ids = JSON.stringify(customerIds)
  run.sqlite.transaction(() => {
    // First, so the planner sees expired tasks as closed (they no longer hold contact budget).
    for (const [id] of stmt.expire.all({ ids, now })) {
      stmt.taskEvent.run(id, 'expired', now, null)
      counts.tasksExpired++
    }
    for (const [id] of stmt.reopen.all({ ids, now })) {
      stmt.taskEvent.run(id, 'reopened', now, JSON.stringify({ reason: 'snooze_ended' }))
      counts.tasksReopened++
    }

    const factsById = run.reader.load(customerIds)
    const stages = new Map<number, StoredStage>()
    for (const [customerId, stageKey, enteredAt, reason, matched] of stmt.stages.all(ids))
      stages.set(customerId, { stageKey, enteredAt, reason, matched })
    const history = new Map<number, StageVisit[]>()
    for (const [customerId, stageKey, enteredAt] of stmt.history.all(ids)) {
      const visit = { stageKey, enteredAt }
      const list = history.get(customerId)
      if (list)
        list.push(visit)
      else
        history.set(customerId, [visit])
    }

    // One statement for the chunk; rows rewritten below get the same time anyway.
    stmt.touchStages.run(now, ids)
    for (const customerId of customerIds) {
      const facts = factsById.get(customerId)
      if (!facts)
        continue
      counts.customers++
      const stored = stages.get(customerId) ?? null
      const assigned = assignStage(journey, facts, now)
      const state = stored ? nextStageState(stored, assigned, now) : { stageKey: assigned.stageKey, enteredAt: firstEntry(facts, now), changed: true }
      const matched = JSON.stringify(assigned.matched)
      if (state.changed || stored!.reason !== assigned.reason || stored!.matched !== matched)
        stmt.upsertStage.run(customerId, state.stageKey, assigned.reason, matched, state.enteredAt, now)
      if (state.changed) {
        if (stored)
          stmt.leaveStage.run(now, customerId)
        stmt.enterStage.run(customerId, state.stageKey, assigned.reason, state.enteredAt)
        counts.stagesChanged++
      }

      // Earlier visits let SOPs that outlive their stage (exit.leftStage false) keep going.
      const earlier = (history.get(customerId) ?? []).filter(v => !(v.stageKey === state.stageKey && v.enteredAt === state.enteredAt))
      const input = {
        sops: library.sops,
        guardrails: library.guardrails,
        stageNames: library.stageNames,
        facts,
        now,
        currentStage: state.stageKey,
        stageEnteredAt: state.enteredAt,
        stageHistory: earlier,
      }
      const { tasks: plans, withdrawals } = explainPlan(input)
      for (const w of withdrawals) {
        const [id] = stmt.withdraw.get({ key: w.taskKey, now }) ?? []
        if (id === undefined)
          continue
        stmt.taskEvent.run(id, 'withdrawn', now, JSON.stringify({ reason: w.code, detail: w.detail }))
        counts.tasksWithdrawn++
      }
      for (const plan of plans) {
        const [id] = stmt.insertTask.get(taskRow(plan, now)) ?? []
        if (id === undefined)
          continue
        stmt.taskEvent.run(id, 'created', now, JSON.stringify({ stage: state.stageKey, trigger: plan.triggerKey }))
        counts.tasksCreated++
      }
    }
  }).immediate()
  return counts
}

/**
 * When a customer's first computed stage began, as far as anyone can know: not before they were
 * added, and otherwise the start of today (China time). A customer already in a stage when the
 * system first sees them has not just entered it; counting from the start of the day lets stage
 * SOPs timed for today ("10:00") come due today instead of tomorrow — so on a first deployment,
 * or the demo's first start, staff have tasks at once.
 */
function firstEntry(facts: CustomerFacts, now: number): StageState['enteredAt'] {
  return Math.min(now, Math.max(chinaDayStart(now), addedAt(facts) ?? -Infinity))
}

function taskRow(plan: TaskPlan, now: number) {
  return {
    key: plan.key,
    customerId: plan.customerId,
    staffId: plan.staffId,
    sopKey: plan.sopKey,
    sopName: plan.sopName,
    stepKey: plan.stepKey,
    stepName: plan.stepName,
    goal: plan.goal,
    kind: plan.kind,
    touchpoint: plan.touchpoint,
    marketing: plan.marketing ? 1 : 0,
    content: JSON.stringify(plan.rendered),
    reason: plan.reason,
    dueAt: plan.dueAt,
    expiresAt: plan.expiresAt,
    now,
  }
}

/**
 * Recomputes one customer whose data changed (an order, an event, a tag, a task done or skipped):
 * their stage, new tasks, expired ones. Safe to call any number of times.
 */
export function recomputeCustomer(db: Db, config: JourneyConfig, customerId: number, now: number): RecomputeCounts {
  return recomputeChunk(startRun(db, config), [customerId], now)
}

/**
 * Recomputes the customers a batch of new data touched (ingest, WeCom callbacks), `DEFAULT_CHUNK`
 * customers per transaction, each customer once. Ids no longer there (merged away) are skipped.
 */
export function recomputeCustomers(db: Db, config: JourneyConfig, customerIds: readonly number[], now: number): RecomputeCounts {
  const run = startRun(db, config)
  const total = zero()
  for (let i = 0; i < customerIds.length; i += DEFAULT_CHUNK)
    add(total, recomputeChunk(run, customerIds.slice(i, i + DEFAULT_CHUNK), now))
  return total
}

/**
 * Recomputes every customer, `chunk` customers per transaction, yielding to the event loop
 * between chunks so a server keeps answering requests during a long run.
 */
export async function recomputeAll(db: Db, config: JourneyConfig, now: number, options: RecomputeAllOptions = {}): Promise<RecomputeAllResult> {
  const started = performance.now()
  const run = startRun(db, config)
  const total = zero()
  let aborted = false
  for (const ids of customerIdChunks(db, options.chunk ?? DEFAULT_CHUNK)) {
    if (options.signal?.aborted) {
      aborted = true
      break
    }
    add(total, recomputeChunk(run, ids, now))
    options.onChunk?.({ ...total })
    await new Promise<void>(resolve => setImmediate(resolve))
  }
  return { ...total, ms: Math.round(performance.now() - started), aborted }
}
