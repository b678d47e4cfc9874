import type { LightMyRequestResponse } from 'fastify'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { startFakeWecom, type FakeWecom } from '../../e2e/fixtures/fake-wecom-server.ts'
import type { DbHandle } from '#db/client.ts'
import { departments, staff } from '#db/schema.ts'
import type { AppConfig } from '../config.ts'
import { buildTestApp, TEST_NOW } from '../test/build-test-app.ts'
import { SAME_ORIGIN } from '../test/fixtures.ts'
import { STAFF_RECHECK_MS } from '../plugins/session.ts'
import { safeReturnTo } from './auth.ts'

const CORP = { corpId: 'wwtest0000000001', secret: 'test-app-secret', agentId: '1000002' }
const HOST = 'sidebar.example.com'

function seedStaff(handle: DbHandle) {
  handle.db.insert(departments).values({ id: 1, name: '华东一区' }).run()
  handle.db.insert(staff).values([
    { id: 1, userId: 'zhangsan', name: '张三', departmentId: 1, role: 'staff', position: '顾问' },
    { id: 2, userId: 'lisi', name: '李四', departmentId: 1, role: 'supervisor' },
    { id: 3, userId: 'wangwu', name: '王五', departmentId: 1, active: false },
  ]).run()
}

/** The raw `name=value` pair from Set-Cookie, ready to send back in a Cookie header. */
function cookiePair(res: LightMyRequestResponse, name: string): string {
  const header = ([] as string[]).concat(res.headers['set-cookie'] ?? []).find(c => c.startsWith(`${name}=`))
  if (!header)
    throw new Error(`no ${name} cookie in ${JSON.stringify(res.headers['set-cookie'])}`)
  return header.split(';')[0]!
}

function setCookieHeader(res: LightMyRequestResponse, name: string): string | undefined {
  return ([] as string[]).concat(res.headers['set-cookie'] ?? []).find(c => c.startsWith(`${name}=`))
}

describe('auth routes', () => {
  let close: (() => Promise<void>) | undefined
  afterEach(async () => close?.())

  async function demoApp() {
    const built = await buildTestApp()
    seedStaff(built.handle)
    close = built.close
    return built.app
  }

  describe('demo sign-in', () => {
    it('should list the active staff to pick from', async () => {
      const app = await demoApp()
      const res = await app.inject({ url: '/api/auth/demo/staff' })
      expect(res.statusCode).toBe(200)
      expect(res.json()).toEqual([
        { userId: 'zhangsan', name: '张三', avatar: null, position: '顾问', departmentId: 1, departmentName: '华东一区', role: 'staff', customerCount: 0 },
        { userId: 'lisi', name: '李四', avatar: null, position: null, departmentId: 1, departmentName: '华东一区', role: 'supervisor', customerCount: 0 },
      ])
    })

    it('should sign in, set an httpOnly session cookie and answer /api/me with it', async () => {
      const app = await demoApp()
      const res = await app.inject({ method: 'POST', url: '/api/auth/demo', headers: SAME_ORIGIN, payload: { userId: 'zhangsan' } })
      expect(res.statusCode).toBe(200)
      expect(res.json()).toEqual({ userId: 'zhangsan', name: '张三', avatar: null, position: '顾问', departmentId: 1, departmentName: '华东一区', role: 'staff' })
      expect(setCookieHeader(res, 'sid')).toMatch(/HttpOnly/i)
      const me = await app.inject({ url: '/api/me', headers: { cookie: cookiePair(res, 'sid') } })
      expect(me.statusCode).toBe(200)
      expect(me.json()).toMatchObject({ userId: 'zhangsan', departmentName: '华东一区' })
      expect(me.json()).not.toHaveProperty('id')
    })

    it('should answer 404 naming the userId when the staff member is unknown or inactive', async () => {
      const app = await demoApp()
      for (const userId of ['nobody', 'wangwu']) {
        const res = await app.inject({ method: 'POST', url: '/api/auth/demo', headers: SAME_ORIGIN, payload: { userId } })
        expect(res.statusCode).toBe(404)
        expect(res.json<{ message: string }>().message).toContain(userId)
        expect(setCookieHeader(res, 'sid')).toBeUndefined()
      }
    })

    it('should refuse a member synced from WeCom with 403 not_demo_staff and leave them off the list (issue 12)', async () => {
      const built = await buildTestApp()
      close = built.close
      seedStaff(built.handle)
      // A database that once ran with a real corp: 赵六 came from WeCom's org sync.
      built.handle.db.insert(departments).values({ id: 2, name: '企微同步部门', wecomDepartmentId: 7 }).run()
      built.handle.db.insert(staff).values({ id: 4, userId: 'zhaoliu', name: '赵六', departmentId: 2 }).run()
      const res = await built.app.inject({ method: 'POST', url: '/api/auth/demo', headers: SAME_ORIGIN, payload: { userId: 'zhaoliu' } })
      expect(res.statusCode).toBe(403)
      expect(res.json()).toMatchObject({ code: 'not_demo_staff' })
      expect(setCookieHeader(res, 'sid')).toBeUndefined()
      const list = await built.app.inject({ url: '/api/auth/demo/staff' })
      expect(list.json<Array<{ userId: string }>>().map(s => s.userId)).toEqual(['zhangsan', 'lisi'])
    })

    it('should answer 400 naming userId when the body lacks it', async () => {
      const app = await demoApp()
      const res = await app.inject({ method: 'POST', url: '/api/auth/demo', headers: SAME_ORIGIN, payload: {} })
      expect(res.statusCode).toBe(400)
      expect(res.json<{ message: string }>().message).toContain('userId')
    })

    it('should refuse WeCom OAuth with 403 when no corp is connected', async () => {
      const app = await demoApp()
      expect((await app.inject({ url: '/api/auth/wecom/login' })).statusCode).toBe(403)
      expect((await app.inject({ url: '/api/auth/wecom/callback?code=abc&state=xyz' })).statusCode).toBe(403)
    })
  })

  describe('session', () => {
    it('should answer /api/me with 401 when there is no cookie', async () => {
      const app = await demoApp()
      const res = await app.inject({ url: '/api/me' })
      expect(res.statusCode).toBe(401)
      expect(res.json()).toMatchObject({ statusCode: 401, error: 'Unauthorized' })
    })

    it('should answer /api/me with 401 when the cookie was tampered with', async () => {
      const app = await demoApp()
      const signedIn = await app.inject({ method: 'POST', url: '/api/auth/demo', headers: SAME_ORIGIN, payload: { userId: 'zhangsan' } })
      const forged = cookiePair(signedIn, 'sid').replace('zhangsan', 'lisi')
      expect(forged).toContain('lisi')
      const res = await app.inject({ url: '/api/me', headers: { cookie: forged } })
      expect(res.statusCode).toBe(401)
    })

    /** zhangsan signs in, is answered, then an admin deactivates them. */
    async function deactivatedAfterSignIn() {
      const built = await buildTestApp()
      seedStaff(built.handle)
      close = built.close
      const signedIn = await built.app.inject({ method: 'POST', url: '/api/auth/demo', headers: SAME_ORIGIN, payload: { userId: 'zhangsan' } })
      const cookie = cookiePair(signedIn, 'sid')
      expect((await built.app.inject({ url: '/api/me', headers: { cookie } })).statusCode).toBe(200)
      built.handle.sqlite.prepare(`update staff set active = 0 where user_id = 'zhangsan'`).run()
      return { built, cookie }
    }

    it('should refuse a member deactivated after signing in once the remembered record is rechecked', async () => {
      const { built, cookie } = await deactivatedAfterSignIn()
      const later = performance.now() + STAFF_RECHECK_MS + 1
      const clock = vi.spyOn(performance, 'now').mockReturnValue(later)
      try {
        const res = await built.app.inject({ url: '/api/me', headers: { cookie } })
        expect(res.statusCode).toBe(401)
        expect(res.json<{ message: string }>().message).toContain('停用')
      }
      finally {
        clock.mockRestore()
      }
    })

    it('should refuse a deactivated member at once when told the records changed (the org sync does)', async () => {
      const { built, cookie } = await deactivatedAfterSignIn()
      built.app.forgetSessionStaff()
      expect((await built.app.inject({ url: '/api/me', headers: { cookie } })).statusCode).toBe(401)
    })

    it('should clear the session on logout with 204', async () => {
      const app = await demoApp()
      const res = await app.inject({ method: 'POST', url: '/api/auth/logout', headers: SAME_ORIGIN })
      expect(res.statusCode).toBe(204)
      expect(res.body).toBe('')
      expect(setCookieHeader(res, 'sid')).toMatch(/Expires=Thu, 01 Jan 1970|Max-Age=0/i)
    })

    it('should refuse the old cookie with 401 when it is replayed after logout (issue 12)', async () => {
      const app = await demoApp()
      const signedIn = await app.inject({ method: 'POST', url: '/api/auth/demo', headers: SAME_ORIGIN, payload: { userId: 'zhangsan' } })
      const cookie = cookiePair(signedIn, 'sid')
      expect((await app.inject({ url: '/api/me', headers: { cookie } })).statusCode).toBe(200)
      expect((await app.inject({ method: 'POST', url: '/api/auth/logout', headers: { ...SAME_ORIGIN, cookie } })).statusCode).toBe(204)
      const replay = await app.inject({ url: '/api/me', headers: { cookie } })
      expect(replay.statusCode).toBe(401)
      expect(replay.json()).toMatchObject({ code: 'signed_out' })
    })

    it('should end every device\'s session of the member on logout, and a new sign-in works (issue 12)', async () => {
      const app = await demoApp()
      const signIn = async (userId: string) => cookiePair(await app.inject({ method: 'POST', url: '/api/auth/demo', headers: SAME_ORIGIN, payload: { userId } }), 'sid')
      const phone = await signIn('zhangsan')
      const desktop = await signIn('zhangsan')
      const colleague = await signIn('lisi')
      await app.inject({ method: 'POST', url: '/api/auth/logout', headers: { ...SAME_ORIGIN, cookie: phone } })
      expect((await app.inject({ url: '/api/me', headers: { cookie: desktop } })).statusCode).toBe(401)
      expect((await app.inject({ url: '/api/me', headers: { cookie: colleague } })).statusCode).toBe(200)
      const again = await signIn('zhangsan')
      expect((await app.inject({ url: '/api/me', headers: { cookie: again } })).statusCode).toBe(200)
      // An old cookie logging out again does not end the new session.
      await app.inject({ method: 'POST', url: '/api/auth/logout', headers: { ...SAME_ORIGIN, cookie: phone } })
      expect((await app.inject({ url: '/api/me', headers: { cookie: again } })).statusCode).toBe(200)
    })

    it('should take a cookie issued before session generations (no g) as generation 0', async () => {
      const app = await demoApp()
      const legacy = `sid=${app.signCookie(JSON.stringify({ u: 'zhangsan', t: TEST_NOW }))}`
      expect((await app.inject({ url: '/api/me', headers: { cookie: legacy } })).statusCode).toBe(200)
      await app.inject({ method: 'POST', url: '/api/auth/logout', headers: { ...SAME_ORIGIN, cookie: legacy } })
      expect((await app.inject({ url: '/api/me', headers: { cookie: legacy } })).statusCode).toBe(401)
    })
  })

  describe('with WeCom connected', () => {
    let fake: FakeWecom
    beforeEach(async () => {
      fake = await startFakeWecom(CORP)
      fake.setOAuthUser('zhangsan')
    })
    afterEach(async () => fake.close())

    async function realApp(overrides: Partial<AppConfig> = {}) {
      const built = await buildTestApp({ wecom: { ...CORP, apiBase: fake.url, oauthBase: fake.url }, ...overrides })
      seedStaff(built.handle)
      close = built.close
      return built.app
    }
    type RealApp = Awaited<ReturnType<typeof realApp>>

    async function startLogin(app: RealApp, returnTo?: string) {
      const query = returnTo === undefined ? '' : `?returnTo=${encodeURIComponent(returnTo)}`
      return app.inject({ url: `/api/auth/wecom/login${query}`, headers: { host: HOST } })
    }

    /** Follows the authorize redirect through the fake, as the WeCom client would. */
    async function visitAuthorize(location: string): Promise<URL> {
      const res = await fetch(location.replace('#wechat_redirect', ''), { redirect: 'manual' })
      expect(res.status).toBe(302)
      return new URL(res.headers.get('location')!)
    }

    async function completeLogin(app: RealApp, returnTo?: string) {
      const login = await startLogin(app, returnTo)
      const callback = await visitAuthorize(login.headers.location as string)
      const res = await app.inject({ url: callback.pathname + callback.search, headers: { host: HOST, cookie: cookiePair(login, 'oauth_state') } })
      return { login, callback, res }
    }

    it('should refuse the demo sign-in and its staff list with 403', async () => {
      const app = await realApp()
      const list = await app.inject({ url: '/api/auth/demo/staff' })
      expect(list.statusCode).toBe(403)
      expect(list.json<{ message: string }>().message).toContain('演示登录')
      const signIn = await app.inject({ method: 'POST', url: '/api/auth/demo', headers: SAME_ORIGIN, payload: { userId: 'zhangsan' } })
      expect(signIn.statusCode).toBe(403)
      expect(setCookieHeader(signIn, 'sid')).toBeUndefined()
    })

    it('should redirect to the WeCom authorize page with an encoded callback and remember the state', async () => {
      const app = await realApp()
      const res = await startLogin(app, '/sidebar/customer?id=1')
      expect(res.statusCode).toBe(302)
      const location = res.headers.location as string
      const callback = encodeURIComponent(`http://${HOST}/api/auth/wecom/callback`)
      expect(location).toMatch(new RegExp(
        `^${fake.url}/connect/oauth2/authorize\\?appid=${CORP.corpId}&redirect_uri=${callback.replace(/[.?]/g, '\\$&')}`
        + `&response_type=code&scope=snsapi_base&state=([a-zA-Z0-9]{32})&agentid=${CORP.agentId}#wechat_redirect$`,
      ))
      const stateCookie = setCookieHeader(res, 'oauth_state')
      expect(stateCookie).toMatch(/HttpOnly/i)
      expect(stateCookie).toMatch(/Max-Age=600/)
      expect(stateCookie).toMatch(/Path=\/api\/auth\/wecom/)
    })

    it('should build an https callback when a trusted proxy (TRUST_PROXY) says the request came over https', async () => {
      // inject() comes from 127.0.0.1: the proxy in front of the BFF.
      const app = await realApp({ trustProxy: ['127.0.0.1'] })
      const res = await app.inject({ url: '/api/auth/wecom/login', headers: { 'host': HOST, 'x-forwarded-proto': 'https' } })
      expect(res.headers.location).toContain(`redirect_uri=${encodeURIComponent(`https://${HOST}/api/auth/wecom/callback`)}`)
      expect(setCookieHeader(res, 'oauth_state')).toMatch(/Secure/)
    })

    it('should start a session and redirect to returnTo when the callback is valid', async () => {
      const app = await realApp()
      const { res } = await completeLogin(app, '/sidebar/customer?id=1')
      expect(res.statusCode).toBe(302)
      expect(res.headers.location).toBe('/sidebar/customer?id=1')
      expect(setCookieHeader(res, 'sid')).toMatch(/HttpOnly/i)
      const me = await app.inject({ url: '/api/me', headers: { cookie: cookiePair(res, 'sid') } })
      expect(me.json()).toMatchObject({ userId: 'zhangsan', name: '张三' })
      expect(fake.calls['/cgi-bin/auth/getuserinfo']).toBe(1)
    })

    it('should redirect to /sidebar when no returnTo was given', async () => {
      const app = await realApp()
      const { res } = await completeLogin(app)
      expect(res.headers.location).toBe('/sidebar')
    })

    it.each(['//evil.com', 'https://evil.com', '/\\evil.com', 'evil.com/x'])('should fall back to /sidebar when returnTo is %s', async (returnTo) => {
      const app = await realApp()
      const { res } = await completeLogin(app, returnTo)
      expect(res.statusCode).toBe(302)
      expect(res.headers.location).toBe('/sidebar')
    })

    it('should answer 400 when the state does not match the cookie', async () => {
      const app = await realApp()
      const login = await startLogin(app)
      const callback = await visitAuthorize(login.headers.location as string)
      callback.searchParams.set('state', 'SomeoneElsesState')
      const res = await app.inject({ url: callback.pathname + callback.search, headers: { host: HOST, cookie: cookiePair(login, 'oauth_state') } })
      expect(res.statusCode).toBe(400)
      expect(res.json<{ message: string }>().message).toContain('state')
      expect(setCookieHeader(res, 'sid')).toBeUndefined()
      expect(setCookieHeader(res, 'oauth_state')).toMatch(/Expires=Thu, 01 Jan 1970/i)
      expect(fake.calls['/cgi-bin/auth/getuserinfo']).toBeUndefined()
    })

    it('should answer 400 when the state cookie is missing or forged', async () => {
      const app = await realApp()
      const login = await startLogin(app)
      const callback = await visitAuthorize(login.headers.location as string)
      const url = callback.pathname + callback.search
      const missing = await app.inject({ url, headers: { host: HOST } })
      expect(missing.statusCode).toBe(400)
      expect(missing.json<{ message: string }>().message).toContain('state')
      const forged = await app.inject({ url, headers: { host: HOST, cookie: `oauth_state=${encodeURIComponent(JSON.stringify({ s: callback.searchParams.get('state'), r: '/x', t: 0 }))}` } })
      expect(forged.statusCode).toBe(400)
    })

    it('should answer 400 when the code was already used', async () => {
      const app = await realApp()
      const { callback } = await completeLogin(app)
      // A fresh state, the old code: WeCom refuses the code.
      const login = await startLogin(app)
      const state = new URL((login.headers.location as string).replace('#wechat_redirect', '')).searchParams.get('state')!
      callback.searchParams.set('state', state)
      const again = await app.inject({ url: callback.pathname + callback.search, headers: { host: HOST, cookie: cookiePair(login, 'oauth_state') } })
      expect(again.statusCode).toBe(400)
      expect(again.json<{ message: string }>().message).toContain('code')
      expect(fake.calls['/cgi-bin/auth/getuserinfo']).toBe(2)
    })

    // Issue 12, item 4: the state cookie was accepted for its 10 minutes, once per made-up code.
    it('should accept a state once and answer a replay with 400 state_used before calling WeCom', async () => {
      const app = await realApp()
      const { callback, login, res } = await completeLogin(app)
      expect(res.statusCode).toBe(302)
      expect(fake.calls['/cgi-bin/auth/getuserinfo']).toBe(1)
      for (const code of ['made-up-1', 'made-up-2', callback.searchParams.get('code')!]) {
        callback.searchParams.set('code', code)
        const replay = await app.inject({ url: callback.pathname + callback.search, headers: { host: HOST, cookie: cookiePair(login, 'oauth_state') } })
        expect(replay.statusCode).toBe(400)
        expect(replay.json()).toMatchObject({ code: 'state_used' })
        expect(setCookieHeader(replay, 'sid')).toBeUndefined()
      }
      expect(fake.calls['/cgi-bin/auth/getuserinfo']).toBe(1)
    })

    it('should spend the state even when the code exchange fails', async () => {
      const app = await realApp()
      const login = await startLogin(app)
      const callback = await visitAuthorize(login.headers.location as string)
      fake.failNext('/cgi-bin/auth/getuserinfo', 45009)
      const url = callback.pathname + callback.search
      expect((await app.inject({ url, headers: { host: HOST, cookie: cookiePair(login, 'oauth_state') } })).statusCode).toBe(502)
      const replay = await app.inject({ url, headers: { host: HOST, cookie: cookiePair(login, 'oauth_state') } })
      expect(replay.json()).toMatchObject({ statusCode: 400, code: 'state_used' })
      expect(fake.calls['/cgi-bin/auth/getuserinfo']).toBe(1)
    })

    it('should refuse a replayed state at a second process on the same database', async () => {
      const built = await buildTestApp({ wecom: { ...CORP, apiBase: fake.url, oauthBase: fake.url } })
      seedStaff(built.handle)
      close = built.close
      const second = await buildTestApp({ wecom: { ...CORP, apiBase: fake.url, oauthBase: fake.url } }, { handle: built.handle })
      try {
        const { callback, login } = await completeLogin(built.app)
        const replay = await second.app.inject({ url: callback.pathname + callback.search, headers: { host: HOST, cookie: cookiePair(login, 'oauth_state') } })
        expect(replay.json()).toMatchObject({ statusCode: 400, code: 'state_used' })
        expect(fake.calls['/cgi-bin/auth/getuserinfo']).toBe(1)
      }
      finally {
        await second.app.close()
      }
    })

    it('should answer 403 when the member has no sidebar account', async () => {
      const app = await realApp()
      fake.setOAuthUser('zhaoliu')
      const { res } = await completeLogin(app)
      expect(res.statusCode).toBe(403)
      expect(res.json<{ message: string }>().message).toContain('未开通侧边栏')
      expect(setCookieHeader(res, 'sid')).toBeUndefined()
    })

    it('should sign in a member who joined WeCom since the last sync, fetching the organisation first', async () => {
      fake.setOrg({
        departments: [{ id: 1, name: '总部', parentid: 0 }, { id: 7, name: '华南二部', parentid: 1 }],
        members: [{ userid: 'zhaoliu', name: '赵六', department: [7], is_leader_in_dept: [1], main_department: 7, position: '店长', status: 1 }],
      })
      const app = await realApp()
      fake.setOAuthUser('zhaoliu')
      const { res } = await completeLogin(app)
      expect(res.statusCode).toBe(302)
      expect(setCookieHeader(res, 'sid')).toBeDefined()
      const me = await app.inject({ url: '/api/me', headers: { cookie: cookiePair(res, 'sid') } })
      expect(me.json()).toMatchObject({ userId: 'zhaoliu', name: '赵六', position: '店长', departmentName: '华南二部', role: 'supervisor' })
    })

    it('should answer 403 when the member is inactive', async () => {
      const app = await realApp()
      fake.setOAuthUser('wangwu')
      const { res } = await completeLogin(app)
      expect(res.statusCode).toBe(403)
    })

    it('should answer 403 when the visitor is not a member of the corp', async () => {
      const app = await realApp()
      fake.setOAuthUser(null)
      const { res } = await completeLogin(app)
      expect(res.statusCode).toBe(403)
      expect(res.json<{ message: string }>().message).toContain('企业成员')
    })

    it('should answer 502 when WeCom fails during the code exchange', async () => {
      const app = await realApp()
      const login = await startLogin(app)
      const callback = await visitAuthorize(login.headers.location as string)
      fake.failNext('/cgi-bin/auth/getuserinfo', 45009)
      const res = await app.inject({ url: callback.pathname + callback.search, headers: { host: HOST, cookie: cookiePair(login, 'oauth_state') } })
      expect(res.statusCode).toBe(502)
      expect(res.json<{ message: string }>().message).toContain('45009')
    })
  })
})

describe('safeReturnTo', () => {
  it.each([
    ['/sidebar/customer?id=1#x', '/sidebar/customer?id=1#x'],
    ['/', '/'],
    [undefined, '/sidebar'],
    ['', '/sidebar'],
    ['//evil.com', '/sidebar'],
    ['/\\evil.com', '/sidebar'],
    ['/ok\\..\\evil', '/sidebar'],
    ['https://evil.com', '/sidebar'],
    ['javascript:alert(1)', '/sidebar'],
    ['/a\nSet-Cookie: x=1', '/sidebar'],
  ])('should map %j to %j', (raw, expected) => {
    expect(safeReturnTo(raw)).toBe(expected)
  })
})
