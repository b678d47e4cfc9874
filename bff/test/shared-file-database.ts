import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach } from 'vitest'
import { type DbHandle, openDatabase } from '#db/client.ts'

export interface SharedFileDatabase { one: DbHandle, two: DbHandle }

/**
 * Two handles on one temporary file database: what two BFF processes sharing a database see.
 * Registers hooks in the calling scope (file or describe): every test gets a fresh, migrated file,
 * closed and removed after it. Read `one` and `two` inside hooks and tests, not at collection time.
 */
export function sharedFileDatabase(prefix: string): SharedFileDatabase {
  let dir = ''
  const shared = {} as SharedFileDatabase
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), prefix))
    shared.one = openDatabase(join(dir, 'db.sqlite'))
    shared.two = openDatabase(join(dir, 'db.sqlite'))
  })
  afterEach(() => {
    shared.one.close()
    shared.two.close()
    rmSync(dir, { recursive: true, force: true })
  })
  return shared
}
