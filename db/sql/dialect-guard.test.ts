import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const root = fileURLToPath(new URL('../..', import.meta.url))

/**
 * SQLite-only SQL spelled out outside `db/sql/dialect.ts` (and `dialect-sql.ts`, which carries it
 * into drizzle queries). Everything now goes through the dialect module: keep it that way by adding
 * a function there, never by raising the ceiling.
 */
const CEILING = 0

const SQLITE_ONLY: Array<[string, RegExp]> = [
  ['json_each', /json_each\s*\(/gi],
  ['json_extract', /json_extract\s*\(/gi],
  ['insert or ignore/replace', /insert\s+or\s+(ignore|replace)/gi],
  ['indexed by', /indexed\s+by/gi],
  ['unixepoch', /unixepoch\s*\(/gi],
  ['sum over a condition', /\bsum\(\s*[\w.]+\s*(=|<|>|!=|\bin\b|\bis\b)/gi],
  ['two-argument max/min', /\b(max|min)\(\s*[^(),]+,[^()]+\)/gi],
]

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    if (entry.isDirectory())
      return entry.name === 'node_modules' || entry.name === 'migrations' ? [] : sourceFiles(path)
    return path.endsWith('.ts') && !path.endsWith('.test.ts') ? [path] : []
  })
}

/** The SQL in a file: its template literals and quoted strings that read like statements. */
function sqlTexts(source: string): string[] {
  const literals = source.match(/`[^`]*`|'(?:[^'\\\n]|\\.)*'/g) ?? []
  return literals.filter(s => /\b(select|insert|update|delete|from|where|sum|max|min)\b/i.test(s))
}

function sqliteOnlyUses(): Array<{ file: string, kind: string }> {
  const uses: Array<{ file: string, kind: string }> = []
  for (const file of [...sourceFiles(join(root, 'bff')), ...sourceFiles(join(root, 'db'))]) {
    if (file.endsWith(join('db', 'sql', 'dialect.ts')) || file.endsWith(join('db', 'sql', 'dialect-sql.ts')))
      continue
    for (const text of sqlTexts(readFileSync(file, 'utf8'))) {
      for (const [kind, pattern] of SQLITE_ONLY) {
        for (const _ of text.matchAll(pattern))
          uses.push({ file: relative(root, file), kind })
      }
    }
  }
  return uses
}

describe('SQLite-only SQL outside the dialect module', () => {
  it('should not grow', () => {
    const uses = sqliteOnlyUses()
    expect(uses.length, JSON.stringify(uses, null, 1)).toBeLessThanOrEqual(CEILING)
  })
})
