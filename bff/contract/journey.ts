import { type Static, Type } from 'typebox'
import { Nullable } from './common.ts'

/** The customer's journey stage, with why they are in it. */
export const CustomerStage = Type.Object({
  key: Type.String(),
  name: Type.String(),
  /** A sentence a person reads: “7 单，累计 ¥1,380.00”. */
  reason: Type.String(),
  /** The individual facts the entry rule matched. */
  matched: Type.Array(Type.String()),
  enteredAt: Type.String({ format: 'date-time' }),
})
export type CustomerStage = Static<typeof CustomerStage>

const StageVisit = Type.Object({
  key: Type.String(),
  name: Type.String(),
  reason: Type.String(),
  enteredAt: Type.String({ format: 'date-time' }),
  leftAt: Nullable(Type.String({ format: 'date-time' })),
})

export const StageHistoryResponse = Type.Object({
  current: Nullable(CustomerStage),
  /** Newest first, the current visit included. */
  history: Type.Array(StageVisit),
})
export type StageHistoryResponse = Static<typeof StageHistoryResponse>
