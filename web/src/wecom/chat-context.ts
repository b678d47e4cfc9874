import { ApiError } from '../api/client'
import { DEFAULT_SDK_TIMEOUT_MS, WecomError, callWecom } from './errors'
import { type WecomSdk, loadWecom } from './loader'

/** What the sidebar was opened next to. */
export type ChatContext
  = | { kind: 'single', externalUserId: string }
  /** chatId is null when WeCom gives no external chat id (e.g. an internal group). */
    | { kind: 'group', chatId: string | null }
    | { kind: 'other', entry: string }

const SINGLE_ENTRIES = new Set(['single_chat_tools', 'contact_profile', 'single_kf_tools'])

export interface ResolveOptions {
  /** Deadline per SDK call. */
  timeoutMs?: number
}

/** The registered SDK, or a WecomError unless it can work here (WeCom or the demo emulator). */
export async function loadUsableWecom(): Promise<WecomSdk> {
  let sdk: WecomSdk
  try {
    ({ sdk } = await loadWecom())
  }
  catch (err) {
    if (err instanceof WecomError)
      throw err
    const message = err instanceof ApiError ? err.message : '无法加载企业微信组件，请刷新后重试'
    throw new WecomError('network', message, undefined, undefined, { cause: err })
  }
  // A bridge without a wxwork/ user agent: the SDK would never configure itself.
  if (!sdk.env.isWeCom)
    throw new WecomError('not_in_wecom', '请在企业微信的聊天工具栏中打开此页面')
  return sdk
}

/**
 * Asks the WeCom client which chat the page is open in: getContext, then the external contact
 * (1:1 entries) or the external group chat (group toolbar).
 * @throws WecomError with a message fit for the user
 */
export async function resolveChatContext(options: ResolveOptions = {}): Promise<ChatContext> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_SDK_TIMEOUT_MS
  const sdk = await loadUsableWecom()
  const { entry } = await callWecom('getContext', () => sdk.getContext(), timeoutMs)

  if (SINGLE_ENTRIES.has(entry)) {
    const { userId } = await callWecom('getCurExternalContact', () => sdk.getCurExternalContact(), timeoutMs)
    return { kind: 'single', externalUserId: userId }
  }
  if (entry === 'group_chat_tools') {
    try {
      const { chatId } = await callWecom('getCurExternalChat', () => sdk.getCurExternalChat(), timeoutMs)
      return { kind: 'group', chatId: chatId || null }
    }
    catch (err) {
      // An internal group has no external chat; still a group, just without an id.
      if (err instanceof WecomError && err.code === 'no_context')
        return { kind: 'group', chatId: null }
      throw err
    }
  }
  return { kind: 'other', entry }
}
