import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { phoneReveals } from '#db/schema.ts'
import { loadConfig } from '../config.ts'
import { HOUR } from '../engine/rules/time-units.ts'
import { buildTestApp, TEST_NOW } from '../test/build-test-app.ts'
import { insertCustomer, insertDepartment, insertStaff, serve, sessionCookie } from '../test/fixtures.ts'

const LIN_PHONE = '13812345678'

async function setup(opts: { limit?: number, now?: () => number } = {}) {
  const built = await buildTestApp({ phoneRevealDailyLimit: opts.limit }, { now: opts.now ?? (() => TEST_NOW) })
  const { db } = built.handle
  const dept = insertDepartment(db)
  const zhangli = insertStaff(db, dept.id, 'zhangli', '张丽')
  const lin = insertCustomer(db, 'wmLin01', { name: '林晓雯', phone: LIN_PHONE })
  serve(db, zhangli.id, lin.id, { remark: '林姐-2023老客' })
  const get = (q: string) => built.app.inject({ url: `/api/customers?q=${encodeURIComponent(q)}`, headers: sessionCookie(built.app, 'zhangli', TEST_NOW) })
  const reveal = () => built.app.inject({ method: 'POST', url: '/api/customers/wmLin01/phone-reveal', headers: sessionCookie(built.app, 'zhangli', TEST_NOW) })
  const found = async (q: string) => ((await get(q)).json().items as { externalUserId: string }[]).map(i => i.externalUserId)
  return { ...built, db, zhangli, lin, get, found, reveal }
}

describe('GET /api/customers?q= and the phone number (issue 12, item 2)', () => {
  let ctx: Awaited<ReturnType<typeof setup>>
  beforeEach(async () => { ctx = await setup() })
  afterEach(async () => ctx.close())

  it('should find nobody by a phone suffix of 5 to 10 digits', async () => {
    for (let n = 5; n <= 10; n++)
      expect(await ctx.found(LIN_PHONE.slice(-n)), `suffix of ${n}`).toEqual([])
  })

  it('should find nobody by digits from the middle of the number', async () => {
    expect(await ctx.found('1234')).toEqual([])
    expect(await ctx.found('138123')).toEqual([])
  })

  it('should find a customer by the last 4 digits and record no reveal', async () => {
    expect(await ctx.found('5678')).toEqual(['wmLin01'])
    expect(ctx.db.select().from(phoneReveals).all()).toEqual([])
  })

  it('should find a customer by the whole number, however it is written, and record each such search as a reveal', async () => {
    expect(await ctx.found(LIN_PHONE)).toEqual(['wmLin01'])
    expect(await ctx.found('+86 138-1234-5678')).toEqual(['wmLin01'])
    expect(ctx.db.select().from(phoneReveals).all()).toEqual([
      { id: 1, staffId: ctx.zhangli.id, customerId: ctx.lin.id, revealedAt: TEST_NOW },
      { id: 2, staffId: ctx.zhangli.id, customerId: ctx.lin.id, revealedAt: TEST_NOW },
    ])
  })

  it('should record nothing when a whole number finds nobody', async () => {
    expect(await ctx.found('13812345679')).toEqual([])
    expect(ctx.db.select().from(phoneReveals).all()).toEqual([])
  })

  it('should still match names and remarks, digits included', async () => {
    expect(await ctx.found('晓雯')).toEqual(['wmLin01'])
    expect(await ctx.found('2023')).toEqual(['wmLin01'])
  })
})

describe('phone reveals per member per day (issue 12, item 4)', () => {
  let ctx: Awaited<ReturnType<typeof setup>>
  let clock = TEST_NOW
  beforeEach(async () => {
    clock = TEST_NOW
    ctx = await setup({ limit: 3, now: () => clock })
  })
  afterEach(async () => ctx.close())

  it('should refuse the reveal after the limit with 429, a message and a code, and record nothing more', async () => {
    for (let i = 0; i < 3; i++)
      expect((await ctx.reveal()).statusCode).toBe(200)
    const refused = await ctx.reveal()
    expect(refused.statusCode).toBe(429)
    expect(refused.json()).toMatchObject({ code: 'phone_reveal_limit', message: expect.stringContaining('每人每天 3 次') })
    expect(refused.json()).not.toHaveProperty('phone')
    expect(ctx.db.select().from(phoneReveals).all()).toHaveLength(3)
  })

  it('should count whole-number searches toward the limit, and refuse one past it', async () => {
    expect((await ctx.get(LIN_PHONE)).statusCode).toBe(200)
    expect((await ctx.reveal()).statusCode).toBe(200)
    expect((await ctx.get('+86 13812345678')).statusCode).toBe(200)
    const refused = await ctx.get(LIN_PHONE)
    expect(refused.statusCode).toBe(429)
    expect(refused.json().code).toBe('phone_reveal_limit')
    expect((await ctx.reveal()).statusCode).toBe(429)
    // Searches that tell no full number stay open.
    expect((await ctx.get('5678')).statusCode).toBe(200)
    expect(ctx.db.select().from(phoneReveals).all()).toHaveLength(3)
  })

  it('should start a new allowance at 00:00 China time', async () => {
    // 23:30 in China on the day before TEST_NOW (10:00): a different China day.
    clock = TEST_NOW - 10.5 * HOUR
    for (let i = 0; i < 3; i++)
      expect((await ctx.reveal()).statusCode).toBe(200)
    expect((await ctx.reveal()).statusCode).toBe(429)
    clock = TEST_NOW - 10 * HOUR // 00:00 China time
    expect((await ctx.reveal()).statusCode).toBe(200)
  })

  it('should read PHONE_REVEAL_DAILY_LIMIT, 50 when unset, and refuse one below 1', () => {
    expect(loadConfig({}).phoneRevealDailyLimit).toBe(50)
    expect(loadConfig({ PHONE_REVEAL_DAILY_LIMIT: '12' }).phoneRevealDailyLimit).toBe(12)
    expect(() => loadConfig({ PHONE_REVEAL_DAILY_LIMIT: '0' })).toThrow(/PHONE_REVEAL_DAILY_LIMIT/)
  })
})
