import type { Locator, Page } from '@playwright/test'

/**
 * The demo WeCom client (`#/demo`, web/src/features/demo/**): step 1 picks a staff member,
 * step 2 a chat; opening a chat loads `/sidebar` afresh on the emulated client.
 */
export class DemoPage {
  readonly title: Locator
  readonly staffStep: Locator
  readonly chatStep: Locator
  readonly customerSearch: Locator
  readonly groupChatEntry: Locator
  readonly workbenchEntry: Locator

  constructor(readonly page: Page) {
    this.title = page.getByRole('heading', { name: '演示：企业微信客户端' })
    this.staffStep = page.getByRole('region', { name: '第 1 步：你是谁？' })
    this.chatStep = page.getByRole('region', { name: '第 2 步：打开哪个聊天？' })
    this.customerSearch = this.chatStep.getByPlaceholder('搜索姓名、备注或手机尾号')
    this.groupChatEntry = this.chatStep.getByRole('button', { name: /打开群聊/ })
    this.workbenchEntry = this.chatStep.getByRole('button', { name: /从工作台打开/ })
  }

  /** A staff member's row in step 1 (a clickable van-cell, so a button). */
  staff(name: string): Locator {
    return this.staffStep.getByRole('button').filter({ hasText: name })
  }

  /** The rows of step 2's customer list. */
  get customers(): Locator {
    return this.chatStep.getByRole('feed').getByRole('button')
  }

  /**
   * A customer's row in step 2's list: the title is the name, the label the remark and phone.
   * Names repeat among the generated customers, so pass the remark to pick one.
   */
  customer(name: string, remark?: string): Locator {
    const rows = this.customers.filter({ hasText: name })
    return remark ? rows.filter({ hasText: `备注：${remark}` }) : rows
  }

  async chooseStaff(name: string) {
    await this.staff(name).click()
  }

  async searchCustomer(text: string) {
    await this.customerSearch.fill(text)
    await this.customerSearch.press('Enter')
  }
}
