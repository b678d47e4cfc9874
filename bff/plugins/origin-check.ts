import type { FastifyInstance, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { ClientError } from '../services/http-error.ts'

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * How a state-changing route is authorized when it is not by the session cookie: a bearer
     * token (ingest) or WeCom's signature (callbacks). Such routes skip the origin check — the
     * systems calling them send no Origin, and a browser cannot forge a token or a signature.
     */
    authorizedBy?: 'token' | 'signature'
  }
}

interface OriginCheckOptions {
  /** Origins besides the app's own that may send state-changing requests (ALLOWED_ORIGINS). */
  allowedOrigins: string[]
}

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])
const MISSING = '请求缺少来源信息，请在侧边栏页面中操作（Origin or Referer header required）'
const FOREIGN = '请求来源不是本站，已拒绝（Origin not allowed）'

/**
 * CSRF defence that does not rest on the browser's SameSite handling alone: a state-changing
 * request under /api that the session cookie authorizes must come from a page on the app's own
 * origin (the Host it was sent to, on the scheme it came over) or one listed in ALLOWED_ORIGINS.
 * Browsers send Origin on every POST (fetch included) and never let a page forge it; Referer is
 * the fallback for the rare client that strips Origin. Body-less POSTs (logout, phone reveal)
 * are checked like any other. fp() so the hook applies to every route, not only this plugin's.
 */
export default fp(async (app: FastifyInstance, opts: OriginCheckOptions) => {
  const allowed = new Set(opts.allowedOrigins.map(normalizeOrigin).filter((o): o is string => o !== null))

  app.addHook('onRequest', async (request) => {
    if (!STATE_CHANGING.has(request.method) || !request.url.startsWith('/api/') || request.routeOptions.config.authorizedBy)
      return
    const claimed = request.headers.origin ?? refererOrigin(request.headers.referer)
    if (claimed === undefined)
      throw new ClientError(403, MISSING, 'bad_origin')
    const origin = normalizeOrigin(claimed)
    if (origin === null || (origin !== ownOrigin(request) && !allowed.has(origin)))
      throw new ClientError(403, FOREIGN, 'bad_origin')
  })
}, { name: 'origin-check' })

/** The origin the request was sent to; with trustProxy, the scheme and host a proxy reports. */
function ownOrigin(request: FastifyRequest): string | null {
  return normalizeOrigin(`${request.protocol}://${request.host}`)
}

/** A Referer's origin; '' (not undefined) when it is present but unreadable, so it is refused. */
function refererOrigin(referer: string | undefined): string | undefined {
  if (referer === undefined)
    return undefined
  return URL.parse(referer)?.origin ?? ''
}

/**
 * `scheme://host[:port]` with the default port dropped, as browsers write Origin; null for
 * anything that is not an http(s) origin ('null' from sandboxed frames and file: pages included).
 */
export function normalizeOrigin(value: string): string | null {
  const url = URL.parse(value)
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:'))
    return null
  return url.origin
}
