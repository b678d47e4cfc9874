import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { type FakeWecom, startFakeWecom } from '../../e2e/fixtures/fake-wecom-server.ts'
import type { AppConfig } from '../config.ts'
import type {
  NudgeResult, SupervisorCharts, SupervisorCustomer, SupervisorScope, SupervisorSops, SupervisorStaffDetail, SupervisorSummary, SupervisorUnanswered,
} from '../contract/supervisor.ts'
import { buildTestApp, TEST_NOW } from '../test/build-test-app.ts'
import { sessionCookie } from '../test/fixtures.ts'
import { DAY, seedSupervisorOrg } from '../test/supervisor-fixtures.ts'

let keys = 0
/** A fresh idempotency key for one nudge. */
const key = () => ({ idempotencyKey: `nudge-test-${++keys}` })

async function setup(overrides: Partial<AppConfig> = {}, now = TEST_NOW) {
  const built = await buildTestApp({ supervisor: { admins: ['boss'], serviceReplyHours: 2 }, ...overrides }, { now: () => now })
  const org = seedSupervisorOrg(built.handle)
  const get = (url: string, userId = 'leadA') => built.app.inject({ url, headers: sessionCookie(built.app, userId, now) })
  const post = (url: string, body: object, userId = 'leadA') => built.app.inject({ method: 'POST', url, payload: body, headers: sessionCookie(built.app, userId, now) })
  const nudges = () => built.handle.sqlite.prepare('select from_staff_id as fromId, to_staff_id as toId, day, overdue_count as overdue, channel, wecom_msg_id as msgId from nudges order by id').all()
  return { ...built, org, get, post, nudges }
}
type Ctx = Awaited<ReturnType<typeof setup>>

describe('supervisor scope', () => {
  let ctx: Ctx
  beforeEach(async () => { ctx = await setup() })
  afterEach(async () => ctx.close())

  it('should give a department leader their department and the ones under it', async () => {
    const body = (await ctx.get('/api/supervisor/scope')).json<SupervisorScope>()
    expect(body.admin).toBe(false)
    expect(body.departments.map(d => [d.name, d.depth, d.staffCount])).toEqual([['华东', 0, 3], ['华东小组', 1, 1]])
    expect(body.defaultDepartmentId).toBe(ctx.org.east.id)
    expect(body).toMatchObject({ serviceReplyHours: 2, nudgeDailyLimit: 3 })
  })

  it('should give an admin of SUPERVISOR_ADMINS every department', async () => {
    const body = (await ctx.get('/api/supervisor/scope', 'boss')).json<SupervisorScope>()
    expect(body.admin).toBe(true)
    expect(body.departments.map(d => [d.name, d.depth, d.staffCount])).toEqual([['中心', 0, 6], ['华东', 1, 3], ['华东小组', 2, 1], ['华南', 1, 2]])
  })

  it.each(['/api/supervisor/scope', '/api/supervisor/summary', '/api/supervisor/sops', '/api/supervisor/charts', '/api/supervisor/unanswered', '/api/supervisor/staff/2', '/api/supervisor/customers/1'])(
    'should refuse staff who lead no department on %s with 403 not_supervisor',
    async (url) => {
      const res = await ctx.get(url, 'a1')
      expect(res.statusCode).toBe(403)
      expect(res.json()).toMatchObject({ code: 'not_supervisor', message: expect.stringContaining('主管看板仅对部门负责人开放') })
    },
  )

  it('should refuse a nudge from staff with 403 and record nothing', async () => {
    const res = await ctx.post(`/api/supervisor/staff/${ctx.org.a1.id}/nudge`, key(), 'b1')
    expect(res.statusCode).toBe(403)
    expect(ctx.nudges()).toEqual([])
  })

  it('should answer 401 without a session', async () => {
    expect((await ctx.app.inject({ url: '/api/supervisor/summary' })).statusCode).toBe(401)
  })

  it('should never show another department: its summary, its people, its customers, its nudges', async () => {
    const { south, b1, cb } = ctx.org
    expect((await ctx.get(`/api/supervisor/summary?departmentId=${south.id}`)).json()).toMatchObject({ statusCode: 404, code: 'department_not_in_scope' })
    expect((await ctx.get(`/api/supervisor/sops?departmentId=${south.id}`)).statusCode).toBe(404)
    expect((await ctx.get(`/api/supervisor/staff/${b1.id}`)).json()).toMatchObject({ statusCode: 404, code: 'staff_not_in_scope' })
    expect((await ctx.get(`/api/supervisor/customers/${cb.id}`)).json()).toMatchObject({ statusCode: 404, code: 'customer_not_in_scope' })
    expect((await ctx.post(`/api/supervisor/staff/${b1.id}/nudge`, key())).statusCode).toBe(404)
    const summary = (await ctx.get('/api/supervisor/summary')).json<SupervisorSummary>()
    expect(summary.leaderboard.map(r => r.userId).sort()).toEqual(['a1', 'a2', 'leadA'])
    const unanswered = (await ctx.get('/api/supervisor/unanswered')).json<SupervisorUnanswered>()
    expect(unanswered.staff.map(s => s.userId)).toEqual(['a1'])
    // And 华南's leader sees 华南 only.
    const south_ = (await ctx.get('/api/supervisor/summary', 'leadB')).json<SupervisorSummary>()
    expect(south_.leaderboard.map(r => r.userId).sort()).toEqual(['b1', 'leadB'])
    expect((await ctx.get(`/api/supervisor/staff/${ctx.org.a1.id}`, 'leadB')).statusCode).toBe(404)
  })

  it('should answer 400 naming the field for a bad period', async () => {
    const res = await ctx.get('/api/supervisor/summary?period=90d')
    expect(res.statusCode).toBe(400)
    expect(res.json<{ message: string }>().message).toContain('querystring.period')
  })
})

describe('supervisor figures on a hand-built dataset', () => {
  let ctx: Ctx
  beforeEach(async () => { ctx = await setup() })
  afterEach(async () => ctx.close())

  it('should count the 7-day headline, the previous period and overdue-now exactly', async () => {
    const body = (await ctx.get('/api/supervisor/summary?period=7d')).json<SupervisorSummary>()
    expect(body.department).toEqual({ id: ctx.org.east.id, name: '华东' })
    expect(body.period).toMatchObject({ key: '7d', from: '2026-11-13T16:00:00.000Z', to: '2026-11-20T16:00:00.000Z', previousFrom: '2026-11-06T16:00:00.000Z' })
    // a1: 6 due (2 done, 1 skipped, 1 expired, 1 overdue, 1 open today); a2: 1 done. Rate: 3 of 6 settled.
    // Due→done: 30, 120 and 60 minutes → median 60.
    expect(body.headline.current).toEqual({ due: 7, done: 3, skipped: 1, expired: 1, open: 2, inProgress: 1, rate: 0.5, medianMinutes: 60 })
    expect(body.headline.previous).toEqual({ due: 2, done: 1, skipped: 0, expired: 1, open: 0, inProgress: 0, rate: 0.5, medianMinutes: 10 })
    expect(body.headline.overdueNow).toBe(1)
  })

  it('should count today only for the today period, with today\'s open task not yet against the rate', async () => {
    const body = (await ctx.get('/api/supervisor/summary?period=today')).json<SupervisorSummary>()
    expect(body.headline.current).toEqual({ due: 1, done: 0, skipped: 0, expired: 0, open: 1, inProgress: 1, rate: null, medianMinutes: null })
    // Yesterday: a1's 2 (one done, one overdue) and a2's done one; the median of 30 and 60 minutes is 45.
    expect(body.headline.previous).toMatchObject({ due: 3, done: 2, rate: 2 / 3, medianMinutes: 45 })
  })

  it('should rank staff with counts, people with nothing due last and unranked', async () => {
    const body = (await ctx.get('/api/supervisor/summary?period=7d')).json<SupervisorSummary>()
    expect(body.leaderboard.map(r => [r.userId, r.rank, r.done, r.due, r.inProgress, r.rate, r.overdueNow])).toEqual([
      ['a2', 1, 1, 1, 0, 1, 0],
      ['a1', 2, 2, 6, 1, 0.4, 1],
      ['leadA', null, 0, 0, 0, null, 0],
    ])
  })

  it('should narrow to a department under the leader\'s own', async () => {
    const body = (await ctx.get(`/api/supervisor/summary?departmentId=${ctx.org.eastTeam.id}`)).json<SupervisorSummary>()
    expect(body.leaderboard.map(r => r.userId)).toEqual(['a2'])
    expect(body.headline.current).toMatchObject({ due: 1, done: 1, rate: 1, medianMinutes: 60 })
  })

  it('should break completion down by SOP and step in library order, with sends and orders that followed', async () => {
    const body = (await ctx.get('/api/supervisor/sops?period=7d')).json<SupervisorSops>()
    expect(body.sops.map(s => [s.sopKey, s.due, s.done, s.rate])).toEqual([['new_customer', 6, 2, 0.4], ['high_value_care', 1, 1, 1]])
    expect(body.sops[0]!.steps).toEqual([
      { stepKey: 'welcome', stepName: '欢迎语+专属券', due: 4, done: 2, skipped: 0, expired: 0, open: 2, inProgress: 1, rate: 2 / 3, sent: 1, ordered: 1 },
      { stepKey: 'follow_up.not_claimed', stepName: '24小时跟进·未领券', due: 2, done: 0, skipped: 1, expired: 1, open: 0, inProgress: 0, rate: 0, sent: 0, ordered: 0 },
    ])
    expect(body.coupons).toEqual({ sent: 0, claimed: 0, ordered: 0 })
  })

  it('should follow coupons sent from the sidebar to their claim and order', async () => {
    const { sqlite } = ctx.handle
    const { a1, c1, c2 } = ctx.org
    sqlite.prepare(`insert into coupon_templates (id, code, name, value_kind, amount_off_cents, valid_days, claim_url) values (1, 'T1', '券', 'amount_off', 1000, 7, 'https://x')`).run()
    const send = sqlite.prepare(`insert into chat_sends (staff_id, customer_id, kind, ref_id, payload, sent_at) values (?, ?, 'coupon', 1, '{}', ?) returning id`).pluck()
    const s1 = send.get(a1.id, c1.id, TEST_NOW - DAY) as number
    const s2 = send.get(a1.id, c2.id, TEST_NOW - DAY) as number
    send.get(a1.id, c2.id, TEST_NOW - 20 * DAY)
    const coupon = sqlite.prepare(`insert into customer_coupons (customer_id, template_id, code, status, issued_at, claimed_at, used_at, expires_at, send_id) values (?, 1, ?, ?, ?, ?, ?, ?, ?)`)
    coupon.run(c1.id, 'C1', 'used', TEST_NOW - DAY, TEST_NOW - DAY, TEST_NOW - 1000, TEST_NOW + DAY, s1)
    coupon.run(c2.id, 'C2', 'claimed', TEST_NOW - DAY, TEST_NOW - DAY, null, TEST_NOW + DAY, s2)
    const body = (await ctx.get('/api/supervisor/sops?period=7d')).json<SupervisorSops>()
    expect(body.coupons).toEqual({ sent: 2, claimed: 2, ordered: 1 })
  })

  it('should draw the daily trend, the stage distribution and the journey funnel of the team\'s customers', async () => {
    const { sqlite } = ctx.handle
    const { c1, c2, c3, c4, cb } = ctx.org
    const stage = sqlite.prepare(`insert into customer_stages (customer_id, stage_key, reason, matched, entered_at, computed_at) values (?, ?, 'r', '[]', 0, 0)`)
    const visit = sqlite.prepare('insert into stage_history (customer_id, stage_key, reason, entered_at) values (?, ?, \'r\', ?)')
    for (const [c, path] of [[c1, ['new', 'first_purchase', 'repeat']], [c2, ['new', 'interested']], [c3, ['new', 'first_purchase', 'silent']], [c4, ['high_value']], [cb, ['new', 'repeat']]] as const) {
      path.forEach((key, i) => visit.run(c.id, key, i))
      stage.run(c.id, path[path.length - 1])
    }
    const body = (await ctx.get('/api/supervisor/charts?period=7d')).json<SupervisorCharts>()
    expect(body.trend.map(d => d.day)).toEqual(['2026-11-14', '2026-11-15', '2026-11-16', '2026-11-17', '2026-11-18', '2026-11-19', '2026-11-20'])
    expect(body.trend.slice(2)).toEqual([
      { day: '2026-11-16', due: 1, done: 0, rate: 0 },
      { day: '2026-11-17', due: 1, done: 0, rate: 0 },
      { day: '2026-11-18', due: 1, done: 1, rate: 1 },
      { day: '2026-11-19', due: 3, done: 2, rate: 2 / 3 },
      { day: '2026-11-20', due: 1, done: 0, rate: null },
    ])
    const stages = Object.fromEntries(body.stages.map(s => [s.key, s.customers]))
    expect(stages).toEqual({ new: 0, interested: 1, activated: 0, first_purchase: 0, repeat: 1, high_value: 1, silent: 1, churned: 0 })
    expect(body.funnel.map(f => [f.name, f.customers])).toEqual([['新客', 4], ['意向', 4], ['已激活', 3], ['首购', 3], ['复购', 2], ['高价值', 1]])
  })

  it('should list customers left unanswered past the working-hours deadline, and not the ones still in time or answered late', async () => {
    const body = (await ctx.get('/api/supervisor/unanswered')).json<SupervisorUnanswered>()
    expect(body).toEqual({
      deadlineHours: 2,
      total: 1,
      staff: [{
        staffId: ctx.org.a1.id,
        userId: 'a1',
        name: '东一',
        count: 1,
        items: [{
          customerId: ctx.org.c3.id, customerName: '客三', remark: null, lastMessage: '燕窝怎么吃？',
          writtenAt: '2026-11-19T08:00:00.000Z', deadlineAt: '2026-11-19T10:00:00.000Z',
          // 16:00–21:00 yesterday and 09:00–10:00 today.
          waitingMinutes: 360,
        }],
      }],
    })
  })

  it('should make the deadline configurable (SERVICE_REPLY_HOURS)', async () => {
    const longer = await setup({ supervisor: { admins: [], serviceReplyHours: 6 } })
    // 16:00 + 6 working hours (5 before 21:00, 1 after 09:00) = 10:00 today: due exactly now, so late.
    expect((await longer.get('/api/supervisor/unanswered')).json<SupervisorUnanswered>().total).toBe(1)
    await longer.close()
    const longest = await setup({ supervisor: { admins: [], serviceReplyHours: 7 } })
    expect((await longest.get('/api/supervisor/unanswered')).json<SupervisorUnanswered>().total).toBe(0)
    await longest.close()
  })

  it('should drill down to a staff member: figures, overdue, skips with reasons, expired, unanswered', async () => {
    const body = (await ctx.get(`/api/supervisor/staff/${ctx.org.a1.id}?period=7d`)).json<SupervisorStaffDetail>()
    expect(body.staff).toMatchObject({ userId: 'a1', name: '东一', departmentName: '华东' })
    expect(body.figures).toMatchObject({ due: 6, done: 2, skipped: 1, expired: 1, rate: 0.4, medianMinutes: 75 })
    expect(body.overdueNow).toBe(1)
    expect(body.overdue.map(t => [t.id, t.customer.name, t.status])).toEqual([[ctx.org.tasks.overdue, '客三', 'pending']])
    expect(body.skipped).toEqual([expect.objectContaining({ id: ctx.org.tasks.skipped, skipReason: 'customer_bought', skipNote: '已在天猫下单', customer: { id: ctx.org.c2.id, name: '客二', remark: null } })])
    expect(body.expired.map(t => t.stepName)).toEqual(['24小时跟进·未领券'])
    expect(body.unanswered.map(u => u.customerName)).toEqual(['客三'])
    expect(body.nudges).toEqual({ limit: 3, today: 0, remaining: 3, history: [] })
    expect(body.phoneReveals).toBe(0)
  })

  it('should show a team customer read-only, phone masked, and their tasks with the team', async () => {
    const body = (await ctx.get(`/api/supervisor/customers/${ctx.org.c3.id}`)).json<SupervisorCustomer>()
    expect(body).toMatchObject({ name: '客三', phone: '138****5678', stage: null, figures: { orders: 0, spentCents: 0, lastOrderAt: null } })
    expect(body.servedBy.map(s => s.name)).toEqual(['东一'])
    expect(body.tasks.map(t => t.status)).toEqual(['pending', 'expired'])
    // The admin sees every customer.
    expect((await ctx.get(`/api/supervisor/customers/${ctx.org.cb.id}`, 'boss')).statusCode).toBe(200)
  })
})

describe('POST /api/supervisor/staff/:staffId/nudge', () => {
  let ctx: Ctx
  afterEach(async () => ctx.close())

  it('should answer a retried request with the nudge already made, and send nothing twice', async () => {
    ctx = await setup()
    const url = `/api/supervisor/staff/${ctx.org.a1.id}/nudge`
    const body = { note: '今天下班前处理完', idempotencyKey: 'nudge-a1-0001' }
    const first = await ctx.post(url, body)
    const retry = await ctx.post(url, body)
    expect(retry.statusCode).toBe(200)
    expect(retry.json()).toEqual(first.json())
    expect(first.json<NudgeResult>()).toMatchObject({ today: 1, remaining: 2 })
    expect(ctx.nudges()).toHaveLength(1)
  })

  it('should refuse a key already used for a nudge to someone else with 409, and make nothing', async () => {
    ctx = await setup()
    const idempotencyKey = 'nudge-shared-0001'
    expect((await ctx.post(`/api/supervisor/staff/${ctx.org.a1.id}/nudge`, { idempotencyKey })).statusCode).toBe(200)
    const res = await ctx.post(`/api/supervisor/staff/${ctx.org.a2.id}/nudge`, { idempotencyKey })
    expect(res.statusCode).toBe(409)
    expect(res.json()).toMatchObject({ code: 'idempotency_key_reused' })
    expect(ctx.nudges()).toHaveLength(1)
  })

  it('should answer 400 naming idempotencyKey when it is missing', async () => {
    ctx = await setup()
    const res = await ctx.post(`/api/supervisor/staff/${ctx.org.a1.id}/nudge`, {})
    expect(res.statusCode).toBe(400)
    expect(res.json<{ message: string }>().message).toContain('idempotencyKey')
    expect(ctx.nudges()).toEqual([])
  })

  it('should record a nudge in demo mode, at most 3 a day per recipient, the fourth refused with nudge_limit', async () => {
    ctx = await setup()
    const url = `/api/supervisor/staff/${ctx.org.a1.id}/nudge`
    for (let i = 1; i <= 3; i++) {
      const res = await ctx.post(url, { ...key(), ...(i === 1 ? { note: '今天下班前处理完' } : {}) }, i === 3 ? 'boss' : 'leadA')
      expect(res.statusCode, res.body).toBe(200)
      const body = res.json<NudgeResult>()
      expect(body).toMatchObject({ today: i, remaining: 3 - i, nudge: { channel: 'recorded', overdueCount: 1 } })
      if (i === 1)
        expect(body.nudge.message).toBe('【逾期任务提醒】东主管提醒你：你有 1 个逾期任务还没处理，最早的已逾期 1 天。请打开「今日任务」尽快跟进。\n东主管：今天下班前处理完')
    }
    const fourth = await ctx.post(url, key())
    expect(fourth.statusCode).toBe(429)
    expect(fourth.json()).toMatchObject({ code: 'nudge_limit', message: '今天已提醒东一 3 次，每人每天最多提醒 3 次，请明天再试' })
    expect(ctx.nudges()).toEqual([
      { fromId: ctx.org.leadA.id, toId: ctx.org.a1.id, day: '2026-11-20', overdue: 1, channel: 'recorded', msgId: null },
      { fromId: ctx.org.leadA.id, toId: ctx.org.a1.id, day: '2026-11-20', overdue: 1, channel: 'recorded', msgId: null },
      { fromId: ctx.org.boss.id, toId: ctx.org.a1.id, day: '2026-11-20', overdue: 1, channel: 'recorded', msgId: null },
    ])
    const detail = (await ctx.get(`/api/supervisor/staff/${ctx.org.a1.id}`)).json<SupervisorStaffDetail>()
    expect(detail.nudges).toMatchObject({ today: 3, remaining: 0 })
    expect(detail.nudges.history.map(n => n.fromName)).toEqual(['总监', '东主管', '东主管'])
  })

  it('should count the limit per China day: the next morning nudges again', async () => {
    ctx = await setup()
    const h = ctx.handle
    h.sqlite.prepare(`insert into nudges (from_staff_id, to_staff_id, day, overdue_count, message, channel, sent_at) values (?, ?, '2026-11-19', 1, 'x', 'recorded', ?)`)
      .run(ctx.org.leadA.id, ctx.org.a1.id, TEST_NOW - DAY)
    for (let i = 0; i < 2; i++) h.sqlite.prepare(`insert into nudges (from_staff_id, to_staff_id, day, overdue_count, message, channel, sent_at) values (?, ?, '2026-11-19', 1, 'x', 'recorded', ?)`).run(ctx.org.leadA.id, ctx.org.a1.id, TEST_NOW - DAY)
    expect((await ctx.post(`/api/supervisor/staff/${ctx.org.a1.id}/nudge`, key())).statusCode).toBe(200)
  })

  it('should refuse to nudge someone with nothing overdue (409)', async () => {
    ctx = await setup()
    const res = await ctx.post(`/api/supervisor/staff/${ctx.org.a2.id}/nudge`, key())
    expect(res.statusCode).toBe(409)
    expect(res.json()).toMatchObject({ code: 'nothing_overdue', message: '东二目前没有逾期任务，无需提醒' })
    expect(ctx.nudges()).toEqual([])
  })

  describe('with WeCom connected', () => {
    const CORP = { corpId: 'wwtest0000000005', secret: 'test-app-secret', agentId: '1000005' }
    let fake: FakeWecom
    beforeEach(async () => { fake = await startFakeWecom(CORP) })
    afterEach(async () => fake.close())

    it('should send the reminder as an app message to the member and record its msgid', async () => {
      ctx = await setup({ wecom: { ...CORP, apiBase: fake.url, oauthBase: fake.url } })
      const res = await ctx.post(`/api/supervisor/staff/${ctx.org.a1.id}/nudge`, key())
      expect(res.statusCode, res.body).toBe(200)
      expect(res.json<NudgeResult>().nudge.channel).toBe('wecom')
      expect(fake.messages).toEqual([expect.objectContaining({ touser: 'a1', agentid: 1000005, msgtype: 'text', content: expect.stringContaining('你有 1 个逾期任务') })])
      expect(ctx.nudges()).toEqual([expect.objectContaining({ channel: 'wecom', msgId: fake.messages[0]!.msgid })])
    })

    it('should answer 502 when WeCom refuses the message, and not count it against the limit', async () => {
      ctx = await setup({ wecom: { ...CORP, apiBase: fake.url, oauthBase: fake.url } })
      fake.failNext('/cgi-bin/message/send', 45009)
      const attempt = key()
      const res = await ctx.post(`/api/supervisor/staff/${ctx.org.a1.id}/nudge`, attempt)
      expect(res.statusCode).toBe(502)
      expect(res.json<{ message: string }>().message).toContain('45009')
      expect(ctx.nudges()).toEqual([])
      // The retry of the failed nudge (same key) goes out.
      expect((await ctx.post(`/api/supervisor/staff/${ctx.org.a1.id}/nudge`, attempt)).statusCode).toBe(200)
      expect(fake.messages).toHaveLength(1)
    })
  })
})

describe('stage figures cache', () => {
  it('should keep the stage distribution for STAGE_FIGURES_TTL, then count again', async () => {
    const { getSupervisorCharts, STAGE_FIGURES_TTL } = await import('../services/supervisor-charts.ts')
    const { resolveSelection } = await import('../services/supervisor-scope.ts')
    const { findStaffByUserId } = await import('../services/staff.ts')
    const ctx = await setup()
    const { db, sqlite } = ctx.handle
    const selection = resolveSelection(db, findStaffByUserId(db, 'leadA')!, [])
    const stages = [{ key: 'new', name: '新客' }, { key: 'repeat', name: '复购' }]
    const count = (now: number) => getSupervisorCharts(db, selection, stages, '7d', now).stages.map(s => s.customers)
    const stage = sqlite.prepare(`insert or replace into customer_stages (customer_id, stage_key, reason, matched, entered_at, computed_at) values (?, ?, 'r', '[]', 0, 0)`)
    stage.run(ctx.org.c1.id, 'new')
    expect(count(TEST_NOW)).toEqual([1, 0])
    stage.run(ctx.org.c1.id, 'repeat')
    expect(count(TEST_NOW + STAGE_FIGURES_TTL - 1)).toEqual([1, 0])
    expect(count(TEST_NOW + STAGE_FIGURES_TTL)).toEqual([0, 1])
    await ctx.close()
  })
})
