import { type Static, Type } from 'typebox'
import { Nullable, StringEnum } from './common.ts'
import { RelationStatus } from './customer.ts'
import { SkipReason, TaskStatus } from './tasks.ts'

export const PeriodKey = StringEnum(['today', '7d', '30d'])
export type PeriodKey = Static<typeof PeriodKey>

/** Every supervisor read: which period, and which department of the supervisor's scope (default: the top one). */
export const SupervisorQuery = Type.Object({
  period: Type.Optional(PeriodKey),
  departmentId: Type.Optional(Type.Integer({ minimum: 1 })),
})
export type SupervisorQuery = Static<typeof SupervisorQuery>

const ScopeDepartment = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  parentId: Nullable(Type.Integer()),
  /** 0 for the top of the scope. */
  depth: Type.Integer(),
  /** Active staff in the department and those under it. */
  staffCount: Type.Integer(),
})

export const SupervisorScope = Type.Object({
  me: Type.Object({ userId: Type.String(), name: Type.String() }),
  /** Sees every department (SUPERVISOR_ADMINS), rather than the departments they lead. */
  admin: Type.Boolean(),
  /** Departments in scope, tree order (a parent before its children). */
  departments: Type.Array(ScopeDepartment),
  defaultDepartmentId: Type.Integer(),
  /** Working hours within which a customer's message must be answered. */
  serviceReplyHours: Type.Number(),
  nudgeDailyLimit: Type.Integer(),
})
export type SupervisorScope = Static<typeof SupervisorScope>

const PeriodInfo = Type.Object({
  key: PeriodKey,
  from: Type.String({ format: 'date-time' }),
  to: Type.String({ format: 'date-time' }),
  previousFrom: Type.String({ format: 'date-time' }),
  previousTo: Type.String({ format: 'date-time' }),
})

/** Tasks due in a period (due_at inside it) and what became of them. */
const TaskOutcomes = Type.Object({
  due: Type.Integer(),
  done: Type.Integer(),
  skipped: Type.Integer(),
  expired: Type.Integer(),
  /** Still pending or snoozed. */
  open: Type.Integer(),
  /** Open and due today: still in time, so not yet counted against the rate. */
  inProgress: Type.Integer(),
  /** done / (due − inProgress); null when nothing is settled yet. */
  rate: Nullable(Type.Number()),
})

export const TaskFigures = Type.Object({
  ...TaskOutcomes.properties,
  /** Median minutes from due to done, over the done ones; null when none. */
  medianMinutes: Nullable(Type.Number()),
})
export type TaskFigures = Static<typeof TaskFigures>

export const LeaderboardRow = Type.Object({
  staffId: Type.Integer(),
  userId: Type.String(),
  name: Type.String(),
  position: Nullable(Type.String()),
  departmentName: Type.String(),
  due: Type.Integer(),
  done: Type.Integer(),
  skipped: Type.Integer(),
  expired: Type.Integer(),
  inProgress: Type.Integer(),
  rate: Nullable(Type.Number()),
  overdueNow: Type.Integer(),
  /** 1-based; staff with nothing due are listed last without a rank. */
  rank: Nullable(Type.Integer()),
})
export type LeaderboardRow = Static<typeof LeaderboardRow>

export const SupervisorSummary = Type.Object({
  period: PeriodInfo,
  department: Type.Object({ id: Type.Integer(), name: Type.String() }),
  headline: Type.Object({
    current: TaskFigures,
    previous: TaskFigures,
    /** Open tasks due before today, right now. */
    overdueNow: Type.Integer(),
  }),
  leaderboard: Type.Array(LeaderboardRow),
})
export type SupervisorSummary = Static<typeof SupervisorSummary>

const StepFigures = Type.Object({
  ...TaskOutcomes.properties,
  /** Done by sending the words from the sidebar. */
  sent: Type.Integer(),
  /** Done, and the customer ordered within 7 days after. */
  ordered: Type.Integer(),
})

export const StepCompletion = Type.Object({ stepKey: Type.String(), stepName: Type.String(), ...StepFigures.properties })
export type StepCompletion = Static<typeof StepCompletion>

export const SopCompletion = Type.Object({
  sopKey: Type.String(),
  sopName: Type.String(),
  ...StepFigures.properties,
  steps: Type.Array(StepCompletion),
})
export type SopCompletion = Static<typeof SopCompletion>

export const SupervisorSops = Type.Object({
  sops: Type.Array(SopCompletion),
  /** Coupons sent from the sidebar in the period and what became of them. */
  coupons: Type.Object({ sent: Type.Integer(), claimed: Type.Integer(), ordered: Type.Integer() }),
})
export type SupervisorSops = Static<typeof SupervisorSops>

export const SupervisorCharts = Type.Object({
  /** Per China day; today's rate leaves out its tasks still in time. */
  trend: Type.Array(Type.Object({ day: Type.String(), due: Type.Integer(), done: Type.Integer(), rate: Nullable(Type.Number()) })),
  /** The team's customers (active relations) by current stage, in journey order. */
  stages: Type.Array(Type.Object({ key: Type.String(), name: Type.String(), customers: Type.Integer() })),
  /** How many of the team's customers ever reached each step of the journey's main path. */
  funnel: Type.Array(Type.Object({ key: Type.String(), name: Type.String(), customers: Type.Integer() })),
})
export type SupervisorCharts = Static<typeof SupervisorCharts>

export const UnansweredItem = Type.Object({
  customerId: Type.Integer(),
  customerName: Type.String(),
  remark: Nullable(Type.String()),
  lastMessage: Nullable(Type.String()),
  writtenAt: Type.String({ format: 'date-time' }),
  deadlineAt: Type.String({ format: 'date-time' }),
  /** Working minutes since the customer wrote. */
  waitingMinutes: Type.Integer(),
})
export type UnansweredItem = Static<typeof UnansweredItem>

export const SupervisorUnanswered = Type.Object({
  deadlineHours: Type.Number(),
  total: Type.Integer(),
  staff: Type.Array(Type.Object({
    staffId: Type.Integer(),
    userId: Type.String(),
    name: Type.String(),
    count: Type.Integer(),
    items: Type.Array(UnansweredItem),
  })),
})
export type SupervisorUnanswered = Static<typeof SupervisorUnanswered>

export const TaskRef = Type.Object({
  id: Type.Integer(),
  sopName: Type.String(),
  stepName: Type.String(),
  status: TaskStatus,
  dueAt: Type.String({ format: 'date-time' }),
  closedAt: Nullable(Type.String({ format: 'date-time' })),
  skipReason: Nullable(SkipReason),
  skipNote: Nullable(Type.String()),
  customer: Type.Object({ id: Type.Integer(), name: Type.String(), remark: Nullable(Type.String()) }),
})
export type TaskRef = Static<typeof TaskRef>

export const NudgeRecord = Type.Object({
  id: Type.Integer(),
  fromName: Type.String(),
  channel: StringEnum(['wecom', 'recorded']),
  overdueCount: Type.Integer(),
  message: Type.String(),
  sentAt: Type.String({ format: 'date-time' }),
})
export type NudgeRecord = Static<typeof NudgeRecord>

export const NudgeStatus = Type.Object({
  limit: Type.Integer(),
  today: Type.Integer(),
  remaining: Type.Integer(),
  history: Type.Array(NudgeRecord),
})
export type NudgeStatus = Static<typeof NudgeStatus>

export const StaffIdParams = Type.Object({ staffId: Type.Integer({ minimum: 1 }) })
export const CustomerIdParams = Type.Object({ customerId: Type.Integer({ minimum: 1 }) })

export const SupervisorStaffDetail = Type.Object({
  staff: Type.Object({ id: Type.Integer(), userId: Type.String(), name: Type.String(), position: Nullable(Type.String()), departmentName: Type.String() }),
  period: PeriodKey,
  figures: TaskFigures,
  overdueNow: Type.Integer(),
  /** Open tasks due before today, oldest first (at most 50). */
  overdue: Type.Array(TaskRef),
  /** Skipped in the period, with the reasons given (latest first, at most 50). */
  skipped: Type.Array(TaskRef),
  /** Expired undone in the period (latest first, at most 50). */
  expired: Type.Array(TaskRef),
  unanswered: Type.Array(UnansweredItem),
  nudges: NudgeStatus,
  /** Full phone numbers the member saw in the period (查看, and whole-number searches that found someone). */
  phoneReveals: Type.Integer(),
})
export type SupervisorStaffDetail = Static<typeof SupervisorStaffDetail>

export const SupervisorCustomer = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  gender: Type.Integer(),
  city: Nullable(Type.String()),
  memberLevel: Nullable(Type.String()),
  /** Masked: supervisors do not reveal numbers here. */
  phone: Nullable(Type.String()),
  stage: Nullable(Type.Object({ key: Type.String(), name: Type.String(), reason: Type.String(), enteredAt: Type.String({ format: 'date-time' }) })),
  tags: Type.Array(Type.Object({ group: Type.String(), name: Type.String() })),
  figures: Type.Object({ orders: Type.Integer(), spentCents: Type.Integer(), lastOrderAt: Nullable(Type.String({ format: 'date-time' })) }),
  /** The team members who serve the customer (in the supervisor's scope). */
  servedBy: Type.Array(Type.Object({ staffId: Type.Integer(), name: Type.String(), remark: Nullable(Type.String()), status: RelationStatus, firstAddedAt: Type.String({ format: 'date-time' }) })),
  /** The customer's latest tasks with the team (at most 20). */
  tasks: Type.Array(TaskRef),
})
export type SupervisorCustomer = Static<typeof SupervisorCustomer>

export const NudgeBody = Type.Object({
  /** An optional line from the supervisor, added to the reminder. */
  note: Type.Optional(Type.String({ maxLength: 100 })),
  /** Made by the client once per nudge and sent again on a retry: the nudge is made once. */
  idempotencyKey: Type.String({ minLength: 8, maxLength: 100 }),
})
export type NudgeBody = Static<typeof NudgeBody>

export const NudgeResult = Type.Object({
  nudge: NudgeRecord,
  today: Type.Integer(),
  remaining: Type.Integer(),
})
export type NudgeResult = Static<typeof NudgeResult>
