import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { stubFetch } from '@/api/testing/fetch-stub'

vi.mock('@/router', () => ({ router: { push: vi.fn() } }))

const ZHANGLI = { userId: 'zhangli', name: '张丽', avatar: null, position: '企微管家', departmentId: 2, departmentName: '华东一部', role: 'staff', customerCount: 226 }
const LIUQIANG = { ...ZHANGLI, userId: 'liuqiang', name: '刘强', position: '店长', role: 'supervisor', customerCount: 74 }
const UNAUTHORIZED = { status: 401, body: { statusCode: 401, error: 'Unauthorized', message: '请先登录' } }

async function mountPage() {
  vi.resetModules()
  setActivePinia(createPinia())
  const { default: DemoPage } = await import('./DemoPage.vue')
  const wrapper = mount(DemoPage)
  await flushPromises()
  return wrapper
}

beforeEach(() => {
  localStorage.clear()
})
afterEach(() => {
  vi.unstubAllGlobals()
})

describe('DemoPage', () => {
  it('should say the demo client is unavailable in wecom mode', async () => {
    const { calls } = stubFetch({ 'GET /api/config': { body: { mode: 'wecom', corpId: 'c', agentId: '1' } }, 'GET /api/me': UNAUTHORIZED })
    const wrapper = await mountPage()
    expect(wrapper.text()).toContain('演示客户端不可用')
    expect(calls.some(c => c.url.pathname === '/api/auth/demo/staff')).toBe(false)
  })

  it('should list staff by department with role and customer count, then sign in and move to step 2', async () => {
    const { calls } = stubFetch({
      'GET /api/config': { body: { mode: 'demo', corpId: 'c', agentId: '1' } },
      'GET /api/me': UNAUTHORIZED,
      'GET /api/auth/demo/staff': { body: [ZHANGLI, LIUQIANG] },
      'POST /api/auth/demo': { body: ZHANGLI },
      'GET /api/customers': { body: { items: [], nextCursor: null } },
    })
    const wrapper = await mountPage()
    expect(wrapper.text()).toContain('第 1 步')
    expect(wrapper.text()).toContain('华东一部')
    expect(wrapper.text()).toContain('主管')
    expect(wrapper.text()).toContain('226 位客户')

    const row = wrapper.findAll('.van-cell').find(c => c.text().includes('张丽'))!
    await row.trigger('click')
    await flushPromises()

    expect(calls.find(c => c.method === 'POST')!.body).toEqual({ userId: 'zhangli' })
    expect(JSON.parse(localStorage.getItem('wecom-emulator:v1')!)).toMatchObject({ staffUserId: 'zhangli', staffName: '张丽' })
    expect(wrapper.text()).toContain('第 2 步')
    expect(wrapper.text()).toContain('当前身份：张丽')
  })

  it('should open the sidebar with a full page load after choosing a chat', async () => {
    localStorage.setItem('wecom-emulator:v1', JSON.stringify({ staffUserId: 'zhangli', staffName: '张丽' }))
    stubFetch({
      'GET /api/config': { body: { mode: 'demo', corpId: 'c', agentId: '1' } },
      'GET /api/me': { body: ZHANGLI },
      'GET /api/customers': { body: { items: [], nextCursor: null } },
    })
    const assign = vi.spyOn(window.location, 'assign').mockImplementation(() => {})
    const wrapper = await mountPage()

    const group = wrapper.findAll('.van-cell').find(c => c.text().includes('打开群聊'))!
    await group.trigger('click')

    expect(assign).toHaveBeenCalledWith('/sidebar')
    expect(JSON.parse(localStorage.getItem('wecom-emulator:v1')!)).toMatchObject({ staffUserId: 'zhangli', entry: 'group_chat_tools' })
  })
})
