/// <reference types="vite/client" />
import { describe, expect, it } from 'vitest'
import { openDatabase } from '../client.ts'
import { definedStatements } from './typed-sql.ts'

// Every module that may define statements, loaded for its definitions. Entry points (the server,
// CLIs, benchmarks' mains) run on import and are left out: their SQL lives in modules listed here.
const modules = import.meta.glob([
  '/bff/services/**/*.ts',
  '/bff/plugins/**/*.ts',
  '/bff/jobs/**/*.ts',
  '/bff/bench/**/*.ts',
  '/db/**/*.ts',
  '!**/*.test.ts',
  '!/bff/jobs/recompute.ts',
  '!/bff/jobs/eval-reco.ts',
  '!/bff/jobs/import-csv.ts',
  '!/bff/bench/*-bench.ts',
  '!/bff/bench/bench-server.ts',
  '!/db/demo/cli.ts',
  '!/db/drizzle.config.ts',
], { eager: true })

describe('every hand-written statement', () => {
  it('should prepare against a migrated database, so a renamed column fails here', () => {
    expect(Object.keys(modules).length).toBeGreaterThan(20)
    const { sqlite, close } = openDatabase(':memory:')
    const failures: string[] = []
    for (const text of definedStatements()) {
      try {
        sqlite.prepare(text)
      }
      catch (err) {
        failures.push(`${(err as Error).message}\n  in: ${text.replace(/\s+/g, ' ').slice(0, 200)}`)
      }
    }
    close()
    expect(failures).toEqual([])
  })

  it('should fail for a statement naming a column that does not exist', () => {
    const { sqlite, close } = openDatabase(':memory:')
    expect(() => sqlite.prepare('select no_such_column from customers')).toThrow(/no such column/)
    close()
  })
})
