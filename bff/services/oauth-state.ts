/**
 * The OAuth state is single-use on the server, not only cleared in the browser: the callback
 * spends it here before it calls WeCom, so a copied state cookie replayed with made-up codes
 * answers 400 at once instead of costing a WeCom API call each. The record is a table, so every
 * process sharing the database refuses the replay.
 */
import { lte, sql } from 'drizzle-orm'
import type { Db } from '#db/client.ts'
import { oauthStatesUsed } from '#db/schema.ts'
import { preparedPerDb } from './prepared.ts'

const statements = preparedPerDb((db: Db) => ({
  // One statement decides: of two requests racing with one state, exactly one inserts the row.
  spend: db.insert(oauthStatesUsed)
    .values({ state: sql.placeholder('state'), expiresAt: sql.placeholder('expiresAt') })
    .onConflictDoNothing()
    .returning({ state: oauthStatesUsed.state })
    .prepare(),
  purge: db.delete(oauthStatesUsed).where(lte(oauthStatesUsed.expiresAt, sql.placeholder('now'))).prepare(),
}))

/**
 * Marks `state` used; false when it already was. `expiresAt` is when its cookie stops being
 * accepted anyway, after which the row may go: states past it are deleted on the way.
 */
export function spendOAuthState(db: Db, state: string, expiresAt: number, now: number): boolean {
  statements(db).purge.run({ now })
  return statements(db).spend.all({ state, expiresAt }).length > 0
}
