import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { ApiError } from '@/api/client'
import { errorScreen } from '@/common/error-screens'
import { makeSidebar } from '../test-fixtures'
import { usePhoneRevealStore } from './phone-reveal'
import { useSidebarStore } from './sidebar'

const mocks = vi.hoisted(() => ({
  get: vi.fn(),
  post: vi.fn(),
  resolveChatContext: vi.fn(),
  session: {
    ensureSignedIn: vi.fn(),
    status: 'done' as string,
    error: null as unknown,
  },
}))

vi.mock('@/api/client', async importOriginal => ({
  ...await importOriginal<typeof import('@/api/client')>(),
  api: { get: mocks.get, post: mocks.post },
}))
vi.mock('@/stores/session', () => ({ useSessionStore: () => mocks.session }))
vi.mock('@/wecom/chat-context', () => ({ resolveChatContext: mocks.resolveChatContext }))

function apiError(status: number, message: string, code?: string) {
  return new ApiError(status, message, code)
}

function screenOf(store: ReturnType<typeof useSidebarStore>) {
  return store.error ? errorScreen(store.error) : null
}

const STAFF = { userId: 'lilei', name: '李雷' }

describe('sidebar store', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    vi.clearAllMocks()
    mocks.session.status = 'done'
    mocks.session.error = null
    mocks.session.ensureSignedIn.mockResolvedValue(STAFF)
    mocks.resolveChatContext.mockResolvedValue({ kind: 'single', externalUserId: 'wmABC123' })
  })

  it('should go from loading to ready when the sidebar loads', async () => {
    let answer!: (value: unknown) => void
    mocks.get.mockReturnValue(new Promise((resolve) => {
      answer = resolve
    }))
    const store = useSidebarStore()
    expect(store.phase).toBe('loading')

    const done = store.load()
    expect(store.status).toBe('loading')
    await vi.waitFor(() => expect(mocks.get).toHaveBeenCalled(), { timeout: 5000 })
    expect(store.phase).toBe('loading')

    answer(makeSidebar())
    await done
    expect(store.status).toBe('done')
    expect(store.phase).toBe('ready')
    expect(store.data?.customer.name).toBe('陈静')
    expect(mocks.session.ensureSignedIn).toHaveBeenCalledOnce()
    expect(mocks.get).toHaveBeenCalledWith('/api/sidebar/wmABC123')
  })

  it('should show the unknown notice when the contact is not in the system (404 unknown_contact)', async () => {
    mocks.get.mockRejectedValue(apiError(404, '未知的外部联系人', 'unknown_contact'))
    const store = useSidebarStore()
    await store.load()
    expect(store.status).toBe('error')
    expect(store.error?.code).toBe('unknown_contact')
    expect(store.phase).toBe('error')
    expect(screenOf(store)).toMatchObject({ look: 'notice', title: '系统里还没有这位客户的资料', action: '刷新' })
  })

  it('should show the not-yours notice on 404 not_your_customer', async () => {
    mocks.get.mockRejectedValue(apiError(404, 'not yours', 'not_your_customer'))
    const store = useSidebarStore()
    await store.load()
    expect(screenOf(store)).toMatchObject({ look: 'notice', title: '这位客户不在你的客户列表中' })
  })

  it('should show an error when the BFF is unreachable, and load on retry', async () => {
    mocks.get.mockRejectedValueOnce(apiError(0, '无法连接服务器，请检查网络后重试'))
    const store = useSidebarStore()
    await store.load()
    expect(store.phase).toBe('error')
    expect(screenOf(store)).toMatchObject({ look: 'error', title: '连接中断' })

    mocks.get.mockResolvedValueOnce(makeSidebar())
    const retry = store.load()
    expect(store.phase).toBe('loading')
    expect(store.error).toBeNull()
    await retry
    expect(store.phase).toBe('ready')
    expect(mocks.get).toHaveBeenCalledTimes(2)
  })

  it('should say the server is down on a 5xx', async () => {
    mocks.get.mockRejectedValue(apiError(503, 'Service Unavailable'))
    const store = useSidebarStore()
    await store.load()
    expect(screenOf(store)).toMatchObject({ title: '服务暂时不可用', message: '服务器出了点问题，请稍后重试。' })
  })

  it('should explain the group entry without calling the API', async () => {
    mocks.resolveChatContext.mockResolvedValue({ kind: 'group', chatId: 'wrGroup1' })
    const store = useSidebarStore()
    await store.load()
    expect(store.phase).toBe('group')
    expect(mocks.get).not.toHaveBeenCalled()
  })

  it('should explain other entries (工作台) without calling the API', async () => {
    mocks.resolveChatContext.mockResolvedValue({ kind: 'other', entry: 'normal' })
    const store = useSidebarStore()
    await store.load()
    expect(store.phase).toBe('other')
    expect(mocks.get).not.toHaveBeenCalled()
  })

  it('should pass on the WeCom client\'s message when it fails', async () => {
    mocks.resolveChatContext.mockRejectedValue(Object.assign(new Error('企业微信没有响应，请确认在企业微信客户端中打开'), { name: 'WecomError' }))
    const store = useSidebarStore()
    await store.load()
    expect(store.phase).toBe('error')
    expect(store.error?.code).toBe('wecom_client')
    expect(screenOf(store)).toMatchObject({ title: '企业微信客户端出错', message: '企业微信没有响应，请确认在企业微信客户端中打开' })
  })

  it('should show the session error when signing in fails', async () => {
    mocks.session.ensureSignedIn.mockResolvedValue(null)
    mocks.session.status = 'error'
    mocks.session.error = apiError(0, '无法连接服务器，请检查网络后重试')
    const store = useSidebarStore()
    await store.load()
    expect(store.phase).toBe('error')
    expect(screenOf(store)?.title).toBe('连接中断')
    expect(mocks.resolveChatContext).not.toHaveBeenCalled()
  })

  it('should keep loading while the session leaves for the WeCom login', async () => {
    mocks.session.ensureSignedIn.mockResolvedValue(null)
    mocks.session.status = 'loading'
    const store = useSidebarStore()
    await store.load()
    expect(store.phase).toBe('loading')
    expect(mocks.resolveChatContext).not.toHaveBeenCalled()
  })

  it('should drop the answer of an older load when a newer one started', async () => {
    let first!: (value: unknown) => void
    mocks.get
      .mockReturnValueOnce(new Promise((resolve) => {
        first = resolve
      }))
      .mockResolvedValueOnce(makeSidebar())
    const store = useSidebarStore()
    const a = store.load()
    await vi.waitFor(() => expect(mocks.get).toHaveBeenCalledOnce(), { timeout: 5000 })
    await store.load()
    first(makeSidebar({ tags: [] }))
    await a
    expect(store.data?.tags).toHaveLength(4)
  })

  it('should ask for events of the chosen kinds with the cursor', async () => {
    mocks.get.mockResolvedValue(makeSidebar())
    const store = useSidebarStore()
    await store.load()
    mocks.get.mockResolvedValue({ items: [], nextCursor: null })
    await store.fetchEvents(['message_in', 'message_out'], 'c1')
    expect(mocks.get).toHaveBeenLastCalledWith(
      '/api/customers/wmABC123/events',
      { kind: 'message_in,message_out', cursor: 'c1', limit: 20 },
      { signal: undefined },
    )
  })

  it('should reveal the phone through the logged endpoint', async () => {
    mocks.get.mockResolvedValue(makeSidebar())
    mocks.post.mockResolvedValue({ phone: '13800131234' })
    const store = useSidebarStore()
    await store.load()
    const phone = usePhoneRevealStore()
    await expect(phone.reveal()).resolves.toBe('13800131234')
    expect(mocks.post).toHaveBeenCalledWith('/api/customers/wmABC123/phone-reveal')
    expect(phone.revealedPhone).toBe('13800131234')
  })

  it('should hide the revealed phone again when the sidebar loads again', async () => {
    mocks.get.mockResolvedValue(makeSidebar())
    mocks.post.mockResolvedValue({ phone: '13800131234' })
    const store = useSidebarStore()
    await store.load()
    const phone = usePhoneRevealStore()
    await phone.reveal()
    await store.load()
    await vi.waitFor(() => expect(phone.revealedPhone).toBeNull())
  })

  it('should load the stage history once, and drop it when the sidebar loads again', async () => {
    mocks.get.mockResolvedValue(makeSidebar())
    const store = useSidebarStore()
    await store.load()
    const { useStageHistoryStore } = await import('./stage-history')
    const history = useStageHistoryStore()
    mocks.get.mockResolvedValue({ history: [] })
    await history.load()
    await history.load()
    expect(mocks.get).toHaveBeenLastCalledWith('/api/customers/wmABC123/stage')
    expect(mocks.get).toHaveBeenCalledTimes(2)
    expect(history.status).toBe('done')

    mocks.get.mockResolvedValue(makeSidebar())
    await store.load()
    await vi.waitFor(() => expect(history.status).toBe('idle'))
  })
})
