/**
 * SOP tasks in the product: the sidebar's 任务 tab (send through the WeCom client, cancel, skip),
 * the stage badge, and the workbench's /tasks page. The BFF runs in WeCom mode on a fresh demo
 * database whose clock starts at CLOCK_START (a Friday, 10:30 China time); its journey scheduler
 * plans that morning's tasks on its first pass. The client is emulated at its boundary only
 * (`wxwork/` user agent + `window.WeixinJSBridge`, which records every call).
 */
import { expect, type Page, test } from '@playwright/test'
import type { StageHistoryResponse } from '../bff/contract/journey.ts'
import type { TaskItem, TaskList, TodayTasks } from '../bff/contract/tasks.ts'
import { chinaDayStart } from '../bff/engine/rules/china-time.ts'
import { DAY, HOUR } from '../bff/engine/rules/time-units.ts'
import { useStaffSession, withDb, withWritableDb } from './fixtures/bff.ts'
import { bridgeCalls, installWecomClient, SEND_CANCELLED, WECOM_UA, type WecomClientOptions } from './fixtures/wecom-client.ts'
import { SidebarPage } from './pages/SidebarPage.ts'
import { SidebarTasksTab } from './pages/SidebarTasksTab.ts'
import { TasksPage } from './pages/TasksPage.ts'
import { bffNow, FAKE_WECOM_URL, WECOM_BFF_URL } from './servers.ts'

/** The fixture customers of db/demo/fixtures.ts, all zhangli's. */
const HIGH_VALUE = 'wmDemoHighValue01' // 林晓雯
const NEW_CUSTOMER = 'wmDemoNew01' // 赵小米
const SILENT = 'wmDemoSilent01' // 吴芳
const STAFF = 'zhangli'

test.use({ baseURL: WECOM_BFF_URL, userAgent: WECOM_UA })
// One fake WeCom server holds the OAuth user, and the tests act on one database: run in order.
test.describe.configure({ mode: 'serial' })

/** zhangli's session on the BFF: the oracle for what the UI shows and what it recorded. */
const session = useStaffSession(WECOM_BFF_URL, FAKE_WECOM_URL, STAFF)

async function getJson<T>(path: string): Promise<T> {
  const res = await session.api.get(path)
  expect(res.ok(), `GET ${path}: ${res.status()} ${await res.text()}`).toBe(true)
  return res.json() as Promise<T>
}

async function customerTasks(externalUserId: string): Promise<TaskItem[]> {
  return (await getJson<TaskList>(`/api/customers/${externalUserId}/tasks`)).items
}

async function customerTask(externalUserId: string, id: number): Promise<TaskItem> {
  const task = (await customerTasks(externalUserId)).find(t => t.id === id)
  expect(task, `task ${id} in ${externalUserId}'s list`).toBeDefined()
  return task!
}

/** The one task open for the customer now; the fixture's story says which, so check it. */
async function theDueTask(externalUserId: string, sopName: string, stepName: string): Promise<TaskItem> {
  const open = (await customerTasks(externalUserId)).filter(t => t.status === 'pending' && Date.parse(t.dueAt) <= bffNow())
  expect(open.map(t => `${t.sopName} · ${t.stepName}`), `${externalUserId}'s due tasks`).toEqual([`${sopName} · ${stepName}`])
  return open[0]!
}

/** The browser's clock at about the BFF's, then the sidebar from a 1:1 chat with the customer. */
async function openSidebar(page: Page, externalUserId: string, options?: WecomClientOptions) {
  await page.clock.install({ time: bffNow() })
  await installWecomClient(page, { entry: 'single_chat_tools', externalUserId }, options)
  const sidebar = new SidebarPage(page)
  await sidebar.goto()
  await expect(sidebar.overview).toBeVisible()
  return sidebar
}

/** The task's audit trail, read from the database: what happened, and by whom (null: the system). */
function taskEvents(taskId: number): string[] {
  return withDb(db => db.prepare(`select te.action, s.user_id as who from task_events te
    left join staff s on s.id = te.staff_id where te.task_id = ? order by te.id`).all(taskId) as { action: string, who: string | null }[])
    .map(e => `${e.action} by ${e.who ?? 'system'}`)
}

const label = (t: TaskItem) => t.customer.remark || t.customer.name

/** "11月20日 周五", written independently of the app's formatters. */
function chinaMonthDayWeekday(ms: number): string {
  const parts = Object.fromEntries(new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', month: 'numeric', day: 'numeric', weekday: 'short' })
    .formatToParts(ms).map(p => [p.type, p.value]))
  return `${parts.month}月${parts.day}日 ${parts.weekday}`
}

/** "00:00" in China time. */
function chinaClock(ms: number): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(ms)
}

test.describe('任务 tab in the sidebar', () => {
  test('should open on 任务 with the rendered words and record exactly what was sent when 发送 is tapped', async ({ page }) => {
    // 赵小米 came from the 燕窝 live stream 25 hours ago and claimed the coupon but ordered nothing:
    // the new-customer SOP's 24-hour follow-up, "claimed, not ordered" branch, is due.
    const task = await theDueTask(NEW_CUSTOMER, '新客培育', '24小时跟进·领券未下单')
    expect(task.content.link, 'this branch sends the product link too').not.toBeNull()

    const sidebar = await openSidebar(page, NEW_CUSTOMER)
    const tab = new SidebarTasksTab(page)
    await expect(sidebar.customerName).toContainText('赵小米')
    // Something is due: 任务 is the tab shown first, with the count on it.
    await expect(sidebar.tab('任务')).toHaveAttribute('aria-selected', 'true')
    await expect(sidebar.tabBadge('任务')).toHaveText('1')
    await expect(tab.summary).toContainText('待办 1')

    const card = tab.card('新客培育', '24小时跟进·领券未下单')
    await expect(card).toBeVisible()
    await expect(card).toContainText(task.reason)
    await expect(tab.dueLabel(card)).toContainText('已到期')
    // The words as this customer will read them: her 称呼, the coupon she claimed, the product.
    const words = (await tab.previewText(card).innerText()).trim()
    expect(words).toBe(task.content.text)
    expect(words).toContain('赵女士')
    expect(words).toContain('「新客燕窝立减30元券」')
    expect(words).toContain('即食燕窝 70g×6瓶')
    expect(words).not.toMatch(/\{\{|\}\}/)
    await expect(tab.previewLink(card)).toContainText('即食燕窝 70g×6瓶')
    await expect(tab.previewLink(card)).toHaveAttribute('href', task.content.link!.url)

    await tab.sendButton(card).click()

    // Collapsed to a record of what went out.
    const done = tab.finished('新客培育', '24小时跟进·领券未下单')
    await expect(done).toHaveAttribute('data-status', 'done')
    await expect(done).toContainText(/已发送 · \d\d:\d\d/)
    await expect(card).toHaveCount(0)
    await expect(tab.allDone).toBeVisible()
    await expect(sidebar.tabBadge('任务')).toHaveCount(0)

    // The client got the words, exactly as previewed, then the link card.
    const sends = await bridgeCalls(page, 'sendChatMessage')
    expect(sends.map(c => c.params.msgtype)).toEqual(['text', 'news'])
    expect(sends[0]!.params.text).toEqual({ content: words })
    expect(sends[1]!.params.news).toMatchObject({ title: '即食燕窝 70g×6瓶', link: task.content.link!.url })

    // The server recorded it: after a reload nothing is due (so 画像 opens first) and 任务 shows it done.
    await page.reload()
    await expect(sidebar.customerName).toContainText('赵小米')
    await expect(sidebar.tab('画像')).toHaveAttribute('aria-selected', 'true')
    await expect(sidebar.tabBadge('任务')).toHaveCount(0)
    await sidebar.openTab('任务')
    await expect(done).toHaveAttribute('data-status', 'done')
    await expect(done.locator('.task-done__text')).toHaveText(words)
    await expect(done).toContainText('即食燕窝 70g×6瓶')
    expect(await bridgeCalls(page, 'sendChatMessage'), 'nothing sent again on reload').toEqual([])

    const recorded = await customerTask(NEW_CUSTOMER, task.id)
    expect(recorded.status).toBe('done')
    expect(recorded.completion).toEqual({ method: 'sent', sentText: words })
    expect(recorded.completedAt).not.toBeNull()
    expect(taskEvents(task.id)).toEqual(['created by system', `done by ${STAFF}`])
  })

  test('should leave the task pending and record nothing when the send is cancelled in WeCom', async ({ page }) => {
    // 吴芳 has not been in touch for 120 days: the silent SOP's recall, scaled to her 3 orders.
    const task = await theDueTask(SILENT, '沉默激活', '大额券召回·有过消费')

    const sidebar = await openSidebar(page, SILENT, { answers: { sendChatMessage: SEND_CANCELLED } })
    const tab = new SidebarTasksTab(page)
    await expect(sidebar.customerName).toContainText('吴芳')
    await expect(sidebar.tab('任务')).toHaveAttribute('aria-selected', 'true')
    const card = tab.card('沉默激活', '大额券召回·有过消费')
    await expect(tab.previewText(card)).toHaveText(task.content.text)

    await tab.sendButton(card).click()

    await expect(page.getByText('已取消发送')).toBeVisible()
    // The words were offered and declined; the mini-program card after them was never tried.
    const sends = await bridgeCalls(page, 'sendChatMessage')
    expect(sends.map(c => c.params.msgtype)).toEqual(['text'])
    await expect(card).toBeVisible()
    await expect(tab.sendButton(card)).toHaveText('发送')
    await expect(tab.sendButton(card)).toBeEnabled()
    await expect(sidebar.tabBadge('任务')).toHaveText('1')

    const after = await customerTask(SILENT, task.id)
    expect(after.status).toBe('pending')
    expect(after.completion).toBeNull()
    expect(after.completedAt).toBeNull()
    expect(taskEvents(task.id)).toEqual(['created by system'])
  })

  test('should record the reason and show the task as skipped when it is skipped', async ({ page }) => {
    const task = await theDueTask(SILENT, '沉默激活', '大额券召回·有过消费')

    const sidebar = await openSidebar(page, SILENT)
    const tab = new SidebarTasksTab(page)
    const card = tab.card('沉默激活', '大额券召回·有过消费')
    await expect(card).toBeVisible()

    await tab.skip(card, '客户不需要')

    await expect(page.getByText('已跳过', { exact: true })).toBeVisible()
    const skipped = tab.finished('沉默激活', '大额券召回·有过消费')
    await expect(skipped).toHaveAttribute('data-status', 'skipped')
    await expect(skipped).toContainText('已跳过 · 客户不需要')
    await expect(card).toHaveCount(0)
    await expect(sidebar.tabBadge('任务')).toHaveCount(0)
    expect(await bridgeCalls(page, 'sendChatMessage'), 'a skip sends nothing').toEqual([])

    const after = await customerTask(SILENT, task.id)
    expect(after.status).toBe('skipped')
    expect(after.skipReason).toBe('not_interested')
    expect(after.completion).toBeNull()
    expect(taskEvents(task.id)).toEqual(['created by system', `skipped by ${STAFF}`])
  })
})

test.describe('stage badge', () => {
  test('should show why the customer is in the stage and the stage history when the badge is tapped', async ({ page }) => {
    const { current, history } = await getJson<StageHistoryResponse>(`/api/customers/${HIGH_VALUE}/stage`)
    // 林晓雯: 7 completed orders, ¥2,726 in all — over the 6 orders and ¥1,000 of 高价值.
    expect(current).toMatchObject({ key: 'high_value', name: '高价值' })
    const [orders, spend] = current!.matched
    expect(orders).toBe('7 单')
    expect(spend).toMatch(/^累计 ¥[\d,]+\.\d\d$/)
    expect(Number(spend!.replace(/[^\d.]/g, ''))).toBeGreaterThan(1000)
    expect(history.length).toBeGreaterThan(0)

    const sidebar = await openSidebar(page, HIGH_VALUE)
    await expect(sidebar.customerName).toContainText('林晓雯')
    await expect(sidebar.figureValue('订单数')).toHaveText('7')
    await expect(sidebar.stageBadge).toHaveText('高价值')
    await expect(sidebar.stageBadge).toHaveAccessibleName('客户阶段：高价值，查看原因和历史')

    await sidebar.stageBadge.click()
    const sheet = sidebar.stageSheet
    await expect(sheet).toBeVisible()
    await expect(sheet.getByRole('heading', { name: '客户阶段' })).toBeVisible()
    const entered = Date.parse(current!.enteredAt)
    await expect(sheet).toContainText(chinaDayStart(entered) === chinaDayStart(bffNow())
      ? `今天 ${chinaClock(entered)} 进入`
      : '进入 · 已')
    await expect(sidebar.stageReason).toHaveText(current!.reason)
    await expect(sidebar.stageFacts).toHaveText(current!.matched)

    // The history, newest first: the current visit is open ("至今").
    await expect(sidebar.stageVisits).toHaveCount(history.length)
    const latest = sidebar.stageVisits.first()
    await expect(latest).toContainText('高价值')
    await expect(latest).toContainText(/至今 (\d+天|\d+小时|不到1小时)/)
    await expect(latest).toContainText(history[0]!.reason)
  })
})

test.describe('/tasks from the workbench', () => {
  test('should list today\'s tasks overdue first, grouped by SOP, and open the chat with the customer when a task is tapped', async ({ page }) => {
    // Arrange a task carried over from yesterday. A fresh database has none (the first pass plans
    // from this morning on) and no API moves time back, so move one of them to yesterday 10:00.
    const planned = await getJson<TodayTasks>('/api/tasks/today')
    const carried = planned.items.filter(t => !t.customer.externalUserId.startsWith('wmDemo')).at(-1)
    expect(carried, 'a task for a generated customer').toBeDefined()
    const yesterday10 = chinaDayStart(bffNow()) - DAY + 10 * HOUR
    withWritableDb(db => db.prepare('update tasks set due_at = ? where id = ? and status = \'pending\'').run(yesterday10, carried!.id))

    const list = await getJson<TodayTasks>('/api/tasks/today')
    expect(list.summary.overdue).toBe(1)
    expect(list.items[0]).toMatchObject({ id: carried!.id, overdue: true })
    const open = list.items.filter(t => t.status === 'pending' || t.status === 'snoozed')
    const dueToday = open.filter(t => !t.overdue)
    expect(dueToday).toHaveLength(list.summary.dueToday)
    expect(list.summary.doneToday, 'the send of the 任务 tab test').toBeGreaterThanOrEqual(1)
    // What was handled today comes after the open tasks, so the page can show it after a reload.
    expect(list.items.slice(open.length).every(t => t.status === 'done' || t.status === 'skipped')).toBe(true)
    expect(list.items.filter(t => t.status === 'done')).toHaveLength(list.summary.doneToday)

    await page.clock.install({ time: bffNow() })
    await installWecomClient(page, { entry: 'normal' })
    const tasks = new TasksPage(page)
    await tasks.goto()
    await expect(tasks.heading).toBeVisible()
    await expect(tasks.date).toHaveText(chinaMonthDayWeekday(bffNow()))

    await expect(tasks.stat('逾期')).toHaveText(String(list.summary.overdue))
    await expect(tasks.stat('今日待办')).toHaveText(String(list.summary.dueToday))
    await expect(tasks.stat('今日已完成')).toHaveText(String(list.summary.doneToday))

    // Overdue first, then today's (then, if any, what was finished today).
    const titles = await tasks.sectionTitles()
    expect(titles).toEqual(['已逾期', '今日待办', '今日已处理'])
    const overdue = tasks.section('已逾期')
    const today = tasks.section('今日待办')
    await expect(tasks.rows(page).first()).toHaveAccessibleName(`打开与${label(carried!)}的聊天：${carried!.stepName}`)
    expect(await tasks.groupHeads(overdue)).toEqual([{ name: carried!.sopName, count: 1 }])
    const carriedRow = tasks.row(overdue, label(carried!), carried!.stepName)
    await expect(carriedRow).toContainText('已逾期 1天')

    // Grouped by SOP: each SOP once, in the order of its earliest task, with all of its tasks.
    const expectedGroups: { name: string, count: number }[] = []
    for (const t of dueToday) {
      const group = expectedGroups.find(g => g.name === t.sopName)
      if (group)
        group.count++
      else
        expectedGroups.push({ name: t.sopName, count: 1 })
    }
    expect(expectedGroups.length, 'several SOPs have tasks today').toBeGreaterThan(2)
    expect(await tasks.groupHeads(today)).toEqual(expectedGroups)
    await expect(tasks.rows(today)).toHaveCount(list.summary.dueToday)
    for (const [i, group] of expectedGroups.entries()) {
      const rows = tasks.rows(tasks.groups(today).nth(i))
      await expect(rows).toHaveCount(group.count)
    }

    // Tapping a task opens the 1:1 chat with that customer in WeCom.
    await carriedRow.click()
    await expect.poll(async () => (await bridgeCalls(page, 'openEnterpriseChat')).length).toBe(1)
    const care = dueToday.find(t => t.customer.externalUserId === HIGH_VALUE)
    expect(care, '林晓雯\'s 专属关怀 is due today').toMatchObject({ sopName: '高价值关怀/复购', stepName: '专属关怀' })
    await tasks.row(today, label(care!), care!.stepName).click()
    await expect.poll(async () => (await bridgeCalls(page, 'openEnterpriseChat')).length).toBe(2)

    const opened = await bridgeCalls(page, 'openEnterpriseChat')
    expect(opened[0]!.params).toMatchObject({ externalUserIds: carried!.customer.externalUserId, groupName: '', chatId: '' })
    expect(opened[1]!.params).toMatchObject({ externalUserIds: HIGH_VALUE, groupName: '', chatId: '' })
    // A 1:1 chat: the customer only, no colleagues (a group name or members would make a group).
    expect(opened.map(c => c.params.userIds || '')).toEqual(['', ''])
    await expect(page.getByText(/无法打开与/)).toHaveCount(0)
  })
})
