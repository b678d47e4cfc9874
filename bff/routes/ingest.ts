import { createHash, timingSafeEqual } from 'node:crypto'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyRequest } from 'fastify'
import { ErrorResponse } from '../contract/common.ts'
import { IngestResponse } from '../contract/ingest.ts'
import { ClientError, DemoModeError, ServiceOffError, UnauthorizedError } from '../services/http-error.ts'
import { ingestEvents } from '../services/ingest/ingest-events.ts'
import { ingestOrders } from '../services/ingest/ingest-orders.ts'
import { isObject } from '../services/ingest/parse.ts'
import { type IngestResult, MAX_BATCH } from '../services/ingest/result.ts'

/** A full batch of 1,000 orders with a few lines each is well under this. */
const BODY_LIMIT = 8 * 1024 * 1024
const errors = { 400: ErrorResponse, 401: ErrorResponse, 413: ErrorResponse, 415: ErrorResponse, 503: ErrorResponse }

/**
 * Data in from the brand's systems (shops, ERPs, the mini-program): orders and behaviour events
 * in batches, with a bearer token. Not for staff: no session. A 2xx means every accepted item is
 * committed.
 */
interface Options {
  token: string | null
  now: () => number
  /** Demo mode without DEMO_ALLOW_INGEST: every request is refused (503 demo_mode). */
  refuseDemoData?: boolean
}

const ingestRoutes: FastifyPluginAsyncTypebox<Options> = async (app, { token, now, refuseDemoData = false }) => {
  const expected = token ? createHash('sha256').update(token).digest() : null

  // Before the body is read: a wrong token costs nothing, however large the body.
  app.addHook('onRequest', async (request: FastifyRequest) => {
    if (refuseDemoData)
      throw new DemoModeError('Ingested orders and events')
    if (!expected)
      throw new ServiceOffError('Ingestion is off: set INGEST_TOKEN on the server to turn it on', 'ingest_disabled')
    const header = request.headers.authorization ?? ''
    const given = header.startsWith('Bearer ') ? createHash('sha256').update(header.slice(7)).digest() : null
    if (!given || !timingSafeEqual(given, expected))
      throw new UnauthorizedError(header ? 'The bearer token is not this server\'s INGEST_TOKEN' : 'Send Authorization: Bearer <INGEST_TOKEN>', 'bad_token')
  })

  const batch = (body: unknown, key: 'orders' | 'events'): unknown[] => {
    if (!isObject(body) || !Array.isArray(body[key]))
      throw new ClientError(400, `The body must be a JSON object with an array "${key}"`)
    const items = body[key] as unknown[]
    if (items.length > MAX_BATCH)
      throw new ClientError(413, `The batch has ${items.length} ${key}; send at most ${MAX_BATCH} per request`)
    return items
  }
  const answer = (result: IngestResult): IngestResponse => {
    app.recomputeSoon(result.affectedCustomerIds)
    return { accepted: result.accepted, duplicates: result.duplicates, rejected: result.rejected }
  }

  app.post('/api/ingest/orders', {
    config: { authorizedBy: 'token' },
    bodyLimit: BODY_LIMIT,
    schema: { response: { 200: IngestResponse, ...errors } },
  }, async request => answer(ingestOrders(app.sqlite, batch(request.body, 'orders'), now())))

  app.post('/api/ingest/events', {
    config: { authorizedBy: 'token' },
    bodyLimit: BODY_LIMIT,
    schema: { response: { 200: IngestResponse, ...errors } },
  }, async request => answer(ingestEvents(app.sqlite, batch(request.body, 'events'), now())))
}
export default ingestRoutes
