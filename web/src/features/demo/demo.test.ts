import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { stubFetch } from '@/api/testing/fetch-stub'
import { readEmulatorState } from '@/wecom/emulator/state'
import DemoChatPicker from './DemoChatPicker.vue'
import { groupByDepartment } from './stores/demo'

const staff = (userId: string, departmentId: number, role: 'staff' | 'supervisor' = 'staff') => ({
  userId,
  name: userId,
  avatar: null,
  position: null,
  departmentId,
  departmentName: `部门${departmentId}`,
  role,
  customerCount: 3,
})

describe('groupByDepartment', () => {
  it('should group in BFF order with supervisors first', () => {
    const groups = groupByDepartment([staff('a', 1), staff('b', 2), staff('boss', 1, 'supervisor')])
    expect(groups.map(g => [g.departmentName, g.staff.map(s => s.userId)])).toEqual([
      ['部门1', ['boss', 'a']],
      ['部门2', ['b']],
    ])
  })
})

describe('DemoChatPicker', () => {
  const me = { userId: 'zhangli', name: '张丽', avatar: null, position: '导购', departmentId: 1, departmentName: '静安店', role: 'staff' as const }

  beforeEach(() => {
    setActivePinia(createPinia())
    localStorage.clear()
  })
  afterEach(() => {
    vi.unstubAllGlobals()
  })

  it('should list the staff member\'s customers with remark and masked phone', async () => {
    stubFetch({
      'GET /api/customers': {
        body: {
          items: [{ externalUserId: 'wmLin', name: '林晓雯', remark: '林姐-燕窝', avatar: null, phoneMasked: '138****1234', firstAddedAt: '2024-01-01T00:00:00Z', relationStatus: 'active' }],
          nextCursor: null,
        },
      },
    })
    const wrapper = mount(DemoChatPicker, { props: { staff: me } })
    await flushPromises()
    expect(wrapper.text()).toContain('林晓雯')
    expect(wrapper.text()).toContain('备注：林姐-燕窝')
    expect(wrapper.text()).toContain('138****1234')
    expect(wrapper.text()).toContain('打开群聊（群聊工具栏）')
  })

  it('should emit the chat to open when a customer is tapped', async () => {
    stubFetch({
      'GET /api/customers': {
        body: { items: [{ externalUserId: 'wmLin', name: '林晓雯', remark: null, avatar: null, phoneMasked: null, firstAddedAt: '2024-01-01T00:00:00Z', relationStatus: 'active' }], nextCursor: null },
      },
    })
    const wrapper = mount(DemoChatPicker, { props: { staff: me } })
    await flushPromises()
    const row = wrapper.findAll('.van-cell').find(c => c.text().includes('林晓雯'))!
    await row.trigger('click')
    expect(wrapper.emitted('open')![0]).toEqual([{ kind: 'single', externalUserId: 'wmLin', title: '林晓雯' }])
  })

  it('should search with q after typing', async () => {
    vi.useFakeTimers()
    const { calls } = stubFetch({ 'GET /api/customers': { body: { items: [], nextCursor: null } } })
    const wrapper = mount(DemoChatPicker, { props: { staff: me } })
    await flushPromises()
    await wrapper.get('input[type="search"]').setValue('1234')
    vi.advanceTimersByTime(400)
    await flushPromises()
    vi.useRealTimers()
    expect(calls.at(-1)!.url.searchParams.get('q')).toBe('1234')
    expect(wrapper.text()).toContain('没有找到“1234”')
  })
})

describe('emulator state', () => {
  it('should reset the chat when another staff member is chosen', async () => {
    const { chooseEmulatorChat, chooseEmulatorStaff } = await import('@/wecom/emulator/state')
    chooseEmulatorStaff({ userId: 'a', name: 'A' })
    chooseEmulatorChat({ kind: 'single', externalUserId: 'wm1', title: '客户' })
    expect(readEmulatorState()).toMatchObject({ staffUserId: 'a', entry: 'single_chat_tools', externalUserId: 'wm1' })
    chooseEmulatorStaff({ userId: 'b', name: 'B' })
    expect(readEmulatorState()).toMatchObject({ staffUserId: 'b', entry: 'normal', externalUserId: null })
  })

  it('should survive corrupt storage', () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {})
    localStorage.setItem('wecom-emulator:v1', '{nope')
    expect(readEmulatorState()).toMatchObject({ staffUserId: null, entry: 'normal' })
  })
})
