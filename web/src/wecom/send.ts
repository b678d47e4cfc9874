import { callWecom } from './errors'
import { loadUsableWecom } from './chat-context'

export interface NewsMessage {
  title: string
  desc: string
  link: string
  imgUrl: string
}

export interface MiniprogramMessage {
  /** The mini-program's appid; it must be bound to the corp in the WeCom admin console. */
  appid: string
  title: string
  /** Cover image, an http(s) URL. */
  imgUrl: string
  /** The page to open; WeCom wants a `.html` suffix (added by sendMiniprogram when missing). */
  page: string
}

/** Sends can wait on the user (WeCom may ask to confirm), so they get a longer deadline. */
const SEND_TIMEOUT_MS = 30_000

/**
 * Sends text into the chat the sidebar is open in.
 * @throws WecomError ('no_context' outside a chat toolbar, 'cancelled' when the user declines)
 */
export async function sendText(content: string): Promise<void> {
  const sdk = await loadUsableWecom()
  await callWecom('sendChatMessage', () => sdk.sendChatMessage({ msgtype: 'text', text: { content } }), SEND_TIMEOUT_MS)
}

/** Sends a link card (图文) into the current chat. */
export async function sendNews(news: NewsMessage): Promise<void> {
  const sdk = await loadUsableWecom()
  await callWecom('sendChatMessage', () => sdk.sendChatMessage({ msgtype: 'news', news }), SEND_TIMEOUT_MS)
}

/**
 * `pages/order/list` → `pages/order/list.html`, keeping a query string after the suffix:
 * without it the card opens on "page not found" in WeChat (sendChatMessage's d.ts).
 */
function miniprogramPage(page: string): string {
  const [path = '', ...query] = page.split('?')
  const withSuffix = path.endsWith('.html') ? path : `${path}.html`
  return query.length ? `${withSuffix}?${query.join('?')}` : withSuffix
}

/** Sends a mini-program card (小程序消息) into the current chat. */
export async function sendMiniprogram(message: MiniprogramMessage): Promise<void> {
  const sdk = await loadUsableWecom()
  const miniprogram = { ...message, page: miniprogramPage(message.page) }
  await callWecom('sendChatMessage', () => sdk.sendChatMessage({ msgtype: 'miniprogram', miniprogram }), SEND_TIMEOUT_MS)
}
