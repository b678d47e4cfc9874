/**
 * A recommendation's message into the chat through the WeCom send adapter: one
 * sendChatMessage call (a link card or a mini-program card).
 */
import type { ChatMessage } from '#contract/reco.ts'

export async function sendChatMessage(message: ChatMessage): Promise<void> {
  // The send module pulls in the WeCom loader: fetched on the first send, not with the sidebar.
  const wecom = await import('@/wecom/send')
  if (message.msgtype === 'miniprogram' && message.miniprogram)
    await wecom.sendMiniprogram(message.miniprogram)
  else if (message.news)
    await wecom.sendNews(message.news)
  else
    throw new Error('没有可发送的内容')
}
