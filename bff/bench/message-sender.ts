import Database from 'better-sqlite3'
import { prepareSql } from '#db/sql/typed-sql.ts'
import { DELETE_EVENTS_BY_KEY } from './bench-sql.ts'

const TICK_MS = 50
const ID_PREFIX = 'bench-message-'

/**
 * Sends customer messages (message_in events) for random customers through the server's own
 * ingest API at a steady rate, as a chat-archive feed would: each one moves that customer's
 * revision (and queues their recompute), so the sidebar has to read their card again. `stop`
 * waits for the last batch, deletes what was sent and says how many were acknowledged.
 */
export function startMessageSender(options: { port: number, token: string, dbPath: string, externalUserIds: string[], perSecond: number }) {
  const { port, token, dbPath, externalUserIds, perSecond } = options
  let sent = 0
  let acknowledged = 0
  let owed = 0
  let inFlight: Promise<void> = Promise.resolve()
  const timer = setInterval(() => {
    owed += perSecond * TICK_MS / 1000
    const events: object[] = []
    for (; owed >= 1; owed--) {
      events.push({
        id: `${ID_PREFIX}${sent++}`,
        type: 'message_in',
        touchpoint: 'single_chat',
        occurredAt: new Date().toISOString(),
        customer: { externalUserId: externalUserIds[Math.floor(Math.random() * externalUserIds.length)] },
        props: { content: '在吗？想问下燕窝怎么吃' },
      })
    }
    inFlight = inFlight.then(async () => {
      const res = await fetch(`http://127.0.0.1:${port}/api/ingest/events`, { method: 'POST', headers: { 'authorization': `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ events }) })
      if (!res.ok)
        throw new Error(`ingest answered ${res.status}: ${await res.text()}`)
      acknowledged += events.length
    })
  }, TICK_MS)
  return {
    async stop() {
      clearInterval(timer)
      await inFlight
      const db = new Database(dbPath)
      db.pragma('busy_timeout = 5000')
      // The ingest API stores an event's id as `api:<id>`: a key range on the unique index.
      prepareSql(db, DELETE_EVENTS_BY_KEY).run(`api:${ID_PREFIX}`, `api:${ID_PREFIX}\uffff`)
      db.close()
      return acknowledged
    },
  }
}
