/** A small brand whose customers sit in different journey stages, for recompute and task tests. */
import type { DbHandle } from '#db/client.ts'
import { channels, customerTags, products, tagGroups, tags } from '#db/schema.ts'
import { DAY, HOUR, MINUTE } from '../engine/rules/time-units.ts'
import { TEST_NOW } from './build-test-app.ts'
import { insertCustomer, insertDepartment, insertEvent, insertOrder, insertStaff, serve } from './fixtures.ts'

type Db = DbHandle['db']

export { DAY, HOUR, MINUTE } from '../engine/rules/time-units.ts'

/**
 * At TEST_NOW (Fri 2026-11-20 10:00 China time):
 * - wmNew01 赵小米 added 张丽 an hour ago through the 燕窝 live-stream code → 新客, welcome due now;
 * - wmLoyal01 林晓雯, 7 orders worth ¥1,380 → 高价值, the monthly care due now;
 * - wmSilent01 周婷 bought once 100 days ago and went quiet → 沉默, the recall due now;
 * - wmGone01 deleted 张丽 → 流失, nobody to follow up;
 * - wmShared01 added 张丽 then 王芳, and 王芳 wrote last → 王芳 owns the welcome;
 * - wmOther01 is only 王芳's customer.
 */
export function seedJourneyBrand(db: Db, now = TEST_NOW) {
  const dept = insertDepartment(db)
  const zhangli = insertStaff(db, dept.id, 'zhangli', '张丽')
  const wangfang = insertStaff(db, dept.id, 'wangfang', '王芳')
  const yanwo = db.insert(products).values({ sku: 'YW-01', name: '即食燕窝 6瓶装', category: '燕窝', priceCents: 39900, url: 'https://mall.example.com/goods/YW-01' }).returning().get()
  db.insert(channels).values({ state: 'live_yanwo', name: '燕窝直播间活码', productId: yanwo.id }).run()
  const item = (cents: number) => [{ name: yanwo.name, productId: yanwo.id, unitPriceCents: cents }]

  const newcomer = insertCustomer(db, 'wmNew01', { name: '赵小米', gender: 2 })
  serve(db, zhangli.id, newcomer.id, { firstAddedAt: now - HOUR, state: 'live_yanwo' })

  const loyal = insertCustomer(db, 'wmLoyal01', { name: '林晓雯', gender: 2 })
  serve(db, zhangli.id, loyal.id, { firstAddedAt: now - 300 * DAY, remark: '林姐' })
  for (let i = 0; i < 7; i++)
    insertOrder(db, loyal.id, { orderedAt: now - (3 + i * 20) * DAY }, item(i === 0 ? 19800 : 19700))

  const silent = insertCustomer(db, 'wmSilent01', { name: '周婷', gender: 2 })
  serve(db, zhangli.id, silent.id, { firstAddedAt: now - 200 * DAY })
  insertOrder(db, silent.id, { orderedAt: now - 100 * DAY }, item(39900))

  const gone = insertCustomer(db, 'wmGone01', { name: '钱多多' })
  serve(db, zhangli.id, gone.id, { firstAddedAt: now - 30 * DAY, status: 'deleted_by_customer', statusChangedAt: now - 2 * DAY })

  const shared = insertCustomer(db, 'wmShared01', { name: '孙丽', gender: 2 })
  serve(db, zhangli.id, shared.id, { firstAddedAt: now - 2 * HOUR })
  serve(db, wangfang.id, shared.id, { firstAddedAt: now - 90 * MINUTE })
  insertEvent(db, shared.id, { occurredAt: now - 30 * MINUTE, type: 'message_out', touchpoint: 'single_chat', staffId: wangfang.id, content: '孙姐好' })

  const other = insertCustomer(db, 'wmOther01', { name: '吴敏' })
  serve(db, wangfang.id, other.id, { firstAddedAt: now - HOUR })

  const group = db.insert(tagGroups).values({ name: '商品偏好', sortOrder: 1 }).returning().get()
  const tag = db.insert(tags).values({ groupId: group.id, name: '燕窝' }).returning().get()
  db.insert(customerTags).values({ customerId: loyal.id, tagId: tag.id, createdAt: now - 100 * DAY }).run()

  return { zhangli, wangfang, yanwo, newcomer, loyal, silent, gone, shared, other }
}

export type JourneyBrand = ReturnType<typeof seedJourneyBrand>
