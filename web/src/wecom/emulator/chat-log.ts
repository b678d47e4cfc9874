/**
 * Messages the page "sent into the chat" through the emulated sendChatMessage. In memory only:
 * a new page load is a new look at the chat, like reopening the sidebar.
 */

export interface SentMessage {
  id: number
  sentAt: Date
  entry: string
  /** Who the message went to, as the demo bar names them. */
  chatTitle: string | null
  msgtype: string
  /** A one-line rendering for the log. */
  summary: string
  payload: Record<string, unknown>
}

type Listener = (log: readonly SentMessage[]) => void

let log: SentMessage[] = []
let nextId = 1
const listeners = new Set<Listener>()

export function getChatLog(): readonly SentMessage[] {
  return log
}

export function recordSentMessage(message: Omit<SentMessage, 'id' | 'sentAt'>): SentMessage {
  const entry: SentMessage = { ...message, id: nextId++, sentAt: new Date() }
  log = [...log, entry]
  for (const listener of listeners)
    listener(log)
  return entry
}

/** Calls `listener` on every new message; returns the unsubscribe function. */
export function subscribeChatLog(listener: Listener): () => void {
  listeners.add(listener)
  return () => listeners.delete(listener)
}
