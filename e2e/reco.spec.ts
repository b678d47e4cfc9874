/**
 * The 推荐 tab: coupons the customer holds (with the one lapsing tomorrow and its reminder),
 * coupons and products picked for them with the reason, and one-tap sends through the WeCom
 * client, recorded by the BFF. The client is emulated at its boundary only (`wxwork/` user agent
 * + `window.WeixinJSBridge`, which records every call); the API is the oracle for what is shown.
 */
import { mkdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { expect, type Page, test } from '@playwright/test'
import type { RecoResponse } from '../bff/contract/reco.ts'
import { useStaffSession, withDb } from './fixtures/bff.ts'
import { bridgeCalls, installWecomClient, SEND_CANCELLED, WECOM_UA, type WecomClientOptions } from './fixtures/wecom-client.ts'
import { SidebarPage } from './pages/SidebarPage.ts'
import { SidebarRecoTab } from './pages/SidebarRecoTab.ts'
import { bffNow, FAKE_WECOM_URL, WECOM_BFF_URL } from './servers.ts'

const HIGH_VALUE = 'wmDemoHighValue01' // 林晓雯: holds 满599减120, lapsing tomorrow morning
const SILENT = 'wmDemoSilent01' // 吴芳: silent for 120 days
const STAFF = 'zhangli'
const SCREENSHOT = fileURLToPath(new URL('../docs/reco.png', import.meta.url))

test.use({ baseURL: WECOM_BFF_URL, userAgent: WECOM_UA })
test.describe.configure({ mode: 'serial' })

const session = useStaffSession(WECOM_BFF_URL, FAKE_WECOM_URL, STAFF)

async function recommendations(externalUserId: string): Promise<RecoResponse> {
  const res = await session.api.get(`/api/customers/${externalUserId}/recommendations`)
  expect(res.ok(), await res.text()).toBe(true)
  return res.json() as Promise<RecoResponse>
}

/** The sidebar for the customer, without opening 推荐: its requests to /recommendations are counted. */
async function openSidebar(page: Page, externalUserId: string, options?: WecomClientOptions) {
  await page.clock.install({ time: bffNow() })
  await installWecomClient(page, { entry: 'single_chat_tools', externalUserId }, options)
  const recoRequests: string[] = []
  page.on('request', (r) => {
    if (r.url().includes('/recommendations'))
      recoRequests.push(r.url())
  })
  const sidebar = new SidebarPage(page)
  await sidebar.goto()
  await expect(sidebar.overview).toBeVisible()
  return { sidebar, tab: new SidebarRecoTab(page), recoRequests }
}

function chatSends(): { staff: string, customer: string, kind: string, refId: number, payload: unknown }[] {
  return withDb(db => db.prepare(`select s.user_id as staff, c.name as customer, cs.kind, cs.ref_id as refId, cs.payload
    from chat_sends cs join staff s on s.id = cs.staff_id join customers c on c.id = cs.customer_id order by cs.id`).all() as { staff: string, customer: string, kind: string, refId: number, payload: string }[])
    .map(r => ({ ...r, payload: JSON.parse(r.payload) as unknown }))
}

test.describe('推荐 tab in the sidebar', () => {
  test('should load when opened and show her coupons, the one lapsing tomorrow, and picks with their reasons', async ({ page }) => {
    const expected = await recommendations(HIGH_VALUE)
    const { sidebar, tab, recoRequests } = await openSidebar(page, HIGH_VALUE)
    await expect(sidebar.customerName).toContainText('林晓雯')
    expect(recoRequests, 'not part of the first screen').toEqual([])

    await sidebar.openTab('推荐')
    await expect(tab.couponSection).toBeVisible()
    expect(recoRequests.length).toBe(1)

    const expiring = tab.held('满599减120')
    await expect(expiring).toHaveAttribute('data-status', 'claimed')
    await expect(tab.expiryWarning(expiring)).toHaveText(/^明天 06:\d\d 到期$/)
    await expect(tab.sendButton(expiring)).toHaveText(/提醒$/)
    await expect(tab.heldSection).toContainText('1 张即将到期')

    await expect(tab.coupons()).toHaveCount(expected.coupons.length)
    for (const [i, c] of expected.coupons.entries()) {
      const card = tab.coupons().nth(i)
      await expect(card).toHaveAttribute('aria-label', c.name)
      await expect(tab.reason(card)).toHaveText(c.reason)
    }
    await expect(tab.coupon('满599减120'), 'she holds one unused: not offered again').toHaveCount(0)
    await expect(tab.products()).toHaveCount(expected.products.length)
    for (const [i, p] of expected.products.entries())
      await expect(tab.reason(tab.products().nth(i))).toHaveText(p.reason)

    if (process.env.UPDATE_SCREENSHOTS === '1') {
      mkdirSync(fileURLToPath(new URL('../docs/', import.meta.url)), { recursive: true })
      await page.evaluate(() => document.fonts.ready)
      const top = await page.evaluate(() => document.querySelector('.sidebar-tabs')!.getBoundingClientRect().top + window.scrollY)
      const height = await page.evaluate(() => document.documentElement.scrollHeight)
      await page.screenshot({ path: SCREENSHOT, fullPage: true, clip: { x: 0, y: top, width: 375, height: Math.min(height - top, 1500) }, animations: 'disabled', caret: 'hide' })
    }
  })

  test('should send a coupon into the chat with its claim link and record who sent what to whom', async ({ page }) => {
    const before = chatSends().length
    const { coupons } = await recommendations(SILENT)
    const coupon = coupons[0]!
    expect(coupon.reason).toContain('沉默')

    const { sidebar, tab } = await openSidebar(page, SILENT)
    await sidebar.openTab('推荐')
    const card = tab.coupon(coupon.name)
    await expect(tab.reason(card)).toHaveText(coupon.reason)
    await tab.sendButton(card).click()
    await expect(page.getByText('优惠券已发送')).toBeVisible()

    // The client got exactly the card the API offered: a news card with the claim link.
    const sends = await bridgeCalls(page, 'sendChatMessage')
    expect(sends.map(c => [c.params.msgtype, c.params.news])).toEqual([['news', coupon.message.news]])
    expect(coupon.message.news!.link).toMatch(/\/coupon\/claim\?tpl=.+&s=zhangli$/)

    // Recorded: the send, and the coupon issued to her, linked to it.
    const recorded = chatSends()
    expect(recorded.length).toBe(before + 1)
    expect(recorded.at(-1)).toEqual({ staff: STAFF, customer: '吴芳', kind: 'coupon', refId: coupon.templateId, payload: coupon.message })
    const issued = withDb(db => db.prepare(`select cc.status, cs.kind from customer_coupons cc join chat_sends cs on cs.id = cc.send_id
      where cc.template_id = ? and cs.customer_id = cc.customer_id order by cc.id desc limit 1`).get(coupon.templateId))
    expect(issued).toEqual({ status: 'issued', kind: 'coupon' })

    // The tab reloads: she now holds it, and it is no longer offered.
    await expect(tab.held(coupon.name)).toHaveAttribute('data-status', 'issued')
    await expect(card).toHaveCount(0)
  })

  test('should record nothing when the send is cancelled in WeCom', async ({ page }) => {
    const before = chatSends().length
    const { products } = await recommendations(SILENT)
    const { sidebar, tab } = await openSidebar(page, SILENT, { answers: { sendChatMessage: SEND_CANCELLED } })
    await sidebar.openTab('推荐')
    const card = tab.products().first()
    await expect(card).toHaveAttribute('aria-label', products[0]!.name)
    await tab.sendButton(card).click()
    await expect(page.getByText('已取消发送')).toBeVisible()
    expect((await bridgeCalls(page, 'sendChatMessage')).length).toBe(1)
    await expect(tab.sendButton(card)).toHaveText(/发送$/)
    expect(chatSends().length).toBe(before)
  })

  test('should send a reminder for the coupon lapsing tomorrow and show it was sent', async ({ page }) => {
    const { held } = await recommendations(HIGH_VALUE)
    const expiring = held.find(h => h.expiringSoon)!
    const { sidebar, tab } = await openSidebar(page, HIGH_VALUE)
    await sidebar.openTab('推荐')
    const row = tab.held('满599减120')
    await tab.sendButton(row).click()
    await expect(page.getByText('已发送到期提醒')).toBeVisible()
    const sends = await bridgeCalls(page, 'sendChatMessage')
    expect(sends.map(c => [c.params.msgtype, c.params.news])).toEqual([['news', expiring.reminder!.news]])
    expect(expiring.reminder!.news!.title).toMatch(/^您的「满599减120」将于11月21日 06:\d\d到期$/)
    await expect(row).toContainText(/今天 \d\d:\d\d 已提醒/)
    expect(chatSends().at(-1)).toMatchObject({ staff: STAFF, customer: '林晓雯', kind: 'coupon_reminder', refId: expiring.id })
  })
})
