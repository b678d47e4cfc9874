/**
 * The sidebar inside WeCom: the BFF in real WeCom mode, pointed at the fake WeCom server for
 * the API and the OAuth page. The client is emulated only at its boundary (the `wxwork/` user
 * agent and `window.WeixinJSBridge`); the real @wecom/jssdk, web app and BFF run on top.
 */
import { createHash } from 'node:crypto'
import { mkdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { type APIRequestContext, expect, type Page, request, test } from '@playwright/test'
import { chinaDayNumber } from '../bff/engine/rules/china-time.ts'
import { waitForJourneyPass, WECOM_DB, withDb } from './fixtures/bff.ts'
import { type BridgeCall, bridgeCalls, installWecomClient, WECOM_UA } from './fixtures/wecom-client.ts'
import { SidebarPage } from './pages/SidebarPage.ts'
import { bffNow, E2E_CORP, FAKE_WECOM_URL, WECOM_BFF_URL } from './servers.ts'

const README_SCREENSHOT = fileURLToPath(new URL('../docs/sidebar.png', import.meta.url))

const HIGH_VALUE = 'wmDemoHighValue01'

test.use({ baseURL: WECOM_BFF_URL, userAgent: WECOM_UA })
// One fake WeCom server holds the OAuth user for every test: run them in order.
test.describe.configure({ mode: 'serial' })

let fake: APIRequestContext

test.beforeAll(async () => {
  fake = await request.newContext({ baseURL: FAKE_WECOM_URL })
  await setOAuthUser('zhangli')
  // Which tab opens first depends on the customer's tasks: wait until they are planned.
  await waitForJourneyPass()
})

test.afterAll(async () => {
  await fake.dispose()
})

async function setOAuthUser(userId: string | null) {
  const res = await fake.post('/__control/oauth-user', { data: { userId } })
  expect(res.ok(), await res.text()).toBe(true)
}

async function fakeState(): Promise<{ calls: Record<string, number>, tickets: { corp: string, agent: string } }> {
  const res = await fake.get('/__control/state')
  expect(res.ok()).toBe(true)
  return res.json()
}

function relationAddedAt(staffUserId: string, externalUserId: string): number {
  const row = withDb(db => db.prepare(`
    select sc.first_added_at as at from staff_customers sc
    join staff s on s.id = sc.staff_id
    join customer_identities ci on ci.customer_id = sc.customer_id and ci.kind = 'external_userid'
    where s.user_id = ? and ci.value = ?`).get(staffUserId, externalUserId) as { at: number } | undefined)
  if (!row)
    throw new Error(`no relation ${staffUserId} → ${externalUserId} in ${WECOM_DB}`)
  return row.at
}

function phoneRevealCount(staffUserId: string, externalUserId: string): number {
  return withDb(db => (db.prepare(`
    select count(*) as n from phone_reveals pr
    join staff s on s.id = pr.staff_id
    join customer_identities ci on ci.customer_id = pr.customer_id and ci.kind = 'external_userid'
    where s.user_id = ? and ci.value = ?`).get(staffUserId, externalUserId) as { n: number }).n)
}

/** "2025-10-07 22:58:24" in Asia/Shanghai, written independently of the app's formatters. */
function shanghaiDateTime(ms: number): string {
  const parts = Object.fromEntries(new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(ms).map(p => [p.type, p.value]))
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}:${parts.second}`
}

const digits = (text: string | null) => (text ?? '').replace(/\s+/g, '')

/**
 * Opens the sidebar from a chat, the browser's clock at about the BFF's (CLOCK_START and on), and
 * waits for the OAuth round trip to come back to it.
 */
async function openSidebar(page: Page, chat: { entry: string, externalUserId?: string }) {
  await page.clock.install({ time: bffNow() })
  await installWecomClient(page, chat)
  const sidebar = new SidebarPage(page)
  await sidebar.goto()
  return sidebar
}

test.describe('sidebar in a 1:1 chat', () => {
  test('should sign in through WeCom OAuth and show the customer of the chat when opened from the chat toolbar', async ({ page }) => {
    // Every hop of the redirect chain is a navigation request of its own.
    const visited: string[] = []
    page.on('request', (req) => {
      if (req.isNavigationRequest() && req.frame() === page.mainFrame())
        visited.push(req.url())
    })
    const sidebar = await openSidebar(page, { entry: 'single_chat_tools', externalUserId: HIGH_VALUE })

    await expect(sidebar.customerName).toContainText('林晓雯')
    // The way there: our login → the (fake) WeCom authorize page → our callback → back.
    expect(visited.some(u => u.includes('/api/auth/wecom/login'))).toBe(true)
    expect(visited.some(u => u.startsWith(`${FAKE_WECOM_URL}/connect/oauth2/authorize`))).toBe(true)
    expect(visited.some(u => u.includes('/api/auth/wecom/callback?code='))).toBe(true)
    expect(page.url()).toBe(`${WECOM_BFF_URL}/sidebar#/sidebar`)

    await expect(sidebar.customerName).toContainText('(林姐-燕窝老客)')
    await expect(sidebar.overview).toContainText('金卡')

    // zhangli's own first add, to the second, in Shanghai time; "第N天" counts the first day as 1.
    const addedAt = relationAddedAt('zhangli', HIGH_VALUE)
    const days = chinaDayNumber(bffNow()) - chinaDayNumber(addedAt) + 1
    await expect(sidebar.fact('添加')).toHaveText(new RegExp(`^\\s*${shanghaiDateTime(addedAt)} 添加\\s*第${days}天\\s*$`))
    await expect(sidebar.fact('同时服务')).toHaveText('同时服务：王芳')
    await expect(sidebar.fact('来源渠道')).toContainText('燕窝直播间活码')

    // Masked, and the full number nowhere on the page before it is asked for.
    await expect(sidebar.phoneFact).toContainText('138 **** 1234')
    expect(digits(await sidebar.phoneFact.innerText())).toContain('138****1234')
    expect(digits(await page.locator('body').innerText())).not.toContain('13812341234')

    const orderCount = Number(digits(await sidebar.figureValue('订单数').innerText()))
    expect(orderCount).toBeGreaterThanOrEqual(7)
    // 7 completed orders worth more than ¥1,380 in all.
    const spent = digits(await sidebar.figureValue('累计消费').innerText())
    expect(spent).toMatch(/^¥[\d,.]+万?$/)
    expect(spent.endsWith('万') || Number(spent.replace(/[¥,]/g, '')) > 1380).toBe(true)
    await expect(sidebar.figureValue('客户发消息数')).toHaveText(/^\d+$/)

    // Her 高价值 care task is due this morning, so 任务 is the tab shown first.
    await expect(sidebar.tab('任务')).toHaveAttribute('aria-selected', 'true')

    // Key tags in the header, all of them (grouped) in the 画像 tab.
    await expect(sidebar.keyTags.locator('.van-tag')).toHaveCount(3)
    await expect(sidebar.keyTags.getByRole('button', { name: /全部\d+个标签/ })).toBeVisible()
    const profile = await sidebar.openTab('画像')
    await expect(sidebar.tab('画像')).toHaveAttribute('aria-selected', 'true')
    await expect(profile).toContainText('送礼需求')
    await expect(profile).toContainText('深度阅读')
    await expect(profile).toContainText('加购未支付')
    await expect(profile.getByRole('listitem').filter({ hasText: '王芳' })).toBeVisible()

    if (process.env.UPDATE_SCREENSHOTS === '1') {
      mkdirSync(fileURLToPath(new URL('../docs/', import.meta.url)), { recursive: true })
      await page.evaluate(() => document.fonts.ready)
      await page.screenshot({ path: README_SCREENSHOT, animations: 'disabled', caret: 'hide' })
    }
  })

  test('should sign agentConfig for the page URL with the app ticket of the configured corp and agent', async ({ page }) => {
    const sidebar = await openSidebar(page, { entry: 'single_chat_tools', externalUserId: HIGH_VALUE })
    await expect(sidebar.customerName).toContainText('林晓雯')

    const calls = await bridgeCalls(page)
    const agentConfig = calls.find(c => c.name === 'agentConfig')
    expect(agentConfig, `bridge calls: ${calls.map(c => c.name).join(', ')}`).toBeDefined()
    const p = agentConfig!.params as Record<string, unknown>
    expect(p.corpid).toBe(E2E_CORP.corpId)
    expect(String(p.agentid)).toBe(E2E_CORP.agentId)
    expect(p.jsApiList).toEqual(expect.arrayContaining(['getContext', 'getCurExternalContact']))
    // WeCom ≥ 3.0.24 registers with the app identity only: no corp-level wx.config.
    expect(calls.map(c => c.name)).not.toContain('preVerifyJSAPI')

    const { tickets } = await fakeState()
    expect(tickets.agent).not.toBe('')
    const url = page.url().split('#')[0]
    const expected = createHash('sha1')
      .update(`jsapi_ticket=${tickets.agent}&noncestr=${String(p.nonceStr)}&timestamp=${String(p.timestamp)}&url=${url}`)
      .digest('hex')
    expect(p.signature).toBe(expected)

    // The API calls after it carry the verified identity (the SDK merges it into every call).
    const contactCall = calls.find((c: BridgeCall) => c.name === 'getCurExternalContact')
    expect(contactCall?.params).toMatchObject({ verifySignature: p.signature })
  })

  test('should list the orders with their platform when the 订单 tab is opened', async ({ page }) => {
    const sidebar = await openSidebar(page, { entry: 'single_chat_tools', externalUserId: HIGH_VALUE })
    await expect(sidebar.customerName).toContainText('林晓雯')

    const orders = await sidebar.openTab('订单')
    await expect(sidebar.orders).toHaveCount(7)
    const sources = (await sidebar.orderSources.allInnerTexts()).map(s => s.trim())
    expect(new Set(sources)).toEqual(new Set(['有赞', '天猫', '自建商城']))
    await expect(sidebar.orders.first()).toContainText('已完成')
    await expect(sidebar.orders.first()).toContainText(/实付\s*¥[\d,]+\.\d\d/)
    await expect(sidebar.orders.first()).toContainText(/\d{4}-\d\d-\d\d \d\d:\d\d:\d\d 下单/)
    await expect(orders).toContainText('共 7 笔订单，已全部显示')
  })

  test('should filter the trail by kind and load older events on scroll when the 轨迹 tab is opened', async ({ page }) => {
    const sidebar = await openSidebar(page, { entry: 'single_chat_tools', externalUserId: HIGH_VALUE })
    await expect(sidebar.customerName).toContainText('林晓雯')

    await sidebar.openTab('轨迹')
    await expect(sidebar.trailFilter('全部')).toHaveAttribute('aria-pressed', 'true')
    // The first page (20) came with the sidebar response.
    await expect(sidebar.trailEvents).toHaveCount(20)
    const allKinds = new Set(await sidebar.trailKinds())
    expect(allKinds.has('message_in')).toBe(true)
    expect(allKinds.size).toBeGreaterThan(3)

    await sidebar.trailFilter('文章').click()
    await expect(sidebar.trailFilter('文章')).toHaveAttribute('aria-pressed', 'true')
    await expect(sidebar.trailEvents).toHaveCount(3)
    expect(new Set(await sidebar.trailKinds())).toEqual(new Set(['article_read']))
    const deepRead = sidebar.trailEvents.filter({ hasText: '燕窝怎么吃才有效？' })
    await expect(deepRead).toContainText('12分38秒')
    await expect(deepRead).toContainText('深度阅读')

    await sidebar.trailFilter('加购').click()
    await expect(sidebar.trailEvents).toHaveCount(1)
    await expect(sidebar.trailEvents.first()).toHaveAttribute('data-kind', 'cart_add')
    await expect(sidebar.trailEvents.first()).toContainText('加购意向')

    await sidebar.trailFilter('全部').click()
    await expect(sidebar.trailEvents).toHaveCount(20)

    // Scrolling to the end pages on until the first event ever, without repeating a page.
    await sidebar.scrollTrailToEnd()
    await expect.poll(() => sidebar.trailEvents.count()).toBeGreaterThan(20)
    for (let i = 0; i < 5 && !(await sidebar.trailEnd.isVisible()); i++)
      await sidebar.scrollTrailToEnd()
    await expect(sidebar.trailEnd).toBeVisible()
    const keys = await sidebar.trailKeys()
    expect(keys.length).toBeGreaterThan(40)
    expect(new Set(keys).size).toBe(keys.length)
    // The oldest event is zhangli's welcome message on the day she added the customer.
    await expect(sidebar.trailEvents.last()).toHaveAttribute('data-kind', 'message_out')
    await expect(sidebar.trailEvents.last()).toContainText('张丽')
  })

  test('should show the full phone number and record the reveal when the staff member confirms', async ({ page }) => {
    const sidebar = await openSidebar(page, { entry: 'single_chat_tools', externalUserId: HIGH_VALUE })
    await expect(sidebar.customerName).toContainText('林晓雯')
    const revealsBefore = phoneRevealCount('zhangli', HIGH_VALUE)

    // Cancelling reveals nothing.
    await sidebar.revealPhoneButton.click()
    await expect(sidebar.revealDialog).toBeVisible()
    await expect(sidebar.revealDialog).toContainText('查看完整手机号将被记录')
    await sidebar.revealDialog.getByRole('button', { name: '取消' }).click()
    await expect(sidebar.revealDialog).toBeHidden()
    await expect(sidebar.revealedPhone).toHaveCount(0)

    await sidebar.revealPhone()
    await expect(sidebar.revealDialog).toBeHidden()
    await expect(sidebar.revealedPhone).toBeVisible()
    expect(digits(await sidebar.revealedPhone.innerText())).toBe('13812341234')
    await expect(sidebar.revealPhoneButton).toHaveCount(0)
    expect(phoneRevealCount('zhangli', HIGH_VALUE)).toBe(revealsBefore + 1)
  })
})

test.describe('sidebar without a customer to show', () => {
  test('should explain the sidebar is for 1:1 chats when opened from a group chat', async ({ page }) => {
    const sidebar = await openSidebar(page, { entry: 'group_chat_tools' })
    await expect(sidebar.noticeTitle).toHaveText('请在与客户的单聊中打开侧边栏')
    await expect(sidebar.notice).toContainText('在群聊中无法确定是哪位客户')
    await expect(sidebar.overview).toHaveCount(0)
    const names = (await bridgeCalls(page)).map(c => c.name)
    expect(names).toContain('getCurExternalChat')
    expect(names).not.toContain('getCurExternalContact')
  })

  test('should explain the sidebar is for 1:1 chats when opened from the workbench', async ({ page }) => {
    const sidebar = await openSidebar(page, { entry: 'normal' })
    await expect(sidebar.noticeTitle).toHaveText('请在与客户的单聊中打开侧边栏')
    await expect(sidebar.notice).toContainText('当前从「工作台」打开')
    await expect(sidebar.overview).toHaveCount(0)
  })

  test('should say the customer is not in the system yet when the contact is unknown', async ({ page }) => {
    const sidebar = await openSidebar(page, { entry: 'single_chat_tools', externalUserId: 'wmNotInSystem0001' })
    await expect(sidebar.noticeTitle).toHaveText('系统里还没有这位客户的资料')
    await expect(sidebar.notice).toContainText('刚添加的客户请稍后刷新')
    await expect(sidebar.notice.getByRole('button', { name: '刷新' })).toBeVisible()
    await expect(sidebar.overview).toHaveCount(0)
  })

  test('should not show another staff member\'s customer', async ({ page }) => {
    const sidebar = await openSidebar(page, { entry: 'single_chat_tools', externalUserId: 'wmDemoOther01' })
    await expect(sidebar.noticeTitle).toHaveText('这位客户不在你的客户列表中')
    await expect(sidebar.notice).toContainText('请联系主管分配')
    await expect(sidebar.overview).toHaveCount(0)
    await expect(page.getByText('周婷')).toHaveCount(0)
  })

  test('should show an error with 重试 when the BFF is unreachable, and the customer after retrying', async ({ page }) => {
    await page.route('**/api/sidebar/**', route => route.abort())
    const sidebar = await openSidebar(page, { entry: 'single_chat_tools', externalUserId: HIGH_VALUE })
    await expect(sidebar.error).toContainText('连接中断')
    await expect(sidebar.retryButton).toBeVisible()
    await expect(sidebar.overview).toHaveCount(0)

    await page.unroute('**/api/sidebar/**')
    await sidebar.retryButton.click()
    await expect(sidebar.customerName).toContainText('林晓雯')
    await expect(sidebar.error).toHaveCount(0)
  })
})
