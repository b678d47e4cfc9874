import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { phoneReveals } from '#db/schema.ts'
import { buildTestApp, TEST_NOW } from '../test/build-test-app.ts'
import { insertCustomer, insertDepartment, insertStaff, serve, sessionCookie } from '../test/fixtures.ts'

const LIN_PHONE = '13812345678'

async function setup() {
  const built = await buildTestApp()
  const { db } = built.handle
  const dept = insertDepartment(db)
  const zhangli = insertStaff(db, dept.id, 'zhangli', '张丽')
  const lin = insertCustomer(db, 'wmLin01', { name: '林晓雯', phone: LIN_PHONE })
  serve(db, zhangli.id, lin.id, { remark: '林姐-2023老客' })
  const get = (q: string) => built.app.inject({ url: `/api/customers?q=${encodeURIComponent(q)}`, headers: sessionCookie(built.app, 'zhangli', TEST_NOW) })
  const found = async (q: string) => ((await get(q)).json().items as { externalUserId: string }[]).map(i => i.externalUserId)
  return { ...built, db, zhangli, lin, get, found }
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
