/** The explicit state of anything loaded asynchronously (never inferred from data === null). */
export type AsyncStatus = 'idle' | 'loading' | 'done' | 'error'
