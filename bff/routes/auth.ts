import { randomBytes } from 'node:crypto'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyRequest } from 'fastify'
import { Type } from 'typebox'
import { Value } from 'typebox/value'
import type { AppConfig } from '../config.ts'
import { DemoSignInBody, DemoStaff, StaffSummary } from '../contract/auth.ts'
import { ErrorResponse } from '../contract/common.ts'
import { staffOf } from '../plugins/session.ts'
import { ClientError } from '../services/http-error.ts'
import { spendOAuthState } from '../services/oauth-state.ts'
import { findStaffByUserId, isWecomMember, listDemoStaff, type SessionStaff } from '../services/staff.ts'

/** Carries {state, returnTo} across the OAuth hop; signed so it cannot be forged. */
const OAUTH_STATE_COOKIE = 'oauth_state'
const OAUTH_STATE_MAX_AGE_S = 600
const OAUTH_COOKIE_PATH = '/api/auth/wecom'
const DEFAULT_RETURN_TO = '/sidebar'

const DEMO_REFUSED = '演示登录在已连接企业微信时不可用，请在企业微信中打开侧边栏'
const WECOM_LOGIN_REFUSED = '当前为演示模式，未连接企业微信，请使用演示登录'

const LoginQuery = Type.Object({
  returnTo: Type.Optional(Type.String({ maxLength: 1024 })),
})
const CallbackQuery = Type.Object({
  // WeCom: code ≤ 512 bytes, state a-zA-Z0-9 ≤ 128 bytes.
  code: Type.String({ minLength: 1, maxLength: 512 }),
  state: Type.String({ minLength: 1, maxLength: 128 }),
})
/** The OAuth state cookie's content: the state, where to go back to, and when it was issued (ms). */
const OAuthState = Type.Object({ s: Type.String(), r: Type.String(), t: Type.Number() })
const Redirect = Type.Null({ description: 'Redirect; see the Location header' })

interface AuthRoutesOptions {
  config: AppConfig
  /** Dates the OAuth state (the injected clock). */
  now: () => number
}

/**
 * Who is signed in, and how one signs in: WeCom OAuth (snsapi_base) when a corp is connected,
 * a pick-a-staff-member demo sign-in otherwise. Never both.
 */
const authRoutes: FastifyPluginAsyncTypebox<AuthRoutesOptions> = async (app, { config, now }) => {
  const wecomConfig = config.wecom
  const errors = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse, 429: ErrorResponse }
  const limited = app.anonRateLimit

  app.get('/api/me', { onRequest: app.requireStaff, schema: { response: { 200: StaffSummary, 401: ErrorResponse } } }, async (request) => {
    return toSummary(staffOf(request))
  })

  // Ends the member's sessions on the server too (session.ts), not only this browser's cookie.
  app.post('/api/auth/logout', { schema: { response: { 204: Type.Null() } } }, async (_request, reply) => {
    return reply.endSession().code(204).send()
  })

  app.get('/api/auth/demo/staff', { onRequest: limited, schema: { response: { 200: Type.Array(DemoStaff), 403: ErrorResponse, 429: ErrorResponse } } }, async (_request, reply) => {
    if (wecomConfig)
      return reply.forbidden(DEMO_REFUSED)
    return listDemoStaff(app.db)
  })

  app.post('/api/auth/demo', { onRequest: limited, schema: { body: DemoSignInBody, response: { 200: StaffSummary, ...errors } } }, async (request, reply) => {
    if (wecomConfig)
      return reply.forbidden(DEMO_REFUSED)
    if (isWecomMember(app.db, request.body.userId))
      throw new ClientError(403, `${request.body.userId} 是企业微信同步的成员，演示登录只能选择演示成员`, 'not_demo_staff')
    const staff = findStaffByUserId(app.db, request.body.userId)
    if (!staff)
      return reply.notFound(`演示成员 ${request.body.userId} 不存在或已停用`)
    reply.startSession(staff)
    return toSummary(staff)
  })

  app.get('/api/auth/wecom/login', { onRequest: limited, schema: { querystring: LoginQuery, response: { 302: Redirect, 403: ErrorResponse, 429: ErrorResponse } } }, async (request, reply) => {
    if (!wecomConfig)
      return reply.forbidden(WECOM_LOGIN_REFUSED)
    const state = randomAlphanumeric(32)
    const returnTo = safeReturnTo(request.query.returnTo)
    const value = JSON.stringify({ s: state, r: returnTo, t: now() })
    reply.setCookie(OAUTH_STATE_COOKIE, value, stateCookieOptions(request, OAUTH_STATE_MAX_AGE_S))
    // The callback must be on the host the browser is on, or the state cookie would not come back.
    const callback = `${request.protocol}://${request.host}/api/auth/wecom/callback`
    const authorize = `${wecomConfig.oauthBase}/connect/oauth2/authorize?appid=${encodeURIComponent(wecomConfig.corpId)}`
      + `&redirect_uri=${encodeURIComponent(callback)}&response_type=code&scope=snsapi_base&state=${state}`
      + `&agentid=${encodeURIComponent(wecomConfig.agentId)}#wechat_redirect`
    return reply.redirect(authorize, 302)
  })

  app.get('/api/auth/wecom/callback', { onRequest: limited, schema: { querystring: CallbackQuery, response: { 302: Redirect, ...errors, 502: ErrorResponse } } }, async (request, reply) => {
    const exchange = app.wecom.userIdFromOAuthCode
    if (!wecomConfig || !exchange)
      return reply.forbidden(WECOM_LOGIN_REFUSED)
    const pending = readStateCookie(request)
    // The state is single-use whatever happens next.
    reply.clearCookie(OAUTH_STATE_COOKIE, { path: OAUTH_COOKIE_PATH })
    if (!pending)
      return reply.badRequest('登录状态缺失或已失效（state cookie 不存在），请重新打开侧边栏')
    if (now() - pending.t > OAUTH_STATE_MAX_AGE_S * 1000)
      return reply.badRequest('登录超时（state 已过期），请重新打开侧边栏')
    if (pending.s !== request.query.state)
      return reply.badRequest('登录状态不匹配（state 与发起登录时不同），请重新打开侧边栏')
    // Spent before WeCom is asked: a replayed state costs no API call, whatever the code.
    if (!spendOAuthState(app.db, pending.s, pending.t + OAUTH_STATE_MAX_AGE_S * 1000, now()))
      throw new ClientError(400, '登录状态已被使用（state 只能使用一次），请重新打开侧边栏', 'state_used')

    // WeCom's failures (a used code, a non-member, an outage) are answered by the errors plugin.
    const userId = await exchange(request.query.code)
    // A member who joined since the last org sync is fetched now (at most one sync a minute).
    const staff = findStaffByUserId(app.db, userId) ?? await syncThenFind(userId)
    if (!staff)
      return reply.forbidden(`该成员（${userId}）未开通侧边栏，请联系管理员`)
    reply.startSession(staff)
    return reply.redirect(pending.r, 302)
  })

  async function syncThenFind(userId: string): Promise<SessionStaff | null> {
    if (!app.orgSync)
      return null
    try {
      await app.orgSync.run({ minIntervalMs: 60_000 })
    }
    catch (err) {
      app.log.warn({ err, userId }, 'WeCom org sync for a member signing in failed')
    }
    return findStaffByUserId(app.db, userId)
  }
}
export default authRoutes

function toSummary(staff: SessionStaff): StaffSummary {
  const { id: _id, sessionGeneration: _generation, ...summary } = staff
  return summary
}

/**
 * Only same-origin relative paths: '/x' yes; '//evil.com', '/\\evil.com' (browsers read '\\'
 * as '/') and absolute URLs no. Anything else falls back to the sidebar.
 */
export function safeReturnTo(raw: string | undefined): string {
  if (!raw || !raw.startsWith('/') || raw.startsWith('//') || raw.startsWith('/\\'))
    return DEFAULT_RETURN_TO
  // Control characters and backslashes have no business in a path we redirect to.
  if ([...raw].some(isControlOrBackslash))
    return DEFAULT_RETURN_TO
  return raw
}

function isControlOrBackslash(char: string): boolean {
  const code = char.charCodeAt(0)
  return code <= 0x1F || code === 0x7F || char === '\\'
}

function randomAlphanumeric(length: number): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'
  // 62 does not divide 256; the slight bias is irrelevant for a CSRF state.
  return Array.from(randomBytes(length), b => alphabet[b % alphabet.length]).join('')
}

function stateCookieOptions(request: FastifyRequest, maxAge: number) {
  return { signed: true, httpOnly: true, sameSite: 'lax' as const, secure: request.protocol === 'https', path: OAUTH_COOKIE_PATH, maxAge }
}

function readStateCookie(request: FastifyRequest): { s: string, r: string, t: number } | null {
  const raw = request.cookies[OAUTH_STATE_COOKIE]
  const unsigned = raw ? request.unsignCookie(raw) : null
  if (!unsigned?.valid || !unsigned.value)
    return null
  let parsed: unknown
  try {
    parsed = JSON.parse(unsigned.value)
  }
  catch {
    // Signed by us but not JSON cannot happen short of a secret leak; treat it as no state.
    return null
  }
  if (!Value.Check(OAuthState, parsed))
    return null
  return { s: parsed.s, r: safeReturnTo(parsed.r), t: parsed.t }
}
