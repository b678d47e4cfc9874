import { loadUsableWecom } from './chat-context'
import { callWecom } from './errors'

/**
 * Opens the 1:1 chat with an external contact in the WeCom client (from the workbench app,
 * e.g. the /tasks page). The staff member lands in the chat, where the sidebar is one tap away.
 * @throws WecomError with a message fit for the user
 */
export async function openChat(externalUserId: string): Promise<void> {
  const sdk = await loadUsableWecom()
  // groupName must be empty for a 1:1 chat: a name would make WeCom create a group.
  await callWecom('openEnterpriseChat', () => sdk.openEnterpriseChat({ externalUserIds: externalUserId, groupName: '' }))
}
