import { type ApiError, NETWORK_ERROR_MESSAGE } from '@/api/client'

/** What a page shows when it cannot show what it loads. */
export interface ErrorScreen {
  /** 'notice': nothing is broken, there is just nothing to show (SidebarNotice); 'error': PageError. */
  look: 'notice' | 'error'
  /** Vant icon name. */
  icon: string
  title: string
  message: string
  /** The button's text; it loads again. */
  action: string
}

const error = (title: string, message: string): ErrorScreen => ({ look: 'error', icon: 'warning-o', title, message, action: '重试' })

/**
 * Screens picked by the error's `code`: the BFF's codes, and the web app's own for failures that
 * are not an HTTP answer (see toApiError). `message` is the error's own message (empty → fallback).
 */
const BY_CODE: Record<string, (message: string) => ErrorScreen> = {
  // The BFF (404): WeCom knows the contact, our database does not (yet).
  unknown_contact: () => ({
    look: 'notice',
    icon: 'user-o',
    title: '系统里还没有这位客户的资料',
    message: '客户添加好友后，资料会在几分钟内同步过来。刚添加的客户请稍后刷新。',
    action: '刷新',
  }),
  // The BFF (404): the customer exists but this staff member does not serve them.
  not_your_customer: () => ({
    look: 'notice',
    icon: 'manager-o',
    title: '这位客户不在你的客户列表中',
    message: '客户可能由同事负责，或已解除好友关系。如需跟进，请联系主管分配。',
    action: '刷新',
  }),
  sign_in_failed: message => error('登录失败', message || '请重试。'),
  // A page chunk that did not download: the network, not WeCom.
  page_load: message => error('页面加载失败', message || '请检查网络连接后重试。'),
  // The WeCom client failed or timed out while telling us who the chat is with.
  wecom_client: message => error('企业微信客户端出错', message || '无法获取当前聊天，请重试。'),
  unexpected: message => error('加载失败', message || '出了点问题，请重试。'),
}

/** The screen for `err`: by its code when it has a screen of its own, else by HTTP status. */
export function errorScreen(err: ApiError): ErrorScreen {
  const byCode = err.code ? BY_CODE[err.code] : undefined
  if (byCode)
    return byCode(err.message)
  if (err.status === 0)
    return error('连接中断', err.message || NETWORK_ERROR_MESSAGE)
  if (err.status >= 500)
    return error('服务暂时不可用', '服务器出了点问题，请稍后重试。')
  if (err.status === 401)
    return error('登录已失效', err.message || '请点击重试重新登录。')
  return error('加载失败', err.message || `请求失败（${err.status}）`)
}
