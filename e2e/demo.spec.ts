/**
 * The demo: the BFF in demo mode and a plain mobile browser, no WeCom anywhere. The app's own
 * emulator must play the WeCom client, so nothing is injected here.
 */
import { expect, test } from '@playwright/test'
import { DemoPage } from './pages/DemoPage.ts'
import { SidebarPage } from './pages/SidebarPage.ts'
import { bffNow, DEMO_BFF_URL } from './servers.ts'

/** An ordinary Android Chrome: no `wxwork/` in it. */
const PHONE_CHROME_UA = 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Mobile Safari/537.36'

test.use({ baseURL: DEMO_BFF_URL, userAgent: PHONE_CHROME_UA })

test.describe('demo client', () => {
  test.beforeEach(async ({ page }) => {
    // The demo BFF's clock starts at CLOCK_START too: the browser's follows it.
    await page.clock.install({ time: bffNow() })
    const sidebar = new SidebarPage(page)
    await sidebar.goto()
    // No staff member chosen yet: the sidebar sends us to the demo client.
    await expect(page).toHaveURL(/\/sidebar#\/demo$/)
    const demo = new DemoPage(page)
    await expect(demo.title).toBeVisible()
    await expect(demo.staffStep).toBeVisible()
    // No WeCom bridge was injected: whatever answers the SDK is the app's own emulator.
    expect(await page.evaluate(() => '__bridgeCalls' in window)).toBe(false)
    await demo.chooseStaff('张丽')
    await expect(demo.chatStep).toBeVisible()
    await expect(demo.chatStep).toContainText('当前身份：张丽')
  })

  test('should open the sidebar for the chosen customer when a staff member and a chat are chosen', async ({ page }) => {
    const demo = new DemoPage(page)
    await demo.searchCustomer('林晓雯')
    const fixture = demo.customer('林晓雯', '林姐-燕窝老客')
    await expect(fixture).toBeVisible()
    await expect(fixture).toContainText('138****1234')
    // The search narrowed the list: every row left is a 林晓雯.
    const rows = await demo.customers.allInnerTexts()
    expect(rows.length).toBeGreaterThan(0)
    expect(rows.every(text => text.includes('林晓雯'))).toBe(true)
    await fixture.click()

    const sidebar = new SidebarPage(page)
    await expect(page).toHaveURL(`${DEMO_BFF_URL}/sidebar#/sidebar`)
    await expect(sidebar.customerName).toContainText('林晓雯')
    await expect(sidebar.customerName).toContainText('(林姐-燕窝老客)')
    await expect(sidebar.fact('同时服务')).toHaveText('同时服务：王芳')
    await expect(sidebar.demoBar).toContainText('张丽')
    await expect(sidebar.demoBar).toContainText('林姐-燕窝老客')
    expect(Number(await sidebar.figureValue('订单数').innerText())).toBeGreaterThanOrEqual(7)
  })

  test('should explain the sidebar is for 1:1 chats when the group chat is chosen', async ({ page }) => {
    const demo = new DemoPage(page)
    await demo.groupChatEntry.click()

    const sidebar = new SidebarPage(page)
    await expect(page).toHaveURL(`${DEMO_BFF_URL}/sidebar#/sidebar`)
    await expect(sidebar.noticeTitle).toHaveText('请在与客户的单聊中打开侧边栏')
    await expect(sidebar.notice).toContainText('在群聊中无法确定是哪位客户')
    await expect(sidebar.overview).toHaveCount(0)
    await expect(sidebar.demoBar).toContainText('演示客户群')
  })
})
