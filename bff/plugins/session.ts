import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import cookie from '@fastify/cookie'
import { findStaffByUserId, type SessionStaff } from '../services/staff.ts'

export const SESSION_COOKIE = 'sid'
const SESSION_MAX_AGE_S = 12 * 3600

declare module 'fastify' {
  interface FastifyRequest {
    staff: SessionStaff | null
  }
  interface FastifyReply {
    startSession: (userId: string) => FastifyReply
    endSession: () => FastifyReply
  }
  interface FastifyInstance {
    /** onRequest hook for routes that need a signed-in staff member (401 otherwise). */
    requireStaff: (request: FastifyRequest, reply: FastifyReply) => Promise<void>
  }
}

interface SessionOptions { secret: string, now: () => number }

/**
 * A stateless session: the cookie carries the WeCom userid and the issue time, signed
 * with SESSION_SECRET and httpOnly so page scripts never see it.
 */
export default fp(async (app: FastifyInstance, opts: SessionOptions) => {
  await app.register(cookie, { secret: opts.secret })
  app.decorateRequest('staff', null)

  app.decorateReply('startSession', function (this: FastifyReply, userId: string) {
    const value = JSON.stringify({ u: userId, t: opts.now() })
    // Secure whenever the page came over https (directly or via a TLS-terminating proxy).
    const secure = this.request.protocol === 'https'
    return this.setCookie(SESSION_COOKIE, value, { signed: true, httpOnly: true, sameSite: 'lax', secure, path: '/', maxAge: SESSION_MAX_AGE_S })
  })
  app.decorateReply('endSession', function (this: FastifyReply) {
    return this.clearCookie(SESSION_COOKIE, { path: '/' })
  })

  app.decorate('requireStaff', async (request: FastifyRequest, reply: FastifyReply) => {
    const raw = request.cookies[SESSION_COOKIE]
    const unsigned = raw ? request.unsignCookie(raw) : null
    const session = unsigned?.valid && unsigned.value ? parseSession(unsigned.value) : null
    if (!session || opts.now() - session.t > SESSION_MAX_AGE_S * 1000)
      return reply.unauthorized('未登录或登录已过期，请重新打开页面')
    const staff = findStaffByUserId(app.db, session.u)
    if (!staff)
      return reply.unauthorized('账号不存在或已停用')
    request.staff = staff
  })
}, { name: 'session', dependencies: ['db'] })

function parseSession(value: string): { u: string, t: number } | null {
  try {
    const parsed = JSON.parse(value) as unknown
    if (parsed && typeof parsed === 'object' && typeof (parsed as { u?: unknown }).u === 'string' && typeof (parsed as { t?: unknown }).t === 'number')
      return parsed as { u: string, t: number }
  }
  catch {
    // a tampered or foreign cookie is simply no session
  }
  return null
}
