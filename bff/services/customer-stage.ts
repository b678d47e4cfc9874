import { desc, eq, sql } from 'drizzle-orm'
import type { Db } from '#db/client.ts'
import { customerStages, stageHistory } from '#db/schema.ts'
import type { CustomerStage, StageHistoryResponse } from '../contract/journey.ts'
import type { JourneyConfig } from '../engine/journey/index.ts'
import { preparedPerDb } from './prepared.ts'

/** A stage key as people read it; a key the loaded journey no longer has shows as itself. */
export function stageName(config: JourneyConfig, key: string): string {
  return config.library.stageNames[key] ?? key
}

const stageQuery = preparedPerDb(db => db.select().from(customerStages).where(eq(customerStages.customerId, sql.placeholder('customerId'))).prepare())
// Read on every sidebar open: built and prepared once per database.

/** The customer's stored stage and why, or null before the first recompute reached them. */
export function getCustomerStage(db: Db, config: JourneyConfig, customerId: number): CustomerStage | null {
  const row = stageQuery(db).get({ customerId })
  if (!row)
    return null
  return {
    key: row.stageKey,
    name: stageName(config, row.stageKey),
    reason: row.reason,
    matched: row.matched,
    enteredAt: new Date(row.enteredAt).toISOString(),
  }
}

/** The current stage and every visit, newest first (the current one has no leftAt). */
export function getStageHistory(db: Db, config: JourneyConfig, customerId: number): StageHistoryResponse {
  const visits = db.select().from(stageHistory).where(eq(stageHistory.customerId, customerId))
    .orderBy(desc(stageHistory.enteredAt), desc(stageHistory.id)).limit(100).all()
  return {
    current: getCustomerStage(db, config, customerId),
    history: visits.map(v => ({
      key: v.stageKey,
      name: stageName(config, v.stageKey),
      reason: v.reason,
      enteredAt: new Date(v.enteredAt).toISOString(),
      leftAt: v.leftAt === null ? null : new Date(v.leftAt).toISOString(),
    })),
  }
}
