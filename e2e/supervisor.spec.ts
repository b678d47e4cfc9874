/**
 * The supervisor's page (/supervisor) at a phone viewport, on the WeCom-mode BFF (sign-in through
 * the fake WeCom OAuth, nudges through the fake WeCom app message API) and once on the demo BFF
 * (the demo client's link for supervisors). Demo data: 刘强 (liuqiang) leads 华东一部, 徐明
 * (xuming) leads 华东二部, 张丽 (zhangli) leads nothing. The API, signed in as the same member, is
 * the oracle for the figures; the fake WeCom server's record of messages for the nudges.
 */
import { fileURLToPath } from 'node:url'
import { type APIRequestContext, expect, type Page, request, test } from '@playwright/test'
import type { NudgeResult, SupervisorStaffDetail, SupervisorSummary } from '../bff/contract/supervisor.ts'
import { signedInApi, waitForJourneyPass, withDb } from './fixtures/bff.ts'
import { installWecomClient, WECOM_UA } from './fixtures/wecom-client.ts'
import { DemoPage } from './pages/DemoPage.ts'
import { SupervisorPage, SupervisorStaffPage } from './pages/SupervisorPage.ts'
import { DEMO_BFF_URL, FAKE_WECOM_URL, WECOM_BFF_URL } from './servers.ts'

test.describe.configure({ mode: 'serial' })

/** The database the demo-mode BFF filled at start (see playwright.config.ts). */
const DEMO_DB = fileURLToPath(new URL('./.data/demo.db', import.meta.url))

let fake: APIRequestContext
const apis = new Map<string, APIRequestContext>()

async function signInAs(userId: string) {
  const res = await fake.post('/__control/oauth-user', { data: { userId } })
  expect(res.ok(), await res.text()).toBe(true)
}

/** The BFF's API signed in as `userId` (kept for the whole file). */
async function apiAs(userId: string): Promise<APIRequestContext> {
  let api = apis.get(userId)
  if (!api) {
    await signInAs(userId)
    api = await signedInApi(WECOM_BFF_URL, userId)
    apis.set(userId, api)
  }
  return api
}

async function getJson<T>(userId: string, path: string): Promise<T> {
  const res = await (await apiAs(userId)).get(path)
  expect(res.ok(), `GET ${path} as ${userId}: ${res.status()} ${await res.text()}`).toBe(true)
  return res.json() as Promise<T>
}

/** Opens /supervisor in the WeCom client as `userId` (through the WeCom OAuth login). */
async function openAs(page: Page, userId: string, hash = '') {
  await signInAs(userId)
  await installWecomClient(page, { entry: 'normal' })
  await page.goto(`/supervisor${hash}`)
}

const pct = (rate: number | null) => (rate === null ? '—' : `${Math.round(rate * 100)}%`)
const staffOfDepartment = (departmentId: number) => withDb(db => db.prepare('select id, user_id as userId, name from staff where department_id = ? and active = 1 order by id').all(departmentId) as { id: number, userId: string, name: string }[])

test.describe('supervisor page (WeCom)', () => {
  test.use({ baseURL: WECOM_BFF_URL, userAgent: WECOM_UA })

  test.beforeAll(async () => {
    fake = await request.newContext({ baseURL: FAKE_WECOM_URL })
    await waitForJourneyPass()
  })

  test.afterAll(async () => {
    for (const api of apis.values()) await api.dispose()
    await fake?.dispose()
  })

  test('should show a supervisor their department\'s figures and let them drill down to a member and a customer', async ({ page }) => {
    const summary = await getJson<SupervisorSummary>('liuqiang', '/api/supervisor/summary?period=7d')
    expect(summary.department.name).toBe('华东一部')
    const team = staffOfDepartment(2)
    expect(summary.leaderboard.map(r => r.userId).sort()).toEqual(team.map(s => s.userId).sort())

    await openAs(page, 'liuqiang')
    const sv = new SupervisorPage(page)
    await expect(sv.heading).toBeVisible()
    await expect(page.getByText('华东一部', { exact: true })).toBeVisible()
    await expect(sv.period('近7天')).toHaveAttribute('aria-checked', 'true')
    await expect(sv.figure('due')).toHaveText(String(summary.headline.current.due))
    await expect(sv.figure('done')).toHaveText(String(summary.headline.current.done))
    await expect(sv.figure('rate')).toHaveText(pct(summary.headline.current.rate))
    await expect(sv.figure('overdue')).toHaveText(String(summary.headline.overdueNow))
    await expect(sv.leaderboard.getByRole('button')).toHaveCount(team.length)
    expect(await sv.memberNames()).toEqual(summary.leaderboard.map(r => r.name))
    // The charts arrive in their own chunk.
    await expect(sv.charts.locator('canvas')).toHaveCount(3, { timeout: 15_000 })
    await expect(sv.sops.getByText('新客培育')).toBeVisible()

    // Another period reloads the figures.
    const month = await getJson<SupervisorSummary>('liuqiang', '/api/supervisor/summary?period=30d')
    await sv.period('近30天').click()
    await expect(sv.figure('due')).toHaveText(String(month.headline.current.due))

    // Drill down: the member with the most overdue tasks → their overdue tasks → a customer.
    const behind = summary.leaderboard.reduce((a, b) => (b.overdueNow > a.overdueNow ? b : a))
    expect(behind.overdueNow, 'the demo history leaves someone overdue').toBeGreaterThan(0)
    const detail = await getJson<SupervisorStaffDetail>('liuqiang', `/api/supervisor/staff/${behind.staffId}?period=30d`)
    await sv.member(behind.name).click()
    const staffPage = new SupervisorStaffPage(page)
    await expect(staffPage.heading(behind.name)).toBeVisible()
    await expect(staffPage.overdueFigure).toHaveText(String(detail.overdueNow))
    await expect(staffPage.tab('逾期')).toHaveText(`逾期 ${detail.overdue.length}`)
    await expect(staffPage.taskRows()).toHaveCount(detail.overdue.length)
    await staffPage.tab('跳过').click()
    await expect(staffPage.taskRows()).toHaveCount(detail.skipped.length)
    if (detail.skipped[0]?.skipReason)
      await expect(staffPage.taskRows().first()).toContainText('跳过原因：')
    await staffPage.tab('逾期').click()
    const first = detail.overdue[0]!
    await staffPage.taskRows().first().click()
    await expect(page.getByRole('heading', { level: 1, name: new RegExp(`^${first.customer.name}`) })).toBeVisible()
    await expect(page.getByText('主管只读视图')).toBeVisible()
    await page.getByRole('button', { name: '返回' }).click()
    await expect(staffPage.heading(behind.name)).toBeVisible()
  })

  test('should not show a department to the supervisor of another', async ({ page }) => {
    const east1 = staffOfDepartment(2)
    const summary = await getJson<SupervisorSummary>('xuming', '/api/supervisor/summary')
    expect(summary.department.name).toBe('华东二部')
    const xuming = await apiAs('xuming')
    expect((await xuming.get('/api/supervisor/summary?departmentId=2')).status()).toBe(404)
    const zhaomin = east1.find(s => s.userId === 'zhaomin')!
    expect((await xuming.get(`/api/supervisor/staff/${zhaomin.id}`)).status()).toBe(404)
    expect((await xuming.post(`/api/supervisor/staff/${zhaomin.id}/nudge`, { data: { idempotencyKey: 'nudge-outside-scope' } })).status()).toBe(404)

    await openAs(page, 'xuming')
    const sv = new SupervisorPage(page)
    await expect(page.getByText('华东二部', { exact: true })).toBeVisible()
    await expect(sv.leaderboard.getByRole('button')).toHaveCount(summary.leaderboard.length)
    const names = await sv.memberNames()
    for (const s of east1) expect(names).not.toContain(s.name)
    await expect(sv.unanswered).not.toContainText(east1[0]!.name)

    // Even with the address of 华东一部's member typed in.
    await page.goto(`/supervisor#/supervisor/staff/${zhaomin.id}`)
    await expect(new SupervisorStaffPage(page).error).toContainText('该成员不存在，或不在你的管辖范围内')
    await expect(page.getByText('赵敏')).toHaveCount(0)
  })

  test('should tell a staff member who leads no department that the page is not theirs', async ({ page }) => {
    const res = await (await apiAs('zhangli')).get('/api/supervisor/summary')
    expect(res.status()).toBe(403)
    await openAs(page, 'zhangli')
    const sv = new SupervisorPage(page)
    await expect(sv.refused).toBeVisible()
    await expect(sv.refused).toContainText('主管看板仅对部门负责人开放')
    await expect(sv.headline).toHaveCount(0)
  })

  test('should nudge a member through WeCom, at most 3 times a day, and refuse the fourth with a clear message', async ({ page }) => {
    const summary = await getJson<SupervisorSummary>('liuqiang', '/api/supervisor/summary')
    const target = summary.leaderboard.filter(r => r.overdueNow > 0).at(-1)!
    const sentTo = async () => ((await (await fake.get('/__control/messages')).json()) as { messages: { touser: string, content: string }[] }).messages.filter(m => m.touser === target.userId)
    const recorded = () => withDb(db => db.prepare('select channel, day, wecom_msg_id as msgId from nudges where to_staff_id = ? order by id').all(target.staffId) as { channel: string, day: string, msgId: string | null }[])
    expect(recorded()).toEqual([])

    await openAs(page, 'liuqiang', `#/supervisor/staff/${target.staffId}`)
    const staffPage = new SupervisorStaffPage(page)
    await expect(staffPage.heading(target.name)).toBeVisible()
    await expect(staffPage.nudgeStatus).toHaveText('今天已提醒 0 次，还可提醒 3 次（每人每天最多 3 次）')
    await staffPage.nudgeButton.click()
    await staffPage.confirm.click()
    await expect(page.getByText('已通过企业微信提醒')).toBeVisible()
    await expect(staffPage.nudgeStatus).toHaveText('今天已提醒 1 次，还可提醒 2 次（每人每天最多 3 次）')
    const messages = await sentTo()
    expect(messages).toHaveLength(1)
    expect(messages[0]!.content).toContain(`刘强提醒你：你有 ${target.overdueNow} 个逾期任务还没处理`)
    expect(recorded()).toEqual([expect.objectContaining({ channel: 'wecom', day: '2026-11-20', msgId: expect.stringMatching(/^msg-/) })])

    // Two more from elsewhere (the API) while this page still says one is left…
    const api = await apiAs('liuqiang')
    for (let i = 0; i < 2; i++) {
      const res = await api.post(`/api/supervisor/staff/${target.staffId}/nudge`, { data: { idempotencyKey: `nudge-e2e-${i}` } })
      expect(res.ok(), await res.text()).toBe(true)
      expect((await res.json() as NudgeResult).today).toBe(i + 2)
    }
    // A retried request (same key) answers with its nudge and sends nothing more.
    const retried = await api.post(`/api/supervisor/staff/${target.staffId}/nudge`, { data: { idempotencyKey: 'nudge-e2e-1' } })
    expect((await retried.json() as NudgeResult).today).toBe(3)
    // …so the fourth, tapped here, is refused by the BFF and the page says why.
    await staffPage.nudgeButton.click()
    await staffPage.confirm.click()
    await expect(page.getByText(`今天已提醒${target.name} 3 次，每人每天最多提醒 3 次，请明天再试`)).toBeVisible()
    await expect(staffPage.nudgeStatus).toHaveText('今天已提醒 3 次，已达每人每天 3 次的上限，明天再试')
    await expect(staffPage.nudgeButton).toBeDisabled()
    expect(await sentTo()).toHaveLength(3)
    expect(recorded()).toHaveLength(3)
    const fourth = await api.post(`/api/supervisor/staff/${target.staffId}/nudge`, { data: { idempotencyKey: 'nudge-e2e-4th' } })
    expect(fourth.status()).toBe(429)
    expect(await fourth.json()).toMatchObject({ code: 'nudge_limit' })
  })
})

test.describe('supervisor page (demo client)', () => {
  const PHONE_CHROME_UA = 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Mobile Safari/537.36'
  test.use({ baseURL: DEMO_BFF_URL, userAgent: PHONE_CHROME_UA })

  test('should let the demo user open the supervisor page as 刘强 and record a nudge', async ({ page }) => {
    await page.goto('/demo')
    const demo = new DemoPage(page)
    await demo.chooseStaff('刘强')
    await expect(demo.chatStep).toBeVisible()
    await demo.chatStep.getByRole('button', { name: /主管看板/ }).click()
    const sv = new SupervisorPage(page)
    await expect(sv.heading).toBeVisible()
    await expect(page.getByText('华东一部', { exact: true })).toBeVisible()
    await expect(sv.leaderboard.getByRole('button')).toHaveCount(staffOfDepartment(2).length)

    const behind = sv.leaderboard.getByRole('button', { name: /逾期 [1-9]/ }).first()
    await behind.click()
    const staffPage = new SupervisorStaffPage(page)
    await staffPage.nudgeButton.click()
    await staffPage.confirm.click()
    await expect(page.getByText('已记录提醒（演示模式）')).toBeVisible()
    await expect(staffPage.nudgeStatus).toContainText('今天已提醒 1 次')
    const channels = withDb(db => db.prepare('select channel from nudges').pluck().all(), DEMO_DB)
    expect(channels).toEqual(['recorded'])
  })
})
