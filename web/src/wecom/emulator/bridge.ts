import { recordSentMessage } from './chat-log'
import { DEMO_GROUP_CHAT_ID, chooseEmulatorChat, emulatorContactTitle, readEmulatorState } from './state'

/** The native interface the WeCom client injects and `@wecom/jssdk` talks to. */
export interface WeixinJSBridge {
  invoke: (name: string, params: Record<string, unknown>, callback: (result: Record<string, unknown>) => void) => void
  on: (name: string, callback: (...args: unknown[]) => void) => void
}

const SINGLE_CHAT_ENTRIES = new Set(['single_chat_tools', 'contact_profile', 'single_kf_tools'])
const CHAT_ENTRIES = new Set(['single_chat_tools', 'group_chat_tools', 'single_kf_tools'])
const AGENT_CONFIG_FIELDS = ['corpid', 'agentid', 'timestamp', 'nonceStr', 'signature'] as const

function isFilled(value: unknown): boolean {
  return (typeof value === 'string' && value !== '' && value !== 'undefined') || typeof value === 'number'
}

function summarize(params: Record<string, unknown>): { msgtype: string, summary: string } | null {
  const msgtype = typeof params.msgtype === 'string' ? params.msgtype : ''
  const body = params[msgtype] as Record<string, unknown> | undefined
  if (!msgtype || typeof body !== 'object' || body === null)
    return null
  if (msgtype === 'text')
    return typeof body.content === 'string' && body.content ? { msgtype, summary: body.content } : null
  if (msgtype === 'news' || msgtype === 'miniprogram') {
    const label = msgtype === 'news' ? '链接' : '小程序'
    return typeof body.title === 'string' && body.title ? { msgtype, summary: `[${label}] ${body.title}` } : null
  }
  return { msgtype, summary: `[${msgtype}]` }
}

export interface EmulatorBridgeOptions {
  /** Where "opening a chat" takes the page: the sidebar of that chat (a full page load). */
  navigate?: (url: string) => void
}

/** The sidebar opened next to the chat, as WeCom would show it: a fresh page load. */
const SIDEBAR_URL = '/sidebar'

function firstId(value: unknown): string | null {
  // The SDK joins id lists with ';'.
  const id = typeof value === 'string' ? value.split(';')[0]?.trim() : ''
  return id || null
}

/**
 * A WeCom client stand-in answering the JSAPIs the sidebar uses, the way the real client does:
 * nothing but agentConfig works before a valid agentConfig, and only listed APIs are allowed.
 */
export function createEmulatorBridge(options: EmulatorBridgeOptions = {}): WeixinJSBridge & { readonly configured: boolean } {
  const navigate = options.navigate ?? ((url: string) => window.location.assign(url))
  let allowed: Set<string> | null = null
  const listeners = new Map<string, ((...args: unknown[]) => void)[]>()

  function answer(name: string, params: Record<string, unknown>): Record<string, unknown> {
    if (name === 'agentConfig') {
      const missing = AGENT_CONFIG_FIELDS.filter(field => !isFilled(params[field]))
      if (missing.length > 0) {
        console.warn('[emulator] agentConfig without', missing.join(', '))
        return { err_msg: 'agentConfig:fail invalid signature' }
      }
      allowed = new Set(Array.isArray(params.jsApiList) ? params.jsApiList.map(String) : [])
      return { err_msg: 'agentConfig:ok' }
    }
    if (!allowed || !allowed.has(name))
      return { err_msg: `${name}:fail no permission` }

    const state = readEmulatorState()
    switch (name) {
      case 'getContext':
        return { err_msg: 'getContext:ok', entry: state.entry }
      case 'getCurExternalContact':
        if (SINGLE_CHAT_ENTRIES.has(state.entry) && state.externalUserId)
          return { err_msg: 'getCurExternalContact:ok', userId: state.externalUserId }
        return { err_msg: 'getCurExternalContact:fail without context of external contact' }
      case 'getCurExternalChat':
        if (state.entry === 'group_chat_tools')
          return { err_msg: 'getCurExternalChat:ok', chatId: DEMO_GROUP_CHAT_ID }
        return { err_msg: 'getCurExternalChat:fail without context of external contact' }
      case 'sendChatMessage': {
        if (!CHAT_ENTRIES.has(state.entry))
          return { err_msg: 'sendChatMessage:fail without context of external contact' }
        const rendered = summarize(params)
        if (!rendered)
          return { err_msg: 'sendChatMessage:fail invalid params' }
        const { msgtype: _msgtype, ...rest } = params
        const payload = Object.fromEntries(Object.entries(rest).filter(([key]) => !key.startsWith('verify') && key !== 'appId'))
        recordSentMessage({ entry: state.entry, chatTitle: state.chatTitle, msgtype: rendered.msgtype, summary: rendered.summary, payload })
        return { err_msg: 'sendChatMessage:ok' }
      }
      case 'openEnterpriseChat': {
        // Only the 1:1 chat with one external contact is emulated (what /tasks opens).
        const externalUserId = firstId(params.externalUserIds)
        if (!externalUserId || firstId(params.userIds) || params.chatId)
          return { err_msg: 'openEnterpriseChat:fail invalid params' }
        chooseEmulatorChat({ kind: 'single', externalUserId, title: emulatorContactTitle(externalUserId) ?? externalUserId })
        // After the answer has reached the page, like the client switching to the chat window.
        setTimeout(() => navigate(SIDEBAR_URL), 50)
        return { err_msg: 'openEnterpriseChat:ok', chatId: '' }
      }
      default:
        return { err_msg: `${name}:fail function not exist` }
    }
  }

  return {
    get configured() {
      return allowed !== null
    },
    invoke(name, params, callback) {
      const result = answer(name, params ?? {})
      // The real client answers asynchronously; so does the emulator.
      setTimeout(() => callback(result), 0)
    },
    on(name, callback) {
      listeners.set(name, [...(listeners.get(name) ?? []), callback])
    },
  }
}
