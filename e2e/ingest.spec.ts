/**
 * Data in, seen where staff see it: a customer added through a WeCom callback, an order from the
 * brand's shop through the ingest API, then the customer deleting the staff member — each shows
 * in the sidebar. The callbacks are encrypted and signed the way WeCom does, with the BFF's keys.
 * The customer is this spec's own, so the other specs' customers are left as they were.
 */
import { type APIRequestContext, expect, type Page, request, test } from '@playwright/test'
import { contactEventXml, signedCallback } from '../bff/test/wecom-callback.ts'
import { waitForJourneyPass } from './fixtures/bff.ts'
import { installWecomClient, WECOM_UA } from './fixtures/wecom-client.ts'
import { SidebarPage } from './pages/SidebarPage.ts'
import { bffNow, E2E_CORP, E2E_INGEST, FAKE_WECOM_URL, WECOM_BFF_URL } from './servers.ts'

const CUSTOMER = 'wmE2eIngest01'
/** The demo brand's channel for the State 'live_yanwo_1111'. */
const CHANNEL_NAME = '燕窝直播间活码'
const keys = { token: E2E_INGEST.callbackToken, aesKey: E2E_INGEST.callbackAesKey, corpId: E2E_CORP.corpId }

test.use({ baseURL: WECOM_BFF_URL, userAgent: WECOM_UA })
test.describe.configure({ mode: 'serial' })

let fake: APIRequestContext
let bff: APIRequestContext

test.beforeAll(async () => {
  fake = await request.newContext({ baseURL: FAKE_WECOM_URL })
  bff = await request.newContext({ baseURL: WECOM_BFF_URL })
  expect((await fake.post('/__control/oauth-user', { data: { userId: 'zhangli' } })).ok()).toBe(true)
  await waitForJourneyPass()
})

test.afterAll(async () => {
  await fake.dispose()
  await bff.dispose()
})

async function sendCallback(changeType: string, createTimeS: number, state?: string) {
  const nowS = Math.floor(bffNow() / 1000)
  const { url, body } = signedCallback(keys, contactEventXml(E2E_CORP.corpId, { changeType, userId: 'zhangli', externalUserId: CUSTOMER, createTimeS, state }), nowS)
  const res = await bff.post(url, { headers: { 'content-type': 'text/xml' }, data: body })
  expect(res.status(), await res.text()).toBe(200)
  expect(await res.text()).toBe('success')
}

/** "2026-11-20 10:28:04" in China time, written independently of the app's formatters. */
function shanghaiTime(ms: number): string {
  return new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' }).format(ms)
}

async function openSidebar(page: Page) {
  await page.clock.install({ time: bffNow() })
  await installWecomClient(page, { entry: 'single_chat_tools', externalUserId: CUSTOMER })
  const sidebar = new SidebarPage(page)
  await sidebar.goto()
  return sidebar
}

test('should show an order ingested from the shop in the new customer\'s 订单 tab, then 流失 once they delete the staff member', async ({ page }) => {
  // WeCom tells us 张丽 added the customer; the profile comes from externalcontact/get.
  const addedAtS = Math.floor(bffNow() / 1000) - 120
  expect((await fake.post('/__control/external-contact', { data: { externalUserId: CUSTOMER, contact: {
    external_contact: { name: '郑晓云', gender: 2 },
    follow_user: [{ userid: 'zhangli', remark: '郑姐', createtime: addedAtS, state: 'live_yanwo_1111', add_way: 1 }],
  } } })).ok()).toBe(true)
  await sendCallback('add_external_contact', addedAtS, 'live_yanwo_1111')

  // The brand's shop sends her first order, by the external contact id it learned at checkout.
  const paidAt = new Date(bffNow() - 30 * 60_000).toISOString()
  const ingest = await bff.post('/api/ingest/orders', {
    headers: { authorization: `Bearer ${E2E_INGEST.token}` },
    data: { orders: [{ source: 'youzan', sourceOrderId: 'E2E-INGEST-0001', customer: { externalUserId: CUSTOMER, phone: '13912345678' }, status: 'paid', paidAt, amount: '368.50', items: [{ sku: 'E2E-YW-01', name: '即食燕窝 6瓶装（E2E）', category: '燕窝', quantity: 1, price: '399.00' }] }] },
  })
  expect(await ingest.json()).toEqual({ accepted: 1, duplicates: 0, rejected: [] })

  const sidebar = await openSidebar(page)
  await expect(sidebar.customerName).toContainText('郑晓云')
  await expect(sidebar.customerName).toContainText('郑姐')
  await expect(sidebar.figureValue('订单数')).toHaveText('1')
  const orders = await sidebar.openTab('订单')
  await expect(sidebar.orders).toHaveCount(1)
  await expect(sidebar.orderSources).toHaveText(['有赞'])
  await expect(orders.getByText('即食燕窝 6瓶装（E2E）')).toBeVisible()
  await expect(orders.getByText('¥368.50')).toBeVisible()
  await expect(sidebar.stageBadge).toHaveAccessibleName(/^客户阶段：首购/)
  // The channel is the add's State, the first-add time its exact CreateTime.
  await expect(sidebar.fact('来源渠道')).toContainText(CHANNEL_NAME)
  await expect(sidebar.fact('添加')).toContainText(shanghaiTime(addedAtS * 1000))

  // The mini-program knew her only by another phone, with an order of its own; an event naming both
  // shows they are one person: the two customers are merged, and the trail says so.
  const shop = await bff.post('/api/ingest/orders', {
    headers: { authorization: `Bearer ${E2E_INGEST.token}` },
    data: { orders: [{ source: 'own_mall', sourceOrderId: 'E2E-INGEST-0002', customer: { phone: '13955556666', name: '郑女士' }, status: 'completed', paidAt, amount: 158, items: [{ name: '益生菌 30袋（E2E）', quantity: 1, price: 158 }] }] },
  })
  expect((await shop.json()).accepted).toBe(1)
  const event = await bff.post('/api/ingest/events', {
    headers: { authorization: `Bearer ${E2E_INGEST.token}` },
    data: { events: [{ id: 'e2e-ingest-merge-1', type: 'miniprogram_visit', touchpoint: 'miniprogram', occurredAt: paidAt, customer: { externalUserId: CUSTOMER, phone: '13955556666' }, props: { title: '会员中心' } }] },
  })
  expect(await event.json()).toEqual({ accepted: 1, duplicates: 0, rejected: [] })
  await page.reload()
  // The first screen was kept in memory since the first open; the merge moved her revision.
  await expect(sidebar.figureValue('订单数')).toHaveText('2')
  await sidebar.openTab('订单')
  await expect(sidebar.orderSources).toHaveText(['自建商城', '有赞'])
  const trail = await sidebar.openTab('轨迹')
  await expect(trail.getByText('合并客户资料：郑女士（依据：手机号 139****6666、企业微信外部联系人 wmE2eIngest01）')).toBeVisible()
  await expect(trail.getByText('访问小程序 会员中心')).toBeVisible()
  await page.screenshot({ path: 'e2e/.data/test-results/ingest-merged.png' })

  // She deletes 张丽 (hard churn): the relationship ends and her stage becomes 流失.
  await sendCallback('del_follow_user', Math.floor(bffNow() / 1000) - 5)
  await expect(async () => {
    await page.reload()
    await expect(sidebar.stageBadge).toHaveAccessibleName(/^客户阶段：流失/, { timeout: 2000 })
  }).toPass({ timeout: 15_000 })
  // Nobody can message her now: her open tasks for 张丽 are closed.
  await expect(sidebar.tabBadge('任务')).toHaveCount(0)
  await page.screenshot({ path: 'e2e/.data/test-results/ingest-churned.png' })
})
