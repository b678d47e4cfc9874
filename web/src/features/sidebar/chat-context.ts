import { ApiError } from '@/api/client'
import type { ChatContext } from '@/wecom/chat-context'

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : typeof e === 'string' ? e : ''
}

/**
 * Which chat the sidebar was opened in, as the WeCom client (or the demo emulator) tells it.
 * Rejects with an ApiError coded 'page_load' (the WeCom code did not download) or 'wecom_client',
 * so that the sidebar's error screen is picked like any other (see error-screens.ts).
 */
export async function resolveSidebarChat(): Promise<ChatContext> {
  let resolveChatContext: () => Promise<ChatContext>
  try {
    // Imported here, not at the top: the WeCom SDK must load after the demo emulator is
    // installed, which happens while signing in.
    ({ resolveChatContext } = await import('@/wecom/chat-context'))
  }
  catch (e) {
    throw new ApiError(0, messageOf(e), 'page_load')
  }
  try {
    return await resolveChatContext()
  }
  catch (e) {
    throw new ApiError(0, messageOf(e), 'wecom_client')
  }
}
