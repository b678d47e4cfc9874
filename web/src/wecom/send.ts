import { callWecom } from './errors'
import { loadUsableWecom } from './chat-context'

export interface NewsMessage {
  title: string
  desc: string
  link: string
  imgUrl: string
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
