import { ClientError } from './http-error.ts'

/** A keyset position (sort time, then id) packed as an opaque URL-safe string. */
export interface Position { at: number, id: number }

export function encodeCursor(p: Position): string {
  return Buffer.from(`${p.at}:${p.id}`).toString('base64url')
}

export function decodeCursor(cursor: string | undefined): Position | null {
  if (!cursor)
    return null
  const match = /^(-?\d{1,16}):(\d{1,16})$/.exec(Buffer.from(cursor, 'base64url').toString())
  if (!match)
    throw new ClientError(400, 'cursor 无效：请使用上一页返回的 nextCursor')
  return { at: Number(match[1]), id: Number(match[2]) }
}

/** Splits a limit+1 fetch into the page and the cursor of the next one. */
export function toPage<R, T>(rows: R[], limit: number, position: (row: R) => Position, map: (row: R) => T) {
  const page = rows.slice(0, limit)
  const last = page.at(-1)
  return {
    items: page.map(map),
    nextCursor: rows.length > limit && last ? encodeCursor(position(last)) : null,
  }
}
