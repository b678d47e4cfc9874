import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { ApiError } from '@/api/client'
import { useSupervisorStore } from './supervisor'

const mocks = vi.hoisted(() => ({ get: vi.fn() }))
vi.mock('@/api/client', async importOriginal => ({
  ...await importOriginal<typeof import('@/api/client')>(),
  api: { get: mocks.get, post: vi.fn() },
}))
vi.mock('@/stores/session', () => ({ useSessionStore: () => ({ ensureSignedIn: async () => ({ userId: 'liuqiang' }), status: 'done', error: null }) }))

const scope = { me: { userId: 'liuqiang', name: '刘强' }, admin: false, departments: [{ id: 2, name: '华东一部', parentId: 1, depth: 0, staffCount: 5 }, { id: 6, name: '华东一组', parentId: 2, depth: 1, staffCount: 2 }], defaultDepartmentId: 2, serviceReplyHours: 2, nudgeDailyLimit: 3 }

describe('supervisor store', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    mocks.get.mockReset()
  })

  it('should load the scope once, then every part for the default department and 7 days', async () => {
    mocks.get.mockImplementation(async (path: string) => (path === '/api/supervisor/scope' ? scope : { path }))
    const store = useSupervisorStore()
    await store.load()
    expect(store.departmentId).toBe(2)
    const parts = mocks.get.mock.calls.filter(c => c[0] !== '/api/supervisor/scope')
    expect(parts.map(c => c[0]).sort()).toEqual(['/api/supervisor/charts', '/api/supervisor/sops', '/api/supervisor/summary', '/api/supervisor/unanswered'])
    expect(parts.every(c => c[1].period === '7d' && c[1].departmentId === 2)).toBe(true)

    mocks.get.mockClear()
    await store.choose({ period: '30d', departmentId: 6 })
    expect(mocks.get.mock.calls.map(c => c[1])).toEqual(Array(4).fill({ period: '30d', departmentId: 6 }))
    expect(store.summary.status).toBe('done')
  })

  it('should say the member is no supervisor on 403 and load nothing else', async () => {
    mocks.get.mockRejectedValue(new ApiError(403, '主管看板仅对部门负责人开放', 'not_supervisor'))
    const store = useSupervisorStore()
    await store.load()
    expect(store.refused?.message).toBe('主管看板仅对部门负责人开放')
    expect(mocks.get).toHaveBeenCalledTimes(1)
  })

  it('should keep a failing part to itself', async () => {
    mocks.get.mockImplementation(async (path: string) => {
      if (path === '/api/supervisor/scope')
        return scope
      if (path === '/api/supervisor/charts')
        throw new ApiError(500, '服务器出错了，请稍后重试')
      return { path }
    })
    const store = useSupervisorStore()
    await store.load()
    expect(store.charts.status).toBe('error')
    expect(store.summary.status).toBe('done')
    expect(store.refused).toBeNull()
  })
})
