/**
 * The real @wecom/jssdk against the demo emulator (the same boundary the e2e tests use).
 *
 * The SDK reads the user agent when its module is evaluated. Vitest loads node_modules
 * natively, so vi.resetModules() re-evaluates our modules but not the SDK: the first SDK import
 * (beforeAll) happens with the emulator installed, and every test opens a new page URL, which
 * makes the SDK sign and run agentConfig again (it re-signs whenever the URL changes), against
 * the bridge that test installed. Inlining the SDK (server.deps.inline) would work too.
 */
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { stubFetch } from '@/api/testing/fetch-stub'
import type { EmulatorState } from './emulator/state'

let page = 0
let signedUrl = ''
const SIGNATURE = { timestamp: 1414587457, nonceStr: 'Wm3WZYTPz0wzccnW', signature: '0f9de62fce790f9a083d5c99e95740ceb90c27ed' }

let uninstall: (() => void) | undefined
let restoreRejectionListeners: (() => void) | undefined

/**
 * ww.register() starts agentConfig and drops the promise; when agentConfig fails that promise
 * is an unhandled rejection (the API call that awaited it fails properly). In the browser
 * sdk.ts quiets it; in Node, filter it out for tests that make agentConfig fail on purpose.
 */
type RejectionListener = (reason: unknown, promise: Promise<unknown>) => void
// The web project has no Node types; this is the slice of `process` used here.
const nodeProcess = (globalThis as unknown as {
  process: {
    listeners: (event: 'unhandledRejection') => RejectionListener[]
    removeAllListeners: (event: 'unhandledRejection') => void
    on: (event: 'unhandledRejection', listener: RejectionListener) => void
  }
}).process

function expectConfigRejection() {
  const vitestListeners = nodeProcess.listeners('unhandledRejection')
  nodeProcess.removeAllListeners('unhandledRejection')
  nodeProcess.on('unhandledRejection', (reason, promise) => {
    const errMsg = (reason as { errMsg?: string } | null)?.errMsg
    if (errMsg?.startsWith('agentConfig:') || (reason as Error | null)?.name === 'ApiError')
      return
    for (const listener of vitestListeners)
      listener(reason, promise)
  })
  restoreRejectionListeners = () => {
    nodeProcess.removeAllListeners('unhandledRejection')
    for (const listener of vitestListeners)
      nodeProcess.on('unhandledRejection', listener)
  }
}

function stubBff(mode: 'demo' | 'wecom' = 'demo', signature: Record<string, unknown> = SIGNATURE) {
  return stubFetch({
    'GET /api/config': { body: { mode, corpId: 'wwDemoCorp', agentId: '1000002' } },
    'GET /api/wecom/agent-config-signature': { body: signature },
  })
}

function setEmulator(state: Partial<EmulatorState>) {
  localStorage.setItem('wecom-emulator:v1', JSON.stringify({ staffUserId: 'zhangli', staffName: '张丽', ...state }))
}

/** Installs the emulator the way the app does (prepare → install), then spies on the bridge. */
async function bootEmulator() {
  const { installEmulator } = await import('./emulator/install')
  uninstall = installEmulator()
  return vi.spyOn(window.WeixinJSBridge!, 'invoke')
}

beforeAll(async () => {
  const { installEmulator } = await import('./emulator/install')
  const undo = installEmulator()
  await import('@wecom/jssdk')
  undo()
})

beforeEach(() => {
  vi.resetModules()
  localStorage.clear()
  page += 1
  history.replaceState(null, '', `/sidebar?from=menu&page=${page}#/sidebar`)
  signedUrl = `http://localhost:3000/sidebar?from=menu&page=${page}`
})

afterEach(async () => {
  // Let Node report rejections of this test while the filter is still in place.
  await new Promise(resolve => setTimeout(resolve, 0))
  restoreRejectionListeners?.()
  restoreRejectionListeners = undefined
  uninstall?.()
  uninstall = undefined
  Reflect.deleteProperty(navigator, 'userAgent')
  delete window.WeixinJSBridge
  vi.unstubAllGlobals()
  vi.restoreAllMocks()
})

describe('emulator install', () => {
  it('should make the SDK see WeCom when installed before the SDK loads', async () => {
    await bootEmulator()
    expect(navigator.userAgent).toMatch(/ wxwork\/4\.1\.22$/)
    const ww = await import('@wecom/jssdk')
    expect(ww.env.isWeCom).toBe(true)
  })

  it('should restore the user agent when uninstalled', async () => {
    const before = navigator.userAgent
    await bootEmulator()
    uninstall!()
    uninstall = undefined
    expect(navigator.userAgent).toBe(before)
    expect(window.WeixinJSBridge).toBeUndefined()
  })
})

describe('resolveChatContext on the emulator', () => {
  it('should send agentConfig with the BFF signature for the unchanged page URL', async () => {
    setEmulator({ entry: 'single_chat_tools', externalUserId: 'wmLinXiaowen01' })
    const { calls } = stubBff()
    const invoke = await bootEmulator()
    const { resolveChatContext } = await import('./chat-context')

    await expect(resolveChatContext()).resolves.toEqual({ kind: 'single', externalUserId: 'wmLinXiaowen01' })

    const signatureCall = calls.find(c => c.url.pathname === '/api/wecom/agent-config-signature')!
    expect(signatureCall.url.searchParams.get('url')).toBe(signedUrl)
    const names = invoke.mock.calls.map(([name]) => name)
    expect(names).toEqual(['agentConfig', 'getContext', 'getCurExternalContact'])
    expect(invoke.mock.calls[0]![1]).toMatchObject({
      corpid: 'wwDemoCorp',
      agentid: '1000002',
      timestamp: String(SIGNATURE.timestamp),
      nonceStr: SIGNATURE.nonceStr,
      signature: SIGNATURE.signature,
      jsApiList: ['getContext', 'getCurExternalContact', 'getCurExternalChat', 'sendChatMessage', 'openEnterpriseChat'],
    })
    // After agentConfig the SDK signs every call with the same parameters.
    expect(invoke.mock.calls[1]![1]).toMatchObject({ verifySignature: SIGNATURE.signature, verifyAppId: 'wwDemoCorp' })
  })

  it('should sign only once for several calls on one page', async () => {
    setEmulator({ entry: 'single_chat_tools', externalUserId: 'wmA' })
    const { calls } = stubBff()
    await bootEmulator()
    const { resolveChatContext } = await import('./chat-context')
    await resolveChatContext()
    await resolveChatContext()
    expect(calls.filter(c => c.url.pathname === '/api/wecom/agent-config-signature')).toHaveLength(1)
  })

  it('should give kind group with the chat id when opened from the group toolbar', async () => {
    setEmulator({ entry: 'group_chat_tools' })
    stubBff()
    await bootEmulator()
    const { resolveChatContext } = await import('./chat-context')
    await expect(resolveChatContext()).resolves.toEqual({ kind: 'group', chatId: 'wrDemoGroupChat0001' })
  })

  it('should give kind other with the entry when opened from the workbench', async () => {
    setEmulator({ entry: 'normal' })
    stubBff()
    await bootEmulator()
    const { resolveChatContext } = await import('./chat-context')
    await expect(resolveChatContext()).resolves.toEqual({ kind: 'other', entry: 'normal' })
  })

  it('should fail with the signature message when the signature is missing', async () => {
    setEmulator({ entry: 'single_chat_tools', externalUserId: 'wmA' })
    stubBff('demo', { timestamp: 1, nonceStr: 'n' })
    expectConfigRejection()
    vi.spyOn(console, 'warn').mockImplementation(() => {})
    await bootEmulator()
    const { resolveChatContext } = await import('./chat-context')
    const { WecomError } = await import('./errors')

    const err = await resolveChatContext().catch(e => e)
    expect(err).toBeInstanceOf(WecomError)
    expect(err).toMatchObject({ code: 'signature', message: '企业微信签名校验失败', errMsg: 'agentConfig:fail invalid signature' })
  })

  it('should fail with a network WecomError when the signature endpoint is down', async () => {
    setEmulator({ entry: 'single_chat_tools', externalUserId: 'wmA' })
    stubFetch({
      'GET /api/config': { body: { mode: 'demo', corpId: 'c', agentId: '1' } },
      'GET /api/wecom/agent-config-signature': { status: 502, body: { statusCode: 502, error: 'Bad Gateway', message: '企业微信服务暂时不可用' } },
    })
    expectConfigRejection()
    await bootEmulator()
    const { resolveChatContext } = await import('./chat-context')
    await expect(resolveChatContext()).rejects.toMatchObject({ name: 'WecomError', code: 'network', message: expect.stringContaining('企业微信服务暂时不可用') })
  })
})

describe('resolveChatContext outside WeCom', () => {
  it('should turn a hanging SDK call into a timeout WecomError', async () => {
    stubBff('wecom')
    // Looks like WeCom, but the client never answers (what a plain browser with a WeCom UA gets).
    Object.defineProperty(navigator, 'userAgent', { configurable: true, get: () => 'Mozilla/5.0 wxwork/4.1.22' })
    window.WeixinJSBridge = { invoke: vi.fn(), on: vi.fn() }
    const { resolveChatContext } = await import('./chat-context')

    await expect(resolveChatContext({ timeoutMs: 50 })).rejects.toMatchObject({ name: 'WecomError', code: 'timeout' })
  })

  it('should refuse at once in a plain browser in wecom mode', async () => {
    stubBff('wecom')
    const { resolveChatContext } = await import('./chat-context')
    await expect(resolveChatContext()).rejects.toMatchObject({ name: 'WecomError', code: 'not_in_wecom' })
  })

  it('should install the emulator by itself in demo mode', async () => {
    setEmulator({ entry: 'normal' })
    stubBff('demo')
    const { resolveChatContext } = await import('./chat-context')
    await expect(resolveChatContext()).resolves.toEqual({ kind: 'other', entry: 'normal' })
    expect(window.WeixinJSBridge).toBeDefined()
  })
})

describe('send', () => {
  it('should record text and news into the emulated chat when sent from a 1:1 chat', async () => {
    setEmulator({ entry: 'single_chat_tools', externalUserId: 'wmA', chatTitle: '林晓雯' })
    stubBff()
    await bootEmulator()
    const { sendNews, sendText } = await import('./send')
    const { getChatLog } = await import('./emulator/chat-log')

    await sendText('林姐您好，燕窝到货了')
    await sendNews({ title: '新客礼券', desc: '满 199 减 30', link: 'https://shop.example.com/c/1', imgUrl: '' })

    expect(getChatLog().map(m => [m.msgtype, m.summary, m.chatTitle])).toEqual([
      ['text', '林姐您好，燕窝到货了', '林晓雯'],
      ['news', '[链接] 新客礼券', '林晓雯'],
    ])
    expect(getChatLog()[1]!.payload).toEqual({ news: { title: '新客礼券', desc: '满 199 减 30', link: 'https://shop.example.com/c/1', imgUrl: '' } })
  })

  it('should reject with no_context when the page is not in a chat', async () => {
    setEmulator({ entry: 'normal' })
    stubBff()
    await bootEmulator()
    const { sendText } = await import('./send')
    await expect(sendText('hi')).rejects.toMatchObject({ code: 'no_context', errMsg: 'sendChatMessage:fail without context of external contact' })
  })
})

describe('mini-program cards and opening a chat', () => {
  it('should send a mini-program card whose page ends in .html', async () => {
    setEmulator({ entry: 'single_chat_tools', externalUserId: 'wmA', chatTitle: '林晓雯' })
    stubBff()
    await bootEmulator()
    const { sendMiniprogram } = await import('./send')
    const { getChatLog } = await import('./emulator/chat-log')

    await sendMiniprogram({ appid: 'wx0demo0mall00001', title: '查看我的订单', imgUrl: '', page: 'pages/order/list?from=sop' })

    expect(getChatLog()[0]).toMatchObject({
      msgtype: 'miniprogram',
      summary: '[小程序] 查看我的订单',
      payload: { miniprogram: { appid: 'wx0demo0mall00001', title: '查看我的订单', imgUrl: '', page: 'pages/order/list.html?from=sop' } },
    })
  })

  it('should open the 1:1 chat from the workbench, which the emulator shows as that chat\'s sidebar', async () => {
    setEmulator({ entry: 'normal' })
    stubBff()
    const invoke = await bootEmulator()
    const assign = vi.spyOn(window.location, 'assign').mockImplementation(() => {})
    const { nameEmulatorContact, readEmulatorState } = await import('./emulator/state')
    nameEmulatorContact('wmB', '林姐')
    const { openChat } = await import('./open-chat')

    await openChat('wmB')

    const call = invoke.mock.calls.find(c => c[0] === 'openEnterpriseChat')
    expect(call?.[1]).toMatchObject({ externalUserIds: 'wmB', groupName: '' })
    expect(readEmulatorState()).toMatchObject({ entry: 'single_chat_tools', externalUserId: 'wmB', chatTitle: '林姐' })
    await vi.waitFor(() => expect(assign).toHaveBeenCalledWith('/sidebar'), { timeout: 5000 })
  })
})
