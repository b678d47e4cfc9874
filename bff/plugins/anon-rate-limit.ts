import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { LRUCache } from 'lru-cache'
import { MINUTE } from '../engine/rules/time-units.ts'
import { ClientError } from '../services/http-error.ts'

declare module 'fastify' {
  interface FastifyInstance {
    /**
     * onRequest hook for a route anyone may call without a session (sign-in, OAuth, JS-SDK
     * signatures): at most ANON_RATE_LIMIT_PER_MINUTE requests a minute per address, else 429.
     */
    anonRateLimit: (request: FastifyRequest, reply: FastifyReply) => Promise<void>
  }
}

interface AnonRateLimitOptions {
  /** Requests per address, per route, per minute; 0 turns the limit off. */
  perMinute: number
  /** The injected clock: tests move it to the next window. */
  now: () => number
}

/**
 * Addresses counted at once. Past it the least recently seen are forgotten: an attacker with that
 * many addresses is not slowed by a per-address limit anyway, and memory stays bounded.
 */
const MAX_TRACKED = 100_000

/**
 * A fixed-window limiter kept in this process's memory, keyed by route and client address, on
 * only the routes that opt in (`onRequest: app.anonRateLimit`). Several processes each allow the
 * limit. Small on purpose: `@fastify/rate-limit` (global: false, `config.rateLimit` per route)
 * can replace it without the routes changing what they promise — 429, `retry-after`.
 *
 * The address is `request.ip`: behind a proxy that is the proxy's unless trustProxy is set
 * for it, and then every member behind one NAT shares one budget (raise the limit for that).
 */
export default fp(async (app: FastifyInstance, opts: AnonRateLimitOptions) => {
  const windows = new LRUCache<string, { start: number, count: number }>({ max: MAX_TRACKED })

  app.decorate('anonRateLimit', async (request: FastifyRequest, reply: FastifyReply) => {
    if (opts.perMinute <= 0)
      return
    const now = opts.now()
    const start = now - (now % MINUTE)
    const key = `${request.routeOptions.url ?? request.url}\u0000${request.ip}`
    const window = windows.get(key)
    if (!window || window.start !== start) {
      windows.set(key, { start, count: 1 })
      return
    }
    window.count++
    if (window.count <= opts.perMinute)
      return
    reply.header('retry-after', String(Math.max(1, Math.ceil((start + MINUTE - now) / 1000))))
    throw new ClientError(429, `请求过于频繁，请稍后再试（每个地址每分钟最多 ${opts.perMinute} 次）`, 'rate_limited')
  })
}, { name: 'anon-rate-limit' })
