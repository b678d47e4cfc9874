/**
 * State of the demo WeCom client emulator: who is "using the client" and which chat the sidebar
 * is open next to. Kept in localStorage so it survives the full page loads the demo relies on.
 * Deliberately free of Vue and of the SDK: the session store reads it on every boot.
 */

export type EmulatorEntry = 'single_chat_tools' | 'group_chat_tools' | 'normal'

export interface EmulatorState {
  /** The demo staff member signed in through the emulator; null until one is chosen. */
  staffUserId: string | null
  staffName: string | null
  entry: EmulatorEntry
  /** The external contact of the open 1:1 chat (single_chat_tools only). */
  externalUserId: string | null
  /** What the demo bar shows for the other side of the chat. */
  chatTitle: string | null
}

const STORAGE_KEY = 'wecom-emulator:v1'
export const DEMO_GROUP_CHAT_ID = 'wrDemoGroupChat0001'
export const UNKNOWN_EXTERNAL_USER_ID = 'wmUnknownDemo0001'

const EMPTY_STATE: EmulatorState = {
  staffUserId: null,
  staffName: null,
  entry: 'normal',
  externalUserId: null,
  chatTitle: null,
}

const ENTRIES: readonly EmulatorEntry[] = ['single_chat_tools', 'group_chat_tools', 'normal']

function stringOrNull(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null
}

export function readEmulatorState(): EmulatorState {
  let raw: string | null
  try {
    raw = localStorage.getItem(STORAGE_KEY)
  }
  catch (err) {
    // Storage can be disabled (private mode); the emulator then starts empty every time.
    console.warn('[emulator] localStorage unavailable', err)
    return { ...EMPTY_STATE }
  }
  if (!raw)
    return { ...EMPTY_STATE }
  let parsed: Record<string, unknown>
  try {
    parsed = JSON.parse(raw) as Record<string, unknown>
  }
  catch (err) {
    console.warn('[emulator] ignoring corrupt state', err)
    return { ...EMPTY_STATE }
  }
  const entry = ENTRIES.includes(parsed.entry as EmulatorEntry) ? parsed.entry as EmulatorEntry : 'normal'
  return {
    staffUserId: stringOrNull(parsed.staffUserId),
    staffName: stringOrNull(parsed.staffName),
    entry,
    externalUserId: stringOrNull(parsed.externalUserId),
    chatTitle: stringOrNull(parsed.chatTitle),
  }
}

/** Merges `patch` into the stored state and returns the result. */
export function writeEmulatorState(patch: Partial<EmulatorState>): EmulatorState {
  const next = { ...readEmulatorState(), ...patch }
  try {
    localStorage.setItem(STORAGE_KEY, JSON.stringify(next))
  }
  catch (err) {
    console.warn('[emulator] could not persist state', err)
  }
  return next
}

/** Picks a demo staff member; the chat is reset because it belonged to the previous one. */
export function chooseEmulatorStaff(staff: { userId: string, name: string }): EmulatorState {
  return writeEmulatorState({ staffUserId: staff.userId, staffName: staff.name, entry: 'normal', externalUserId: null, chatTitle: null })
}

export type EmulatorChat
  = | { kind: 'single', externalUserId: string, title: string }
    | { kind: 'group', title: string }
    | { kind: 'workbench' }

/** Opens a chat (or the workbench) in the emulated client. */
export function chooseEmulatorChat(chat: EmulatorChat): EmulatorState {
  if (chat.kind === 'single')
    return writeEmulatorState({ entry: 'single_chat_tools', externalUserId: chat.externalUserId, chatTitle: chat.title })
  if (chat.kind === 'group')
    return writeEmulatorState({ entry: 'group_chat_tools', externalUserId: null, chatTitle: chat.title })
  return writeEmulatorState({ entry: 'normal', externalUserId: null, chatTitle: null })
}

// Names of contacts the page knows (e.g. the /tasks list), so a chat opened through the emulated
// openEnterpriseChat, which carries only ids, gets a title in the demo bar. Page memory only.
const contactTitles = new Map<string, string>()

/** Tells the emulator how to title a chat with `externalUserId` if the page opens it. */
export function nameEmulatorContact(externalUserId: string, title: string): void {
  contactTitles.set(externalUserId, title)
}

export function emulatorContactTitle(externalUserId: string): string | null {
  return contactTitles.get(externalUserId) ?? null
}
