import { type Static, Type } from 'typebox'
import { StringEnum, Nullable } from './common.ts'

export const TaskStatus = StringEnum(['pending', 'done', 'skipped', 'snoozed', 'expired', 'withdrawn'])
export type TaskStatus = Static<typeof TaskStatus>

const TaskGoal = StringEnum(['培育', '激活', '复购', '关怀'])
const TaskTouchpoint = StringEnum(['single_chat', 'group', 'moments'])

/** What a step sends, already rendered for this customer. */
export const TaskContent = Type.Object({
  text: Type.String(),
  link: Nullable(Type.Object({ title: Type.String(), url: Type.String(), desc: Type.Optional(Type.String()), imgUrl: Type.Optional(Type.String()) })),
  image: Nullable(Type.String()),
  miniprogram: Nullable(Type.Object({ title: Type.String(), appid: Type.String(), page: Type.String(), imgUrl: Type.Optional(Type.String()) })),
})
export type TaskContent = Static<typeof TaskContent>

export const SkipReason = StringEnum(['customer_bought', 'not_interested', 'contacted_elsewhere', 'content_unfit', 'other'])
export type SkipReason = Static<typeof SkipReason>

export const TaskItem = Type.Object({
  id: Type.Integer(),
  sopKey: Type.String(),
  sopName: Type.String(),
  stepName: Type.String(),
  goal: TaskGoal,
  touchpoint: TaskTouchpoint,
  marketing: Type.Boolean(),
  status: TaskStatus,
  dueAt: Type.String({ format: 'date-time' }),
  expiresAt: Type.String({ format: 'date-time' }),
  snoozedUntil: Nullable(Type.String({ format: 'date-time' })),
  overdue: Type.Boolean(),
  /** Why the task exists: the trigger and the facts that matched. */
  reason: Type.String(),
  content: TaskContent,
  customer: Type.Object({ externalUserId: Type.String(), name: Type.String(), remark: Nullable(Type.String()) }),
  completedAt: Nullable(Type.String({ format: 'date-time' })),
  /** How it was done and, when sent from the sidebar, exactly what went out. */
  completion: Nullable(Type.Object({ method: StringEnum(['sent', 'manual']), sentText: Nullable(Type.String()) })),
  skipReason: Nullable(SkipReason),
})
export type TaskItem = Static<typeof TaskItem>

export const TaskList = Type.Object({ items: Type.Array(TaskItem) })
export type TaskList = Static<typeof TaskList>

export const TodayTasks = Type.Object({
  /** Overdue first, then due today; each sorted by due time. */
  items: Type.Array(TaskItem),
  summary: Type.Object({ overdue: Type.Integer(), dueToday: Type.Integer(), doneToday: Type.Integer() }),
})
export type TodayTasks = Static<typeof TodayTasks>

export const TaskIdParams = Type.Object({ id: Type.Integer({ minimum: 1 }) })

export const CompleteTaskBody = Type.Object({
  method: StringEnum(['sent', 'manual']),
  /** The words that went into the chat (for 'sent'). */
  sentText: Type.Optional(Type.String({ maxLength: 4000 })),
  /** The same key twice completes once: a retried tap never double-records. */
  idempotencyKey: Type.String({ minLength: 8, maxLength: 100 }),
})
export type CompleteTaskBody = Static<typeof CompleteTaskBody>

export const SkipTaskBody = Type.Object({ reason: SkipReason, note: Type.Optional(Type.String({ maxLength: 200 })) })
export type SkipTaskBody = Static<typeof SkipTaskBody>

export const SnoozeTaskBody = Type.Object({ hours: Type.Union([Type.Literal(1), Type.Literal(3), Type.Literal(24)]) })
export type SnoozeTaskBody = Static<typeof SnoozeTaskBody>
