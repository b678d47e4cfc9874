import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import cookie from '@fastify/cookie'
import { LRUCache } from 'lru-cache'
import { type Static, Type } from 'typebox'
import { Value } from 'typebox/value'
import { UnauthorizedError } from '../services/http-error.ts'
import { endSessionGeneration, findStaffByUserId, type SessionStaff } from '../services/staff.ts'

export const SESSION_COOKIE = 'sid'
const SESSION_MAX_AGE_S = 12 * 3600
/**
 * How long a signed-in member's record is trusted before it is read again: someone an admin
 * deactivates loses access within this time (at once when this process's org sync does it).
 */
export const STAFF_RECHECK_MS = 5_000

const SIGNED_OUT = '未登录或登录已过期，请重新打开页面'

declare module 'fastify' {
  interface FastifyRequest {
    staff: SessionStaff | null
  }
  interface FastifyReply {
    startSession: (staff: Pick<SessionStaff, 'userId' | 'sessionGeneration'>) => FastifyReply
    /** Clears the cookie and, when it was a live session, ends all of that member's sessions. */
    endSession: () => FastifyReply
  }
  interface FastifyInstance {
    /** onRequest hook for routes that need a signed-in staff member (401 otherwise). */
    requireStaff: (request: FastifyRequest) => Promise<void>
    /**
     * Drops the remembered staff records (one member's, or all), e.g. after the org sync or a
     * WeCom callback changed them: the next request reads them again.
     */
    forgetSessionStaff: (userId?: string) => void
  }
}

interface SessionOptions { secret: string, now: () => number }
/**
 * The signed cookie's content: the WeCom userid, when the session began (ms) and the member's
 * session generation then (absent from cookies issued before generations existed: 0).
 */
const SessionClaims = Type.Object({ u: Type.String(), t: Type.Number(), g: Type.Optional(Type.Integer({ minimum: 0 })) })
type SessionClaims = Static<typeof SessionClaims>

/**
 * A signed session: the cookie carries the WeCom userid, the issue time and the member's session
 * generation, signed with SESSION_SECRET and httpOnly so page scripts never see it. The server
 * ends sessions by moving the member's generation on (logout, WeCom deleting the member): a
 * cookie whose generation is not the member's current one is refused.
 *
 * Every API request checks it, so both halves of the check are remembered: a cookie value's
 * signature (it verifies the same way forever) and the member's record (for STAFF_RECHECK_MS).
 * Together they were most of the cost of a small request. The generation is a column of that
 * record, so checking it costs nothing more; this process forgets the record at once when it
 * moves the generation, other processes sharing the database within STAFF_RECHECK_MS.
 */
export default fp(async (app: FastifyInstance, opts: SessionOptions) => {
  await app.register(cookie, { secret: opts.secret })
  app.decorateRequest('staff', null)
  const verified = new LRUCache<string, SessionClaims>({ max: 20_000 })
  const staffByUserId = new LRUCache<string, SessionStaff>({ max: 20_000, ttl: STAFF_RECHECK_MS })

  app.decorateReply('startSession', function (this: FastifyReply, staff: Pick<SessionStaff, 'userId' | 'sessionGeneration'>) {
    const claims: SessionClaims = { u: staff.userId, t: opts.now(), g: staff.sessionGeneration }
    const value = JSON.stringify(claims)
    // Secure whenever the page came over https (directly or via a TLS-terminating proxy).
    const secure = this.request.protocol === 'https'
    return this.setCookie(SESSION_COOKIE, value, { signed: true, httpOnly: true, sameSite: 'lax', secure, path: '/', maxAge: SESSION_MAX_AGE_S })
  })
  app.decorateReply('endSession', function (this: FastifyReply) {
    const session = liveClaimsOf(this.request.cookies[SESSION_COOKIE])
    // Only a live session moves the generation: an old cookie cannot end the member's newer sessions.
    if (session && endSessionGeneration(app.db, session.u, session.g ?? 0))
      staffByUserId.delete(session.u)
    return this.clearCookie(SESSION_COOKIE, { path: '/' })
  })
  app.decorate('forgetSessionStaff', (userId?: string) => {
    if (userId === undefined)
      staffByUserId.clear()
    else
      staffByUserId.delete(userId)
  })

  function claimsOf(raw: string | undefined): SessionClaims | null {
    if (!raw)
      return null
    const known = verified.get(raw)
    if (known)
      return known
    const unsigned = app.unsignCookie(raw)
    const claims = unsigned.valid && unsigned.value ? parseSession(unsigned.value) : null
    if (claims)
      verified.set(raw, claims)
    return claims
  }

  /** Signed and not expired; whether its generation is current is for the caller to check. */
  function liveClaimsOf(raw: string | undefined): SessionClaims | null {
    const session = claimsOf(raw)
    return session && opts.now() - session.t <= SESSION_MAX_AGE_S * 1000 ? session : null
  }

  function activeStaff(userId: string): SessionStaff | null {
    const known = staffByUserId.get(userId)
    if (known)
      return known
    const staff = findStaffByUserId(app.db, userId)
    if (staff)
      staffByUserId.set(userId, staff)
    return staff
  }

  app.decorate('requireStaff', async (request: FastifyRequest) => {
    const session = liveClaimsOf(request.cookies[SESSION_COOKIE])
    if (!session)
      throw new UnauthorizedError(SIGNED_OUT, 'signed_out')
    const staff = activeStaff(session.u)
    if (!staff)
      throw new UnauthorizedError('账号不存在或已停用', 'staff_inactive')
    if ((session.g ?? 0) !== staff.sessionGeneration)
      throw new UnauthorizedError('已退出登录，请重新打开页面', 'signed_out')
    request.staff = staff
  })
}, { name: 'session', dependencies: ['db'] })

/**
 * The signed-in staff member of a request that passed `requireStaff`; a route that forgot the
 * hook answers 401 rather than reading null.
 */
export function staffOf(request: FastifyRequest): SessionStaff {
  if (!request.staff)
    throw new UnauthorizedError(SIGNED_OUT)
  return request.staff
}

function parseSession(value: string): SessionClaims | null {
  try {
    const parsed: unknown = JSON.parse(value)
    if (Value.Check(SessionClaims, parsed))
      return parsed
  }
  catch {
    // a tampered or foreign cookie is simply no session
  }
  return null
}
